package io.jlstm.training.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void jsonLinesHoldStepAndEpochFields() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog log = new MetricsLog(file, "jsonl", 1);

        run(log);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        JsonNode step = new ObjectMapper().readTree(lines.get(0));
        assertThat(step.get("kind").asText()).isEqualTo("step");
        assertThat(step.get("loss").asDouble()).isEqualTo(0.5);
        assertThat(step.get("grad_norm").asDouble()).isEqualTo(2.0);
        assertThat(step.get("lr").asDouble()).isEqualTo(0.01);
        assertThat(step.get("samples_per_second").asDouble()).isEqualTo(8.0);
        JsonNode epoch = new ObjectMapper().readTree(lines.get(2));
        assertThat(epoch.get("kind").asText()).isEqualTo("epoch");
        assertThat(epoch.get("step").asLong()).isEqualTo(2);
        assertThat(epoch.has("validation_loss")).isFalse();
    }

    @Test
    void csvAppendsWithOneHeader() throws IOException {
        Path file = dir.resolve("metrics.csv");

        run(new MetricsLog(file, "csv", 2));
        run(new MetricsLog(file, "csv", 2));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).filteredOn(l -> l.equals(MetricsLog.CSV_HEADER)).hasSize(1);
        assertThat(lines).hasSize(1 + 2 * 2);
        assertThat(lines.get(1)).isEqualTo("step,1,2,2,0.25,,1.0,0.01,4.0,1.0");
        assertThat(lines.get(2)).isEqualTo("epoch,1,2,,0.375,,,0.005,8.0,2.0");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new MetricsLog(dir.resolve("m"), "xml", 1)).hasMessageContaining("xml");
        assertThatThrownBy(() -> new MetricsLog(dir.resolve("m"), "csv", -1)).hasMessageContaining("-1");
    }

    @Test
    void unwritableFileIsReported() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file, not a directory");
        MetricsLog log = new MetricsLog(blocker.resolve("metrics.csv"), "csv", 1);

        assertThatThrownBy(() -> log.onStart(start())).hasMessageContaining("metrics file");
    }

    private static void run(MetricsLog log) {
        log.onStart(start());
        log.onStep(new StepEvent(1, 1, 1, 2, 0.5, 2.0, 0.01, 4, 0.5));
        log.onStep(new StepEvent(1, 2, 2, 2, 0.25, 1.0, 0.01, 4, 1.0));
        log.onEpoch(new EpochEvent(1, 0.375, Double.NaN, 0.005, 2.0, 8.0), reason -> { });
        log.onFinish(new TrainingSummary(1, 2, List.of(), null, 2.0));
    }

    private static TrainingStart start() {
        return new TrainingStart(1, 2, 8, 0, 1L, "scalar", 10);
    }
}
