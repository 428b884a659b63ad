package io.jlstm.training;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;

/** Binds {@link SequenceModel} to a new model built from the {@code model.*} keys and the seed. */
public final class ModelModule extends AbstractModule {

    private final JlstmConfig config;

    /** Creates the module for {@code config}. */
    public ModelModule(JlstmConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        // The single binding is the provider method below.
    }

    @Provides
    @Singleton
    SequenceModel model(Backend backend) {
        return ModelSpec.fromConfig(config).build(backend, config.getLong(CoreKeys.SEED));
    }
}
