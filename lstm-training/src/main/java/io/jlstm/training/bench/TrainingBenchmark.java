package io.jlstm.training.bench;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.training.backend.Backends;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Times training steps of a {@link Workload} on a backend: the core of {@code jlstm bench}. Each
 * step is timed on its own with {@link System#nanoTime()}; the result reports the median.
 *
 * <p>For statistically careful numbers use the JMH benchmarks of the {@code lstm-benchmarks}
 * module; this runner gives a quick figure from the command line.
 */
public final class TrainingBenchmark {

    /** Seed of the model's initialization and of the random minibatch. */
    public static final long SEED = 42L;

    private final Workload workload;
    private final BackendProvider provider;
    private final int threads;
    private final int warmup;
    private final double warmupSeconds;
    private final int steps;

    /**
     * Prepares a run with exactly {@code warmup} warm-up steps.
     *
     * @param threads thread limit passed to {@link BackendProvider#create(int)}, 1 to
     *     {@link BackendProvider#MAX_THREADS}
     * @param warmup untimed steps before the timed ones, at least 0
     * @param steps timed steps, at least 1
     * @throws IllegalArgumentException if a count is out of range
     */
    public TrainingBenchmark(Workload workload, BackendProvider provider, int threads, int warmup, int steps) {
        this(workload, provider, threads, warmup, 0.0, steps);
    }

    /**
     * Prepares a run whose warm-up lasts at least {@code warmup} steps and at least
     * {@code warmupSeconds} seconds. A time floor gives the JIT compiler time to compile the step on
     * a fast workload: on the small workload with the {@code blas} backend, the timed steps ran at
     * about 80 steps/s after 3 warm-up steps and at about 910 after 300.
     *
     * @param warmupSeconds minimum wall-clock seconds of warm-up, a finite number of at least 0
     * @throws IllegalArgumentException if a count or {@code warmupSeconds} is out of range
     */
    public TrainingBenchmark(Workload workload, BackendProvider provider, int threads, int warmup,
            double warmupSeconds, int steps) {
        if (threads < 1 || threads > BackendProvider.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + BackendProvider.MAX_THREADS
                    + ", but is " + threads);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up steps must be at least 0, but is " + warmup);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("timed steps must be at least 1, but is " + steps);
        }
        if (!(warmupSeconds >= 0.0) || !Double.isFinite(warmupSeconds)) {
            throw new IllegalArgumentException("warm-up seconds must be a finite number of at least 0, but is "
                    + warmupSeconds);
        }
        this.workload = workload;
        this.provider = provider;
        this.threads = threads;
        this.warmup = warmup;
        this.warmupSeconds = warmupSeconds;
        this.steps = steps;
    }

    /**
     * Prepares a run on the backend provider named {@code backendName}.
     *
     * @throws io.jlstm.training.config.ConfigException listing the available backends if the name is unknown
     */
    public static TrainingBenchmark of(Workload workload, String backendName, int threads, int warmup, int steps) {
        return of(workload, backendName, threads, warmup, 0.0, steps);
    }

    /**
     * Prepares a run with a warm-up of at least {@code warmup} steps and {@code warmupSeconds}
     * seconds on the backend provider named {@code backendName}.
     *
     * @throws io.jlstm.training.config.ConfigException listing the available backends if the name is unknown
     */
    public static TrainingBenchmark of(Workload workload, String backendName, int threads, int warmup,
            double warmupSeconds, int steps) {
        return new TrainingBenchmark(workload, Backends.byName(backendName), threads, warmup, warmupSeconds, steps);
    }

    /**
     * Builds the workload, runs the warm-up steps, then times each of the timed steps. The result
     * reports the number of warm-up steps that ran.
     */
    public BenchmarkResult run() {
        Backend backend = provider.create(threads);
        TrainingStep step = new TrainingStep(workload, backend, SEED);

        double loss = Double.NaN;
        long warmupStart = System.nanoTime();
        int warmupSteps = 0;
        while (warmupSteps < warmup || (System.nanoTime() - warmupStart) / 1e9 < warmupSeconds) {
            loss = step.run();
            warmupSteps++;
        }
        resetPeakHeap();
        double[] seconds = new double[steps];
        for (int s = 0; s < steps; s++) {
            long start = System.nanoTime();
            loss = step.run();
            seconds[s] = (System.nanoTime() - start) / 1e9;
        }
        long peakHeap = peakHeapBytes();
        long peakLiveHeap = step.measurePeakLiveHeapBytes();
        return new BenchmarkResult(workload, provider.name(), provider.description(), backend.threads(), warmupSteps,
                seconds, loss, peakHeap, peakLiveHeap);
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }
}
