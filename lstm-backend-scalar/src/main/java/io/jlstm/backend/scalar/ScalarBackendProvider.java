package io.jlstm.backend.scalar;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;

/** Registers the {@link ScalarBackend} under the name {@code scalar} with priority 0. */
public final class ScalarBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return ScalarBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "reference backend in plain Java loops";
    }

    @Override
    public Backend create() {
        return new ScalarBackend();
    }
}
