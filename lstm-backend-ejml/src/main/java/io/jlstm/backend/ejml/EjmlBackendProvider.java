package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;

/**
 * Registers the {@link EjmlBackend} under the name {@code ejml} with priority 10, above the scalar
 * reference backend's 0, so that it is the default whenever it is on the class path.
 */
public final class EjmlBackendProvider implements BackendProvider {

    /** Priority of this provider; the scalar reference backend has 0. */
    public static final int PRIORITY = 10;

    @Override
    public String name() {
        return EjmlBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String description() {
        return "EJML dense row-major matrices (DMatrixRMaj), single-threaded";
    }

    @Override
    public Backend create() {
        return new EjmlBackend();
    }
}
