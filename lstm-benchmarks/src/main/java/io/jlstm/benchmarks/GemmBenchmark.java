package io.jlstm.benchmarks;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.backend.BackendKeys;
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
 * The LSTM's GEMMs at a workload's shapes (I, H, B, T), one call per operation:
 *
 * <ul>
 *   <li>{@code step}: per time step, {@code gates += h W_hh^T}, {@code B x H} by {@code H x 4H};
 *   <li>{@code step-backward}: per time step, {@code dh = dGates W_hh}, {@code B x 4H} by {@code 4H x H};
 *   <li>{@code input}: once per pass, {@code x W_ih^T}, {@code TB x I} by {@code I x 4H};
 *   <li>{@code weight-gradient}: once per pass, {@code dW_hh = dGates^T h}, {@code 4H x TB} by {@code TB x H}.
 * </ul>
 *
 * <p>GFLOP/s is {@code 2 m n k} divided by the time per operation; {@link #multiplyAdds()} gives
 * {@code m n k} for the selected shape.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    /** Workload whose shapes are used. */
    @Param({"small", "medium", "large"})
    public String workload;

    /** Which GEMM of the LSTM. */
    @Param({"step", "step-backward", "input", "weight-gradient"})
    public String operation;

    /** Backend provider name. */
    @Param({"blas"})
    public String backend;

    /** Thread limit of the backend; 0 means one per processor. */
    @Param({"0"})
    public int threads;

    private Backend math;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private boolean transA;
    private boolean transB;

    /** Allocates random operands for the selected shape. */
    @Setup
    public void setUp() {
        Workload w = Workload.parse(workload);
        math = Backends.byName(backend).create(BackendKeys.resolveThreads(threads));
        int h = w.hiddenSize();
        int rows = w.steps() * w.batch();
        SplittableRandom random = new SplittableRandom(1);
        switch (operation) {
            case "step" -> {
                a = random(random, w.batch(), h);
                b = random(random, 4 * h, h);
                c = random(random, w.batch(), 4 * h);
                transB = true;
            }
            case "step-backward" -> {
                a = random(random, w.batch(), 4 * h);
                b = random(random, 4 * h, h);
                c = random(random, w.batch(), h);
            }
            case "input" -> {
                a = random(random, rows, w.inputSize());
                b = random(random, 4 * h, w.inputSize());
                c = random(random, rows, 4 * h);
                transB = true;
            }
            case "weight-gradient" -> {
                a = random(random, rows, 4 * h);
                b = random(random, rows, h);
                c = random(random, 4 * h, h);
                transA = true;
            }
            default -> throw new IllegalArgumentException("unknown operation '" + operation
                    + "'; expected step, step-backward, input or weight-gradient");
        }
    }

    /** Multiply-adds {@code m n k} of the selected GEMM. */
    public long multiplyAdds() {
        long k = transA ? a.rows() : a.cols();
        return (long) c.rows() * c.cols() * k;
    }

    /** Runs {@code C = op(A) op(B) + C} once. */
    @Benchmark
    public Tensor gemm() {
        math.gemm(transA, transB, 1.0, a, b, 1.0, c);
        return c;
    }

    private Tensor random(SplittableRandom random, int rows, int cols) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(-0.01, 0.01);
        }
        return math.fromArray(rows, cols, values);
    }
}
