package io.jlstm.training.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.config.ConfigException;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {

    @Test
    void smallRunReportsEveryField() throws Exception {
        BenchmarkResult result = TrainingBenchmark.of(Workload.SMALL, "scalar", 1, 1, 3).run();

        JsonNode json = new ObjectMapper().readTree(result.toJson());
        assertThat(json.get("workload").asText()).isEqualTo("small");
        assertThat(json.get("backend").asText()).isEqualTo("scalar");
        assertThat(json.get("threads").asInt()).isEqualTo(1);
        assertThat(json.get("steps").asInt()).isEqualTo(3);
        assertThat(json.get("median_step_seconds").asDouble()).isPositive();
        assertThat(json.get("steps_per_second").asDouble())
                .isCloseTo(1 / json.get("median_step_seconds").asDouble(), Percentage.withPercentage(1e-9));
        assertThat(json.get("gflops_per_second").asDouble()).isPositive();
        assertThat(json.get("final_loss").asDouble()).isFinite().isPositive();
        assertThat(json.get("peak_live_heap_bytes").asLong()).isGreaterThan(Workload.SMALL.theoreticalBytes());
        assertThat(result.summary()).contains("small (I=8, H=32, O=8, B=16, T=50)").contains("steps/s");
    }

    @Test
    void singleThreadedBackendReportsOneThread() {
        BenchmarkResult result = TrainingBenchmark.of(Workload.SMALL, "scalar", 2, 0, 1).run();

        assertThat(result.threads()).isEqualTo(1);
    }

    @Test
    void warmupRunsUntilItsTimeHasPassed() {
        long start = System.nanoTime();
        BenchmarkResult result = TrainingBenchmark.of(Workload.SMALL, "scalar", 1, 1, 0.3, 1).run();

        assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.3);
        assertThat(result.warmup()).isGreaterThan(1);
    }

    @Test
    void trainingStepReducesLoss() {
        TrainingStep step = new TrainingStep(Workload.SMALL, new ScalarBackend(), 42L);

        double first = step.run();
        double later = first;
        for (int s = 0; s < 5; s++) {
            later = step.run();
        }

        assertThat(later).isLessThan(first);
    }

    @Test
    void medianOfEvenCountAveragesMiddle() {
        BenchmarkResult result = new BenchmarkResult(Workload.SMALL, "scalar", "", 1, 0,
                new double[] {4.0, 1.0, 3.0, 2.0}, 0.5, 0L, 0L);

        assertThat(result.medianStepSeconds()).isEqualTo(2.5);
        assertThat(result.minStepSeconds()).isEqualTo(1.0);
        assertThat(result.stepsPerSecond()).isEqualTo(0.4);
    }

    @Test
    void unknownBackendListsAvailable() {
        assertThatThrownBy(() -> TrainingBenchmark.of(Workload.SMALL, "cuda", 1, 0, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown backend 'cuda'")
                .hasMessageContaining("scalar");
    }

    @Test
    void invalidCountsRejected() {
        assertThatThrownBy(() -> TrainingBenchmark.of(Workload.SMALL, "scalar", 0, 0, 1))
                .hasMessage("threads must be between 1 and 4096, but is 0");
        assertThatThrownBy(() -> TrainingBenchmark.of(Workload.SMALL, "scalar", 100_000, 0, 1))
                .hasMessage("threads must be between 1 and 4096, but is 100000");
        assertThatThrownBy(() -> TrainingBenchmark.of(Workload.SMALL, "scalar", 1, -1, 1))
                .hasMessage("warm-up steps must be at least 0, but is -1");
        assertThatThrownBy(() -> TrainingBenchmark.of(Workload.SMALL, "scalar", 1, 0, Double.NaN, 1))
                .hasMessage("warm-up seconds must be a finite number of at least 0, but is NaN");
        assertThatThrownBy(() -> TrainingBenchmark.of(Workload.SMALL, "scalar", 1, 0, 0))
                .hasMessage("timed steps must be at least 1, but is 0");
    }
}
