package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.testkit.BackendContractProperties;

class EjmlBackendContractProperties extends BackendContractProperties {

    @Override
    protected BackendProvider provider() {
        return new EjmlBackendProvider();
    }
}
