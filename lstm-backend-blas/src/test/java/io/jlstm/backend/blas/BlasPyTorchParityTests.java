package io.jlstm.backend.blas;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.PyTorchParityTests;

class BlasPyTorchParityTests extends PyTorchParityTests {

    @Override
    protected Backend backend() {
        return new BlasBackend();
    }
}
