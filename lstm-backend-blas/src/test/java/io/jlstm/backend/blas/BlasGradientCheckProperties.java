package io.jlstm.backend.blas;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.GradientCheckProperties;

class BlasGradientCheckProperties extends GradientCheckProperties {

    @Override
    protected Backend backend() {
        return new BlasBackend();
    }
}
