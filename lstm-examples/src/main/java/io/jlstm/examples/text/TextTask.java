package io.jlstm.examples.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.ExampleTask;
import io.jlstm.examples.RunContext;
import io.jlstm.examples.ui.Charts;
import io.jlstm.examples.ui.ProgressListener;
import io.jlstm.examples.ui.TextTable;
import io.jlstm.training.Plural;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.ModelFileException;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code text} task of the {@code jlstm} command: trains a character-level language model with
 * {@link CharModelTraining} and evaluates a saved one on the validation part of a text, in nats
 * per character beside the unigram and bigram baselines.
 */
public final class TextTask implements ExampleTask {

    /** Chart of the loss per epoch, in the model directory. */
    public static final String LOSS_CHART = "loss.png";

    @Override
    public String name() {
        return CharModelTraining.TASK;
    }

    @Override
    public int train(JlstmConfig config, RunContext context) throws IOException {
        Path corpus = ExampleFiles.dataFile(config, ExampleKeys.DATA_PATH);
        Path outputDir = Path.of(config.getString(ExampleKeys.OUTPUT_DIR));
        ProgressListener progress = new ProgressListener(ProgressListener.Mode.parse(config.getString(
                ExampleKeys.OUTPUT_PROGRESS)), config.getDouble(ExampleKeys.OUTPUT_LOG_INTERVAL), context.terminal());

        CharModelTraining.Result result = CharModelTraining.run(config, corpus, outputDir, List.of(progress),
                context.commandLine());
        if (config.getBoolean(ExampleKeys.OUTPUT_CHARTS)) {
            Charts.write(outputDir.resolve(LOSS_CHART), Charts.lossChart(result.summary().history(),
                    "cross-entropy (nats per character)"));
        }

        PrintWriter out = context.out();
        out.print(trainingTable(result.summary(), config).render());
        out.println();
        out.print(validationTable(result.validationLoss(), result.baselines(), result.validationCharacters())
                .render());
        if (!result.sample().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "sample (temperature %s, seed %d):%n", config.getDouble(TextKeys.SAMPLE_TEMPERATURE),
                    config.getLong(CoreKeys.SEED));
            out.println(result.sample());
        }
        out.println();
        out.println("model saved to " + outputDir);
        out.flush();
        return 0;
    }

    /**
     * Scores a saved model on the validation part of {@code data} (or of the text it was trained
     * on), split with the fraction and windows recorded in {@code model.json}.
     */
    @Override
    public int evaluate(Path modelDir, ModelDirectory.Loaded loaded, Path data, RunContext context)
            throws IOException {
        Path modelFile = modelDir.resolve(ModelDirectory.MODEL_FILE);
        JsonNode doc = loaded.document();
        String task = doc.path("task").asText("");
        if (!task.equals(CharModelTraining.TASK)) {
            throw new ModelFileException(modelFile + ": task is '" + task + "', but this command needs a text model");
        }
        Vocabulary vocabulary = Vocabulary.fromJson(doc.get(Vocabulary.SECTION), modelFile);
        JsonNode recorded = doc.path("data");
        int window = recorded.path("window").asInt(0);
        double fraction = recorded.path("validation_fraction").asDouble(0.0);
        int batchSize = doc.path("settings").path(CoreKeys.BATCH_SIZE.name()).asInt(32);
        if (window < 1 || !(fraction > 0.0 && fraction < 1.0)) {
            throw new ModelFileException(modelFile + ": \"data.window\" must be a positive integer and"
                    + " \"data.validation_fraction\" a number in (0, 1), but are " + recorded.get("window") + " and "
                    + recorded.get("validation_fraction"));
        }
        Path textFile = data != null ? data : recordedText(recorded, modelFile);

        CharCorpus text = CharCorpus.split(TextCorpus.read(textFile), fraction, textFile.toString(), vocabulary);
        CharWindows validation;
        try {
            validation = new CharWindows(text.validation(), vocabulary.size(), window, window);
        } catch (IllegalArgumentException e) {
            throw new CorpusException("text file " + textFile + ": the validation part has no window of " + (window + 1)
                    + " characters that the model's vocabulary covers; use a longer text", e);
        }
        NgramBaselines baselines = NgramBaselines.score(text.training(), vocabulary.size(), validation);
        double loss = CharModelTraining.meanLoss(loaded.model(), validation, batchSize);

        context.out().print(validationTable(loss, baselines, (int) validation.predictedCharacters()).render());
        if (validation.skipped() > 0) {
            context.out().println(validation.skipped() + " validation windows were left out because they contain"
                    + " characters outside the model's vocabulary");
        }
        context.out().flush();
        return 0;
    }

    private static Path recordedText(JsonNode recorded, Path modelFile) throws ModelFileException {
        JsonNode path = recorded.get("path");
        if (path == null || !path.isTextual()) {
            throw new ModelFileException(modelFile + ": no data.path recorded; give the text file with --data");
        }
        return ExampleFiles.recorded(path.asText());
    }

    private static TextTable trainingTable(TrainingSummary summary, JlstmConfig config) {
        TextTable t = new TextTable("training", "value");
        t.add("epochs", Integer.toString(summary.epochs()));
        t.add("steps", Long.toString(summary.steps()));
        t.add("seconds", String.format(Locale.ROOT, "%.1f", summary.seconds()));
        t.add("optimizer", config.getString(CoreKeys.OPTIMIZER) + " (lr " + config.getDouble(CoreKeys.LEARNING_RATE)
                + ")");
        t.add("seed", Long.toString(config.getLong(CoreKeys.SEED)));
        t.add("final training loss (nats/char)", String.format(Locale.ROOT, "%.4f", summary.finalTrainingLoss()));
        if (summary.stopReason() != null) {
            t.add("stopped", summary.stopReason());
        }
        return t;
    }

    private static TextTable validationTable(double loss, NgramBaselines baselines, int characters) {
        TextTable t = new TextTable("validation (" + Plural.count(characters, "character") + ")", "nats/char");
        t.add("model", String.format(Locale.ROOT, "%.4f", loss));
        t.add("unigram (add-one smoothing)", String.format(Locale.ROOT, "%.4f", baselines.unigram()));
        t.add("bigram (add-one smoothing)", String.format(Locale.ROOT, "%.4f", baselines.bigram()));
        return t;
    }
}
