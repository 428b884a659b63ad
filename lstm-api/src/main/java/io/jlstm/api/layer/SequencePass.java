package io.jlstm.api.layer;

import io.jlstm.api.cell.CellTape;
import io.jlstm.api.tensor.Tensor;

/**
 * The result of {@link RecurrentLayer#forward}: the outputs of every step and the tape its backward
 * needs.
 *
 * <p>{@link #outputs()} is {@code (T*B) x outputSize}; {@link #states()} contains the state before
 * step 0 at index 0 and the state after step {@code t} at index {@code t + 1}, so
 * {@link #finalState()} is index {@code T}. When no sample is padded, state 0 ({@code h}) of indices
 * {@code 1 .. T-1} is {@code null}, because output block {@code t - 1} holds the same values.
 */
public final class SequencePass implements LayerPass {

    private final Tensor input;
    private final int batch;
    private final int steps;
    private final SequenceLengths lengths;
    private final Tensor outputs;
    private final Tensor[][] states;
    private final CellTape cellTape;
    private boolean backwardStarted;

    SequencePass(Tensor input, int batch, int steps, SequenceLengths lengths, Tensor outputs, Tensor[][] states,
            CellTape cellTape) {
        this.input = input;
        this.batch = batch;
        this.steps = steps;
        this.lengths = lengths;
        this.outputs = outputs;
        this.states = states;
        this.cellTape = cellTape;
    }

    /** The input sequence as the cell saw it, {@code (T*B) x I}, with padded rows set to zero. */
    @Override
    public Tensor input() {
        return input;
    }

    /** Batch size {@code B}. */
    @Override
    public int batch() {
        return batch;
    }

    /** Number of time steps {@code T}. */
    @Override
    public int steps() {
        return steps;
    }

    @Override
    public SequenceLengths lengths() {
        return lengths;
    }

    /** Output {@code h} of every step, {@code (T*B) x outputSize}; zero at padded steps. */
    @Override
    public Tensor outputs() {
        return outputs;
    }

    /**
     * Returns the state after the last step. For a padded sample that is its state after its last
     * valid step. Do not modify it while a backward pass is pending.
     */
    @Override
    public Tensor[] finalState() {
        return states[steps];
    }

    /**
     * The state after step {@code t - 1}, that is before step {@code t}; a padded sample keeps the
     * state of its last valid step. State 0 may be a new copy of output block {@code t - 1} rather
     * than a tensor of the pass.
     *
     * @throws IndexOutOfBoundsException if {@code t} is not in {@code 0..T}
     */
    public Tensor[] stateBefore(int t) {
        Tensor[] state = states[t];
        if (state[0] != null) {
            return state;
        }
        Tensor[] copy = state.clone();
        copy[0] = outputs.backend().zeros(batch, outputs.cols());
        outputs.backend().copyRows(outputs, (t - 1) * batch, copy[0], 0, batch);
        return copy;
    }

    Tensor[][] states() {
        return states;
    }

    CellTape cellTape() {
        return cellTape;
    }

    /**
     * Marks the start of this pass's one backward. A cell may overwrite its saved activations with
     * gradients during backward (the LSTM does), so a pass supports one backward, as PyTorch does
     * without {@code retain_graph}.
     *
     * @throws IllegalStateException if a backward already started on this pass
     */
    void startBackward() {
        if (backwardStarted) {
            throw new IllegalStateException("backward already ran on this pass; run forward again before another"
                    + " backward");
        }
        backwardStarted = true;
    }
}
