package io.jlstm.api.layer;

import io.jlstm.api.cell.CellTape;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;

/**
 * Unrolls a {@link RecurrentCell} over time: forward over a whole sequence, and backpropagation
 * through time over it.
 *
 * <p>Sequences are {@code (T*B) x features} tensors, time-major: rows {@code t*B .. t*B+B-1} are
 * time step {@code t}. All buffers of a pass are allocated before its time loop.
 */
public final class RecurrentLayer {

    private final RecurrentCell cell;
    private final Backend backend;

    /** Wraps {@code cell}. */
    public RecurrentLayer(RecurrentCell cell) {
        this.cell = cell;
        this.backend = cell.backend();
    }

    /** The unrolled cell. */
    public RecurrentCell cell() {
        return cell;
    }

    /** Allocates a zero initial state for {@code batch} rows. */
    public Tensor[] zeroState(int batch) {
        int[] sizes = cell.stateSizes();
        Tensor[] state = new Tensor[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            state[k] = backend.zeros(batch, sizes[k]);
        }
        return state;
    }

    /**
     * Runs the cell over all {@code T = x.rows() / batch} steps.
     *
     * @param x input sequence, {@code (T*B) x I}
     * @param batch batch size {@code B}
     * @param initialState the state before step 0, or {@code null} for zeros; it is copied, not
     *     kept
     * @throws IllegalArgumentException if the shapes do not fit the cell or each other
     */
    public SequencePass forward(Tensor x, int batch, Tensor[] initialState) {
        int steps = stepsOf(x, batch);
        int[] sizes = cell.stateSizes();
        if (initialState != null) {
            requireState("initial state", initialState, batch, sizes);
        }

        Tensor[][] states = new Tensor[steps + 1][];
        for (int t = 0; t <= steps; t++) {
            states[t] = zeroState(batch);
        }
        if (initialState != null) {
            for (int k = 0; k < sizes.length; k++) {
                backend.copy(initialState[k], states[0][k]);
            }
        }
        Tensor outputs = backend.zeros(steps * batch, cell.outputSize());
        CellTape tape = cell.newTape(batch, steps);

        cell.beginForward(tape, x);
        for (int t = 0; t < steps; t++) {
            cell.forwardStep(tape, x, t, states[t], states[t + 1]);
            backend.copyRows(states[t + 1][0], 0, outputs, t * batch, batch);
        }
        return new SequencePass(x, batch, steps, outputs, states, tape);
    }

    /**
     * Full backpropagation through time over every step of {@code pass}. Adds the parameter
     * gradients into the cell's parameters.
     *
     * @param dOutputs loss gradient with respect to {@link SequencePass#outputs()}, or {@code null}
     *     for zero
     * @param dFinalState loss gradient with respect to the final state, or {@code null} for zero
     */
    public SequenceGradients backward(SequencePass pass, Tensor dOutputs, Tensor[] dFinalState) {
        return backward(pass, dOutputs, dFinalState, pass.steps());
    }

    /**
     * Backpropagation through the last {@code backSteps} steps of {@code pass} only, as truncated
     * BPTT does; earlier steps get no gradient, and the returned initial-state gradient is then the
     * gradient with respect to the state before step {@code T - backSteps}.
     *
     * @throws IllegalArgumentException if {@code backSteps} is not in {@code 1..T}
     */
    public SequenceGradients backward(SequencePass pass, Tensor dOutputs, Tensor[] dFinalState, int backSteps) {
        int batch = pass.batch();
        int steps = pass.steps();
        if (backSteps < 1 || backSteps > steps) {
            throw new IllegalArgumentException("backward steps must be in 1.." + steps + ", but is " + backSteps);
        }
        if (dOutputs != null) {
            Shapes.requireShape("dOutputs", dOutputs, steps * batch, cell.outputSize());
        }
        int[] sizes = cell.stateSizes();
        if (dFinalState != null) {
            requireState("final-state gradient", dFinalState, batch, sizes);
        }

        Tensor[] dState = zeroState(batch);
        if (dFinalState != null) {
            for (int k = 0; k < sizes.length; k++) {
                backend.copy(dFinalState[k], dState[k]);
            }
        }
        Tensor dOutputStep = backend.zeros(batch, cell.outputSize());
        Tensor dx = backend.zeros(pass.input().rows(), pass.input().cols());
        CellTape tape = pass.cellTape();
        Tensor[][] states = pass.states();

        int firstStep = steps - backSteps;
        for (int t = steps - 1; t >= firstStep; t--) {
            if (dOutputs != null) {
                backend.copyRows(dOutputs, t * batch, dOutputStep, 0, batch);
                backend.add(dState[0], dOutputStep, dState[0]);
            }
            cell.backwardStep(tape, pass.input(), t, states[t], dState, dx);
        }
        cell.endBackward(tape, pass.input(), dx);
        return new SequenceGradients(dx, dState);
    }

    private int stepsOf(Tensor x, int batch) {
        Shapes.requirePositive("batch", batch);
        if (x.cols() != cell.inputSize()) {
            throw new IllegalArgumentException("input has " + x.cols() + " features per step, but the "
                    + cell.type() + " cell expects " + cell.inputSize() + " (input " + Tensor.shapeString(x) + ")");
        }
        if (x.rows() == 0 || x.rows() % batch != 0) {
            throw new IllegalArgumentException("input has " + x.rows() + " rows, which is not a positive multiple"
                    + " of the batch size " + batch + " (input " + Tensor.shapeString(x) + ")");
        }
        return x.rows() / batch;
    }

    private static void requireState(String what, Tensor[] state, int batch, int[] sizes) {
        if (state.length != sizes.length) {
            throw new IllegalArgumentException(what + " has " + state.length + " tensors, but the cell carries "
                    + sizes.length);
        }
        for (int k = 0; k < sizes.length; k++) {
            Shapes.requireShape(what + "[" + k + "]", state[k], batch, sizes[k]);
        }
    }
}
