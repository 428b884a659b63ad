package io.jlstm.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.ModelFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Loads a model directory whose {@code model.json} is mutated and whose weights are intact: each
 * load succeeds or fails with {@link ModelFileException}, within 5 s, allocating at most 64 bytes
 * per document byte plus 4 MiB for the weights, the model and the JSON tree.
 */
class ModelDocumentFuzzProperties {

    private static final List<String> DOCUMENT_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "null", "true",
            "1.5", "-3", "format_version", "architecture", "cell", "gru", "lstm", "hidden_size", "input_size",
            "output_size", "layers", "weights", "file", "sha256", "../weights.safetensors", "/etc/passwd",
            "recurrent_name", "head_name", "a..b", "options", "[".repeat(3000));

    private static final Backend BACKEND = new ScalarBackend();
    private static final Path DIRECTORY = savedModel();
    private static final byte[] DOCUMENT = read(DIRECTORY.resolve(ModelDirectory.MODEL_FILE));
    private static final ReaderFuzzing FUZZING = new ReaderFuzzing(ModelFileException.class, 5_000, 64, 4 << 20);

    @AfterContainer
    static void cleanUp() throws IOException {
        FUZZING.close();
        try (var files = Files.list(DIRECTORY)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(DIRECTORY);
    }

    @Property(tries = 10_000)
    void mutatedDocumentsLoadOrFail(@ForAll("mutatedDocuments") byte[] document) {
        ReaderFuzzing.Outcome outcome = FUZZING.check(document, ModelDocumentFuzzProperties::load);

        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            coverage.check(ReaderFuzzing.Outcome.LOADED).percentage(p -> p >= 1.0);
            coverage.check(ReaderFuzzing.Outcome.REJECTED).percentage(p -> p >= 50.0);
        });
    }

    @Property(tries = 10)
    void intactDocumentLoads(@ForAll("intactDocument") byte[] document) {
        assertThat(FUZZING.check(document, ModelDocumentFuzzProperties::load)).isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Provide
    Arbitrary<byte[]> mutatedDocuments() {
        return Mutations.mutated(Arbitraries.just(DOCUMENT), Mutations.text(DOCUMENT_TOKENS), 3);
    }

    @Provide
    Arbitrary<byte[]> intactDocument() {
        return Arbitraries.just(DOCUMENT);
    }

    private static ModelDirectory.Loaded load(byte[] document) throws IOException {
        // Deleting first, instead of truncating, keeps ext4 from flushing the file on every write.
        Path file = DIRECTORY.resolve(ModelDirectory.MODEL_FILE);
        Files.deleteIfExists(file);
        Files.write(file, document);
        return ModelDirectory.load(DIRECTORY, BACKEND);
    }

    private static Path savedModel() {
        try {
            Path dir = Files.createTempDirectory("model-document-fuzz");
            ModelSpec spec = new ModelSpec("lstm", 2, 3, 1, 1, Map.of());
            ModelDirectory.save(dir, spec, spec.build(BACKEND, 1L), null);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
