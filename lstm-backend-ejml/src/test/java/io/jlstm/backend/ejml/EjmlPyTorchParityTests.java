package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.PyTorchParityTests;

class EjmlPyTorchParityTests extends PyTorchParityTests {

    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
