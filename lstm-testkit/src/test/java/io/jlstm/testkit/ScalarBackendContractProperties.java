package io.jlstm.testkit;

import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.backend.scalar.ScalarBackendProvider;

/**
 * Runs the contract on the scalar reference itself. It lives here, not in lstm-backend-scalar,
 * because this module already depends on that one.
 */
class ScalarBackendContractProperties extends BackendContractProperties {

    @Override
    protected BackendProvider provider() {
        return new ScalarBackendProvider();
    }
}
