package io.jlstm.training.backend;

import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.training.config.ConfigKey;
import java.util.List;

/** Keys read by {@link BackendModule} besides the backend name. */
public final class BackendKeys {

    private BackendKeys() {
    }

    /** Thread limit of one backend operation; 0 means the number of available processors. */
    public static final ConfigKey THREADS = ConfigKey.integer("backend.threads", 0, 0, BackendProvider.MAX_THREADS,
            "Threads one backend operation may use (multi-threaded backends only); 0: one per available processor");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(THREADS);
    }

    /** Resolves a {@link #THREADS} value: 0 becomes the number of available processors. */
    public static int resolveThreads(int configured) {
        return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
    }
}
