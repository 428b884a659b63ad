package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;

class ScalarGradientCheckProperties extends GradientCheckProperties {

    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }
}
