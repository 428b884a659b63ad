package io.jlstm.benchmarks;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.bench.Workload;
import java.util.SplittableRandom;
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
 * The fused point-wise LSTM kernels of one time step at a workload's {@code B x H}: forward
 * ({@code lstmPointwiseForward}) and backward ({@code lstmPointwiseBackward}) separately.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PointwiseBenchmark {

    /** Workload whose {@code B x H} is used. */
    @Param({"small", "medium", "large"})
    public String workload;

    /** Backend provider name. */
    @Param({"scalar", "blas"})
    public String backend;

    private Backend math;
    private double[] preActivations;
    private Tensor gates;
    private Tensor acts;
    private Tensor cPrev;
    private Tensor c;
    private Tensor tanhC;
    private Tensor h;
    private Tensor dh;
    private Tensor dc;
    private Tensor dGates;
    private Scratch scratch;

    /** Allocates the step's tensors with random contents. */
    @Setup
    public void setUp() {
        Workload w = Workload.parse(workload);
        math = Backends.byName(backend).create(1);
        int batch = w.batch();
        int hidden = w.hiddenSize();
        SplittableRandom random = new SplittableRandom(1);
        preActivations = values(random, batch * 4 * hidden, 3.0);
        gates = math.fromArray(batch, 4 * hidden, preActivations);
        acts = math.fromArray(batch, 4 * hidden, preActivations);
        cPrev = math.fromArray(batch, hidden, values(random, batch * hidden, 1.0));
        c = math.zeros(batch, hidden);
        tanhC = math.zeros(batch, hidden);
        h = math.zeros(batch, hidden);
        dh = math.fromArray(batch, hidden, values(random, batch * hidden, 1.0));
        dc = math.fromArray(batch, hidden, values(random, batch * hidden, 1.0));
        dGates = math.zeros(batch, 4 * hidden);
        scratch = Scratch.allocate(math, 5, batch, hidden);
        math.lstmPointwiseForward(acts, cPrev, c, tanhC, h, scratch);
    }

    /** Forward step; the gates are reloaded first so every call sees pre-activations (a copy of B x 4H). */
    @Benchmark
    public Tensor forward() {
        gates.copyFrom(preActivations);
        math.lstmPointwiseForward(gates, cPrev, c, tanhC, h, scratch);
        return h;
    }

    /** Backward step on fixed activations; {@code dc} becomes {@code (dc + ...) * f} each call, bounded because f < 1. */
    @Benchmark
    public Tensor backward() {
        math.lstmPointwiseBackward(acts, cPrev, tanhC, dh, dc, dGates, scratch);
        return dGates;
    }

    private static double[] values(SplittableRandom random, int count, double scale) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextDouble(-scale, scale);
        }
        return v;
    }
}
