package io.jlstm.api.loss;

import io.jlstm.api.tensor.Tensor;

/**
 * A scalar loss over a batch of predictions, computed together with its gradient.
 *
 * <p>{@code predictions} is {@code N x O} (for a sequence, {@code N = T*B}). The form of
 * {@code targets} depends on the loss: {@code N x O} values for regression, {@code N x 1} class
 * indices for classification.
 */
public interface Loss {

    /** Registered name, such as {@code mse} or {@code cross-entropy}. */
    String name();

    /**
     * Returns the loss and writes its gradient with respect to {@code predictions} into
     * {@code dPredictions} (same shape as {@code predictions}).
     *
     * @throws IllegalArgumentException if the shapes or target values do not fit
     */
    double compute(Tensor predictions, Tensor targets, Tensor dPredictions);

    /** Returns the loss without computing a gradient. */
    double value(Tensor predictions, Tensor targets);
}
