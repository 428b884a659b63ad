package io.jlstm.api.cell;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * Long short-term memory cell in PyTorch's {@code nn.LSTM} layout.
 *
 * <pre>
 *   gates = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh          (B x 4H, blocks i, f, g, o)
 *   i = sigma(.), f = sigma(.), g = tanh(.), o = sigma(.)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 *
 * <p>Parameters: {@code weight_ih_l{k}} {@code 4H x I}, {@code weight_hh_l{k}} {@code 4H x H},
 * {@code bias_ih_l{k}} and {@code bias_hh_l{k}} of length {@code 4H}, where {@code k} is the layer
 * index. The states are {@code {h, c}}.
 *
 * <p>Fast path: the input projection of all steps is one GEMM before the time loop; each step is one
 * {@code B x H} by {@code H x 4H} GEMM and one fused point-wise kernel; the weight gradients are one
 * GEMM each after the backward loop.
 */
public final class LstmCell implements RecurrentCell {

    private final Backend backend;
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    /**
     * Creates a cell with zero parameters; see {@link io.jlstm.api.init.Initializers} to fill them.
     *
     * @param layer index {@code k} in the parameter names
     */
    public LstmCell(Backend backend, int inputSize, int hiddenSize, int layer) {
        this(backend, CellSpec.of(inputSize, hiddenSize, layer));
    }

    /**
     * Creates a cell with zero parameters named after {@code spec}'s layer and direction.
     *
     * @throws IllegalArgumentException if {@code spec} asks for a projection; use
     *     {@link ProjectedLstmCell} for that
     */
    public LstmCell(Backend backend, CellSpec spec) {
        if (spec.hasProjection()) {
            throw new IllegalArgumentException("LstmCell has no projection, but projection size "
                    + spec.projectionSize() + " was requested; use ProjectedLstmCell");
        }
        this.backend = backend;
        this.inputSize = spec.inputSize();
        this.hiddenSize = spec.hiddenSize();
        this.weightIh = Parameter.matrix(backend, spec.parameterName("weight_ih"), 4 * hiddenSize, inputSize);
        this.weightHh = Parameter.matrix(backend, spec.parameterName("weight_hh"), 4 * hiddenSize, hiddenSize);
        this.biasIh = Parameter.vector(backend, spec.parameterName("bias_ih"), 4 * hiddenSize);
        this.biasHh = Parameter.vector(backend, spec.parameterName("bias_hh"), 4 * hiddenSize);
    }

    @Override
    public String type() {
        return "lstm";
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return hiddenSize;
    }

    /** Hidden size {@code H}. */
    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public int[] stateSizes() {
        return new int[] {hiddenSize, hiddenSize};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightIh, weightHh, biasIh, biasHh);
    }

    @Override
    public CellTape newTape(int batch, int steps) {
        return new Tape(batch, steps);
    }

    @Override
    public void beginForward(CellTape cellTape, Tensor x) {
        Tape tape = (Tape) cellTape;
        Shapes.requireShape("LSTM input x", x, tape.steps * tape.batch, inputSize);

        // Transposed weight copies turn every forward product into a plain one, which EJML 0.46.1
        // runs about 2x faster than a transposed-B one. Every pass takes this path, whatever its
        // length, so that a sample gives the same bits alone, in a batch or in chunks.
        // NOTE: step-by-step inference with one sample spends about as long copying as multiplying.

        // gatesAll = x W_ih^T + (b_ih + b_hh) for all steps at once
        Tensor weightIhT = backend.zeros(inputSize, 4 * hiddenSize);
        backend.transpose(weightIh.value(), weightIhT);
        backend.add(biasIh.value(), biasHh.value(), tape.biasSum);
        backend.gemm(false, false, 1.0, x, weightIhT, 0.0, tape.gatesAll);
        backend.addRowVector(tape.gatesAll, tape.biasSum, tape.gatesAll);

        // W_hh^T is kept for the steps and dropped after the last one, before backward allocates.
        tape.weightHhT = backend.zeros(hiddenSize, 4 * hiddenSize);
        backend.transpose(weightHh.value(), tape.weightHhT);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The step's rows of the tape's {@code (T*B) x 4H} gate storage go in holding the input
     * projection and come out holding the gate activations {@code i, f, g, o}.
     */
    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor hPrev = statePrev[0];
        Tensor cPrev = statePrev[1];
        Tensor gates = tape.gates;

        backend.copyRows(tape.gatesAll, t * batch, gates, 0, batch);
        backend.gemm(false, false, 1.0, hPrev, tape.weightHhT, 1.0, gates);

        backend.lstmPointwiseForward(gates, cPrev, stateNext[1], tape.tanhC, stateNext[0], tape.scratch);

        backend.copyRows(gates, 0, tape.gatesAll, t * batch, batch);
        backend.copyRows(tape.tanhC, 0, tape.tanhCAll, t * batch, batch);
        if (t == tape.steps - 1) {
            tape.weightHhT = null;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The step's gate activations and {@code tanh(c_t)} are read and then overwritten by its gate
     * gradients and by {@code h_{t-1}}, so the tape supports one backward. {@link
     * io.jlstm.api.layer.RecurrentLayer} rejects a second one on the same pass.
     */
    @Override
    public void backwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor dh = dState[0];
        Tensor dc = dState[1];

        backend.copyRows(tape.gatesAll, t * batch, tape.gates, 0, batch);
        backend.copyRows(tape.tanhCAll, t * batch, tape.tanhC, 0, batch);
        backend.lstmPointwiseBackward(tape.gates, statePrev[1], tape.tanhC, dh, dc, tape.dGates, tape.scratch);
        backend.copyRows(tape.dGates, 0, tape.gatesAll, t * batch, batch);
        backend.copyRows(statePrev[0], 0, tape.tanhCAll, t * batch, batch);
        tape.firstBackwardStep = t;

        // dh_{t-1} = dGates W_hh; dc already holds dc_{t-1}
        backend.gemm(false, false, 1.0, tape.dGates, weightHh.value(), 0.0, dh);
    }

    @Override
    public void endBackward(CellTape cellTape, Tensor x, Tensor dx) {
        Tape tape = (Tape) cellTape;
        Tensor dGatesAll = tape.gatesAll;
        Tensor hPrevAll = tape.tanhCAll;

        // Rows of steps before a truncated backward still hold gate activations and tanh(c): zero them.
        backend.fill(tape.dGates, 0.0);
        backend.fill(tape.tanhC, 0.0);
        for (int t = 0; t < tape.firstBackwardStep; t++) {
            backend.copyRows(tape.dGates, 0, dGatesAll, t * tape.batch, tape.batch);
            backend.copyRows(tape.tanhC, 0, hPrevAll, t * tape.batch, tape.batch);
        }

        backend.gemm(true, false, 1.0, dGatesAll, x, 1.0, weightIh.gradient());
        backend.gemm(true, false, 1.0, dGatesAll, hPrevAll, 1.0, weightHh.gradient());
        backend.sumRows(dGatesAll, 1.0, biasIh.gradient());
        backend.sumRows(dGatesAll, 1.0, biasHh.gradient());

        if (dx != null) {
            backend.gemm(false, false, 1.0, dGatesAll, weightIh.value(), 0.0, dx);
        }
    }

    /** Returns true: the input gradient is one GEMM in {@link #endBackward}, skipped for {@code dx == null}. */
    @Override
    public boolean acceptsNullInputGradient() {
        return true;
    }

    /**
     * Saved activations and work buffers of one sequence, all allocated before the time loop. Each
     * step's rows are dead in one role before the next role writes them. So one {@code (T*B) x 4H}
     * array contains the input projections, then the gate activations, then the gate gradients. One
     * {@code (T*B) x H} array contains {@code tanh(c_t)} and then {@code h_{t-1}} for the
     * {@code W_hh} gradient.
     */
    private final class Tape implements CellTape {
        final int batch;
        final int steps;
        /** {@code W_hh^T} from {@link #beginForward} until the last forward step, else {@code null}. */
        Tensor weightHhT;
        final Tensor biasSum;
        final Tensor gatesAll;
        final Tensor gates;
        final Tensor tanhCAll;
        final Tensor tanhC;
        final Tensor dGates;
        final Scratch scratch;
        int firstBackwardStep;

        Tape(int batch, int steps) {
            this.batch = Shapes.requirePositive("batch", batch);
            this.steps = Shapes.requirePositive("steps", steps);
            int g = 4 * hiddenSize;
            this.biasSum = backend.zeros(1, g);
            this.gatesAll = backend.zeros(steps * batch, g);
            this.gates = backend.zeros(batch, g);
            this.tanhCAll = backend.zeros(steps * batch, hiddenSize);
            this.tanhC = backend.zeros(batch, hiddenSize);
            this.dGates = backend.zeros(batch, g);
            this.scratch = Scratch.allocate(backend, 5, batch, hiddenSize);
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int steps() {
            return steps;
        }
    }
}
