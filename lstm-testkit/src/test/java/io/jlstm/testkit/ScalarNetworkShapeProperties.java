package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;

class ScalarNetworkShapeProperties extends NetworkShapeProperties {

    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }
}
