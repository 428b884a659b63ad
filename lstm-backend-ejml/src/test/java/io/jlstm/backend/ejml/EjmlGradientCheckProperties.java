package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.GradientCheckProperties;

class EjmlGradientCheckProperties extends GradientCheckProperties {

    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
