package io.jlstm.api.model;

import io.jlstm.api.layer.SequenceLayer;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * Stateful streaming inference: feeds a {@link SequenceModel} one step or one chunk of steps at a
 * time and carries every layer's state from call to call, so any chunking of a sequence gives the
 * predictions of one whole forward. Dropout is always off.
 *
 * <p>The head runs at every step, whatever the model's head placement; for a many-to-one model
 * the prediction at step {@code t} is the one the model would make if the sequence ended there.
 * The first {@link #step} fixes the batch size until {@link #reset()}. Not thread-safe.
 */
public final class SequenceStepper {

    private final SequenceModel model;
    private final Backend backend;
    private Tensor[][] state;
    private int batch;

    SequenceStepper(SequenceModel model) {
        if (model.hasBidirectionalLayer()) {
            throw new IllegalArgumentException("a model with a bidirectional layer cannot run step by step,"
                    + " because its reverse direction needs the end of the sequence first");
        }
        this.model = model;
        this.backend = model.backend();
    }

    /**
     * Runs the next {@code x.rows() / batch} steps and returns their predictions,
     * {@code (k*B) x O} time-major.
     *
     * @param x the next steps, {@code (k*B) x I}, time-major
     * @throws IllegalArgumentException if {@code batch} differs from the batch size of the carried
     *     state (naming both), or the shapes do not fit the model
     */
    public Tensor step(Tensor x, int batch) {
        if (state != null && batch != this.batch) {
            throw new IllegalArgumentException("batch size changed from " + this.batch + " to " + batch
                    + ": the stepper carries state for " + this.batch + " rows; call reset() to start over"
                    + " with a new batch size");
        }
        SequenceModel.Pass pass = model.run(x, batch, null, state, false, SequenceModel.Head.MANY_TO_MANY);
        Tensor[][] finalStates = pass.finalStates();
        if (state == null) {
            state = new Tensor[finalStates.length][];
            for (int k = 0; k < finalStates.length; k++) {
                state[k] = new Tensor[finalStates[k].length];
                for (int s = 0; s < finalStates[k].length; s++) {
                    state[k][s] = backend.zeros(finalStates[k][s].rows(), finalStates[k][s].cols());
                }
            }
            this.batch = batch;
        }
        for (int k = 0; k < finalStates.length; k++) {
            for (int s = 0; s < finalStates[k].length; s++) {
                backend.copy(finalStates[k][s], state[k][s]);
            }
        }
        return pass.predictions();
    }

    /**
     * Replaces the carried state with a copy of {@code states}, one state per layer, and sets the
     * batch size to their row count.
     *
     * @throws IllegalArgumentException if the number of layers or a tensor's shape does not fit the model
     */
    public void setState(Tensor[][] states) {
        List<SequenceLayer> layers = model.layers();
        if (states.length != layers.size()) {
            throw new IllegalArgumentException("states given for " + states.length + " layers, but the model has "
                    + layers.size());
        }
        int rows = states[0][0].rows();
        Tensor[][] copy = new Tensor[states.length][];
        for (int k = 0; k < states.length; k++) {
            int[] sizes = layers.get(k).stateSizes();
            if (states[k].length != sizes.length) {
                throw new IllegalArgumentException("layer " + k + " state has " + states[k].length
                        + " tensors, but the layer carries " + sizes.length);
            }
            copy[k] = new Tensor[sizes.length];
            for (int s = 0; s < sizes.length; s++) {
                Shapes.requireShape("state[" + k + "][" + s + "]", states[k][s], rows, sizes[s]);
                copy[k][s] = backend.zeros(rows, sizes[s]);
                backend.copy(states[k][s], copy[k][s]);
            }
        }
        state = copy;
        batch = rows;
    }

    /** Drops the carried state: the next {@link #step} starts from zeros, with any batch size. */
    public void reset() {
        state = null;
        batch = 0;
    }

    /**
     * Sets the carried state of the given batch rows to zero, leaving the other rows as they are;
     * does nothing before the first {@link #step}.
     *
     * @throws IllegalArgumentException if a row is outside {@code 0 .. B-1}
     */
    public void reset(int... rows) {
        for (int row : rows) {
            if (state != null && (row < 0 || row >= batch)) {
                throw new IllegalArgumentException("cannot reset row " + row + ": the carried state has rows 0.."
                        + (batch - 1));
            }
        }
        if (state == null) {
            return;
        }
        for (Tensor[] layerState : state) {
            for (Tensor s : layerState) {
                Tensor zeroRow = backend.zeros(1, s.cols());
                for (int row : rows) {
                    backend.copyRows(zeroRow, 0, s, row, 1);
                }
            }
        }
    }

    /** Batch size of the carried state, or 0 before the first {@link #step} and after {@link #reset()}. */
    public int batchSize() {
        return batch;
    }

    /** A copy of the carried state per layer, or {@code null} when there is none. */
    public Tensor[][] state() {
        if (state == null) {
            return null;
        }
        Tensor[][] copy = new Tensor[state.length][];
        for (int k = 0; k < state.length; k++) {
            copy[k] = new Tensor[state[k].length];
            for (int s = 0; s < state[k].length; s++) {
                copy[k][s] = backend.zeros(state[k][s].rows(), state[k][s].cols());
                backend.copy(state[k][s], copy[k][s]);
            }
        }
        return copy;
    }
}
