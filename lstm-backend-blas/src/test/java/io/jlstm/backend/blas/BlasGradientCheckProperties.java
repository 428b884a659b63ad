package io.jlstm.backend.blas;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.GradientCheckProperties;

class BlasGradientCheckProperties extends GradientCheckProperties {

    @Override
    protected Backend backend() {
        return new BlasBackend();
    }

    /** OpenBLAS picks kernels by matrix size, so one row of a batch may round differently alone. */
    @Override
    protected double rowIndependenceTolerance() {
        return 1e-12;
    }
}
