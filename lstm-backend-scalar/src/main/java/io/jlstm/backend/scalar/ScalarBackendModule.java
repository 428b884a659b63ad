package io.jlstm.backend.scalar;

import com.google.inject.AbstractModule;
import io.jlstm.api.tensor.Backend;

/** Binds {@link Backend} to a new {@link ScalarBackend}, for wiring the backend by code. */
public final class ScalarBackendModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Backend.class).toInstance(new ScalarBackend());
    }
}
