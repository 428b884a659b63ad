package io.jlstm.benchmarks;

import io.jlstm.training.backend.BackendKeys;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.bench.TrainingStep;
import io.jlstm.training.bench.TrainingBenchmark;
import io.jlstm.training.bench.Workload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backward, SGD update) of a workload on a backend: the figure that
 * {@code jlstm bench} reports, measured by JMH. Select with {@code -p workload=medium -p backend=ejml}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmark {

    /** Workload id: small, medium or large. */
    @Param({"small", "medium", "large"})
    public String workload;

    /** Backend provider name. */
    @Param({"blas"})
    public String backend;

    /** Thread limit of the backend; 0 means one per processor. */
    @Param({"0"})
    public int threads;

    private TrainingStep step;

    /** Builds the model and minibatch once per trial. */
    @Setup
    public void setUp() {
        step = new TrainingStep(Workload.parse(workload),
                Backends.byName(backend).create(BackendKeys.resolveThreads(threads)), TrainingBenchmark.SEED);
    }

    /** Runs one training step; returns the loss so JMH keeps the work. */
    @Benchmark
    public double trainingStep() {
        return step.run();
    }
}
