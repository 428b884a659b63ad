package io.jlstm.backend.blas;

import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.testkit.BackendContractProperties;

class BlasBackendContractProperties extends BackendContractProperties {

    @Override
    protected BackendProvider provider() {
        return new BlasBackendProvider();
    }
}
