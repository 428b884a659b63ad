package io.jlstm.training.config;

import java.util.List;

/** Keys of the checks made before training starts. */
public final class ResourceKeys {

    private ResourceKeys() {
    }

    /** Whether the model's and the run's estimated memory are checked against the maximum heap. */
    public static final ConfigKey MEMORY_CHECK = ConfigKey.bool("training.memory-check", true,
            "Estimate the heap the model and training need and fail at once when it exceeds the maximum heap (-Xmx)");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(MEMORY_CHECK);
    }
}
