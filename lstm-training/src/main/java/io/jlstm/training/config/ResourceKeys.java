package io.jlstm.training.config;

import java.util.List;

/** Keys of the checks made before training starts. */
public final class ResourceKeys {

    private ResourceKeys() {
    }

    /** Whether training checks its estimated memory against the maximum heap before it starts. */
    public static final ConfigKey MEMORY_CHECK = ConfigKey.bool("training.memory-check", true,
            "Estimate the heap training needs and fail at once when it exceeds the maximum heap (-Xmx)");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(MEMORY_CHECK);
    }
}
