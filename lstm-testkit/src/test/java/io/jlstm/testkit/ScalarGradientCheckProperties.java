package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import net.jqwik.api.PropertyDefaults;

/** The default network, a one-layer LSTM, on the scalar backend, with more tries than the cell variants. */
@PropertyDefaults(tries = 500)
class ScalarGradientCheckProperties extends GradientCheckProperties {

    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }
}
