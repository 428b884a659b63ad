package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.layer.BidirectionalLayer;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.layer.SequencePass;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.model.SequenceStepper;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;

/**
 * Properties of the network shapes on one backend. A bidirectional layer's directions equal their
 * cells run alone on the sequence and on its reverse. Dropout is off in evaluation and
 * reproducible from its seed. A stepper's row reset equals a fresh start. Extend this class and
 * implement {@link #backend()}.
 */
@PropertyDefaults(tries = 100)
public abstract class NetworkShapeProperties {

    /** The backend under test; called once per try. */
    protected abstract Backend backend();

    /** The registered cell types the properties draw from. */
    @Provide
    protected Arbitrary<String> cells() {
        return Arbitraries.of("lstm", "gru", "rnn-tanh", "rnn-relu", "peephole-lstm");
    }

    /** Shapes with I, H, O, B in 1..5 and T in 1..8. */
    @Provide
    protected Arbitrary<ModelShape> shapes() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, 8);
        return Combinators.combine(size, size, size, size, steps).as(ModelShape::new);
    }

    /**
     * For each sample of a padded batch, the forward half of a bidirectional layer's output equals
     * the forward cell run alone on the sample. The reverse half equals the reverse cell run on the
     * sample's valid steps in reverse order, read back in reverse. The final states match too.
     */
    @Property
    void bidirectionalDirectionsEqualCellsRunAlone(@ForAll("cells") String cell, @ForAll("shapes") ModelShape shape,
            @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = NetworkSpec.of(cell).withBidirectional().build(backend, shape, seed).eval();
        BidirectionalLayer layer = (BidirectionalLayer) model.layers().get(0);
        int batch = shape.batch();
        SequenceLengths lengths = TestData.lengths(batch, shape.steps(), random);
        Tensor x = TestData.uniform(backend, shape.steps() * batch, shape.inputSize(), 1.0, random);
        RecurrentLayer forwardAlone = new RecurrentLayer(layer.forwardDirection().cell());
        RecurrentLayer reverseAlone = new RecurrentLayer(layer.reverseDirection().cell());
        int hidden = layer.forwardDirection().outputSize();

        BidirectionalLayer.Pass both = (BidirectionalLayer.Pass) layer.forward(x, batch, lengths, null);

        for (int b = 0; b < batch; b++) {
            int length = lengths.length(b);
            String context = cell + ", sample " + b + " of " + lengths + ", " + shape;
            Tensor sample = TestData.rows(TestData.sampleOf(x, batch, b), 0, length);
            Tensor reversedSample = reverseRows(backend, sample);
            SequencePass forwardRun = forwardAlone.forward(sample, 1, null);
            SequencePass reverseRun = reverseAlone.forward(reversedSample, 1, null);
            Tensor outputs = TestData.rows(TestData.sampleOf(both.outputs(), batch, b), 0, length);

            Tensor forwardHalf = backend.zeros(length, hidden);
            backend.getColumns(outputs, 0, forwardHalf);
            Tensor reverseHalf = backend.zeros(length, hidden);
            backend.getColumns(outputs, hidden, reverseHalf);
            assertThat(forwardHalf.toArray()).as("forward half, %s", context)
                    .containsExactly(forwardRun.outputs().toArray());
            assertThat(reverseHalf.toArray()).as("reverse half, %s", context)
                    .containsExactly(reverseRows(backend, reverseRun.outputs()).toArray());

            Tensor[] finalState = both.finalState();
            int forwardStates = forwardRun.finalState().length;
            for (int k = 0; k < forwardStates; k++) {
                assertThat(TestData.rows(finalState[k], b, 1).toArray()).as("forward final state %d, %s", k, context)
                        .containsExactly(forwardRun.finalState()[k].toArray());
                assertThat(TestData.rows(finalState[forwardStates + k], b, 1).toArray())
                        .as("reverse final state %d (after step 0), %s", k, context)
                        .containsExactly(reverseRun.finalState()[k].toArray());
            }
        }
    }

    /** In evaluation mode a model with dropout predicts exactly what the same model without dropout does. */
    @Property
    void dropoutIsOffInEvaluation(@ForAll("cells") String cell, @ForAll("shapes") ModelShape shape,
            @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel withDropout = NetworkSpec.of(cell).withLayers(3).withDropout(0.5).build(backend, shape, seed);
        SequenceModel without = NetworkSpec.of(cell).withLayers(3).build(backend, shape, seed);
        Tensor x = TestData.uniform(backend, shape.steps() * shape.batch(), shape.inputSize(), 1.0, random);

        withDropout.eval();
        double[] first = withDropout.forward(x, shape.batch(), null).predictions().toArray();
        double[] second = withDropout.forward(x, shape.batch(), null).predictions().toArray();

        double[] reference = without.forward(x, shape.batch(), null).predictions().toArray();
        assertThat(first).as("evaluation predictions with dropout 0.5 (%s, %s)", cell, shape).containsExactly(reference);
        assertThat(second).as("second evaluation forward (%s, %s)", cell, shape).containsExactly(reference);
    }

    /**
     * Two models built from the same seed draw the same dropout masks forward after forward, and
     * the masks do change the training predictions.
     */
    @Property
    void dropoutIsReproducibleFromTheSeed(@ForAll("cells") String cell, @ForAll("shapes") ModelShape shape,
            @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        NetworkSpec spec = NetworkSpec.of(cell).withLayers(2).withDropout(0.5);
        SequenceModel first = spec.build(backend, shape, seed);
        SequenceModel second = spec.build(backend, shape, seed);
        Tensor x = TestData.uniform(backend, shape.steps() * shape.batch(), shape.inputSize(), 1.0, random);

        for (int run = 0; run < 3; run++) {
            double[] a = first.forward(x, shape.batch(), null).predictions().toArray();
            double[] b = second.forward(x, shape.batch(), null).predictions().toArray();
            assertThat(a).as("training forward %d of two models with seed %d (%s, %s)", run, seed, cell, shape)
                    .containsExactly(b);
        }
    }

    @Example
    void dropoutChangesTrainingPredictions() {
        Backend backend = backend();
        ModelShape shape = new ModelShape(3, 8, 2, 4, 5);
        SequenceModel model = NetworkSpec.of("lstm").withLayers(2).withDropout(0.5).build(backend, shape, 3L);
        Tensor x = TestData.uniform(backend, shape.steps() * shape.batch(), 3, 1.0, new SplittableRandom(3L));

        double[] training = model.forward(x, shape.batch(), null).predictions().toArray();
        double[] evaluation = model.eval().forward(x, shape.batch(), null).predictions().toArray();

        assertThat(training).isNotEqualTo(evaluation);
    }

    /**
     * After {@code reset(rows)} the reset rows continue as a fresh stepper from zero state would,
     * and the other rows as if nothing happened.
     */
    @Property
    void stepperRowResetEqualsFreshStart(@ForAll("cells") String cell, @ForAll("shapes") ModelShape shape,
            @ForAll long seed) {
        Backend backend = backend();
        SplittableRandom random = new SplittableRandom(seed);
        SequenceModel model = NetworkSpec.of(cell).withLayers(2).build(backend, shape, seed);
        int batch = shape.batch();
        int rows = shape.steps() * batch;
        Tensor warmUp = TestData.uniform(backend, rows, shape.inputSize(), 1.0, random);
        Tensor next = TestData.uniform(backend, rows, shape.inputSize(), 1.0, random);
        boolean[] reset = new boolean[batch];
        int resetCount = 0;
        for (int b = 0; b < batch; b++) {
            reset[b] = random.nextBoolean();
            resetCount += reset[b] ? 1 : 0;
        }
        int[] resetRows = new int[resetCount];
        for (int b = 0, k = 0; b < batch; b++) {
            if (reset[b]) {
                resetRows[k++] = b;
            }
        }

        SequenceStepper continued = model.stepper();
        continued.step(warmUp, batch);
        double[] withoutReset = continued.step(next, batch).toArray();
        SequenceStepper partlyReset = model.stepper();
        partlyReset.step(warmUp, batch);
        partlyReset.reset(resetRows);
        double[] afterReset = partlyReset.step(next, batch).toArray();
        double[] fresh = model.stepper().step(next, batch).toArray();

        int outputs = shape.outputSize();
        for (int t = 0; t < shape.steps(); t++) {
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < outputs; o++) {
                    int k = (t * batch + b) * outputs + o;
                    double expected = reset[b] ? fresh[k] : withoutReset[k];
                    assertThat(afterReset[k]).as("step %d, row %d (reset %s), %s, %s", t, b, reset[b], cell, shape)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Example
    void stepperRejectsChangedBatchSize() {
        Backend backend = backend();
        SequenceModel model = NetworkSpec.of("gru").build(backend, new ModelShape(2, 3, 1, 4, 2), 1L);
        SequenceStepper stepper = model.stepper();
        stepper.step(backend.zeros(4, 2), 4);

        assertThatThrownBy(() -> stepper.step(backend.zeros(3, 2), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 4 to 3");

        stepper.reset();
        assertThat(stepper.step(backend.zeros(3, 2), 3).rows()).as("rows after reset() and a new batch size")
                .isEqualTo(3);
    }

    @Example
    void stepperRejectsResetOfMissingRow() {
        Backend backend = backend();
        SequenceModel model = NetworkSpec.of("lstm").build(backend, new ModelShape(1, 2, 1, 2, 1), 1L);
        SequenceStepper stepper = model.stepper();
        stepper.step(backend.zeros(2, 1), 2);

        assertThatThrownBy(() -> stepper.reset(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2")
                .hasMessageContaining("0..1");
    }

    private static Tensor reverseRows(Backend backend, Tensor t) {
        Tensor reversed = backend.zeros(t.rows(), t.cols());
        for (int r = 0; r < t.rows(); r++) {
            backend.copyRows(t, r, reversed, t.rows() - 1 - r, 1);
        }
        return reversed;
    }
}
