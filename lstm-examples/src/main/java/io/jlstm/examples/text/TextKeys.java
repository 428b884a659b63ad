package io.jlstm.examples.text;

import io.jlstm.training.config.ConfigKey;
import java.util.List;

/**
 * Configuration keys of the character-level language model ({@code task = text}), part of the
 * {@code jlstm} command's schema. The text file is {@code data.path} and the model directory
 * {@code output.dir}, as for every task.
 */
public final class TextKeys {

    private TextKeys() {
    }

    /** Characters per training window. */
    public static final ConfigKey WINDOW = ConfigKey.integer("text.window", 64, 1, 1_000_000,
            "Characters per training and validation window: the BPTT length T (each window starts from a zero"
                    + " state)");

    /** Distance between window starts. */
    public static final ConfigKey STRIDE = ConfigKey.integer("text.stride", 0, 0, 1_000_000,
            "Characters between the starts of consecutive training windows; 0 means text.window (no overlap)."
                    + " Validation windows never overlap");

    /** Training windows per epoch. */
    public static final ConfigKey EPOCH_WINDOWS = ConfigKey.integer("text.epoch-windows", 0, 0, Integer.MAX_VALUE,
            "Training windows per epoch, a different slice of a seeded random order each epoch, so that validation"
                    + " and the time budget check come more often than once per pass; 0 means all windows");

    /** Share of the text held out for validation. */
    public static final ConfigKey VALIDATION_FRACTION = ConfigKey.decimal("text.validation-fraction", 0.1, 0.0, true,
            0.5, "Fraction of the text, taken from its end, held out for validation (split by position, no"
                    + " shuffling across it)");

    /** Wall-clock limit of training. */
    public static final ConfigKey TIME_BUDGET = ConfigKey.decimal("text.time-budget", 0.0, 0.0, false, 525_600.0,
            "Training time limit in minutes, validation included: training stops after the epoch at which the next"
                    + " epoch, at the last epoch's pace, would end past it; 0 means no limit (training.epochs only)");

    /** Length of the sample printed after training. */
    public static final ConfigKey SAMPLE_LENGTH = ConfigKey.integer("text.sample-length", 300, 0, 1_000_000,
            "Characters of generated text printed after training (0: none)");

    /** Temperature of the sample printed after training. */
    public static final ConfigKey SAMPLE_TEMPERATURE = ConfigKey.decimal("text.sample-temperature", 0.8, 0.0, true,
            100.0, "Softmax temperature of the sample printed after training (below 1: more conservative)");

    /** The text task's own keys, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(WINDOW, STRIDE, EPOCH_WINDOWS, VALIDATION_FRACTION, TIME_BUDGET, SAMPLE_LENGTH,
                SAMPLE_TEMPERATURE);
    }
}
