package io.jlstm.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.checkpoint.CheckpointFile;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SineWaves;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Feeds mutated checkpoint files to {@link CheckpointFile#read(byte[], String)}: each input loads or fails with
 * an {@link IOException} (malformed safetensors) or an {@link IllegalArgumentException} (invalid
 * checkpoint content), within 5 s, allocating at most 64 bytes per input byte plus 1 MiB.
 */
class CheckpointFileFuzzProperties {

    private static final Path DIRECTORY = createDirectory();
    private static final byte[] CHECKPOINT = trainedCheckpoint();
    private static final ReaderFuzzing FUZZING = new ReaderFuzzing(
            List.of(IOException.class, IllegalArgumentException.class), 5_000, 64, 1 << 20);

    @AfterContainer
    static void cleanUp() throws IOException {
        FUZZING.close();
        try (var files = Files.walk(DIRECTORY)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 10_000)
    void mutatedCheckpointsLoadOrFail(@ForAll("mutatedCheckpoints") byte[] input) {
        ReaderFuzzing.Outcome outcome = FUZZING.check(input, CheckpointFileFuzzProperties::read);

        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            coverage.check(ReaderFuzzing.Outcome.LOADED).percentage(p -> p >= 1.0);
            coverage.check(ReaderFuzzing.Outcome.REJECTED).percentage(p -> p >= 50.0);
        });
    }

    @Property(tries = 10)
    void intactCheckpointLoads(@ForAll("intactCheckpoint") byte[] input) {
        assertThat(FUZZING.check(input, CheckpointFileFuzzProperties::read)).isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Provide
    Arbitrary<byte[]> mutatedCheckpoints() {
        return Mutations.mutated(Arbitraries.just(CHECKPOINT), SafetensorsFuzzing.mutators(), 3);
    }

    @Provide
    Arbitrary<byte[]> intactCheckpoint() {
        return Arbitraries.just(CHECKPOINT);
    }

    private static Object read(byte[] input) throws IOException {
        return CheckpointFile.read(input, "fuzz");
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("checkpoint-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains a small model with Adam for two epochs and returns the bytes of its final checkpoint. */
    private static byte[] trainedCheckpoint() {
        Path checkpoints = DIRECTORY.resolve("run");
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("model.hidden", "2")
                .set("optimizer.name", "adam")
                .set("training.epochs", "2")
                .set("training.batch-size", "2")
                .set("checkpoint.dir", checkpoints.toString())
                .build();
        Jlstm.injector(config).getInstance(Trainer.class).fit(SineWaves.nextValueTask(4, 3), null);
        try {
            return Files.readAllBytes(checkpoints.resolve(CheckpointFile.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
