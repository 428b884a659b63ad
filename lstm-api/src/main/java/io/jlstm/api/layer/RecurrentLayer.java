package io.jlstm.api.layer;

import io.jlstm.api.cell.CellTape;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * Unrolls a {@link RecurrentCell} over time in one direction: forward over a whole sequence, and
 * backpropagation through time over it.
 *
 * <p>Sequences are {@code (T*B) x features} tensors, time-major: rows {@code t*B .. t*B+B-1} are
 * time step {@code t}. All buffers of a pass are allocated before its time loop.
 *
 * <p>With {@link SequenceLengths}, padded input rows are replaced by zeros before the cell reads
 * them, and a padded step copies each padded sample's state forward unchanged and outputs zero.
 * Backward passes the state gradient of a padded step through untouched and gives the cell a zero
 * gradient for that sample. So padding changes no valid output, final state or gradient.
 */
public final class RecurrentLayer implements SequenceLayer {

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

    @Override
    public int inputSize() {
        return cell.inputSize();
    }

    @Override
    public int outputSize() {
        return cell.outputSize();
    }

    @Override
    public int[] stateSizes() {
        return cell.stateSizes();
    }

    @Override
    public List<RecurrentCell> cells() {
        return List.of(cell);
    }

    @Override
    public List<Parameter> parameters() {
        return cell.parameters();
    }

    /** Allocates a zero initial state for {@code batch} rows. */
    @Override
    public Tensor[] zeroState(int batch) {
        int[] sizes = cell.stateSizes();
        Tensor[] state = new Tensor[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            state[k] = backend.zeros(batch, sizes[k]);
        }
        return state;
    }

    /**
     * Runs the cell over all {@code T = x.rows() / batch} steps of equal-length samples.
     *
     * @param x input sequence, {@code (T*B) x I}
     * @param batch batch size {@code B}
     * @param initialState the state before step 0, or {@code null} for zeros; it is copied, not
     *     kept
     * @throws IllegalArgumentException if the shapes do not fit the cell or each other
     */
    public SequencePass forward(Tensor x, int batch, Tensor[] initialState) {
        return forward(x, batch, null, initialState);
    }

    @Override
    public SequencePass forward(Tensor x, int batch, SequenceLengths lengths, Tensor[] initialState) {
        int steps = stepsOf(x, batch);
        int[] sizes = cell.stateSizes();
        if (initialState != null) {
            requireState("initial state", initialState, batch, sizes);
        }
        if (lengths != null) {
            lengths.requireShape(batch, steps);
            if (lengths.isFull()) {
                lengths = null;
            }
        }
        Tensor input = lengths == null ? x : zeroPadding(x, lengths);

        // Without padding, output block t is exactly h after step t, so the h of steps 1 .. T-1
        // need not be kept a second time: they live in two alternating buffers during the loop and
        // are read back from the outputs in backward.
        Tensor[] hRing = lengths == null && steps > 1
                ? new Tensor[] {backend.zeros(batch, sizes[0]), backend.zeros(batch, sizes[0])} : null;
        Tensor[][] states = new Tensor[steps + 1][];
        for (int t = 0; t <= steps; t++) {
            boolean inRing = hRing != null && t >= 1 && t < steps;
            states[t] = newState(batch, inRing ? hRing[t % 2] : null);
        }
        if (initialState != null) {
            for (int k = 0; k < sizes.length; k++) {
                backend.copy(initialState[k], states[0][k]);
            }
        }
        Tensor outputs = backend.zeros(steps * batch, cell.outputSize());
        Tensor zeroOutputRow = backend.zeros(1, cell.outputSize());
        CellTape tape = cell.newTape(batch, steps);

        cell.beginForward(tape, input);
        for (int t = 0; t < steps; t++) {
            cell.forwardStep(tape, input, t, states[t], states[t + 1]);
            backend.copyRows(states[t + 1][0], 0, outputs, t * batch, batch);
            if (lengths != null) {
                holdPaddedRows(lengths, t, states[t], states[t + 1], outputs, zeroOutputRow);
            }
        }
        if (hRing != null) {
            for (int t = 1; t < steps; t++) {
                states[t][0] = null;
            }
        }
        return new SequencePass(input, batch, steps, lengths, outputs, states, tape);
    }

    /** Allocates a state for {@code batch} rows whose state 0 is {@code h}, or a new tensor when it is null. */
    private Tensor[] newState(int batch, Tensor h) {
        int[] sizes = cell.stateSizes();
        Tensor[] state = new Tensor[sizes.length];
        state[0] = h != null ? h : backend.zeros(batch, sizes[0]);
        for (int k = 1; k < sizes.length; k++) {
            state[k] = backend.zeros(batch, sizes[k]);
        }
        return state;
    }

    /** Carries the state of every sample padded at step {@code t} forward, and zeroes its output row. */
    private void holdPaddedRows(SequenceLengths lengths, int t, Tensor[] statePrev, Tensor[] stateNext,
            Tensor outputs, Tensor zeroOutputRow) {
        int batch = lengths.batch();
        for (int b = 0; b < batch; b++) {
            if (!lengths.isValid(t, b)) {
                for (int k = 0; k < stateNext.length; k++) {
                    backend.copyRows(statePrev[k], b, stateNext[k], b, 1);
                }
                backend.copyRows(zeroOutputRow, 0, outputs, t * batch + b, 1);
            }
        }
    }

    private Tensor zeroPadding(Tensor x, SequenceLengths lengths) {
        Tensor copy = backend.zeros(x.rows(), x.cols());
        backend.copy(x, copy);
        zeroPaddedRows(copy, lengths);
        return copy;
    }

    private void zeroPaddedRows(Tensor sequence, SequenceLengths lengths) {
        Tensor zeroRow = backend.zeros(1, sequence.cols());
        int batch = lengths.batch();
        for (int t = 0; t < lengths.steps(); t++) {
            for (int b = 0; b < batch; b++) {
                if (!lengths.isValid(t, b)) {
                    backend.copyRows(zeroRow, 0, sequence, t * batch + b, 1);
                }
            }
        }
    }

    /**
     * Full backpropagation through time over every step of {@code pass}. Adds the parameter
     * gradients into the cell's parameters.
     *
     * @param dOutputs loss gradient with respect to {@link SequencePass#outputs()}, or {@code null}
     *     for zero
     * @param dFinalState loss gradient with respect to the final state, or {@code null} for zero
     */
    public SequenceGradients backward(LayerPass pass, Tensor dOutputs, Tensor[] dFinalState) {
        return backward(pass, dOutputs, dFinalState, pass.steps());
    }

    /**
     * Backpropagation through the last {@code backSteps} steps of {@code pass} only, as truncated
     * BPTT does; earlier steps get no gradient, and the returned initial-state gradient is then the
     * gradient with respect to the state before step {@code T - backSteps}. The input gradient is
     * zero at padded rows.
     *
     * @throws IllegalArgumentException if {@code backSteps} is not in {@code 1..T}, or {@code pass}
     *     did not come from a {@link RecurrentLayer}
     */
    @Override
    public SequenceGradients backward(LayerPass layerPass, Tensor dOutputs, Tensor[] dFinalState, int backSteps) {
        return backward(layerPass, dOutputs, dFinalState, backSteps, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A cell that {@link RecurrentCell#acceptsNullInputGradient accepts} it gets {@code dx == null}
     * and skips the work; any other cell gets a buffer that is then dropped.
     *
     * @throws IllegalStateException if a backward already ran on {@code layerPass}; a cell may have
     *     overwritten its saved activations, so run forward again
     */
    @Override
    public SequenceGradients backward(LayerPass layerPass, Tensor dOutputs, Tensor[] dFinalState, int backSteps,
            boolean inputGradient) {
        if (!(layerPass instanceof SequencePass pass)) {
            throw new IllegalArgumentException("a RecurrentLayer backward needs the pass of a RecurrentLayer"
                    + " forward, but got " + layerPass.getClass().getSimpleName());
        }
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
        SequenceLengths lengths = pass.lengths();
        pass.startBackward();

        Tensor[] dState = zeroState(batch);
        if (dFinalState != null) {
            for (int k = 0; k < sizes.length; k++) {
                backend.copy(dFinalState[k], dState[k]);
            }
        }
        Tensor[] carried = lengths == null ? null : zeroState(batch);
        Tensor[] zeroRows = lengths == null ? null : zeroState(1);
        Tensor dOutputStep = backend.zeros(batch, cell.outputSize());
        boolean skipInputGradient = !inputGradient && cell.acceptsNullInputGradient();
        Tensor dx = skipInputGradient ? null : backend.zeros(pass.input().rows(), pass.input().cols());
        CellTape tape = pass.cellTape();
        Tensor[][] states = pass.states();
        // Set when forward kept h of the inner steps only in the outputs; see forward.
        boolean hInOutputs = steps > 1 && states[1][0] == null;
        Tensor[] statePrevCopy = hInOutputs ? new Tensor[sizes.length] : null;
        Tensor hPrevCopy = hInOutputs ? backend.zeros(batch, sizes[0]) : null;

        int firstStep = steps - backSteps;
        for (int t = steps - 1; t >= firstStep; t--) {
            if (lengths != null) {
                movePaddedRows(lengths, t, dState, carried, zeroRows);
            }
            if (dOutputs != null) {
                backend.copyRows(dOutputs, t * batch, dOutputStep, 0, batch);
                backend.add(dState[0], dOutputStep, dState[0]);
            }
            if (lengths != null) {
                // the output of a padded step is the constant zero, so its gradient is dropped too
                clearPaddedRows(lengths, t, dState[0], zeroRows[0]);
            }
            Tensor[] statePrev = states[t];
            if (statePrev[0] == null) {
                // h after step t - 1 was not kept: it is output block t - 1.
                backend.copyRows(pass.outputs(), (t - 1) * batch, hPrevCopy, 0, batch);
                statePrevCopy[0] = hPrevCopy;
                System.arraycopy(statePrev, 1, statePrevCopy, 1, sizes.length - 1);
                statePrev = statePrevCopy;
            }
            cell.backwardStep(tape, pass.input(), t, statePrev, dState, dx);
            if (lengths != null) {
                movePaddedRows(lengths, t, carried, dState, null);
            }
        }
        cell.endBackward(tape, pass.input(), dx);
        if (!inputGradient) {
            return new SequenceGradients(null, dState);
        }
        if (lengths != null) {
            zeroPaddedRows(dx, lengths);
        }
        return new SequenceGradients(dx, dState);
    }

    /**
     * Copies the rows of samples padded at step {@code t} from {@code from} to {@code to}, and then,
     * when {@code zeroRows} is given, zeroes them in {@code from}.
     */
    private void movePaddedRows(SequenceLengths lengths, int t, Tensor[] from, Tensor[] to, Tensor[] zeroRows) {
        for (int b = 0; b < lengths.batch(); b++) {
            if (!lengths.isValid(t, b)) {
                for (int k = 0; k < from.length; k++) {
                    backend.copyRows(from[k], b, to[k], b, 1);
                    if (zeroRows != null) {
                        backend.copyRows(zeroRows[k], 0, from[k], b, 1);
                    }
                }
            }
        }
    }

    private void clearPaddedRows(SequenceLengths lengths, int t, Tensor rows, Tensor zeroRow) {
        for (int b = 0; b < lengths.batch(); b++) {
            if (!lengths.isValid(t, b)) {
                backend.copyRows(zeroRow, 0, rows, b, 1);
            }
        }
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

    static void requireState(String what, Tensor[] state, int batch, int[] sizes) {
        if (state.length != sizes.length) {
            throw new IllegalArgumentException(what + " has " + state.length + " tensors, but the layer carries "
                    + sizes.length);
        }
        for (int k = 0; k < sizes.length; k++) {
            Shapes.requireShape(what + "[" + k + "]", state[k], batch, sizes[k]);
        }
    }
}
