package io.jlstm.examples;

import io.jlstm.examples.text.TextKeys;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;
import java.util.List;

/**
 * Keys of the {@code jlstm} command: the task, the data set and its preprocessing, and the output.
 * The command's schema is {@link #schema()}: the core keys plus these.
 */
public final class ExampleKeys {

    private ExampleKeys() {
    }

    /** Task name of {@code jlstm train}; each task reads its own data keys. */
    public static final ConfigKey TASK = ConfigKey.string("task", "forecast",
            "Task that jlstm train runs: forecast (next value of a CSV column) or text (character-level language"
                    + " model)");

    /** Data file. */
    public static final ConfigKey DATA_PATH = ConfigKey.string("data.path", null,
            "Data file; a relative path in a configuration file is resolved against that file's directory, one from a flag against the working directory");

    /** CSV column holding the series. */
    public static final ConfigKey DATA_COLUMN = ConfigKey.string("data.column", null,
            "CSV column (header name) holding the series to forecast");

    /** Transforms applied before scaling. */
    public static final ConfigKey DATA_TRANSFORM = ConfigKey.string("data.transform", "none",
            "Transforms applied in order before scaling, comma-separated: none, or any of log, diff (lag 1),"
                    + " seasonal-diff (lag data.season)");

    /** Season length. */
    public static final ConfigKey DATA_SEASON = ConfigKey.integer("data.season", 12, 1, 10_000,
            "Season length in time steps, for seasonal-diff and the seasonal-naive baseline");

    /** Scaler fitted on the training part. */
    public static final ConfigKey DATA_SCALER = ConfigKey.choice("data.scaler", "standard",
            List.of("standard", "minmax", "none"),
            "Scaler fitted on the training part only: standard (zero mean, unit variance), minmax (to [-1, 1]),"
                    + " none");

    /** Window length. */
    public static final ConfigKey DATA_WINDOW = ConfigKey.integer("data.window", 24, 1, 100_000,
            "Time steps per training sequence and of history fed to each prediction");

    /** Hold-out length. */
    public static final ConfigKey DATA_HOLDOUT = ConfigKey.integer("data.holdout", 24, 1, 10_000_000,
            "Time steps at the end of the series held out for evaluation (never trained on)");

    /** Missing-value marker. */
    public static final ConfigKey DATA_MISSING_MARKER = ConfigKey.string("data.missing-marker", null,
            "Cell value that marks a missing value, such as -99.99 (compared as a number when it is one);"
                    + " empty cells are always missing");

    /** Quality column. */
    public static final ConfigKey DATA_QUALITY_COLUMN = ConfigKey.string("data.quality-column", null,
            "CSV column whose value 0 marks the row's value as missing (any other number: measured)");

    /** Missing-value policy. */
    public static final ConfigKey DATA_MISSING_POLICY = ConfigKey.choice("data.missing-policy", "interpolate",
            List.of("interpolate", "drop-windows"),
            "Gap handling: interpolate (linearly between the nearest known values) or drop-windows (skip every"
                    + " window and prediction that touches a gap)");

    /** Output directory. */
    public static final ConfigKey OUTPUT_DIR = ConfigKey.string("output.dir", "runs/model",
            "Model directory written by jlstm train (weights, model.json, charts); relative to the working"
                    + " directory");

    /** Charts. */
    public static final ConfigKey OUTPUT_CHARTS = ConfigKey.bool("output.charts", true,
            "Write PNG charts (loss per epoch, hold-out actual against predicted) into the model directory");

    /** Progress display. */
    public static final ConfigKey OUTPUT_PROGRESS = ConfigKey.choice("output.progress", "auto",
            List.of("auto", "bar", "log", "none"),
            "Progress display: auto (a bar on a terminal, log lines otherwise), bar, log, none");

    /** Interval of progress log lines. */
    public static final ConfigKey OUTPUT_LOG_INTERVAL = ConfigKey.decimal("output.log-interval", 10.0, 0.0, false,
            86_400.0, "Seconds between progress log lines when no bar is shown (0: one line per epoch)");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(TASK, DATA_PATH, DATA_COLUMN, DATA_TRANSFORM, DATA_SEASON, DATA_SCALER, DATA_WINDOW,
                DATA_HOLDOUT, DATA_MISSING_MARKER, DATA_QUALITY_COLUMN, DATA_MISSING_POLICY, OUTPUT_DIR,
                OUTPUT_CHARTS, OUTPUT_PROGRESS, OUTPUT_LOG_INTERVAL);
    }

    /** The schema of the {@code jlstm} command: {@link ConfigSchema#core()} plus {@link #all()}. */
    public static ConfigSchema schema() {
        return ConfigSchema.core().with(all()).with(TextKeys.all());
    }
}
