package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.testkit.NetworkShapeProperties;

class EjmlNetworkShapeProperties extends NetworkShapeProperties {

    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
