package io.jlstm.api.layer;

import io.jlstm.api.tensor.Tensor;

/**
 * The result of {@link SequenceLayer#forward}: the outputs of every step, the final state, and
 * whatever the layer's backward needs.
 */
public interface LayerPass {

    /** The input sequence, {@code (T*B) x I}. */
    Tensor input();

    /** Batch size {@code B}. */
    int batch();

    /** Number of time steps {@code T}. */
    int steps();

    /** Per-sample lengths, or {@code null} when every sample has all {@code T} steps. */
    SequenceLengths lengths();

    /** Output of every step, {@code (T*B) x outputSize}; zero at padded steps. */
    Tensor outputs();

    /**
     * The final state, one {@code B x stateSizes[k]} tensor per entry of the layer's
     * {@link SequenceLayer#stateSizes()}: each sample's state after its last valid step (for a
     * reverse direction, after step 0). Do not modify it while backward is pending.
     */
    Tensor[] finalState();
}
