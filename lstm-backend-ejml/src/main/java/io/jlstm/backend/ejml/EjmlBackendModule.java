package io.jlstm.backend.ejml;

import com.google.inject.AbstractModule;
import io.jlstm.api.tensor.Backend;

/** Binds {@link Backend} to a new {@link EjmlBackend}, for wiring the backend by code. */
public final class EjmlBackendModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Backend.class).toInstance(new EjmlBackend());
    }
}
