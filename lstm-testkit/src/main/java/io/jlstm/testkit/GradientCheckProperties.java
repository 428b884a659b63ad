package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.loss.SoftmaxCrossEntropyLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.gradcheck.GradientCheckReport;
import io.jlstm.training.gradcheck.GradientChecker;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Gradient-check properties for a backend and a model: every analytic gradient (parameters,
 * inputs, initial states) agrees with central differences, for random sizes, seeds and weight
 * scales, with the mean-squared-error and the softmax cross-entropy heads. Also checks that batch
 * rows are independent and that chunked forwards equal one whole forward.
 *
 * <p>Extend this class in a test, implement {@link #backend()}, and override {@link #model} to test
 * your own cell:
 *
 * <pre>{@code
 * class MyBackendGradientProperties extends GradientCheckProperties {
 *     protected Backend backend() { return new MyBackend(); }
 * }
 * }</pre>
 */
public abstract class GradientCheckProperties {

    /** The backend under test; called once per try. */
    protected abstract Backend backend();

    /**
     * Builds the model under test for {@code shape}, initialized from {@code seed}. The default is
     * a one-layer LSTM with a dense head.
     */
    protected SequenceModel model(Backend backend, ModelShape shape, long seed) {
        return SequenceModel.lstm(backend, shape.inputSize(), shape.hiddenSize(), shape.outputSize(), 1, seed);
    }

    /** Returns the checker; override it to change tolerances for a cell that needs it, with the reason. */
    protected GradientChecker checker() {
        return new GradientChecker();
    }

    /** Shapes with I, H, O, B in 1..6 and T in 1..12, shrinking towards all ones. */
    @Provide
    protected Arbitrary<ModelShape> shapes() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, 12);
        return Combinators.combine(size, size, size, size, steps).as(ModelShape::new);
    }

    @Property(tries = 500)
    void mseGradientsMatchCentralDifferences(@ForAll("shapes") ModelShape shape, @ForAll long seed,
            @ForAll @DoubleRange(min = 0.1, max = 3.0) double weightScale) {
        checkGradients(shape, seed, weightScale, new MseLoss());
    }

    @Property(tries = 500)
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

    @Property(tries = 200)
    void batchRowEqualsSingleSampleRun(@ForAll("shapes") ModelShape shape, @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = model(backend, shape, seed);
        int batch = shape.batch();
        int rows = shape.steps() * batch;
        Tensor x = TestData.uniform(backend, rows, shape.inputSize(), 1.0, random);
        Tensor[][] h0 = TestData.initialStates(model, batch, 0.5, random);
        Tensor dPredictions = TestData.uniform(backend, rows, shape.outputSize(), 1.0, random);

        SequenceModel.Pass whole = model.forward(x, batch, h0);
        SequenceModel.Gradients wholeGradients = model.backward(whole, dPredictions);

        for (int b = 0; b < batch; b++) {
            Tensor[][] sampleState = new Tensor[h0.length][];
            for (int layer = 0; layer < h0.length; layer++) {
                sampleState[layer] = new Tensor[h0[layer].length];
                for (int k = 0; k < h0[layer].length; k++) {
                    sampleState[layer][k] = TestData.rows(h0[layer][k], b, 1);
                }
            }
            SequenceModel.Pass single = model.forward(TestData.sampleOf(x, batch, b), 1, sampleState);
            SequenceModel.Gradients singleGradients = model.backward(single,
                    TestData.sampleOf(dPredictions, batch, b));

            assertThat(single.predictions().toArray())
                    .as("predictions of sample %d (%s)", b, shape)
                    .containsExactly(TestData.sampleOf(whole.predictions(), batch, b).toArray());
            assertThat(singleGradients.input().toArray())
                    .as("input gradient of sample %d (%s)", b, shape)
                    .containsExactly(TestData.sampleOf(wholeGradients.input(), batch, b).toArray());
            for (int layer = 0; layer < h0.length; layer++) {
                for (int k = 0; k < h0[layer].length; k++) {
                    assertThat(singleGradients.initialStates()[layer][k].toArray())
                            .as("initial-state gradient [%d][%d] of sample %d (%s)", layer, k, b, shape)
                            .containsExactly(TestData.rows(wholeGradients.initialStates()[layer][k], b, 1).toArray());
                }
            }
        }
    }

    @Property(tries = 200)
    void chunkedForwardEqualsWholeForward(@ForAll("shapes") ModelShape shape, @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = model(backend, shape, seed);
        int batch = shape.batch();
        Tensor x = TestData.uniform(backend, shape.steps() * batch, shape.inputSize(), 1.0, random);
        Tensor[][] state = TestData.initialStates(model, batch, 0.5, random);

        double[] whole = model.forward(x, batch, state).predictions().toArray();

        double[] chunked = new double[whole.length];
        int t = 0;
        while (t < shape.steps()) {
            int length = 1 + random.nextInt(shape.steps() - t);
            SequenceModel.Pass pass = model.forward(TestData.rows(x, t * batch, length * batch), batch, state);
            double[] part = pass.predictions().toArray();
            System.arraycopy(part, 0, chunked, t * batch * shape.outputSize(), part.length);
            state = pass.finalStates();
            t += length;
        }
        assertThat(chunked).as("chunked forward (%s)", shape).containsExactly(whole);
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

        GradientCheckReport report = checker().check(model, x, shape.batch(), targets, loss, h0);

        assertThat(report.passed())
                .as("gradient check with %s loss, %s, weight scale %.3f:%n%s", loss.name(), shape, weightScale,
                        report.describe())
                .isTrue();
    }
}
