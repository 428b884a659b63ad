package io.jlstm.examples.text;

import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;
import java.util.List;

/**
 * Configuration keys of the character-level language model ({@code task = text}). The
 * {@code jlstm} command adds {@link #all()} to its schema; {@link #standaloneSchema()} also defines
 * the shared keys {@code task}, {@code data.path} and {@code output.dir}, so that
 * {@link CharModelTraining#main} reads the same files without the command.
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

    /** Task selector; the {@code jlstm} command defines the same key. */
    static final ConfigKey TASK = ConfigKey.string("task", "text",
            "Task that jlstm train runs; this entry point runs text only");

    /** Corpus file; the {@code jlstm} command defines the same key. */
    static final ConfigKey DATA_PATH = ConfigKey.string("data.path", null,
            "Data file; a relative path is resolved against the configuration file's directory");

    /** Model directory; the {@code jlstm} command defines the same key. */
    static final ConfigKey OUTPUT_DIR = ConfigKey.string("output.dir", "runs/char-model",
            "Model directory written by training (weights and model.json); relative to the working directory");

    /** The text task's own keys, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(WINDOW, STRIDE, EPOCH_WINDOWS, VALIDATION_FRACTION, TIME_BUDGET, SAMPLE_LENGTH,
                SAMPLE_TEMPERATURE);
    }

    /** The core keys, {@link #all()} and the shared keys {@code task}, {@code data.path} and {@code output.dir}. */
    public static ConfigSchema standaloneSchema() {
        return ConfigSchema.core().with(all()).with(List.of(TASK, DATA_PATH, OUTPUT_DIR));
    }
}
