package io.jlstm.examples.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Injector;
import io.jlstm.api.tensor.Backend;
import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.ExampleTask;
import io.jlstm.examples.ModelMetadata;
import io.jlstm.examples.RunContext;
import io.jlstm.examples.data.CsvSeries;
import io.jlstm.examples.data.DataException;
import io.jlstm.examples.data.Scaler;
import io.jlstm.examples.ui.Charts;
import io.jlstm.examples.ui.ProgressListener;
import io.jlstm.examples.ui.TextTable;
import io.jlstm.training.Jlstm;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.Plural;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.ModelFileException;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasting a numeric CSV column: trains an LSTM to predict the next value, evaluates it one
 * step ahead on the hold-out against persistence and seasonal-naive, and saves the model with its
 * preprocessing, metrics and charts.
 *
 * <p>Time-ordered split: the last {@code data.holdout} values are never trained on; the scaler is
 * fitted on the values before them. The validation loss per epoch is the MSE (in scaled units) of
 * the windows ending in the hold-out. It is only reported and charted, so nothing is selected on it.
 */
public final class ForecastTask implements ExampleTask {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastTask.class);

    /** Name of this task. */
    public static final String NAME = "forecast";
    /** Chart of the loss per epoch, in the model directory. */
    public static final String LOSS_CHART = "loss.png";
    /** Chart of the hold-out, in the model directory. */
    public static final String HOLDOUT_CHART = "holdout.png";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int train(JlstmConfig userConfig, RunContext context) throws IOException {
        if (!userConfig.getString(CoreKeys.LOSS).equals("mse")) {
            throw new ConfigException("invalid value '" + userConfig.getString(CoreKeys.LOSS) + "' for key 'loss': task"
                    + " forecast needs loss = mse");
        }
        JlstmConfig config = userConfig.toBuilder().set(CoreKeys.MODEL_INPUT_SIZE, 1)
                .set(CoreKeys.MODEL_OUTPUT_SIZE, 1).build();
        Path dataFile = ExampleFiles.dataFile(config, ExampleKeys.DATA_PATH);
        SeriesPreprocessing unfitted = SeriesPreprocessing.fromConfig(config);

        CsvSeries series = unfitted.load(dataFile);
        Prepared prepared = prepare(series, unfitted, config.getString(ExampleKeys.DATA_SCALER));
        SeriesPreprocessing preprocessing = prepared.preprocessing();
        LOG.info("{}: {} of column '{}'; training on the first {}, hold-out the last {}; transform {}, window {},"
                + " {} and {}", ExampleFiles.recordable(dataFile), Plural.count(series.size(), "value"),
                series.column(), prepared.split(), preprocessing.holdout(), preprocessing.transform().text(),
                preprocessing.window(), Plural.count(prepared.training().size(), "training window"),
                Plural.count(prepared.validation() == null ? 0 : prepared.validation().size(), "validation window"));

        Injector injector = Jlstm.injector(config);
        Trainer trainer = injector.getInstance(Trainer.class);
        trainer.addListener(new ProgressListener(ProgressListener.Mode.parse(config.getString(
                ExampleKeys.OUTPUT_PROGRESS)), config.getDouble(ExampleKeys.OUTPUT_LOG_INTERVAL), context.terminal()));
        TrainingSummary summary = trainer.fit(prepared.training(), prepared.validation());

        Forecaster forecaster = new Forecaster(trainer.model(), preprocessing);
        HoldoutReport report = HoldoutReport.evaluate(forecaster, series.values(), preprocessing.holdout(), dataFile);

        Path outputDir = Path.of(config.getString(ExampleKeys.OUTPUT_DIR));
        ObjectNode sections = ModelDirectory.newSections();
        ModelMetadata.addProvenance(sections, NAME, config, trainer.model().backend().name(), context.commandLine());
        preprocessing.writeTo(sections.putObject("preprocessing"));
        ObjectNode data = sections.putObject("data");
        data.put("path", ExampleFiles.recordable(dataFile));
        data.put("sha256", ModelMetadata.sha256(dataFile));
        data.put("values", series.size());
        data.put("missing", prepared.missing());
        ModelMetadata.addTraining(sections, summary);
        report.writeTo(sections.putObject("metrics").putObject("holdout"));
        ModelDirectory.save(outputDir, ModelSpec.fromConfig(config), trainer.model(), sections);

        if (config.getBoolean(ExampleKeys.OUTPUT_CHARTS)) {
            Charts.write(outputDir.resolve(LOSS_CHART), Charts.lossChart(summary.history(), "MSE (scaled units)"));
            Charts.write(outputDir.resolve(HOLDOUT_CHART), Charts.forecastChart(series.values(), report.predicted(),
                    report.from(), series.column()));
        }

        PrintWriter out = context.out();
        out.print(trainingTable(summary, trainer.model().backend().name(), config).render());
        out.println();
        out.print(holdoutTable(report, series.column()).render());
        out.println();
        out.println("model saved to " + outputDir);
        out.flush();
        return 0;
    }

    @Override
    public int evaluate(Path modelDir, ModelDirectory.Loaded loaded, Path data, RunContext context)
            throws IOException {
        Forecaster forecaster = forecaster(modelDir, loaded);
        Path dataFile;
        if (data != null) {
            dataFile = data;
            warnIfOtherData(loaded.document(), dataFile);
        } else {
            dataFile = recordedDataFile(modelDir, loaded.document());
            requireRecordedData(modelDir, loaded.document(), dataFile);
        }
        CsvSeries series = forecaster.preprocessing().load(dataFile);

        HoldoutReport report = HoldoutReport.evaluate(forecaster, series.values(),
                forecaster.preprocessing().holdout(), dataFile);
        context.out().print(holdoutTable(report, series.column()).render());
        context.out().flush();
        return 0;
    }

    /**
     * Rebuilds the forecaster of a loaded model directory.
     *
     * @throws ModelFileException if the model is not a forecaster or its preprocessing is invalid
     */
    public static Forecaster forecaster(Path modelDir, ModelDirectory.Loaded loaded) throws ModelFileException {
        Path modelFile = modelDir.resolve(ModelDirectory.MODEL_FILE);
        String task = loaded.document().path("task").asText("");
        if (!task.equals(NAME)) {
            throw new ModelFileException(modelFile + ": task is '" + task + "', but this command needs a forecast model");
        }
        SeriesPreprocessing preprocessing = SeriesPreprocessing.readFrom(loaded.document().get("preprocessing"),
                modelFile);
        try {
            return new Forecaster(loaded.model(), preprocessing);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(modelFile + ": " + e.getMessage(), e);
        }
    }

    /** The series split, the fitted preprocessing and the windows of one training run. */
    record Prepared(SeriesPreprocessing preprocessing, int split, int missing, SequenceDataset training,
            SequenceDataset validation) {
    }

    /** Fits a scaler of {@code scalerKind} on the training part and cuts the windows. */
    static Prepared prepare(CsvSeries series, SeriesPreprocessing unfitted, String scalerKind) {
        double[] y = series.values();
        int n = y.length;
        int holdout = unfitted.holdout();
        int lag = unfitted.transform().lag();
        int window = unfitted.window();
        int split = n - holdout;
        if (split < lag + window + 1) {
            throw new DataException(series.file() + ": column '" + series.column() + "' has " + n + " values, but"
                    + " data.holdout = " + holdout + ", transform lag " + lag + " and data.window = " + window
                    + " need at least " + (holdout + lag + window + 1) + "; use a shorter window or hold-out");
        }

        double[] transformed = unfitted.transform().apply(y);
        Scaler scaler;
        try {
            scaler = Scaler.fit(scalerKind, transformed, lag, split);
        } catch (IllegalArgumentException e) {
            throw new DataException(series.file() + ": cannot fit the scaler on the training part: " + e.getMessage());
        }
        double[] z = new double[n];
        for (int t = 0; t < n; t++) {
            z[t] = scaler.apply(transformed[t]);
        }

        SequenceDataset training = Windows.before(z, split, window);
        if (training == null) {
            throw new DataException(series.file() + ": every training window of " + window + " steps touches a missing"
                    + " value; use a shorter data.window or data.missing-policy = interpolate");
        }
        SequenceDataset validation = Windows.endingIn(z, split, window);
        return new Prepared(unfitted.withScaler(scaler), split, series.missingCount(), training, validation);
    }

    private static Path recordedDataFile(Path modelDir, JsonNode doc) throws ModelFileException {
        JsonNode path = doc.path("data").get("path");
        if (path == null || !path.isTextual()) {
            throw new ModelFileException(modelDir.resolve(ModelDirectory.MODEL_FILE) + ": no data.path recorded;"
                    + " give the data file with --data");
        }
        return ExampleFiles.recorded(path.asText());
    }

    /**
     * Checks that the data file a model document names is the file the model was trained on. A model
     * directory may come from someone else, so the file it names is read only when its SHA-256 matches
     * the recorded one, and any other file must be given explicitly with {@code --data}. The error
     * leaves out the file's actual SHA-256, which would tell the author of the document something
     * about a file the user did not name.
     */
    private static void requireRecordedData(Path modelDir, JsonNode doc, Path dataFile) throws IOException {
        Path modelFile = modelDir.resolve(ModelDirectory.MODEL_FILE);
        if (!Files.isRegularFile(dataFile)) {
            throw new ModelFileException(modelFile + ": the recorded data file " + dataFile + " was not found; give"
                    + " the data file with --data");
        }
        String recorded = doc.path("data").path("sha256").asText("");
        String actual = ModelMetadata.sha256(dataFile);
        if (!recorded.equalsIgnoreCase(actual)) {
            throw new ModelFileException(modelFile + ": the recorded data file " + dataFile + " differs from the file"
                    + " the model was trained on (its SHA-256 does not match data.sha256); pass the data file with"
                    + " --data to evaluate on it anyway");
        }
    }

    private static void warnIfOtherData(JsonNode doc, Path dataFile) throws IOException {
        String recorded = doc.path("data").path("sha256").asText("");
        String actual = ModelMetadata.sha256(dataFile);
        if (!recorded.equalsIgnoreCase(actual)) {
            LOG.info("{} differs from the file the model was trained on (SHA-256 {} instead of {}); the hold-out is its"
                    + " last values", dataFile, actual, recorded);
        }
    }

    private static TextTable trainingTable(TrainingSummary summary, String backend, JlstmConfig config) {
        TextTable t = new TextTable("training", "value");
        t.add("epochs", Integer.toString(summary.epochs()));
        t.add("steps", Long.toString(summary.steps()));
        t.add("seconds", String.format(Locale.ROOT, "%.1f", summary.seconds()));
        t.add("backend", backend);
        t.add("optimizer", config.getString(CoreKeys.OPTIMIZER) + " (lr " + config.getDouble(CoreKeys.LEARNING_RATE)
                + ")");
        t.add("seed", Long.toString(config.getLong(CoreKeys.SEED)));
        t.add("final training loss (MSE, scaled)", String.format(Locale.ROOT, "%.5f", summary.finalTrainingLoss()));
        t.add("final validation loss (MSE, scaled)", String.format(Locale.ROOT, "%.5f",
                summary.finalValidationLoss()));
        return t;
    }

    /** Formats the hold-out scores as a table, values in the series' units. */
    static TextTable holdoutTable(HoldoutReport report, String column) {
        TextTable t = new TextTable("hold-out, one step ahead (" + Plural.count(report.points(), "point")
                + ", units of " + column + ")", "RMSE", "MAE");
        t.add("model", format(report.model().rmse()), format(report.model().mae()));
        t.add("persistence (previous value)", format(report.persistence().rmse()),
                format(report.persistence().mae()));
        t.add("seasonal naive (" + Plural.count(report.season(), "step") + " earlier)",
                format(report.seasonalNaive().rmse()),
                format(report.seasonalNaive().mae()));
        return t;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
