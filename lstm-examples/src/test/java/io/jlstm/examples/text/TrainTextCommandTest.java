package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.training.io.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainTextCommandTest {

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
                "backend = scalar",
                "model.hidden = 16",
                "optimizer.lr = 4.0",
                "training.epochs = 1",
                "training.batch-size = 8",
                "text.window = 16",
                "text.sample-length = 20",
                ""));
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TrainTextCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void trainsAndPrintsSummary() throws Exception {
        int status = run("--config", config.toString(), "-s", "model.hidden=8");
        JsonNode doc = ModelDirectory.json().readTree(output.resolve(ModelDirectory.MODEL_FILE).toFile());

        assertThat(status).isZero();
        assertThat(out.toString()).contains("validation loss").contains("bigram baseline").contains("sample:");
        assertThat(doc.path("architecture").path("hidden_size").asInt()).isEqualTo(8);
    }

    @Test
    void otherTaskIsRejected() {
        int status = run("--config", config.toString(), "-s", "task=forecast");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("key 'task' is 'forecast'");
    }

    @Test
    void invalidTextExitsWithOneLine() throws Exception {
        Files.write(dir.resolve("data/corpus.txt"), new byte[] {'a', (byte) 0xFF, 'b'});

        int status = run("--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("not valid UTF-8").contains("byte offset 1").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void unknownKeyExitsWithSuggestion() {
        int status = run("--config", config.toString(), "-s", "text.windw=8");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean 'text.window'");
    }

    @Test
    void missingDataPathIsNamed() throws Exception {
        Files.writeString(config, Files.readString(config).replace("data.path = ../data/corpus.txt", ""));

        int status = run("--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("missing value for key 'data.path'");
    }
}
