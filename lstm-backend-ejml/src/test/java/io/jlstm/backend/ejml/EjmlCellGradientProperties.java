package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.CellGradientSuite;

/** Every built-in cell type and network shape on the EJML backend. */
class EjmlCellGradientProperties extends CellGradientSuite {

    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
