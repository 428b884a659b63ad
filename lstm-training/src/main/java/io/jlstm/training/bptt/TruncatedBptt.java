package io.jlstm.training.bptt;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.data.Batch;

/**
 * Truncated backpropagation through time with forward length {@code k1} and backward length
 * {@code k2}: the minibatch's {@code T} steps are cut into segments of {@code k1} steps (the last
 * one may be shorter). For each segment the model runs forward from the state the previous
 * segment ended in, the loss is the mean over the segment, gradients flow back through the
 * segment's last {@code min(k2, length)} steps only, and one update is applied. The carried state
 * is a copy of values, so no gradient crosses a segment boundary, and every minibatch starts again
 * from zero state.
 *
 * <p>With {@code k1 >= T} and {@code k2 >= T} a minibatch is one segment and the update is the same
 * as {@link FullBptt}'s, bit for bit.
 *
 * <p>NOTE: with {@code k2 < k1} the dense head still receives the loss gradient of every step of
 * the segment; only the recurrent layers are limited to the last {@code k2} steps.
 */
public final class TruncatedBptt implements BpttStrategy {

    private final int k1;
    private final int k2;

    /**
     * Creates the strategy.
     *
     * @param k1 time steps per segment, at least 1
     * @param k2 steps of each segment that gradients flow through, in {@code 1..k1}
     * @throws IllegalArgumentException naming {@code bptt.k1} and {@code bptt.k2} otherwise
     */
    public TruncatedBptt(int k1, int k2) {
        if (k1 < 1) {
            throw new IllegalArgumentException("truncated BPTT needs bptt.k1 >= 1 steps per segment, but it is " + k1);
        }
        if (k2 < 1 || k2 > k1) {
            throw new IllegalArgumentException("truncated BPTT needs 1 <= bptt.k2 <= bptt.k1 = " + k1
                    + ", but bptt.k2 is " + k2 + "; set bptt.k2 = 0 to backpropagate through whole segments");
        }
        this.k1 = k1;
        this.k2 = k2;
    }

    /** Forward segment length. */
    public int k1() {
        return k1;
    }

    /** Backward length within a segment. */
    public int k2() {
        return k2;
    }

    @Override
    public String name() {
        return "truncated(k1=" + k1 + ", k2=" + k2 + ")";
    }

    /**
     * Trains the minibatch segment by segment.
     *
     * @return the mean of the segment losses weighted by segment length; with one segment its
     *     loss exactly
     */
    @Override
    public double train(SequenceModel model, Batch batch, Loss loss, ParameterUpdate update) {
        // TODO: split per-sample lengths into segments; until then padded batches need full BPTT.
        if (batch.lengths() != null) {
            throw new IllegalArgumentException("truncated BPTT does not support variable-length batches ("
                    + batch.lengths() + "); set bptt.k1 = 0 for full BPTT, or use sequences of equal length");
        }
        if (model.headMode() == SequenceModel.Head.MANY_TO_ONE) {
            throw new IllegalArgumentException("truncated BPTT needs a prediction at every step, but the model's head"
                    + " is many-to-one; set bptt.k1 = 0 for full BPTT, or model.head = many-to-many");
        }
        int steps = batch.steps();
        int batchSize = batch.batchSize();
        Tensor[][] state = null;
        double weightedSum = 0.0;
        double only = Double.NaN;

        for (int start = 0; start < steps; start += k1) {
            int length = Math.min(k1, steps - start);
            Tensor x = segment(model.backend(), batch.input(), start, length, batchSize, steps);
            Tensor y = segment(model.backend(), batch.targets(), start, length, batchSize, steps);

            SequenceModel.Pass pass = model.forward(x, batchSize, state);
            Tensor predictions = pass.predictions();
            Tensor dPredictions = model.backend().zeros(predictions.rows(), predictions.cols());
            double value = loss.compute(predictions, y, dPredictions);
            model.backward(pass, dPredictions, null, Math.min(k2, length), false);
            state = pass.finalStates();
            update.apply(value);

            weightedSum += value * length;
            only = start == 0 && length == steps ? value : Double.NaN;
        }
        return Double.isNaN(only) ? weightedSum / steps : only;
    }

    /** Rows of steps {@code start .. start+length-1}; the tensor itself when that is all of it. */
    static Tensor segment(Backend backend, Tensor sequence, int start, int length, int batch, int steps) {
        if (start == 0 && length == steps) {
            return sequence;
        }
        Tensor part = backend.zeros(length * batch, sequence.cols());
        backend.copyRows(sequence, start * batch, part, 0, length * batch);
        return part;
    }
}
