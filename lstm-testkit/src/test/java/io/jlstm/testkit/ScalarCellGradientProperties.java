package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;

/** Every built-in cell type and network shape on the scalar backend. */
class ScalarCellGradientProperties extends CellGradientSuite {

    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }
}
