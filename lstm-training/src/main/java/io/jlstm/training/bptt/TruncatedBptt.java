package io.jlstm.training.bptt;

import io.jlstm.api.layer.BidirectionalLayer;
import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.data.Batch;
import java.util.List;

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
     * <p>In a right-padded batch each segment runs on the samples that still have valid steps in
     * it, with their lengths within the segment, and the segment ends at the last valid step of any
     * of them. A sample's state is carried from the last segment it took part in. The loss of a
     * segment is the mean over its valid steps, as {@link SequenceModel.Pass#loss} computes it.
     * Gradients flow back through each sample's own last {@code k2} valid steps of the segment; when
     * that differs from the segment's last {@code k2} steps, the samples of each length run forward
     * and backward on their own, and the segment still makes one update.
     *
     * @return the mean of the segment losses weighted by their numbers of valid steps. That is the
     *     mean over all valid steps of the minibatch, and with one segment its loss exactly.
     * @throws ConfigException before any update if the model's head is many-to-one, or a layer is
     *     bidirectional and the minibatch does not fit in one segment with {@code k2 >= T}
     */
    @Override
    public double train(SequenceModel model, Batch batch, Loss loss, ParameterUpdate update) {
        requireSupported(model, batch.steps());
        SequenceLengths lengths = batch.lengths();
        int steps = batch.steps();
        if (k1 >= steps && (lengths == null || k2 >= steps)) {
            SegmentPass pass = forwardBackward(model, batch, loss, null, 1.0);
            update.apply(pass.lossValue());
            return pass.lossValue();
        }
        int batchSize = batch.batchSize();
        Tensor[][] carried = null;
        double weightedSum = 0.0;
        long validRows = 0;

        for (int start = 0; start < steps; start += k1) {
            Segment segment = Segment.of(lengths, batchSize, start, Math.min(k1, steps - start));
            if (segment == null) {
                break;
            }

            // With k2 below the segment length, samples of each length run on their own, so that
            // each backpropagates through its own last k2 valid steps. All share one update.
            List<Segment> parts = segment.steps() > k2 ? segment.byLength() : List.of(segment);
            double segmentLoss = 0.0;
            for (Segment part : parts) {
                Tensor[][] initialState = carried == null ? null : part.gatherStates(model.backend(), carried);
                double weight = parts.size() == 1 ? 1.0 : (double) part.validRows() / segment.validRows();
                SegmentPass pass = forwardBackward(model, part.slice(model.backend(), batch), loss, initialState,
                        weight);
                carried = part.scatterStates(model, carried, pass.finalStates());
                segmentLoss += weight * pass.lossValue();
            }
            update.apply(segmentLoss);

            weightedSum += segmentLoss * segment.validRows();
            validRows += segment.validRows();
        }
        return weightedSum / validRows;
    }

    /**
     * Rejects models that truncated BPTT cannot train, before any update.
     *
     * @throws ConfigException if the head is many-to-one, or a layer is bidirectional and the
     *     minibatch of {@code steps} steps would be cut into segments or backpropagated through
     *     fewer than all of its steps
     */
    private void requireSupported(SequenceModel model, int steps) {
        if (model.headMode() == SequenceModel.Head.MANY_TO_ONE) {
            throw new ConfigException("truncated BPTT needs a prediction at every step, but the model's head"
                    + " is many-to-one; set bptt.k1 = 0 for full BPTT, or model.head = many-to-many");
        }
        boolean bidirectional = model.layers().stream().anyMatch(l -> l instanceof BidirectionalLayer);
        if (bidirectional && (k1 < steps || k2 < steps)) {
            // A segment's reverse pass would start from the state the previous segment's reverse pass ended in.
            throw new ConfigException("truncated BPTT (bptt.k1 = " + k1 + ", bptt.k2 = " + k2 + ") cannot train a"
                    + " bidirectional layer on " + steps + " steps, because its reverse direction needs the whole"
                    + " sequence; set bptt.k1 = 0 for full BPTT, or model.bidirectional = false");
        }
    }

    /**
     * Runs forward and backward on {@code batch} as one segment from {@code initialState}
     * ({@code null} for zeros), adding {@code weight} times the loss gradient to the parameters'
     * gradients, and returns the segment's unweighted loss and final states.
     */
    private SegmentPass forwardBackward(SequenceModel model, Batch batch, Loss loss, Tensor[][] initialState,
            double weight) {
        SequenceModel.Pass pass = model.forward(batch.input(), batch.batchSize(), batch.lengths(), initialState);
        Tensor dPredictions = model.backend().zeros(pass.predictions().rows(), pass.predictions().cols());
        double value = pass.loss(loss, batch.targets(), dPredictions);
        if (weight != 1.0) {
            model.backend().scale(weight, dPredictions, dPredictions);
        }
        model.backward(pass, dPredictions, null, Math.min(k2, pass.steps()), false);
        return new SegmentPass(value, pass.finalStates());
    }

    /** The loss of a trained segment and the states after its last valid step. */
    private record SegmentPass(double lossValue, Tensor[][] finalStates) {
    }
}
