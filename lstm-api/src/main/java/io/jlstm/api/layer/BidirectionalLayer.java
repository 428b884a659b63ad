package io.jlstm.api.layer;

import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Two recurrent layers over the same input, one forward in time and one backward, as PyTorch's
 * {@code bidirectional=True}.
 *
 * <p>The output of step {@code t} is the forward direction's output followed by the reverse
 * direction's output, so it has {@code outputSize(forward) + outputSize(reverse)} columns. The
 * reverse direction runs over each sample's valid steps in reverse order, so for a padded sample it
 * starts at that sample's last valid step. The state is the forward direction's state tensors
 * followed by the reverse direction's, for an LSTM {@code {h_fwd, c_fwd, h_rev, c_rev}}. The final
 * state contains the forward direction's state after the last valid step and the reverse
 * direction's state after step 0, as PyTorch's {@code h_n} does. The reverse cell's parameter names
 * end in {@code _reverse}.
 *
 * <p>Backward supports only full BPTT, since the reverse direction's last step is the sequence's
 * first.
 */
public final class BidirectionalLayer implements SequenceLayer {

    private final RecurrentLayer forward;
    private final RecurrentLayer reverse;
    private final Backend backend;

    /**
     * Pairs two layers with the same input size.
     *
     * @throws IllegalArgumentException if the input sizes differ or a parameter name repeats
     */
    public BidirectionalLayer(RecurrentLayer forward, RecurrentLayer reverse) {
        if (forward.inputSize() != reverse.inputSize()) {
            throw new IllegalArgumentException("the forward direction expects input size " + forward.inputSize()
                    + " but the reverse direction " + reverse.inputSize() + "; both read the same input");
        }
        for (Parameter p : forward.parameters()) {
            for (Parameter q : reverse.parameters()) {
                if (p.name().equals(q.name())) {
                    throw new IllegalArgumentException("both directions have a parameter named '" + p.name()
                            + "'; build the reverse cell with CellSpec.reversed() so its names end in _reverse");
                }
            }
        }
        this.forward = forward;
        this.reverse = reverse;
        this.backend = forward.cell().backend();
    }

    /** The forward-in-time direction. */
    public RecurrentLayer forwardDirection() {
        return forward;
    }

    /** The reverse-in-time direction. */
    public RecurrentLayer reverseDirection() {
        return reverse;
    }

    @Override
    public int inputSize() {
        return forward.inputSize();
    }

    @Override
    public int outputSize() {
        return forward.outputSize() + reverse.outputSize();
    }

    @Override
    public int[] stateSizes() {
        int[] f = forward.stateSizes();
        int[] r = reverse.stateSizes();
        int[] sizes = new int[f.length + r.length];
        System.arraycopy(f, 0, sizes, 0, f.length);
        System.arraycopy(r, 0, sizes, f.length, r.length);
        return sizes;
    }

    @Override
    public List<RecurrentCell> cells() {
        return List.of(forward.cell(), reverse.cell());
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(forward.parameters());
        all.addAll(reverse.parameters());
        return List.copyOf(all);
    }

    @Override
    public Tensor[] zeroState(int batch) {
        return concat(forward.zeroState(batch), reverse.zeroState(batch));
    }

    @Override
    public LayerPass forward(Tensor x, int batch, SequenceLengths lengths, Tensor[] initialState) {
        Shapes.requirePositive("batch", batch);
        if (x.rows() == 0 || x.rows() % batch != 0) {
            throw new IllegalArgumentException("input has " + x.rows() + " rows, which is not a positive multiple"
                    + " of the batch size " + batch + " (input " + Tensor.shapeString(x) + ")");
        }
        int steps = x.rows() / batch;
        SequenceLengths valid = lengths != null ? lengths : SequenceLengths.full(batch, steps);
        valid.requireShape(batch, steps);
        int forwardStates = forward.stateSizes().length;
        if (initialState != null) {
            RecurrentLayer.requireState("initial state", initialState, batch, stateSizes());
        }
        Tensor[] forwardInitial = initialState == null ? null : slice(initialState, 0, forwardStates);
        Tensor[] reverseInitial = initialState == null ? null
                : slice(initialState, forwardStates, initialState.length - forwardStates);

        SequencePass forwardPass = forward.forward(x, batch, lengths, forwardInitial);
        SequencePass reversePass = reverse.forward(valid.reverseValid(x), batch, lengths, reverseInitial);

        Tensor outputs = backend.zeros(steps * batch, outputSize());
        backend.setColumns(forwardPass.outputs(), outputs, 0);
        backend.setColumns(valid.reverseValid(reversePass.outputs()), outputs, forward.outputSize());
        return new Pass(x, batch, steps, lengths, valid, outputs, forwardPass, reversePass);
    }

    @Override
    public SequenceGradients backward(LayerPass layerPass, Tensor dOutputs, Tensor[] dFinalState, int backSteps) {
        if (!(layerPass instanceof Pass pass)) {
            throw new IllegalArgumentException("a BidirectionalLayer backward needs the pass of a"
                    + " BidirectionalLayer forward, but got " + layerPass.getClass().getSimpleName());
        }
        if (backSteps != pass.steps) {
            throw new IllegalArgumentException("a bidirectional layer supports only full BPTT over all "
                    + pass.steps + " steps, but backward over the last " + backSteps + " steps was requested");
        }
        int batch = pass.batch;
        int forwardStates = forward.stateSizes().length;
        if (dFinalState != null) {
            RecurrentLayer.requireState("final-state gradient", dFinalState, batch, stateSizes());
        }
        Tensor dForwardOutputs = null;
        Tensor dReverseOutputs = null;
        if (dOutputs != null) {
            Shapes.requireShape("dOutputs", dOutputs, pass.steps * batch, outputSize());
            dForwardOutputs = backend.zeros(dOutputs.rows(), forward.outputSize());
            backend.getColumns(dOutputs, 0, dForwardOutputs);
            Tensor dReverseInOriginalOrder = backend.zeros(dOutputs.rows(), reverse.outputSize());
            backend.getColumns(dOutputs, forward.outputSize(), dReverseInOriginalOrder);
            dReverseOutputs = pass.valid.reverseValid(dReverseInOriginalOrder);
        }
        Tensor[] dForwardFinal = dFinalState == null ? null : slice(dFinalState, 0, forwardStates);
        Tensor[] dReverseFinal = dFinalState == null ? null
                : slice(dFinalState, forwardStates, dFinalState.length - forwardStates);

        SequenceGradients f = forward.backward(pass.forwardPass, dForwardOutputs, dForwardFinal);
        SequenceGradients r = reverse.backward(pass.reversePass, dReverseOutputs, dReverseFinal);

        Tensor dx = pass.valid.reverseValid(r.input());
        backend.add(dx, f.input(), dx);
        return new SequenceGradients(dx, concat(f.initialState(), r.initialState()));
    }

    private static Tensor[] concat(Tensor[] a, Tensor[] b) {
        Tensor[] all = new Tensor[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Tensor[] slice(Tensor[] all, int from, int count) {
        Tensor[] part = new Tensor[count];
        System.arraycopy(all, from, part, 0, count);
        return part;
    }

    /** Forward result of both directions; the reverse pass is in reversed time order. */
    public static final class Pass implements LayerPass {
        private final Tensor input;
        private final int batch;
        private final int steps;
        private final SequenceLengths lengths;
        private final SequenceLengths valid;
        private final Tensor outputs;
        private final SequencePass forwardPass;
        private final SequencePass reversePass;

        Pass(Tensor input, int batch, int steps, SequenceLengths lengths, SequenceLengths valid, Tensor outputs,
                SequencePass forwardPass, SequencePass reversePass) {
            this.input = input;
            this.batch = batch;
            this.steps = steps;
            this.lengths = lengths;
            this.valid = valid;
            this.outputs = outputs;
            this.forwardPass = forwardPass;
            this.reversePass = reversePass;
        }

        @Override
        public Tensor input() {
            return input;
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int steps() {
            return steps;
        }

        @Override
        public SequenceLengths lengths() {
            return lengths;
        }

        /** Forward outputs then reverse outputs per step, {@code (T*B) x (outF + outR)}. */
        @Override
        public Tensor outputs() {
            return outputs;
        }

        @Override
        public Tensor[] finalState() {
            return concat(forwardPass.finalState(), reversePass.finalState());
        }

        /** The forward direction's pass. */
        public SequencePass forwardPass() {
            return forwardPass;
        }

        /** The reverse direction's pass over the time-reversed input; its step 0 is each sample's last valid step. */
        public SequencePass reversePass() {
            return reversePass;
        }
    }
}
