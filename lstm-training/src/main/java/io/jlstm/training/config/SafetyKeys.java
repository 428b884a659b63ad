package io.jlstm.training.config;

import java.util.List;

/** Keys of the checks made before training starts and of resuming an interrupted run. */
public final class SafetyKeys {

    private SafetyKeys() {
    }

    /** Whether the model's and the run's estimated memory are checked against the maximum heap. */
    public static final ConfigKey MEMORY_CHECK = ConfigKey.bool("training.memory-check", true,
            "Estimate the heap the model and training need and fail at once when it exceeds the maximum heap (-Xmx)");

    /** Whether training continues from the checkpoint in {@code checkpoint.dir}. */
    public static final ConfigKey RESUME = ConfigKey.bool("checkpoint.resume", false,
            "Continue from the checkpoint in checkpoint.dir (jlstm train --resume); fails when there is none");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(MEMORY_CHECK, RESUME);
    }
}
