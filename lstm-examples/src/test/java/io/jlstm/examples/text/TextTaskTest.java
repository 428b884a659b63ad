package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.examples.cli.JlstmCommand;
import io.jlstm.training.io.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTaskTest {

    @TempDir
    Path dir;

    private Path config;
    private Path output;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfigAndText() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/corpus.txt"), "to be or not to be, that is the question.\n".repeat(40));
        output = dir.resolve("out");
        config = dir.resolve("conf/text.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, String.join("\n",
                "task = text",
                "data.path = ../data/corpus.txt",
                "output.dir = " + output.toString().replace("\\", "/"),
                "output.progress = none",
                "backend = scalar",
                "loss = cross-entropy",
                "model.hidden = 16",
                "optimizer.lr = 4.0",
                "training.epochs = 2",
                "training.batch-size = 8",
                "text.window = 16",
                "text.sample-length = 20",
                ""));
    }

    private int run(String... args) {
        return JlstmCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void trainPrintsTablesAndSavesModel() throws Exception {
        int status = run("train", "--config", config.toString(), "--model.hidden", "8");
        JsonNode doc = ModelDirectory.json().readTree(output.resolve(ModelDirectory.MODEL_FILE).toFile());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("unigram (add-one smoothing)").contains("sample (temperature 0.8");
        assertThat(doc.path("task").asText()).isEqualTo("text");
        assertThat(doc.path("architecture").path("hidden_size").asInt()).isEqualTo(8);
        assertThat(doc.path("data").path("sha256").asText()).hasSize(64);
        assertThat(output.resolve(TextTask.LOSS_CHART)).isRegularFile();
    }

    @Test
    void evaluateReproducesRecordedValidationLoss() throws Exception {
        run("train", "--config", config.toString());
        JsonNode doc = ModelDirectory.json().readTree(output.resolve(ModelDirectory.MODEL_FILE).toFile());
        double recorded = doc.path("metrics").path("validation_loss").asDouble();
        out.getBuffer().setLength(0);

        int status = run("evaluate", "--model", output.toString(), "--backend", "scalar");

        assertThat(status).as(err.toString()).isZero();
        String line = out.toString().lines().filter(l -> l.contains("model")).findFirst().orElseThrow();
        double printed = Double.parseDouble(line.replaceAll(".*\\s([0-9.]+)\\s*\\|?\\s*$", "$1"));
        assertThat(printed).isCloseTo(recorded, within(1e-4));
    }

    @Test
    void sampleUsesTrainedModel() {
        run("train", "--config", config.toString());
        out.getBuffer().setLength(0);

        int status = run("sample", "--model", output.toString(), "--backend", "scalar", "--length", "30", "--seed",
                "1", "--prime", "to be");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("to be").hasSize(5 + 30 + System.lineSeparator().length());
    }

    @Test
    void invalidTextExitsWithOneLine() throws Exception {
        Files.write(dir.resolve("data/corpus.txt"), new byte[] {'a', (byte) 0xFF, 'b'});

        int status = run("train", "--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("not valid UTF-8").contains("byte offset 1").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void sampleRejectsForecastModel() throws Exception {
        Path forecaster = dir.resolve("forecaster");
        run("train", "--config", "airline", "--training.epochs", "1", "--output.dir", forecaster.toString(),
                "--output.progress", "none", "--output.charts", "false", "--backend", "scalar");
        err.getBuffer().setLength(0);

        int status = run("sample", "--model", forecaster.toString(), "--backend", "scalar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("not a character model");
    }
}
