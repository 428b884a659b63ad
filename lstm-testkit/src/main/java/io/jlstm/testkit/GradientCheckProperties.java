package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.loss.SoftmaxCrossEntropyLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.model.SequenceStepper;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.gradcheck.GradientCheckReport;
import io.jlstm.training.gradcheck.GradientChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Gradient-check properties for a backend and a network: every analytic gradient (parameters,
 * inputs, initial states) agrees with central differences, for random sizes, seeds and weight
 * scales, with the mean-squared-error and the softmax cross-entropy heads. Also checks that batch
 * rows are independent, that a padded sample gives the results of its unpadded run, that padding
 * values change nothing, and that streaming in chunks equals one whole forward.
 *
 * <p>Extend this class in a test and implement {@link #backend()}. Override {@link #network()} to
 * test another registered cell or shape, or {@link #model} to test a model built by hand:
 *
 * <pre>{@code
 * @PropertyDefaults(tries = 100)
 * class GruGradientProperties extends GradientCheckProperties {
 *     protected Backend backend() { return new MyBackend(); }
 *     protected NetworkSpec network() { return NetworkSpec.of("gru").withLayers(2).withBidirectional(); }
 * }
 * }</pre>
 *
 * <p>Each property runs 200 tries unless the subclass sets {@link PropertyDefaults}.
 */
@PropertyDefaults(tries = 200)
public abstract class GradientCheckProperties {

    /** The backend under test; called once per try. */
    protected abstract Backend backend();

    /** The network under test; the default is a one-layer LSTM with a many-to-many dense head. */
    protected NetworkSpec network() {
        return NetworkSpec.of("lstm");
    }

    /**
     * Builds the model under test for {@code shape}, initialized from {@code seed}, in training
     * mode. The default builds {@link #network()}.
     */
    protected SequenceModel model(Backend backend, ModelShape shape, long seed) {
        return network().build(backend, shape, seed);
    }

    /** Returns the checker; override it to change tolerances for a cell that needs it, with the reason. */
    protected GradientChecker checker() {
        return new GradientChecker();
    }

    /**
     * Returns the checker for a case whose loss at the unperturbed parameters is {@code loss}: that of
     * {@link #checker()}, with its absolute tolerance raised to {@code 1e-9 * |L|} where that is
     * larger. A central difference with step {@code h = 1e-6} carries a rounding error of about
     * {@code 2.2e-16 * |L| / (2h)}, or {@code 1.1e-10 * |L|}, per element, so the tolerance is about
     * ten times that. With weights scaled up to 3 towards saturation, losses reach the hundreds, and
     * correct gradients then missed the fixed {@code 1e-8}. For example, an LSTM-with-projection
     * gradient of {@code -5.2e-4} came out {@code 1.02e-8} off with step {@code 1e-6}, and an LSTM
     * gradient at loss 12.1 came out {@code 1.09e-8} off.
     */
    protected GradientChecker checker(double loss) {
        GradientChecker base = checker();
        double absolute = Math.max(base.absoluteTolerance(), 1e-9 * Math.abs(loss));
        return new GradientChecker(base.step(), base.relativeTolerance(), absolute);
    }

    /**
     * Returns the relative tolerance of the batch-row and chunked-streaming properties; the default 0
     * demands bitwise equality. A backend whose GEMM sums in an order that depends on the number of
     * rows, as optimized BLAS libraries do, overrides it with a tolerance of the size the backend
     * contract allows, 1e-12.
     */
    protected double rowIndependenceTolerance() {
        return 0.0;
    }

    /** Shapes with I, H, O, B in 1..6 and T in 1..12, shrinking towards all ones. */
    @Provide
    protected Arbitrary<ModelShape> shapes() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, 12);
        return Combinators.combine(size, size, size, size, steps).as(ModelShape::new);
    }

    @Property
    void mseGradientsMatchCentralDifferences(@ForAll("shapes") ModelShape shape, @ForAll long seed,
            @ForAll @DoubleRange(min = 0.1, max = 3.0) double weightScale) {
        checkGradients(shape, seed, weightScale, new MseLoss());
    }

    @Property
    void crossEntropyGradientsMatchCentralDifferences(@ForAll("shapes") ModelShape shape, @ForAll long seed,
            @ForAll @DoubleRange(min = 0.1, max = 3.0) double weightScale) {
        checkGradients(shape, seed, weightScale, new SoftmaxCrossEntropyLoss());
    }

    @Example
    void allSizesOneGradientsMatch() {
        ModelShape one = new ModelShape(1, 1, 1, 1, 1);
        checkGradients(one, 7L, 1.0, new MseLoss());
        checkGradients(one, 7L, 1.0, new SoftmaxCrossEntropyLoss());
    }

    @Property
    void batchRowEqualsSingleSampleRun(@ForAll("shapes") ModelShape shape, @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        // evaluation mode: every forward must see the same network, so no dropout
        SequenceModel model = model(backend, shape, seed).eval();
        int batch = shape.batch();
        int rows = shape.steps() * batch;
        Tensor x = TestData.uniform(backend, rows, shape.inputSize(), 1.0, random);
        Tensor[][] h0 = TestData.initialStates(model, batch, 0.5, random);

        SequenceModel.Pass whole = model.forward(x, batch, h0);
        Tensor dPredictions = TestData.uniform(backend, whole.predictions().rows(), shape.outputSize(), 1.0, random);
        SequenceModel.Gradients wholeGradients = model.backward(whole, dPredictions);

        for (int b = 0; b < batch; b++) {
            SequenceModel.Pass single = model.forward(TestData.sampleOf(x, batch, b), 1, sampleStates(h0, b));
            SequenceModel.Gradients singleGradients = model.backward(single,
                    TestData.sampleOf(dPredictions, batch, b));

            assertRowsAgree(single.predictions().toArray(),
                    TestData.sampleOf(whole.predictions(), batch, b).toArray(),
                    String.format("predictions of sample %d (%s, %s)", b, network(), shape));
            assertRowsAgree(singleGradients.input().toArray(),
                    TestData.sampleOf(wholeGradients.input(), batch, b).toArray(),
                    String.format("input gradient of sample %d (%s, %s)", b, network(), shape));
            for (int layer = 0; layer < h0.length; layer++) {
                for (int k = 0; k < h0[layer].length; k++) {
                    assertRowsAgree(singleGradients.initialStates()[layer][k].toArray(),
                            TestData.rows(wholeGradients.initialStates()[layer][k], b, 1).toArray(),
                            String.format("initial-state gradient [%d][%d] of sample %d (%s, %s)", layer, k, b,
                                    network(), shape));
                }
            }
        }
    }

    /**
     * Each sample of a right-padded batch gives, to 1e-12, the predictions, final states and input
     * and initial-state gradients of its run alone without padding.
     */
    @Property
    void paddedSampleEqualsUnpaddedRun(@ForAll("shapes") ModelShape shape, @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = model(backend, shape, seed).eval();
        int batch = shape.batch();
        SequenceLengths lengths = TestData.lengths(batch, shape.steps(), random);
        Tensor x = TestData.uniform(backend, shape.steps() * batch, shape.inputSize(), 1.0, random);
        Tensor[][] h0 = TestData.initialStates(model, batch, 0.5, random);

        SequenceModel.Pass whole = model.forward(x, batch, lengths, h0);
        Tensor dPredictions = TestData.uniform(backend, whole.predictions().rows(), shape.outputSize(), 1.0, random);
        SequenceModel.Gradients wholeGradients = model.backward(whole, dPredictions);
        boolean manyToOne = model.headMode() == SequenceModel.Head.MANY_TO_ONE;

        for (int b = 0; b < batch; b++) {
            int length = lengths.length(b);
            String context = "sample " + b + " of " + lengths + " (" + network() + ", " + shape + ")";
            Tensor sampleInput = TestData.rows(TestData.sampleOf(x, batch, b), 0, length);
            SequenceModel.Pass single = model.forward(sampleInput, 1, sampleStates(h0, b));
            Tensor sampleGradient = manyToOne ? TestData.rows(dPredictions, b, 1)
                    : TestData.rows(TestData.sampleOf(dPredictions, batch, b), 0, length);
            SequenceModel.Gradients singleGradients = model.backward(single, sampleGradient);

            Tensor expectedPredictions = manyToOne ? TestData.rows(whole.predictions(), b, 1)
                    : TestData.rows(TestData.sampleOf(whole.predictions(), batch, b), 0, length);
            assertClose(single.predictions(), expectedPredictions, "predictions of " + context);
            Tensor wholeInputGradient = TestData.sampleOf(wholeGradients.input(), batch, b);
            assertClose(singleGradients.input(), TestData.rows(wholeInputGradient, 0, length),
                    "input gradient of " + context);
            for (int t = length; t < shape.steps(); t++) {
                assertThat(TestData.rows(wholeInputGradient, t, 1).toArray())
                        .as("input gradient at padded step %d of %s", t, context)
                        .containsOnly(0.0);
            }
            for (int layer = 0; layer < h0.length; layer++) {
                for (int k = 0; k < h0[layer].length; k++) {
                    assertClose(single.finalStates()[layer][k], TestData.rows(whole.finalStates()[layer][k], b, 1),
                            "final state [" + layer + "][" + k + "] of " + context);
                    assertClose(singleGradients.initialStates()[layer][k],
                            TestData.rows(wholeGradients.initialStates()[layer][k], b, 1),
                            "initial-state gradient [" + layer + "][" + k + "] of " + context);
                }
            }
        }
    }

    /**
     * Replacing the inputs and targets at padded steps, even by NaN and infinities, changes neither
     * the loss nor any gradient, bit for bit. Both runs use the same dropout masks.
     */
    @Property
    void paddingValuesChangeNothing(@ForAll("shapes") ModelShape shape, @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = model(backend, shape, seed);
        model.holdDropoutMasks(true);
        int batch = shape.batch();
        int rows = shape.steps() * batch;
        SequenceLengths lengths = TestData.lengths(batch, shape.steps(), random);
        Tensor x = TestData.uniform(backend, rows, shape.inputSize(), 1.0, random);
        Tensor targets = TestData.uniform(backend, rows, shape.outputSize(), 1.0, random);
        Tensor[][] h0 = TestData.initialStates(model, batch, 0.5, random);
        Tensor otherX = TestData.rows(x, 0, rows);
        Tensor otherTargets = TestData.rows(targets, 0, rows);
        double[] junk = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -7.5};
        for (int t = 0; t < shape.steps(); t++) {
            for (int b = 0; b < batch; b++) {
                if (!lengths.isValid(t, b)) {
                    for (int c = 0; c < otherX.cols(); c++) {
                        otherX.set(t * batch + b, c, junk[random.nextInt(junk.length)]);
                    }
                    for (int c = 0; c < otherTargets.cols(); c++) {
                        otherTargets.set(t * batch + b, c, junk[random.nextInt(junk.length)]);
                    }
                }
            }
        }

        RunResult first = lossAndGradients(model, x, targets, lengths, h0);
        RunResult second = lossAndGradients(model, otherX, otherTargets, lengths, h0);

        String context = lengths + " (" + network() + ", " + shape + ")";
        assertThat(second.loss).as("loss with other padding values, %s", context).isEqualTo(first.loss);
        for (int k = 0; k < first.gradients.size(); k++) {
            assertThat(second.gradients.get(k))
                    .as("gradient %s with other padding values, %s", first.names.get(k), context)
                    .containsExactly(first.gradients.get(k));
        }
    }

    /** Streaming a sequence through a {@link SequenceStepper} in random chunks equals one whole forward. */
    @Property
    void chunkedStreamingEqualsWholeForward(@ForAll("shapes") ModelShape shape, @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = model(backend, shape, seed).eval();
        if (model.layers().stream().anyMatch(l -> l.cells().size() > 1)) {
            assertThatThrownBy(model::stepper).as("stepper of a bidirectional model")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bidirectional");
            return;
        }
        int batch = shape.batch();
        int outputs = shape.outputSize();
        Tensor x = TestData.uniform(backend, shape.steps() * batch, shape.inputSize(), 1.0, random);
        Tensor[][] state = TestData.initialStates(model, batch, 0.5, random);
        double[] whole = model.forward(x, batch, state).predictions().toArray();

        SequenceStepper stepper = model.stepper();
        stepper.setState(state);
        double[] streamed = new double[shape.steps() * batch * outputs];
        int t = 0;
        while (t < shape.steps()) {
            int length = 1 + random.nextInt(shape.steps() - t);
            double[] part = stepper.step(TestData.rows(x, t * batch, length * batch), batch).toArray();
            System.arraycopy(part, 0, streamed, t * batch * outputs, part.length);
            t += length;
        }

        if (model.headMode() == SequenceModel.Head.MANY_TO_ONE) {
            // the model predicts at the last step, which is the stepper's last batch of rows
            double[] last = new double[batch * outputs];
            System.arraycopy(streamed, (shape.steps() - 1) * batch * outputs, last, 0, last.length);
            streamed = last;
        }
        assertRowsAgree(streamed, whole, String.format("chunked streaming (%s, %s)", network(), shape));
    }

    /**
     * Asserts that {@code actual} equals {@code expected} exactly, or within
     * {@link #rowIndependenceTolerance()} relative to {@code max(|actual|, |expected|, 1)} when that is
     * positive. The floor of 1 is the scale of the generated inputs and weights: a value that cancels
     * to near zero carries the rounding error of its order-1 terms, not of its own size.
     */
    private void assertRowsAgree(double[] actual, double[] expected, String description) {
        double tolerance = rowIndependenceTolerance();
        if (tolerance == 0.0) {
            assertThat(actual).as(description).containsExactly(expected);
            return;
        }
        assertThat(actual).as(description).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double bound = tolerance * Math.max(1.0, Math.max(Math.abs(actual[i]), Math.abs(expected[i])));
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("%s, element %d: %s vs %s", description, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(bound);
        }
    }

    /** Runs one gradient check and asserts that it passed, reporting the worst tensor. */
    protected void checkGradients(ModelShape shape, long seed, double weightScale, Loss loss) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        boolean classification = loss instanceof SoftmaxCrossEntropyLoss;
        SequenceModel model = model(backend, shape, seed);
        TestData.scaleParameters(model, weightScale * Math.sqrt(shape.hiddenSize()));
        int rows = shape.steps() * shape.batch();
        Tensor x = TestData.uniform(backend, rows, shape.inputSize(), 1.0, random);
        Tensor targets = classification
                ? TestData.classIndices(backend, rows, shape.outputSize(), random)
                : TestData.uniform(backend, rows, shape.outputSize(), 1.0, random);
        Tensor[][] h0 = TestData.initialStates(model, shape.batch(), 0.5, random);
        SequenceLengths lengths = network().padded() ? TestData.lengths(shape.batch(), shape.steps(), random) : null;

        model.holdDropoutMasks(true);
        double lossValue = model.forward(x, shape.batch(), lengths, h0).lossValue(loss, targets);

        GradientCheckReport report = checker(lossValue).check(model, x, shape.batch(), lengths, targets, loss, h0);

        assertThat(report.passed())
                .as("gradient check with %s loss %.3e, %s, %s, %s, weight scale %.3f:%n%s", loss.name(), lossValue,
                        network(), shape, lengths == null ? "no padding" : lengths, weightScale, report.describe())
                .isTrue();
    }

    private static Tensor[][] sampleStates(Tensor[][] states, int b) {
        Tensor[][] sample = new Tensor[states.length][];
        for (int layer = 0; layer < states.length; layer++) {
            sample[layer] = new Tensor[states[layer].length];
            for (int k = 0; k < states[layer].length; k++) {
                sample[layer][k] = TestData.rows(states[layer][k], b, 1);
            }
        }
        return sample;
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        double[] a = actual.toArray();
        double[] e = expected.toArray();
        assertThat(a.length).as("element count of %s", what).isEqualTo(e.length);
        for (int k = 0; k < a.length; k++) {
            assertThat(a[k]).as("%s, element %d", what, k).isCloseTo(e[k], within(1e-12 * Math.max(1.0, Math.abs(e[k]))));
        }
    }

    private static RunResult lossAndGradients(SequenceModel model, Tensor x, Tensor targets, SequenceLengths lengths,
            Tensor[][] h0) {
        model.parameters().zeroGradients();
        int batch = lengths.batch();
        SequenceModel.Pass pass = model.forward(x, batch, lengths, h0);
        Tensor dPredictions = model.backend().zeros(pass.predictions().rows(), pass.predictions().cols());
        double loss = pass.loss(new MseLoss(), targets, dPredictions);
        SequenceModel.Gradients gradients = model.backward(pass, dPredictions);

        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (var entry : model.parameters().asMap().entrySet()) {
            names.add(entry.getKey());
            values.add(entry.getValue().gradient().toArray());
        }
        names.add("input");
        values.add(gradients.input().toArray());
        for (int layer = 0; layer < h0.length; layer++) {
            for (int k = 0; k < h0[layer].length; k++) {
                names.add("initial_state[" + layer + "][" + k + "]");
                values.add(gradients.initialStates()[layer][k].toArray());
            }
        }
        return new RunResult(loss, names, values);
    }

    private record RunResult(double loss, List<String> names, List<double[]> gradients) {
    }
}
