package io.jlstm.backend.ejml;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
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
 * Compares EJML's single-threaded GEMM with its {@code CommonOps_MT_DDRM} variant on the products
 * of an LSTM layer with batch B = 32, hidden size H and T * B = 1600 rows per sequence batch: the
 * recurrent step {@code [B x H] * [4H x H]^T}, the input projection {@code [T*B x H] * [4H x H]^T}
 * (each as EJML's transposed-B product and, with the suffix {@code Plain}, as a plain product with
 * the {@code H x 4H} transposed copy that the LSTM cell now passes), and the weight gradient
 * {@code [T*B x 4H]^T * [T*B x H]}.
 *
 * <p>Not a test; run it from the module directory after {@code mvn test-compile}:
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main GemmThreadingBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmThreadingBenchmark {

    /** Hidden size H. */
    @Param({"32", "256"})
    int hidden;

    /** Which product of the layer. */
    @Param({"step", "stepPlain", "projection", "projectionPlain", "weightGradient"})
    String product;

    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj c;

    @Setup
    public void allocate() {
        int batch = 32;
        int rows = 1600;
        SplittableRandom random = new SplittableRandom(1);
        switch (product) {
            case "step" -> {
                a = random(batch, hidden, random);
                b = random(4 * hidden, hidden, random);
                c = new DMatrixRMaj(batch, 4 * hidden);
            }
            case "stepPlain" -> {
                a = random(batch, hidden, random);
                b = random(hidden, 4 * hidden, random);
                c = new DMatrixRMaj(batch, 4 * hidden);
            }
            case "projection" -> {
                a = random(rows, hidden, random);
                b = random(4 * hidden, hidden, random);
                c = new DMatrixRMaj(rows, 4 * hidden);
            }
            case "projectionPlain" -> {
                a = random(rows, hidden, random);
                b = random(hidden, 4 * hidden, random);
                c = new DMatrixRMaj(rows, 4 * hidden);
            }
            case "weightGradient" -> {
                a = random(rows, 4 * hidden, random);
                b = random(rows, hidden, random);
                c = new DMatrixRMaj(4 * hidden, hidden);
            }
            default -> throw new IllegalArgumentException("unknown product " + product);
        }
    }

    @Benchmark
    public DMatrixRMaj singleThreaded() {
        if (product.equals("weightGradient")) {
            return CommonOps_DDRM.multTransA(1.0, a, b, c);
        }
        if (product.endsWith("Plain")) {
            return CommonOps_DDRM.mult(1.0, a, b, c);
        }
        return CommonOps_DDRM.multTransB(1.0, a, b, c);
    }

    @Benchmark
    public DMatrixRMaj multiThreaded() {
        if (product.equals("weightGradient")) {
            return CommonOps_MT_DDRM.multTransA(1.0, a, b, c);
        }
        if (product.endsWith("Plain")) {
            return CommonOps_MT_DDRM.mult(1.0, a, b, c);
        }
        return CommonOps_MT_DDRM.multTransB(1.0, a, b, c);
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            m.data[k] = 2.0 * random.nextDouble() - 1.0;
        }
        return m;
    }
}
