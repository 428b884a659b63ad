package io.jlstm.training;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.jlstm.api.cell.CellRegistry;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.ModelKeys;
import io.jlstm.training.config.SafetyKeys;
import io.jlstm.training.memory.MemoryEstimate;

/**
 * Binds {@link CellRegistry} to the cell types on the class path and {@link SequenceModel} to a new
 * model built from the {@code model.*} keys and the seed.
 */
public final class ModelModule extends AbstractModule {

    private final JlstmConfig config;

    /** Creates the module for {@code config}. */
    public ModelModule(JlstmConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        // The bindings are the provider methods below.
    }

    @Provides
    @Singleton
    CellRegistry cellRegistry() {
        return CellRegistry.discover();
    }

    /**
     * Builds the model described by {@link ModelSpec#fromConfig}.
     *
     * @throws ConfigException if {@code model.cell} names no registered cell type (listing those
     *     that are), a projection is requested from a cell type without one, the projection size is
     *     not below the hidden size, or the dropout probability is 1
     * @throws io.jlstm.training.memory.InsufficientHeapException if the parameters and their
     *     gradients would not fit in the maximum heap and {@code training.memory-check} is on
     */
    @Provides
    @Singleton
    SequenceModel model(Backend backend, CellRegistry registry) {
        String cell = config.getString(CoreKeys.MODEL_CELL);
        if (!registry.contains(cell)) {
            throw new ConfigException("unknown cell type '" + cell + "' (key " + CoreKeys.MODEL_CELL.name()
                    + "); registered cell types: " + String.join(", ", registry.names()));
        }
        int hidden = config.getInt(CoreKeys.MODEL_HIDDEN);
        int projection = config.getInt(ModelKeys.PROJECTION_SIZE);
        if (projection > 0 && !registry.get(cell).supportsProjection()) {
            throw new ConfigException("cell type '" + cell + "' does not support a projection, but key "
                    + ModelKeys.PROJECTION_SIZE.name() + " is " + projection + "; set it to 0 or use cell lstm");
        }
        if (projection >= hidden) {
            throw new ConfigException("key " + ModelKeys.PROJECTION_SIZE.name() + " is " + projection
                    + ", but it must be below " + CoreKeys.MODEL_HIDDEN.name() + " (" + hidden + ")");
        }
        double dropout = config.getDouble(ModelKeys.DROPOUT);
        if (dropout >= 1.0) {
            throw new ConfigException("key " + ModelKeys.DROPOUT.name() + " is " + dropout
                    + ", but it must be below 1 (1 would drop every output)");
        }
        ModelSpec spec = ModelSpec.fromConfig(config);
        if (config.getBoolean(SafetyKeys.MEMORY_CHECK)) {
            MemoryEstimate.requireParametersFit(spec, Runtime.getRuntime().maxMemory());
        }
        return spec.build(backend, config.getLong(CoreKeys.SEED), registry);
    }
}
