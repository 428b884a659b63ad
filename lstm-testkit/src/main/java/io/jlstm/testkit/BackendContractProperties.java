package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.ArraySequenceDataset;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.TrainingSummary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract every {@link Backend} meets, as jqwik properties that compare the backend under test
 * with the {@link ScalarBackend} reference on random shapes and values.
 *
 * <p>A backend runs the whole suite by extending this class in a test and naming its provider:
 *
 * <pre>{@code
 * class MyBackendContractProperties extends BackendContractProperties {
 *     @Override
 *     protected BackendProvider provider() {
 *         return new MyBackendProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>The properties check that
 * <ul>
 *   <li>every primitive operation agrees with the reference to {@value #OPERATION_TOLERANCE}, on
 *       shapes from {@code 1 x 1} up to {@code 12 x 12} (one dimension in four is 1), for all four
 *       transpose combinations of GEMM, with {@code alpha} and {@code beta} other than 1, with NaN in
 *       C when {@code beta = 0}, and with element-wise destinations that alias an input;</li>
 *   <li>the fused LSTM kernels agree with the default methods of {@link Backend} running on the
 *       backend's own primitives, and with the reference;</li>
 *   <li>a short SGD run through {@link Trainer}, with the backend chosen by its provider name, ends
 *       with parameters and loss equal to the reference run's to {@value #TRAINING_TOLERANCE}
 *       relative;</li>
 *   <li>operands of the wrong shape are rejected with an {@link IllegalArgumentException} whose
 *       message names the bad shape and the shape it fails to match, tensors of another backend with
 *       one that names {@code Backend.adopt}, and the provider is registered under its name.</li>
 * </ul>
 *
 * <p>How agreement is measured: an element agrees when {@code |actual - expected| <= tolerance * m}.
 * For element-wise operations {@code m = max(|actual|, |expected|)}, plain relative error. For a
 * result that is a sum, {@code m} is the sum of the absolute values of its terms, because rounding
 * error scales with the terms, and a sum that cancels to nearly zero keeps that error: for GEMM,
 * {@code m = |alpha| * sum_p |op(A)[i,p] * op(B)[p,j]| + |beta * C[i,j]|}; for {@code sumRows},
 * {@code |beta * out[c]| + sum_r |x[r,c]|}; for the fused kernels, the sums inside the LSTM formulas
 * ({@code c = f*cPrev + i*g} forward, {@code dc + dh*o*(1 - tanh(c)^2)} backward) scale the outputs
 * that depend on them.
 */
public abstract class BackendContractProperties {

    /** Largest error of one operation relative to the magnitude described in the class comment. */
    public static final double OPERATION_TOLERANCE = 1e-12;

    /** Largest relative difference of parameters and loss after a short training run. */
    public static final double TRAINING_TOLERANCE = 1e-9;

    private static final Pattern SHAPE = Pattern.compile("\\[\\d+ x \\d+]");

    private final Backend reference = new ScalarBackend();

    /** The provider of the backend under test, which must also be registered through ServiceLoader. */
    protected abstract BackendProvider provider();

    /** Creates the backend under test; the properties call this once or twice per try. */
    protected Backend backend() {
        return provider().create();
    }

    /** Dimensions 1 to 12, with 1 drawn one time in four so that vectors and scalars come up often. */
    @Provide
    protected Arbitrary<Integer> dimensions() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(1)),
                Tuple.of(3, Arbitraries.integers().between(2, 12)));
    }

    /** Magnitudes of the random values, from 1e-3 to 1e3. */
    @Provide
    protected Arbitrary<Double> scales() {
        return Arbitraries.of(1e-3, 0.5, 1.0, 4.0, 1e3);
    }

    /** GEMM and {@code sumRows} coefficients: 0, 1 and other fixed values, and uniform in [-3, 3]. */
    @Provide
    protected Arbitrary<Double> coefficients() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, -1.0, 0.5, 2.0), Arbitraries.doubles().between(-3.0, 3.0));
    }

    // ---------------------------------------------------------------- registration and tensors

    @Example
    void providerIsRegisteredUnderItsName() {
        BackendProvider provider = provider();
        String name = provider.name();

        assertThat(name).as("provider name").matches("[a-z][a-z0-9-]*");
        assertThat(backend().name()).as("name of the backend the provider creates").isEqualTo(name);
        assertThat(provider.description()).as("provider description").isNotBlank();
        assertThat(Backends.byName(name))
                .as("provider registered in META-INF/services/%s under '%s'", BackendProvider.class.getName(), name)
                .isInstanceOf(provider.getClass());
    }

    @Property(tries = 200)
    void tensorsRoundTripTheirValues(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll long seed) {
        Backend backend = backend();
        double[] values = randomValues(rows * cols, 1.0, new SplittableRandom(seed));

        Tensor t = backend.fromArray(rows, cols, values);
        values[0] += 1.0;

        assertThat(t.backend().name()).as("owner of a new tensor").isEqualTo(backend.name());
        assertThat(t.rows()).as("rows").isEqualTo(rows);
        assertThat(t.cols()).as("cols").isEqualTo(cols);
        assertThat(t.get(0, 0)).as("element (0, 0) after the source array changed").isEqualTo(values[0] - 1.0);
        values[0] -= 1.0;
        assertThat(t.toArray()).as("toArray of fromArray").containsExactly(values);
        t.set(rows - 1, cols - 1, 7.5);
        assertThat(t.get(rows - 1, cols - 1)).as("element set last").isEqualTo(7.5);
        double[] replacement = randomValues(rows * cols, 2.0, new SplittableRandom(seed + 1));
        t.copyFrom(replacement);
        assertThat(t.toArray()).as("toArray after copyFrom").containsExactly(replacement);
        assertThat(backend.zeros(rows, cols).toArray()).as("zeros").containsOnly(0.0);
    }

    @Property(tries = 200)
    void allocationRejectsBadShapes(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll @IntRange(min = -3, max = 0) int bad, @ForAll @IntRange(min = 1, max = 3) int extra) {
        Backend backend = backend();

        assertThatThrownBy(() -> backend.zeros(bad, cols)).as("zeros(%d, %d)", bad, cols)
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.zeros(rows, bad)).as("zeros(%d, %d)", rows, bad)
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.fromArray(rows, cols, new double[rows * cols + extra]))
                .as("fromArray with %d values too many", extra)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(rows * cols + extra));
        assertThatThrownBy(() -> backend.zeros(rows, cols).copyFrom(new double[rows * cols - 1]))
                .as("copyFrom with one value too few")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.zeros(rows, cols).copyFrom(new double[rows * cols + extra]))
                .as("copyFrom with %d values too many", extra)
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void foreignTensorsAreRejectedNamingAdopt(@ForAll ContractOperation operation,
            @ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll @IntRange(min = 0, max = 5) int slot) {
        Backend backend = backend();
        Backend foreign = new ScalarBackend();
        int[][] shapes = operation.shapes(rows, cols);
        Tensor[] operands = zeros(backend, shapes);
        int position = slot % shapes.length;
        operands[position] = foreign.zeros(shapes[position][0], shapes[position][1]);

        Throwable thrown = catchThrowable(() -> operation.apply(backend, operands));

        assertThat(thrown).as("%s with operand %d from another backend", operation, position)
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(thrown.getMessage()).as("message of %s with a foreign operand %d", operation, position)
                .contains("adopt")
                .contains(foreign.name())
                .contains(backend.name());
    }

    @Property(tries = 200)
    void adoptCopiesForeignTensorsAndKeepsOwnOnes(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll long seed) {
        Backend backend = backend();
        double[] values = randomValues(rows * cols, 1.0, new SplittableRandom(seed));
        Tensor foreign = new ScalarBackend().fromArray(rows, cols, values);

        Tensor adopted = backend.adopt(foreign);
        Tensor own = backend.fromArray(rows, cols, values);

        assertThat(adopted.toArray()).as("values of an adopted tensor").containsExactly(values);
        assertThat(adopted.backend().name()).as("owner of an adopted tensor").isEqualTo(backend.name());
        backend.add(adopted, own, own);
        assertThat(backend.adopt(own)).as("adopt of a tensor the backend owns").isSameAs(own);
    }

    // ---------------------------------------------------------------- GEMM

    @Property(tries = 300)
    void gemmAgreesWithReference(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
            @ForAll("dimensions") int k, @ForAll boolean transA, @ForAll boolean transB,
            @ForAll("coefficients") double alpha, @ForAll("coefficients") double beta,
            @ForAll("scales") double scale, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = randomValues(m * k, scale, random);
        double[] b = randomValues(k * n, scale, random);
        double[] c = randomValues(m * n, scale, random);
        if (beta == 0.0) {
            Arrays.fill(c, Double.NaN);
        }
        checkGemm(m, n, k, transA, transB, alpha, beta, a, b, c);
    }

    @Property(tries = 200)
    void gemmWithBetaZeroIgnoresNaNInC(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
            @ForAll("dimensions") int k, @ForAll boolean transA, @ForAll boolean transB,
            @ForAll("coefficients") double alpha, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = randomValues(m * k, 1.0, random);
        double[] b = randomValues(k * n, 1.0, random);
        double[] c = new double[m * n];
        Arrays.fill(c, Double.NaN);

        double[] result = checkGemm(m, n, k, transA, transB, alpha, 0.0, a, b, c);

        assertThat(result).as("C after gemm with beta 0 over a C full of NaN").doesNotContain(Double.NaN);
    }

    @Property(tries = 200)
    void gemmRejectsDestinationAliasingAnInput(@ForAll("dimensions") int n, @ForAll boolean aliasA,
            @ForAll boolean transA, @ForAll boolean transB, @ForAll("coefficients") double alpha,
            @ForAll("coefficients") double beta) {
        Backend backend = backend();
        Tensor a = backend.zeros(n, n);
        Tensor b = backend.zeros(n, n);
        Tensor c = aliasA ? a : b;

        assertThatThrownBy(() -> backend.gemm(transA, transB, alpha, a, b, beta, c))
                .as("gemm with C the same tensor as %s", aliasA ? "A" : "B")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private double[] checkGemm(int m, int n, int k, boolean transA, boolean transB, double alpha, double beta,
            double[] a, double[] b, double[] c) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        Backend backend = backend();
        Tensor ta = backend.fromArray(aRows, aCols, a);
        Tensor tb = backend.fromArray(bRows, bCols, b);
        Tensor tc = backend.fromArray(m, n, c);
        Tensor ra = reference.fromArray(aRows, aCols, a);
        Tensor rb = reference.fromArray(bRows, bCols, b);
        Tensor rc = reference.fromArray(m, n, c);

        backend.gemm(transA, transB, alpha, ta, tb, beta, tc);
        reference.gemm(transA, transB, alpha, ra, rb, beta, rc);

        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * m + i] : a[i * k + p];
                    double bpj = transB ? b[j * k + p] : b[p * n + j];
                    sum += Math.abs(aip * bpj);
                }
                double old = beta == 0.0 ? 0.0 : Math.abs(beta * c[i * n + j]);
                magnitude[i * n + j] = Math.abs(alpha) * sum + old;
            }
        }
        String label = String.format(
                "gemm(transA=%b, transB=%b, alpha=%s, A [%d x %d], B [%d x %d], beta=%s, C [%d x %d])",
                transA, transB, alpha, aRows, aCols, bRows, bCols, beta, m, n);
        double[] result = tc.toArray();
        Agreement.assertWithin(label, n, result, rc.toArray(), magnitude, OPERATION_TOLERANCE);
        Agreement.assertUnchanged(label + ", A", aCols, ta.toArray(), a);
        Agreement.assertUnchanged(label + ", B", bCols, tb.toArray(), b);
        return result;
    }

    // ---------------------------------------------------------------- element-wise operations

    /** The operand that the destination of a two-input element-wise operation aliases. */
    enum Aliasing {
        /** A separate tensor. */
        NONE,
        /** The first input. */
        FIRST,
        /** The second input. */
        SECOND,
        /** Both inputs and the destination are one tensor. */
        ALL
    }

    @Property(tries = 200)
    void sigmoidAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("sigmoid", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.sigmoid(t[0], t[1]));
    }

    @Property(tries = 200)
    void tanhAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("tanh", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.tanh(t[0], t[1]));
    }

    @Property(tries = 200)
    void sigmoidDerivativeAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("sigmoidDerivative", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.sigmoidDerivative(t[0], t[1]));
    }

    @Property(tries = 200)
    void tanhDerivativeAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("tanhDerivative", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.tanhDerivative(t[0], t[1]));
    }

    @Property(tries = 200)
    void reluAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("relu", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.relu(t[0], t[1]));
    }

    @Property(tries = 200)
    void reluDerivativeAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("reluDerivative", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.reluDerivative(t[0], t[1]));
    }

    @Property(tries = 200)
    void scaleAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll("coefficients") double alpha, @ForAll boolean inPlace,
            @ForAll long seed) {
        checkElementwise("scale by " + alpha, rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.scale(alpha, t[0], t[1]));
    }

    @Property(tries = 200)
    void copyAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        checkElementwise("copy", rows, cols, scale, 1, inPlace ? Aliasing.FIRST : Aliasing.NONE, seed,
                (backend, t) -> backend.copy(t[0], t[1]));
    }

    @Property(tries = 200)
    void mulAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll Aliasing aliasing, @ForAll long seed) {
        checkElementwise("mul", rows, cols, scale, 2, aliasing, seed, (backend, t) -> backend.mul(t[0], t[1], t[2]));
    }

    @Property(tries = 200)
    void addAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll Aliasing aliasing, @ForAll long seed) {
        checkElementwise("add", rows, cols, scale, 2, aliasing, seed, (backend, t) -> backend.add(t[0], t[1], t[2]));
    }

    @Property(tries = 200)
    void subAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll Aliasing aliasing, @ForAll long seed) {
        checkElementwise("sub", rows, cols, scale, 2, aliasing, seed, (backend, t) -> backend.sub(t[0], t[1], t[2]));
    }

    @Property(tries = 200)
    void axpyAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll("coefficients") double alpha, @ForAll boolean xIsY,
            @ForAll long seed) {
        // The destination y is also an input, so the in-place case is x being the same tensor as y.
        checkElementwise("axpy with alpha " + alpha, rows, cols, scale, 1, xIsY ? Aliasing.FIRST : Aliasing.NONE,
                seed, (backend, t) -> backend.axpy(alpha, t[0], t[1]));
    }

    @Property(tries = 200)
    void fillAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("coefficients") double value, @ForAll long seed) {
        checkElementwise("fill with " + value, rows, cols, 1.0, 0, Aliasing.NONE, seed,
                (backend, t) -> backend.fill(t[0], value));
    }

    @Property(tries = 200)
    void addRowVectorAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = randomValues(rows * cols, scale, random);
        double[] row = randomValues(cols, scale, random);
        Backend backend = backend();
        Tensor tx = backend.fromArray(rows, cols, x);
        Tensor trow = backend.fromArray(1, cols, row);
        Tensor tout = inPlace ? tx : backend.zeros(rows, cols);
        Tensor rout = reference.zeros(rows, cols);

        backend.addRowVector(tx, trow, tout);
        reference.addRowVector(reference.fromArray(rows, cols, x), reference.fromArray(1, cols, row), rout);

        String label = String.format("addRowVector on [%d x %d]%s", rows, cols, inPlace ? " in place" : "");
        Agreement.assertRelative(label, cols, tout.toArray(), rout.toArray(), OPERATION_TOLERANCE);
        Agreement.assertUnchanged(label + ", row vector", cols, trow.toArray(), row);
        if (!inPlace) {
            Agreement.assertUnchanged(label + ", x", cols, tx.toArray(), x);
        }
    }

    // ---------------------------------------------------------------- reductions and blocks

    @Property(tries = 200)
    void sumRowsAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll("coefficients") double beta, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = randomValues(rows * cols, scale, random);
        double[] out = randomValues(cols, scale, random);
        if (beta == 0.0) {
            Arrays.fill(out, Double.NaN);
        }
        Backend backend = backend();
        Tensor tout = backend.fromArray(1, cols, out);
        Tensor rout = reference.fromArray(1, cols, out);

        backend.sumRows(backend.fromArray(rows, cols, x), beta, tout);
        reference.sumRows(reference.fromArray(rows, cols, x), beta, rout);

        double[] magnitude = new double[cols];
        for (int c = 0; c < cols; c++) {
            magnitude[c] = beta == 0.0 ? 0.0 : Math.abs(beta * out[c]);
            for (int r = 0; r < rows; r++) {
                magnitude[c] += Math.abs(x[r * cols + c]);
            }
        }
        Agreement.assertWithin(String.format("sumRows of [%d x %d] with beta %s", rows, cols, beta), cols,
                tout.toArray(), rout.toArray(), magnitude, OPERATION_TOLERANCE);
    }

    @Property(tries = 200)
    void sumOfSquaresAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll("scales") double scale, @ForAll long seed) {
        double[] x = randomValues(rows * cols, scale, new SplittableRandom(seed));

        Backend backend = backend();
        double actual = backend.sumOfSquares(backend.fromArray(rows, cols, x));
        double expected = reference.sumOfSquares(reference.fromArray(rows, cols, x));

        Agreement.assertRelative(String.format("sumOfSquares of [%d x %d]", rows, cols), 1, new double[] {actual},
                new double[] {expected}, OPERATION_TOLERANCE);
    }

    @Property(tries = 200)
    void copyRowsAgreesWithReference(@ForAll("dimensions") int srcRows, @ForAll("dimensions") int dstRows,
            @ForAll("dimensions") int cols, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = random.nextInt(Math.min(srcRows, dstRows) + 1);
        int srcRow = random.nextInt(srcRows - count + 1);
        int dstRow = random.nextInt(dstRows - count + 1);
        double[] src = randomValues(srcRows * cols, 1.0, random);
        double[] dst = randomValues(dstRows * cols, 1.0, random);

        Backend backend = backend();
        Tensor tdst = backend.fromArray(dstRows, cols, dst);
        Tensor rdst = reference.fromArray(dstRows, cols, dst);
        backend.copyRows(backend.fromArray(srcRows, cols, src), srcRow, tdst, dstRow, count);
        reference.copyRows(reference.fromArray(srcRows, cols, src), srcRow, rdst, dstRow, count);

        Agreement.assertUnchanged(String.format("copyRows of %d rows from row %d of [%d x %d] to row %d of [%d x %d]",
                count, srcRow, srcRows, cols, dstRow, dstRows, cols), cols, tdst.toArray(), rdst.toArray());
    }

    @Property(tries = 200)
    void getColumnsAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int wideCols,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = 1 + random.nextInt(wideCols);
        int firstCol = random.nextInt(wideCols - width + 1);
        double[] src = randomValues(rows * wideCols, 1.0, random);
        double[] dst = randomValues(rows * width, 1.0, random);

        Tensor tdst = backend().fromArray(rows, width, dst);
        Tensor rdst = reference.fromArray(rows, width, dst);
        tdst.backend().getColumns(tdst.backend().fromArray(rows, wideCols, src), firstCol, tdst);
        reference.getColumns(reference.fromArray(rows, wideCols, src), firstCol, rdst);

        Agreement.assertUnchanged(String.format("getColumns [%d x %d] at column %d of [%d x %d]", rows, width,
                firstCol, rows, wideCols), width, tdst.toArray(), rdst.toArray());
    }

    @Property(tries = 200)
    void setColumnsAgreesWithReference(@ForAll("dimensions") int rows, @ForAll("dimensions") int wideCols,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = 1 + random.nextInt(wideCols);
        int firstCol = random.nextInt(wideCols - width + 1);
        double[] src = randomValues(rows * width, 1.0, random);
        double[] dst = randomValues(rows * wideCols, 1.0, random);

        Tensor tdst = backend().fromArray(rows, wideCols, dst);
        Tensor rdst = reference.fromArray(rows, wideCols, dst);
        tdst.backend().setColumns(tdst.backend().fromArray(rows, width, src), tdst, firstCol);
        reference.setColumns(reference.fromArray(rows, width, src), rdst, firstCol);

        Agreement.assertUnchanged(String.format("setColumns [%d x %d] at column %d of [%d x %d]", rows, width,
                firstCol, rows, wideCols), wideCols, tdst.toArray(), rdst.toArray());
    }

    @Property(tries = 200)
    void transposeSwapsRowsAndColumns(@ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] src = randomValues(rows * cols, 1.0, random);
        double[] expected = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                expected[c * rows + r] = src[r * cols + c];
            }
        }

        Backend backend = backend();
        Tensor out = backend.fromArray(cols, rows, randomValues(rows * cols, 1.0, random));
        backend.transpose(backend.fromArray(rows, cols, src), out);

        Agreement.assertUnchanged(String.format("transpose of [%d x %d]", rows, cols), rows, out.toArray(),
                expected);
    }

    @Example
    void transposeRejectsItselfAsOutput() {
        Backend backend = backend();
        Tensor square = backend.zeros(3, 3);

        assertThatThrownBy(() -> backend.transpose(square, square))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be the input tensor");
    }

    // ---------------------------------------------------------------- fused LSTM kernels

    @Property(tries = 200)
    void lstmForwardKernelAgreesWithDefault(@ForAll("dimensions") int batch, @ForAll("dimensions") int hidden,
            @ForAll @DoubleRange(min = 0.1, max = 10.0) double gateScale, @ForAll boolean cInPlace,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] gates = randomValues(batch * 4 * hidden, gateScale, random);
        double[] cPrev = randomValues(batch * hidden, 2.0, random);

        double[][] fused = lstmForward(backend(), gates, cPrev, batch, hidden, cInPlace);
        double[][] composed = lstmForward(new DefaultKernelsBackend(backend()), gates, cPrev, batch, hidden, false);
        double[][] expected = lstmForward(reference, gates, cPrev, batch, hidden, false);

        // Error bound of c = f*cPrev + i*g, which tanh(c) and h = o*tanh(c) inherit.
        double[] acts = expected[0];
        double[] cMagnitude = new double[batch * hidden];
        double[] hMagnitude = new double[batch * hidden];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
                int s = r * hidden + j;
                int g = r * 4 * hidden + j;
                cMagnitude[s] = Math.abs(acts[g + hidden] * cPrev[s]) + Math.abs(acts[g] * acts[g + 2 * hidden]);
                hMagnitude[s] = Math.abs(acts[g + 3 * hidden]) * cMagnitude[s];
            }
        }
        String[] names = {"gate activations", "c", "tanh(c)", "h"};
        double[][] magnitudes = {null, cMagnitude, cMagnitude, hMagnitude};
        for (int k = 0; k < names.length; k++) {
            int cols = k == 0 ? 4 * hidden : hidden;
            String shape = String.format(" of lstmPointwiseForward, B=%d H=%d%s", batch, hidden,
                    cInPlace ? ", c in place of cPrev" : "");
            Agreement.assertWithin(names[k] + shape + ", fused vs default on the same backend", cols, fused[k],
                    composed[k], magnitudes[k], OPERATION_TOLERANCE);
            Agreement.assertWithin(names[k] + shape + ", fused vs reference", cols, fused[k], expected[k],
                    magnitudes[k], OPERATION_TOLERANCE);
        }
    }

    @Property(tries = 200)
    void lstmBackwardKernelAgreesWithDefault(@ForAll("dimensions") int batch, @ForAll("dimensions") int hidden,
            @ForAll("scales") double gradientScale, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] acts = new double[batch * 4 * hidden];
        for (int k = 0; k < acts.length; k++) {
            boolean cellGate = (k % (4 * hidden)) / hidden == 2;
            acts[k] = cellGate ? 2.0 * random.nextDouble() - 1.0 : random.nextDouble();
        }
        double[] cPrev = randomValues(batch * hidden, 2.0, random);
        double[] tanhC = randomValues(batch * hidden, 1.0, random);
        double[] dh = randomValues(batch * hidden, gradientScale, random);
        double[] dc = randomValues(batch * hidden, gradientScale, random);

        double[][] fused = lstmBackward(backend(), acts, cPrev, tanhC, dh, dc, batch, hidden);
        double[][] composed = lstmBackward(new DefaultKernelsBackend(backend()), acts, cPrev, tanhC, dh, dc, batch,
                hidden);
        double[][] expected = lstmBackward(reference, acts, cPrev, tanhC, dh, dc, batch, hidden);

        // Error bound of dc' = dc + dh*o*(1 - tanh(c)^2), which every gradient but dGo is a multiple of.
        double[] gateMagnitude = new double[acts.length];
        double[] dcMagnitude = new double[batch * hidden];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
                int s = r * hidden + j;
                int g = r * 4 * hidden + j;
                double in = acts[g];
                double forget = acts[g + hidden];
                double cell = acts[g + 2 * hidden];
                double out = acts[g + 3 * hidden];
                double sum = Math.abs(dc[s]) + Math.abs(dh[s] * out * (1.0 - tanhC[s] * tanhC[s]));
                gateMagnitude[g] = sum * Math.abs(cell * in * (1.0 - in));
                gateMagnitude[g + hidden] = sum * Math.abs(cPrev[s] * forget * (1.0 - forget));
                gateMagnitude[g + 2 * hidden] = sum * Math.abs(in * (1.0 - cell * cell));
                dcMagnitude[s] = sum * Math.abs(forget);
            }
        }
        String[] names = {"dGates", "dc (gradient of cPrev)", "dh"};
        double[][] magnitudes = {gateMagnitude, dcMagnitude, null};
        for (int k = 0; k < names.length; k++) {
            int cols = k == 0 ? 4 * hidden : hidden;
            String shape = String.format(" of lstmPointwiseBackward, B=%d H=%d", batch, hidden);
            Agreement.assertWithin(names[k] + shape + ", fused vs default on the same backend", cols, fused[k],
                    composed[k], magnitudes[k], OPERATION_TOLERANCE);
            Agreement.assertWithin(names[k] + shape + ", fused vs reference", cols, fused[k], expected[k],
                    magnitudes[k], OPERATION_TOLERANCE);
        }
        Agreement.assertUnchanged("dh after lstmPointwiseBackward", hidden, fused[2], dh);
    }

    /** Runs the forward kernel and returns gate activations, c, tanh(c) and h. */
    private static double[][] lstmForward(Backend backend, double[] gates, double[] cPrev, int batch, int hidden,
            boolean cInPlace) {
        Tensor tGates = backend.fromArray(batch, 4 * hidden, gates);
        Tensor tcPrev = backend.fromArray(batch, hidden, cPrev);
        Tensor c = cInPlace ? tcPrev : backend.zeros(batch, hidden);
        Tensor tanhC = backend.zeros(batch, hidden);
        Tensor h = backend.zeros(batch, hidden);

        backend.lstmPointwiseForward(tGates, tcPrev, c, tanhC, h, Scratch.allocate(backend, 5, batch, hidden));

        return new double[][] {tGates.toArray(), c.toArray(), tanhC.toArray(), h.toArray()};
    }

    /** Runs the backward kernel and returns dGates, the updated dc and dh. */
    private static double[][] lstmBackward(Backend backend, double[] acts, double[] cPrev, double[] tanhC,
            double[] dh, double[] dc, int batch, int hidden) {
        Tensor tdh = backend.fromArray(batch, hidden, dh);
        Tensor tdc = backend.fromArray(batch, hidden, dc);
        Tensor dGates = backend.fromArray(batch, 4 * hidden, randomValues(batch * 4 * hidden, 1.0,
                new SplittableRandom(batch * 31L + hidden)));

        backend.lstmPointwiseBackward(backend.fromArray(batch, 4 * hidden, acts),
                backend.fromArray(batch, hidden, cPrev), backend.fromArray(batch, hidden, tanhC), tdh, tdc, dGates,
                Scratch.allocate(backend, 5, batch, hidden));

        return new double[][] {dGates.toArray(), tdc.toArray(), tdh.toArray()};
    }

    // ---------------------------------------------------------------- shape errors

    /** Operations that have more than one operand, so one of them can have the wrong shape. */
    @Provide
    protected Arbitrary<ContractOperation> shapeCheckedOperations() {
        return Arbitraries.of(ContractOperation.class).filter(op -> op.resize() != ContractOperation.Resize.NONE);
    }

    @Property(tries = 400)
    void illegalShapesAreRejectedNamingBothShapes(@ForAll("shapeCheckedOperations") ContractOperation operation,
            @ForAll("dimensions") int rows, @ForAll("dimensions") int cols,
            @ForAll @IntRange(min = 0, max = 5) int slot,
            @ForAll @IntRange(min = 1, max = 3) int extraRows, @ForAll @IntRange(min = 1, max = 3) int extraCols,
            @ForAll @IntRange(min = 0, max = 2) int which) {
        Backend backend = backend();
        int[][] shapes = operation.shapes(rows, cols);
        int position = slot % shapes.length;
        int[] bad = shapes[position].clone();
        switch (operation.resize()) {
            case ROWS -> bad[0] += extraRows;
            case COLUMNS -> bad[1] += extraCols;
            default -> {
                bad[0] += which == 1 ? 0 : extraRows;
                bad[1] += which == 0 ? 0 : extraCols;
            }
        }
        shapes[position] = bad;
        Tensor[] operands = zeros(backend, shapes);
        String badShape = "[" + bad[0] + " x " + bad[1] + "]";

        Throwable thrown = catchThrowable(() -> operation.apply(backend, operands));

        assertThat(thrown).as("%s with operand %d of shape %s", operation, position, badShape)
                .isInstanceOf(IllegalArgumentException.class);
        String message = thrown.getMessage();
        assertThat(message).as("message of %s with operand %d of shape %s", operation, position, badShape)
                .contains(badShape);
        assertThat(countShapes(message))
                .as("shapes named in the message of %s with operand %d of shape %s: %s", operation, position,
                        badShape, message)
                .isGreaterThanOrEqualTo(2);
    }

    private static int countShapes(String message) {
        Matcher matcher = SHAPE.matcher(message);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    // ---------------------------------------------------------------- training run

    /** Sizes for the training run: I, H, O in 1..4, batch size 1..4, T in 1..6. */
    @Provide
    protected Arbitrary<ModelShape> trainingShapes() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 4);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, 6);
        return Combinators.combine(size, size, size, size, steps).as(ModelShape::new);
    }

    @Property(tries = 200)
    void shortSgdRunMatchesReference(@ForAll("trainingShapes") ModelShape shape,
            @ForAll @IntRange(min = 1, max = 7) int sequences, @ForAll @IntRange(min = 1, max = 2) int layers,
            @ForAll @IntRange(min = 1, max = 3) int epochs, @ForAll boolean classification,
            @ForAll @DoubleRange(min = 0.01, max = 1.0) double learningRate, @ForAll long seed) {
        SequenceDataset data = randomDataset(shape, sequences, classification, new SplittableRandom(seed));
        JlstmConfig.Builder config = JlstmConfig.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .set(CoreKeys.SEED, seed)
                .set(CoreKeys.MODEL_INPUT_SIZE, shape.inputSize())
                .set(CoreKeys.MODEL_HIDDEN, shape.hiddenSize())
                .set(CoreKeys.MODEL_OUTPUT_SIZE, shape.outputSize())
                .set(CoreKeys.MODEL_LAYERS, layers)
                .set(CoreKeys.LOSS, classification ? "cross-entropy" : "mse")
                .set(CoreKeys.OPTIMIZER, "sgd")
                .set(CoreKeys.LEARNING_RATE, learningRate)
                .set(CoreKeys.EPOCHS, epochs)
                .set(CoreKeys.BATCH_SIZE, shape.batch())
                .set(CoreKeys.SHUFFLE, true);

        TrainingRun tested = train(config.set(CoreKeys.BACKEND, provider().name()).build(), data);
        TrainingRun expected = train(config.set(CoreKeys.BACKEND, ScalarBackend.NAME).build(), data);

        String run = String.format("after %d SGD steps (%s, %d sequences, %d layers, %s, lr %s)", tested.steps,
                shape, sequences, layers, classification ? "cross-entropy" : "mse", learningRate);
        assertThat(tested.backend).as("backend chosen by name").isEqualTo(provider().name());
        assertThat(tested.steps).as("steps " + run).isEqualTo(expected.steps);
        assertThat(tested.parameters.keySet()).as("parameter names " + run)
                .containsExactlyElementsOf(expected.parameters.keySet());
        for (Map.Entry<String, double[]> entry : expected.parameters.entrySet()) {
            Agreement.assertRelative(entry.getKey() + " " + run, entry.getValue().length,
                    tested.parameters.get(entry.getKey()), entry.getValue(), TRAINING_TOLERANCE);
        }
        Agreement.assertRelative("final loss " + run, 1, new double[] {tested.loss}, new double[] {expected.loss},
                TRAINING_TOLERANCE);
    }

    private record TrainingRun(String backend, long steps, double loss, Map<String, double[]> parameters) {
    }

    private static TrainingRun train(JlstmConfig config, SequenceDataset data) {
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        TrainingSummary summary = trainer.fit(data, null);
        double loss = trainer.evaluate(data);
        Map<String, double[]> parameters = new LinkedHashMap<>();
        for (Parameter p : trainer.model().parameters()) {
            parameters.put(p.name(), p.value().toArray());
        }
        return new TrainingRun(trainer.model().backend().name(), summary.steps(), loss, parameters);
    }

    private static SequenceDataset randomDataset(ModelShape shape, int sequences, boolean classification,
            SplittableRandom random) {
        double[][][] inputs = new double[sequences][shape.steps()][shape.inputSize()];
        double[][][] targets = new double[sequences][shape.steps()][classification ? 1 : shape.outputSize()];
        for (int n = 0; n < sequences; n++) {
            for (int t = 0; t < shape.steps(); t++) {
                for (int f = 0; f < shape.inputSize(); f++) {
                    inputs[n][t][f] = 2.0 * random.nextDouble() - 1.0;
                }
                for (int f = 0; f < targets[n][t].length; f++) {
                    targets[n][t][f] = classification ? random.nextInt(shape.outputSize())
                            : 2.0 * random.nextDouble() - 1.0;
                }
            }
        }
        return new ArraySequenceDataset(inputs, targets);
    }

    // ---------------------------------------------------------------- helpers

    /** An element-wise operation on operands {@code t}: the inputs, then the destination. */
    @FunctionalInterface
    interface ElementwiseOperation {
        void apply(Backend backend, Tensor[] t);
    }

    /**
     * Runs an element-wise operation with {@code inputs} inputs plus a destination, all
     * {@code rows x cols}, on the backend (with the destination aliased as {@code aliasing} specifies) and
     * on the reference (never aliased), and compares the destinations and the untouched inputs.
     */
    private void checkElementwise(String operation, int rows, int cols, double scale, int inputs,
            Aliasing aliasing, long seed, ElementwiseOperation op) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] values = new double[inputs + 1][];
        for (int k = 0; k <= inputs; k++) {
            values[k] = randomValues(rows * cols, scale, random);
        }
        if (aliasing == Aliasing.ALL) {
            values[1] = values[0];
        }
        if (aliasing == Aliasing.FIRST || aliasing == Aliasing.ALL) {
            values[inputs] = values[0];
        } else if (aliasing == Aliasing.SECOND) {
            values[inputs] = values[1];
        }
        Backend backend = backend();
        Tensor[] tested = new Tensor[inputs + 1];
        Tensor[] expected = new Tensor[inputs + 1];
        for (int k = 0; k <= inputs; k++) {
            tested[k] = backend.fromArray(rows, cols, values[k]);
            expected[k] = reference.fromArray(rows, cols, values[k]);
        }
        int destination = inputs;
        switch (aliasing) {
            case FIRST -> tested[destination] = tested[0];
            case SECOND -> tested[destination] = tested[1];
            case ALL -> {
                tested[1] = tested[0];
                tested[destination] = tested[0];
            }
            default -> {
            }
        }

        op.apply(backend, tested);
        op.apply(reference, expected);

        String label = String.format("%s on [%d x %d], destination %s", operation, rows, cols, describe(aliasing));
        Agreement.assertRelative(label, cols, tested[destination].toArray(), expected[destination].toArray(),
                OPERATION_TOLERANCE);
        for (int k = 0; k < inputs; k++) {
            if (tested[k] != tested[destination]) {
                Agreement.assertUnchanged(label + ", input " + k, cols, tested[k].toArray(), values[k]);
            }
        }
    }

    private static String describe(Aliasing aliasing) {
        return switch (aliasing) {
            case NONE -> "separate";
            case FIRST -> "is the first input";
            case SECOND -> "is the second input";
            case ALL -> "is both inputs";
        };
    }

    private static Tensor[] zeros(Backend backend, int[][] shapes) {
        Tensor[] tensors = new Tensor[shapes.length];
        for (int k = 0; k < shapes.length; k++) {
            tensors[k] = backend.zeros(shapes[k][0], shapes[k][1]);
        }
        return tensors;
    }

    private static double[] randomValues(int count, double scale, SplittableRandom random) {
        double[] values = new double[count];
        for (int k = 0; k < count; k++) {
            values[k] = (2.0 * random.nextDouble() - 1.0) * scale;
        }
        return values;
    }
}
