package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.examples.cli.JlstmCommand;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.io.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    @TempDir
    Path dir;

    private Path modelDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void saveRandomModel() throws Exception {
        Vocabulary vocabulary = Vocabulary.of("abc de\n");
        ModelSpec spec = new ModelSpec("lstm", vocabulary.size(), 6, vocabulary.size(), 1, Map.of());
        SequenceModel model = spec.build(new ScalarBackend(), 8L);
        var sections = ModelDirectory.newSections();
        sections.set(Vocabulary.SECTION, vocabulary.toJson());
        modelDir = dir.resolve("model");
        ModelDirectory.save(modelDir, spec, model, sections);
    }

    private int run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "sample";
        System.arraycopy(args, 0, command, 1, args.length);
        return JlstmCommand.execute(new PrintWriter(out), new PrintWriter(err), command);
    }

    @Test
    void printsPrimeThenGeneratedText() {
        int status = run("--model", modelDir.toString(), "--backend", "scalar", "--length", "25", "--seed", "4",
                "--prime", "bad");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("bad").hasSize(3 + 25 + System.lineSeparator().length());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void fixedSeedRepeatsText() {
        run("--model", modelDir.toString(), "--backend", "scalar", "--length", "60", "--seed", "11");
        String first = out.toString();
        out.getBuffer().setLength(0);

        run("--model", modelDir.toString(), "--backend", "scalar", "--length", "60", "--seed", "11");

        assertThat(out.toString()).isEqualTo(first);
    }

    @Test
    void missingSeedIsReported() {
        int status = run("--model", modelDir.toString(), "--backend", "scalar", "--length", "5");

        assertThat(status).isZero();
        assertThat(err.toString()).contains("pass --seed");
    }

    @Test
    void unknownPrimeCharacterExitsWithUsageError() {
        int status = run("--model", modelDir.toString(), "--backend", "scalar", "--prime", "abX");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("'X' (U+0058)").contains("position 3");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void zeroTemperatureExitsWithUsageError() {
        int status = run("--model", modelDir.toString(), "--backend", "scalar", "--temperature", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--temperature").contains("> 0");
    }

    @Test
    void negativeLengthExitsWithUsageError() {
        int status = run("--model", modelDir.toString(), "--backend", "scalar", "--length", "-3");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--length");
    }

    @Test
    void missingModelDirectoryExitsWithError() {
        int status = run("--model", dir.resolve("nowhere").toString(), "--backend", "scalar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("model directory not found");
    }

    @Test
    void modelWithoutVocabularyIsRejected() throws Exception {
        ModelSpec spec = new ModelSpec("lstm", 3, 4, 3, 1, Map.of());
        Path forecaster = dir.resolve("forecaster");
        ModelDirectory.save(forecaster, spec, spec.build(new ScalarBackend(), 1L), null);

        int status = run("--model", forecaster.toString(), "--backend", "scalar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("not a character model").doesNotContain("\tat ");
    }
}
