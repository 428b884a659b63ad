package io.jlstm.examples.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.api.loss.SoftmaxCrossEntropyLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ModelMetadata;
import io.jlstm.training.Jlstm;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.Plural;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.ConfigSource;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.Batch;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a character-level language model on a UTF-8 text: the last {@code text.validation-fraction}
 * of the text is held out, the vocabulary comes from the rest, training runs on windows of
 * {@code text.window} characters with softmax cross-entropy, and the validation loss is reported in
 * nats per character beside unigram and bigram baselines scored on the same characters.
 *
 * <p>The model directory gets {@code weights.safetensors} and {@code model.json} with the sections
 * {@code task}, {@value Vocabulary#SECTION}, {@code data}, {@code training} and {@code metrics}.
 */
public final class CharModelTraining {

    private static final Logger LOG = LoggerFactory.getLogger(CharModelTraining.class);

    /** Value of the {@code task} key and of the {@code task} section in {@code model.json}. */
    public static final String TASK = "text";

    private CharModelTraining() {
    }

    /**
     * The outcome of a run.
     *
     * @param validationLoss validation loss of the saved model, in nats per character
     * @param validationCharacters characters scored by the validation loss and the baselines
     * @param sample generated text at {@code text.sample-temperature}, empty when
     *     {@code text.sample-length} is 0
     */
    public record Result(Path modelDirectory, Vocabulary vocabulary, int trainingCharacters,
            int validationCharacters, NgramBaselines baselines, double validationLoss, TrainingSummary summary,
            String sample) {
    }

    /**
     * Runs the whole job: reads and splits the corpus, trains, saves the model and samples from it.
     *
     * @param config a configuration over a schema holding the core keys and {@link TextKeys#all()};
     *     {@code model.input-size} and {@code model.output-size} are set to the vocabulary size here
     * @param listeners extra listeners, such as a progress bar
     * @param commandLine the command as typed, recorded in {@code model.json}
     * @throws CorpusException if the text cannot be read or is too short for the windows
     * @throws ConfigException if {@code loss} is set to anything but {@code cross-entropy}
     * @throws IOException if the model directory cannot be written
     */
    public static Result run(JlstmConfig config, Path corpus, Path modelDirectory,
            Collection<? extends TrainingListener> listeners, String commandLine) throws IOException {
        int window = config.getInt(TextKeys.WINDOW);
        int stride = config.getInt(TextKeys.STRIDE) == 0 ? window : config.getInt(TextKeys.STRIDE);
        double fraction = config.getDouble(TextKeys.VALIDATION_FRACTION);

        CharCorpus text = CharCorpus.split(TextCorpus.read(corpus), fraction, corpus.toString());
        checkLength(text.training().length, "training", window, corpus, fraction);
        checkLength(text.validation().length, "validation", window, corpus, fraction);
        Vocabulary vocabulary = text.vocabulary();
        CharWindows training = new CharWindows(text.training(), vocabulary.size(), window, stride);
        CharWindows validation = validationWindows(text, window, corpus);
        NgramBaselines baselines = NgramBaselines.score(text.training(), vocabulary.size(), validation);
        LOG.info(String.format(Locale.ROOT, "text %s: %s and %s, vocabulary of %d; %s of %s; validation baselines:"
                + " unigram %.4f, bigram %.4f nats/char", corpus,
                Plural.count(text.training().length, "training character"),
                Plural.count(text.validation().length, "validation character"), vocabulary.size(),
                Plural.count(training.size(), "training window"), Plural.count(window, "character"),
                baselines.unigram(), baselines.bigram()));

        JlstmConfig modelConfig = withVocabulary(config, vocabulary.size());
        Trainer trainer = Jlstm.injector(modelConfig).getInstance(Trainer.class);
        double budget = config.getDouble(TextKeys.TIME_BUDGET);
        if (budget > 0) {
            trainer.addListener(new TimeBudget(budget));
        }
        listeners.forEach(trainer::addListener);
        SequenceDataset epochData = training;
        int epochWindows = config.getInt(TextKeys.EPOCH_WINDOWS);
        if (epochWindows > 0 && epochWindows < training.size()) {
            EpochSubset subset = new EpochSubset(training, epochWindows, config.getLong(CoreKeys.SEED));
            trainer.addListener(subset);
            epochData = subset;
        }
        TrainingSummary summary = trainer.fit(epochData, validation);

        double validationLoss = summary.finalValidationLoss();
        ModelSpec spec = ModelSpec.fromConfig(modelConfig);
        ObjectNode sections = sections(modelConfig, corpus, text, training, epochData.size(), validation, baselines,
                summary, trainer, commandLine);
        ModelDirectory.save(modelDirectory, spec, trainer.model(), sections);
        LOG.info(String.format("saved model to %s: validation loss %.4f nats/char (unigram %.4f, bigram %.4f)",
                modelDirectory, validationLoss, baselines.unigram(), baselines.bigram()));

        String sample = "";
        int sampleLength = config.getInt(TextKeys.SAMPLE_LENGTH);
        if (sampleLength > 0) {
            sample = new CharSampler(trainer.model(), vocabulary).generate("", sampleLength,
                    config.getDouble(TextKeys.SAMPLE_TEMPERATURE), config.getLong(CoreKeys.SEED));
        }
        return new Result(modelDirectory, vocabulary, text.training().length,
                (int) validation.predictedCharacters(), baselines, validationLoss, summary, sample);
    }

    private static void checkLength(int length, String part, int window, Path corpus, double fraction) {
        if (length < window + 1) {
            throw new CorpusException("text file " + corpus + ": the " + part + " part has " + length + " characters,"
                    + " but a window of text.window = " + window + " needs " + (window + 1) + " (validation fraction "
                    + fraction + "); use a longer text or a smaller text.window");
        }
    }

    private static CharWindows validationWindows(CharCorpus text, int window, Path corpus) {
        if (text.unknownInValidation() > 0) {
            LOG.warn("{} of the validation part of {} {} not occur in the training part; the validation windows"
                    + " that contain {} are left out of the validation loss and the baselines",
                    Plural.count(text.unknownInValidation(), "character"), corpus,
                    text.unknownInValidation() == 1 ? "does" : "do", text.unknownInValidation() == 1 ? "it" : "them");
        }
        try {
            return new CharWindows(text.validation(), text.vocabulary().size(), window, window);
        } catch (IllegalArgumentException e) {
            throw new CorpusException("text file " + corpus + ": no validation window of " + (window + 1)
                    + " characters is free of characters missing from the training part (" + text.unknownInValidation()
                    + " such characters); use a longer text or a smaller text.window", e);
        }
    }

    /**
     * Returns {@code config} with the model sizes set to {@code v}, checking that the loss is
     * cross-entropy and setting it when it was left at its default.
     */
    private static JlstmConfig withVocabulary(JlstmConfig config, int v) {
        String loss = config.getString(CoreKeys.LOSS);
        boolean defaultLoss = config.source(CoreKeys.LOSS) == ConfigSource.DEFAULT;
        if (!defaultLoss && !loss.equals("cross-entropy")) {
            throw new ConfigException("the text task trains a classifier over characters, but key 'loss' is '" + loss
                    + "' (from " + config.source(CoreKeys.LOSS).description() + "); set loss = cross-entropy");
        }

        // Every resolved value is copied as a flag, so no source is consulted again and none can
        // replace a value the caller resolved.
        JlstmConfig.Builder builder = JlstmConfig.builder(config.schema());
        config.asMap().forEach((key, value) -> {
            if (value != null) {
                builder.set(key, value.toString());
            }
        });
        return builder.set(CoreKeys.MODEL_INPUT_SIZE, v)
                .set(CoreKeys.MODEL_OUTPUT_SIZE, v)
                .set(CoreKeys.LOSS, "cross-entropy")
                .build();
    }

    private static ObjectNode sections(JlstmConfig config, Path corpus, CharCorpus text, CharWindows training,
            int epochWindows, CharWindows validation, NgramBaselines baselines, TrainingSummary summary,
            Trainer trainer, String commandLine) throws IOException {
        ObjectNode sections = ModelDirectory.newSections();
        ModelMetadata.addProvenance(sections, TASK, config, trainer.model().backend().name(), commandLine);
        sections.set(Vocabulary.SECTION, text.vocabulary().toJson());

        ObjectNode data = sections.putObject("data");
        data.put("path", ExampleFiles.recordable(corpus));
        data.put("sha256", ModelMetadata.sha256(corpus));
        data.put("training_characters", text.training().length);
        data.put("validation_characters", text.validation().length);
        data.put("validation_fraction", config.getDouble(TextKeys.VALIDATION_FRACTION));
        data.put("window", training.steps());
        data.put("training_windows", training.size());
        data.put("epoch_windows", epochWindows);
        data.put("validation_windows", validation.size());
        data.put("validation_windows_skipped", validation.skipped());

        ModelMetadata.addTraining(sections, summary);
        ObjectNode metrics = sections.putObject("metrics");
        metrics.put("unit", "nats per character");
        metrics.put("validation_loss", summary.finalValidationLoss());
        metrics.put("unigram_baseline", baselines.unigram());
        metrics.put("bigram_baseline", baselines.bigram());
        metrics.put("validation_characters_scored", validation.predictedCharacters());
        return sections;
    }

    /**
     * Returns the mean cross-entropy of {@code model} over every window of {@code data}, in nats per
     * character, computed in minibatches of {@code batchSize} windows in order, as the trainer's
     * validation loss is.
     */
    public static double meanLoss(SequenceModel model, CharWindows data, int batchSize) {
        SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss();
        int[] order = new int[data.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        double sum = 0.0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int count = Math.min(batchSize, data.size() - from);
            Batch batch = Batch.collate(model.backend(), data, order, from, count);
            SequenceModel.Pass pass = model.forward(batch.input(), count, null);
            sum += loss.value(pass.predictions(), batch.targets()) * count;
        }
        return sum / data.size();
    }
}
