package io.jlstm.api.layer;

import io.jlstm.api.tensor.Tensor;

/**
 * Gradients that {@link RecurrentLayer#backward} returns: with respect to the input sequence
 * ({@code (T*B) x I}, or {@code null} when the caller asked for none) and to each initial state
 * tensor ({@code B x stateSizes[k]}).
 */
public record SequenceGradients(Tensor input, Tensor[] initialState) {
}
