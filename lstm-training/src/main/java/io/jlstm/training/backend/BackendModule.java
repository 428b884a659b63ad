package io.jlstm.training.backend;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.training.config.ConfigSource;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds {@link Backend} to the provider the configuration's {@code backend} key names, or to the
 * highest-priority provider when it names none, created with the {@code backend.threads} limit. The
 * name is resolved when the module is created, so an unknown name fails before any other work.
 */
public final class BackendModule extends AbstractModule {

    private static final Logger LOG = LoggerFactory.getLogger(BackendModule.class);

    private final BackendProvider provider;
    private final int threads;

    /**
     * Resolves the backend named in {@code config} and logs the choice and where it came from.
     *
     * @throws io.jlstm.training.config.ConfigException if the name is unknown, listing the names found
     */
    public BackendModule(JlstmConfig config) {
        String name = config.getString(CoreKeys.BACKEND);
        if (name == null) {
            this.provider = Backends.defaultProvider();
            LOG.info("backend '{}' chosen as the default (highest priority of: {})", provider.name(),
                    Backends.names(Backends.available()));
        } else {
            String origin = origin(config);
            this.provider = Backends.byName(name, origin);
            LOG.info("backend '{}' chosen by {}", provider.name(), origin);
        }
        this.threads = BackendKeys.resolveThreads(config.getInt(BackendKeys.THREADS));
    }

    /** Thread limit passed to {@link BackendProvider#create(int)}: the configured value, or the processor count for 0. */
    public int threads() {
        return threads;
    }

    /** Describes the source of the {@code backend} value, such as {@code environment variable JLSTM_BACKEND}. */
    private static String origin(JlstmConfig config) {
        ConfigSource source = config.source(CoreKeys.BACKEND);
        return switch (source) {
            case FLAG -> source.description() + " --" + CoreKeys.BACKEND.name();
            case SYSTEM_PROPERTY -> source.description() + " " + CoreKeys.BACKEND.systemProperty();
            case ENVIRONMENT -> source.description() + " " + CoreKeys.BACKEND.environmentVariable();
            case FILE -> source.description() + " " + config.file();
            case DEFAULT -> source.description();
        };
    }

    /** The resolved provider. */
    public BackendProvider provider() {
        return provider;
    }

    @Override
    protected void configure() {
        // The single binding is the provider method below.
    }

    @Provides
    @Singleton
    Backend backend() {
        return provider.create(threads);
    }
}
