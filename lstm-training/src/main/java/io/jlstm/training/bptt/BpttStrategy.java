package io.jlstm.training.bptt;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.training.data.Batch;

/**
 * How a minibatch is turned into gradients and updates: full backpropagation through time (one
 * update per minibatch) or a truncated variant (one update per segment).
 */
public interface BpttStrategy {

    /** Registered name, such as {@code full}. */
    String name();

    /**
     * Computes gradients on {@code batch} and calls {@code update} after each segment. The
     * parameter gradients are zero on entry and {@code update} zeroes them again.
     *
     * @return the minibatch's loss: for truncated strategies the mean of the segment losses weighted
     *     by segment length
     */
    double train(SequenceModel model, Batch batch, Loss loss, ParameterUpdate update);
}
