package io.jlstm.backend.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Checks every implementation this machine can load, single-threaded and split over threads,
 * against the scalar reference: GEMM with all transpose combinations, and the fused LSTM kernels.
 */
class BlasBackendProperties {

    private static final double TOLERANCE = 1e-12;

    /** Packing from every size in blocks smaller than the drawn shapes, so that edges and remainders run. */
    private static final PackedGemm.Blocking SMALL_BLOCKS = new PackedGemm.Blocking(0, 7, 5);

    /**
     * Backends under test: each loadable implementation with 1 thread, with 3 threads and a zero
     * split threshold, with the plain Java LSTM kernels instead of the Vector API ones, and packed in
     * blocks of 7 rows by 5 inner indices from every size, with 1 and with 3 threads (native BLAS
     * is never packed).
     */
    @Provide
    Arbitrary<BlasBackend> backends() {
        List<BlasBackend> backends = new ArrayList<>();
        for (BlasLibrary library : loadableLibraries()) {
            backends.add(new BlasBackend(library, 1));
            backends.add(new BlasBackend(library, 3, 0));
            backends.add(new BlasBackend(library, 1, BlasBackend.PARALLEL_MIN_MULTIPLY_ADDS, LstmKernels.scalar()));
            backends.add(new BlasBackend(library, 1, BlasBackend.PARALLEL_MIN_MULTIPLY_ADDS, LstmKernels.best(),
                    SMALL_BLOCKS));
            backends.add(new BlasBackend(library, 3, 0, LstmKernels.best(), SMALL_BLOCKS));
        }
        return Arbitraries.of(backends);
    }

    @Example
    void vectorKernelsLoadUnderTestFlags() {
        // The module's surefire configuration adds jdk.incubator.vector.
        assertThat(LstmKernels.best()).isInstanceOf(VectorLstmKernels.class);
    }

    static List<BlasLibrary> loadableLibraries() {
        List<BlasLibrary> libraries = new ArrayList<>();
        JavaBLAS java = JavaBLAS.getInstance();
        libraries.add(new BlasLibrary(java, java.getClass().getSimpleName().equals("VectorBLAS")
                ? BlasLibrary.Kind.VECTOR : BlasLibrary.Kind.JAVA, null));
        try {
            libraries.add(new BlasLibrary(NativeBLAS.getInstance(), BlasLibrary.Kind.NATIVE,
                    BlasLibrary.findLoadedBlas().orElse(null)));
        } catch (RuntimeException | LinkageError e) {
            // No native BLAS on this machine: the Java implementation is still covered.
        }
        return libraries;
    }

    @Property(tries = 300)
    void gemmMatchesScalar(@ForAll("backends") BlasBackend blas, @ForAll boolean transA, @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 40) int k, @ForAll("coefficients") double alpha,
            @ForAll("coefficients") double beta, @ForAll long seed) {
        ScalarBackend scalar = new ScalarBackend();
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = values(random, m * k);
        double[] b = values(random, k * n);
        double[] c = values(random, m * n);
        int aRows = transA ? k : m;
        int bRows = transB ? n : k;

        Tensor expected = scalar.fromArray(m, n, c);
        scalar.gemm(transA, transB, alpha, scalar.fromArray(aRows, m * k / aRows, a),
                scalar.fromArray(bRows, k * n / bRows, b), beta, expected);
        Tensor actual = blas.fromArray(m, n, c);
        blas.gemm(transA, transB, alpha, blas.fromArray(aRows, m * k / aRows, a),
                blas.fromArray(bRows, k * n / bRows, b), beta, actual);

        // Each element is a sum of k + 1 terms of magnitude at most 2; the orders of summation differ.
        assertClose(actual.toArray(), expected.toArray(), TOLERANCE * 2 * (k + 1));
    }

    @Provide
    Arbitrary<Double> coefficients() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, -1.0), Arbitraries.doubles().between(-2.0, 2.0));
    }

    @Example
    void gemmWithZeroBetaIgnoresNaN() {
        for (BlasLibrary library : loadableLibraries()) {
            BlasBackend blas = new BlasBackend(library, 2, 0);
            Tensor a = blas.fromArray(8, 3, values(new SplittableRandom(1), 24));
            Tensor b = blas.fromArray(3, 5, values(new SplittableRandom(2), 15));
            Tensor c = blas.zeros(8, 5);
            blas.fill(c, Double.NaN);

            blas.gemm(false, false, 1.0, a, b, 0.0, c);

            for (double v : c.toArray()) {
                assertThat(v).as(library.describe()).isFinite();
            }
        }
    }

    @Example
    void gemmRejectsForeignTensor() {
        BlasBackend blas = new BlasBackend(loadableLibraries().get(0), 1);
        Tensor foreign = new ScalarBackend().zeros(2, 2);

        assertThatThrownBy(() -> blas.gemm(false, false, 1.0, foreign, blas.zeros(2, 2), 0.0, blas.zeros(2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to backend 'scalar'");
    }

    @Example
    void threadsBelowOneRejected() {
        assertThatThrownBy(() -> new BlasBackend(loadableLibraries().get(0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1, but is 0");
    }

    @Property(tries = 400)
    void fusedLstmStepsMatchScalarDefaults(@ForAll("backends") BlasBackend blas,
            @ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 20) int hidden,
            @ForAll long seed) {
        ScalarBackend scalar = new ScalarBackend();
        SplittableRandom random = new SplittableRandom(seed);
        double[] gates = scaled(values(random, batch * 4 * hidden), 4.0);
        double[] cPrev = values(random, batch * hidden);
        double[] dh = values(random, batch * hidden);
        double[] dc = values(random, batch * hidden);

        double[][] expected = runStep(scalar, batch, hidden, gates, cPrev, dh, dc);
        double[][] actual = runStep(blas, batch, hidden, gates, cPrev, dh, dc);

        for (int q = 0; q < expected.length; q++) {
            assertClose(actual[q], expected[q], TOLERANCE);
        }
    }

    /** Runs the fused forward and backward on {@code backend}; returns acts, c, tanhC, h, dGates and dcPrev. */
    private static double[][] runStep(Backend backend, int batch, int hidden, double[] gates, double[] cPrev,
            double[] dh, double[] dc) {
        Tensor acts = backend.fromArray(batch, 4 * hidden, gates);
        Tensor cPrevT = backend.fromArray(batch, hidden, cPrev);
        Tensor c = backend.zeros(batch, hidden);
        Tensor tanhC = backend.zeros(batch, hidden);
        Tensor h = backend.zeros(batch, hidden);
        Tensor dhT = backend.fromArray(batch, hidden, dh);
        Tensor dcT = backend.fromArray(batch, hidden, dc);
        Tensor dGates = backend.zeros(batch, 4 * hidden);
        Scratch scratch = Scratch.allocate(backend, 5, batch, hidden);

        backend.lstmPointwiseForward(acts, cPrevT, c, tanhC, h, scratch);
        backend.lstmPointwiseBackward(acts, cPrevT, tanhC, dhT, dcT, dGates, scratch);
        return new double[][] {acts.toArray(), c.toArray(), tanhC.toArray(), h.toArray(), dGates.toArray(),
            dcT.toArray()};
    }

    private static double[] values(SplittableRandom random, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextDouble(-1.0, 1.0);
        }
        return v;
    }

    private static double[] scaled(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return v;
    }

    /** Asserts {@code |actual - expected| <= tolerance * max(1, |expected|)} for each element. */
    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double bound = tolerance * Math.max(1.0, Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(bound);
        }
    }
}
