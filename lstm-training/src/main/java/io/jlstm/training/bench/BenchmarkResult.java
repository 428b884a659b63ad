package io.jlstm.training.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Timings of a {@link TrainingBenchmark} run.
 *
 * @param threads threads one operation of the backend may use ({@link io.jlstm.api.tensor.Backend#threads()}):
 *     the requested count, or 1 for a single-threaded backend such as {@code scalar}
 * @param stepSeconds wall-clock seconds of each timed step, in run order
 * @param peakHeapBytes sum of the peak usage of the JVM's heap memory pools since start-up (or since
 *     the last reset of the peaks); an upper bound of the peak heap, because the pools peak at
 *     different moments; it includes garbage that the collector had not yet reclaimed
 * @param peakLiveHeapBytes heap in use after a full garbage collection at the end of one backward,
 *     while every buffer of the step is still referenced ({@link TrainingStep#measurePeakLiveHeapBytes})
 */
public record BenchmarkResult(Workload workload, String backend, String backendDescription, int threads, int warmup,
        double[] stepSeconds, double finalLoss, long peakHeapBytes, long peakLiveHeapBytes) {

    /** Number of timed steps. */
    public int steps() {
        return stepSeconds.length;
    }

    /** Median of the step times, in seconds. */
    public double medianStepSeconds() {
        double[] sorted = stepSeconds.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Fastest step time, in seconds. */
    public double minStepSeconds() {
        return Arrays.stream(stepSeconds).min().orElseThrow();
    }

    /** Training steps per second at the median step time. */
    public double stepsPerSecond() {
        return 1.0 / medianStepSeconds();
    }

    /** GFLOP/s at the median step time, with FLOPs counted by {@link Workload#trainingFlops()}. */
    public double gflopsPerSecond() {
        return workload.trainingFlops() / medianStepSeconds() / 1e9;
    }

    /** Human-readable summary of several lines. */
    public String summary() {
        return String.format(Locale.ROOT, "workload      %s%n"
                + "backend       %s (%s), %d thread(s)%n"
                + "steps         %d timed after %d warm-up%n"
                + "step time     median %.6f s, min %.6f s%n"
                + "throughput    %.3f steps/s, %.2f GFLOP/s (%.3f GFLOP per step)%n"
                + "final loss    %.6g%n"
                + "peak heap     %.1f MiB in use at the pools' peaks, %.1f MiB live at the end of backward%n"
                + "theoretical   %.1f MiB (activations + parameters + gradients), live / theoretical = %.2f",
                workload, backend, backendDescription, threads, steps(), warmup, medianStepSeconds(),
                minStepSeconds(), stepsPerSecond(), gflopsPerSecond(), workload.trainingFlops() / 1e9, finalLoss,
                peakHeapBytes / 1048576.0, peakLiveHeapBytes / 1048576.0, workload.theoreticalBytes() / 1048576.0,
                (double) peakLiveHeapBytes / workload.theoreticalBytes());
    }

    /** One JSON object on one line. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workload", workload.id());
        json.put("backend", backend);
        json.put("backend_description", backendDescription);
        json.put("threads", threads);
        json.put("warmup", warmup);
        json.put("steps", steps());
        json.put("median_step_seconds", medianStepSeconds());
        json.put("min_step_seconds", minStepSeconds());
        json.put("steps_per_second", stepsPerSecond());
        json.put("gflops_per_second", gflopsPerSecond());
        json.put("final_loss", finalLoss);
        json.put("peak_heap_bytes", peakHeapBytes);
        json.put("peak_live_heap_bytes", peakLiveHeapBytes);
        json.put("theoretical_bytes", workload.theoreticalBytes());
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to write benchmark result as JSON", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BenchmarkResult r && workload == r.workload && backend.equals(r.backend)
                && backendDescription.equals(r.backendDescription) && threads == r.threads && warmup == r.warmup
                && Arrays.equals(stepSeconds, r.stepSeconds) && Double.compare(finalLoss, r.finalLoss) == 0
                && peakHeapBytes == r.peakHeapBytes && peakLiveHeapBytes == r.peakLiveHeapBytes;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(stepSeconds) + workload.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
