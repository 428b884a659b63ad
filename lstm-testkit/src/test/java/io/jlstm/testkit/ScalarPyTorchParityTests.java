package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;

class ScalarPyTorchParityTests extends PyTorchParityTests {

    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }
}
