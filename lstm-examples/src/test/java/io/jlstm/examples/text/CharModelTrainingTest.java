package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.io.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharModelTrainingTest {

    private static final String SENTENCE = "the quick brown fox jumps over the lazy dog.\n";

    @TempDir
    Path dir;

    private JlstmConfig.Builder tinyConfig() {
        return JlstmConfig.builder(ExampleKeys.schema())
                .environment(Map.of())
                .systemProperties(new Properties())
                .set("backend", "scalar")
                .set("model.hidden", "16")
                .set("optimizer.name", "sgd")
                .set("optimizer.lr", "4.0")
                .set("training.epochs", "8")
                .set("training.batch-size", "8")
                .set("text.window", "16")
                .set("text.sample-length", "40")
                .set("seed", "3");
    }

    private Path corpus(String text) throws Exception {
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void tinyRunBeatsBaselines() throws Exception {
        Path corpus = corpus(SENTENCE.repeat(80));

        CharModelTraining.Result result = CharModelTraining.run(tinyConfig().build(), corpus, dir.resolve("model"),
                List.of(), "test");

        assertThat(result.vocabulary().size()).isEqualTo(29);
        assertThat(result.trainingCharacters()).isEqualTo(3240);
        assertThat(result.validationCharacters()).isEqualTo(22 * 16);
        assertThat(result.summary().epochs()).isEqualTo(8);
        assertThat(result.validationLoss()).isLessThan(result.baselines().unigram());
        assertThat(result.validationLoss()).isLessThan(result.baselines().bigram());
    }

    @Test
    void savedModelSamplesLikeTrainedOne() throws Exception {
        Path corpus = corpus(SENTENCE.repeat(30));
        Path modelDir = dir.resolve("model");
        JlstmConfig config = tinyConfig().set("training.epochs", "2").build();

        CharModelTraining.Result result = CharModelTraining.run(config, corpus, modelDir, List.of(), "test");
        CharSampler loaded = CharSampler.load(modelDir, new ScalarBackend());

        assertThat(result.sample()).hasSize(40);
        assertThat(loaded.vocabulary()).isEqualTo(result.vocabulary());
        assertThat(loaded.generate("", 40, 0.8, 3L)).isEqualTo(result.sample());
    }

    @Test
    void modelDocumentHoldsVocabularyAndMetrics() throws Exception {
        Path corpus = corpus(SENTENCE.repeat(30));
        Path modelDir = dir.resolve("model");

        CharModelTraining.Result result = CharModelTraining.run(tinyConfig().set("training.epochs", "1").build(),
                corpus, modelDir, List.of(), "test");
        JsonNode doc = ModelDirectory.json().readTree(modelDir.resolve(ModelDirectory.MODEL_FILE).toFile());

        assertThat(doc.path("task").asText()).isEqualTo("text");
        assertThat(doc.path("vocabulary").path("symbols")).hasSize(29);
        assertThat(doc.path("architecture").path("input_size").asInt()).isEqualTo(29);
        assertThat(doc.path("metrics").path("validation_loss").asDouble()).isEqualTo(result.validationLoss());
        assertThat(doc.path("metrics").path("bigram_baseline").asDouble()).isEqualTo(result.baselines().bigram());
        assertThat(doc.path("training").path("history")).hasSize(1);
        assertThat(doc.path("data").path("window").asInt()).isEqualTo(16);
    }

    @Test
    void validationCharactersMissingFromTrainingAreSkipped() throws Exception {
        // 1486 characters split after 1337; 'Z' is validation character 13, inside the first of nine windows
        String text = SENTENCE.repeat(30) + "Z" + SENTENCE.repeat(3);
        Path corpus = corpus(text);
        Path modelDir = dir.resolve("model");

        CharModelTraining.Result result = CharModelTraining.run(tinyConfig().set("training.epochs", "1").build(),
                corpus, modelDir, List.of(), "test");
        JsonNode doc = ModelDirectory.json().readTree(modelDir.resolve(ModelDirectory.MODEL_FILE).toFile());

        assertThat(result.vocabulary().contains('Z')).isFalse();
        assertThat(result.validationCharacters()).isEqualTo(8 * 16);
        assertThat(doc.path("data").path("validation_windows_skipped").asInt()).isEqualTo(1);
        assertThat(Double.isFinite(result.validationLoss())).isTrue();
    }

    @Test
    void mseLossIsRejected() throws Exception {
        Path corpus = corpus(SENTENCE.repeat(30));
        JlstmConfig config = tinyConfig().set("loss", "mse").build();

        assertThatThrownBy(() -> CharModelTraining.run(config, corpus, dir.resolve("model"), List.of(), "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set loss = cross-entropy");
    }

    @Test
    void textTooShortForWindowIsRejected() throws Exception {
        Path corpus = corpus(SENTENCE.repeat(2));

        assertThatThrownBy(() -> CharModelTraining.run(tinyConfig().build(), corpus, dir.resolve("model"), List.of(), "test"))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining(corpus.toString())
                .hasMessageContaining("validation part has 9 characters")
                .hasMessageContaining("needs 17");
    }
}
