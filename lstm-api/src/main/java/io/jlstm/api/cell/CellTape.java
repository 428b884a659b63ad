package io.jlstm.api.cell;

/**
 * What a cell keeps from a forward pass over one sequence so that its backward can run: saved
 * activations and preallocated work buffers. Each cell defines its own implementation; the layer
 * only passes it back to the cell that created it.
 */
public interface CellTape {

    /** Batch size the tape was allocated for. */
    int batch();

    /** Number of time steps the tape was allocated for. */
    int steps();
}
