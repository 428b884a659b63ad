package io.jlstm.benchmarks;

import io.jlstm.training.backend.Backends;
import io.jlstm.training.bench.TrainingBenchmark;
import io.jlstm.training.bench.TrainingStep;
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
 * One training step of a workload's model over sequences of {@code steps} time steps, for
 * measuring allocation against {@code T}. Run it with JMH's GC profiler, whose
 * {@code gc.alloc.rate.norm} is the bytes allocated per training step:
 *
 * <pre>
 * java -jar lstm-benchmarks/target/benchmarks.jar AllocationBenchmark -prof gc
 * </pre>
 *
 * <p>Nothing is allocated inside the time loops, so the bytes per training step are the tape and
 * the other per-pass buffers, which grow linearly with {@code T}, plus a part that does not depend
 * on {@code T}. The bytes divided by {@code T} therefore fall towards a constant as {@code T} grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AllocationBenchmark {

    /** Workload whose sizes {@code I, H, O, B} are used. */
    @Param({"small", "medium"})
    public String workload;

    /** Time steps {@code T} of each sequence, replacing the workload's own. */
    @Param({"25", "50", "100", "200"})
    public int steps;

    /** Backend provider name. */
    @Param({"ejml"})
    public String backend;

    private TrainingStep step;

    /** Builds the model and minibatch once per trial, on one thread. */
    @Setup
    public void setUp() {
        step = new TrainingStep(Workload.parse(workload), steps, Backends.byName(backend).create(1),
                TrainingBenchmark.SEED);
    }

    /** Runs one training step; returns the loss so JMH keeps the work. */
    @Benchmark
    public double trainingStep() {
        return step.run();
    }
}
