package io.jlstm.backend.blas;

import com.google.inject.AbstractModule;
import io.jlstm.api.tensor.Backend;

/** Binds {@link Backend} to a new {@link BlasBackend} with one thread per processor, for wiring by code. */
public final class BlasBackendModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Backend.class).toInstance(new BlasBackend());
    }
}
