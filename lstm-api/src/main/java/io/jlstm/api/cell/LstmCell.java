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

        // gatesX = x W_ih^T + (b_ih + b_hh) for all steps at once
        backend.add(biasIh.value(), biasHh.value(), tape.biasSum);
        backend.gemm(false, true, 1.0, x, weightIh.value(), 0.0, tape.gatesX);
        backend.addRowVector(tape.gatesX, tape.biasSum, tape.gatesX);
    }

    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor hPrev = statePrev[0];
        Tensor cPrev = statePrev[1];
        Tensor gates = tape.acts[t];

        backend.copyRows(tape.gatesX, t * batch, gates, 0, batch);
        backend.gemm(false, true, 1.0, hPrev, weightHh.value(), 1.0, gates);

        backend.lstmPointwiseForward(gates, cPrev, stateNext[1], tape.tanhC[t], stateNext[0], tape.scratch);

        backend.copyRows(hPrev, 0, tape.hPrevAll, t * batch, batch);
    }

    @Override
    public void backwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor dh = dState[0];
        Tensor dc = dState[1];

        backend.lstmPointwiseBackward(tape.acts[t], statePrev[1], tape.tanhC[t], dh, dc, tape.dGates, tape.scratch);
        backend.copyRows(tape.dGates, 0, tape.dGatesAll, t * batch, batch);
        tape.firstBackwardStep = t;

        // dh_{t-1} = dGates W_hh; dc already holds dc_{t-1}
        backend.gemm(false, false, 1.0, tape.dGates, weightHh.value(), 0.0, dh);
    }

    @Override
    public void endBackward(CellTape cellTape, Tensor x, Tensor dx) {
        Tape tape = (Tape) cellTape;

        // Rows of steps before a truncated backward still hold input projections: zero them.
        backend.fill(tape.dGates, 0.0);
        for (int t = 0; t < tape.firstBackwardStep; t++) {
            backend.copyRows(tape.dGates, 0, tape.dGatesAll, t * tape.batch, tape.batch);
        }

        backend.gemm(true, false, 1.0, tape.dGatesAll, x, 1.0, weightIh.gradient());
        backend.gemm(true, false, 1.0, tape.dGatesAll, tape.hPrevAll, 1.0, weightHh.gradient());
        backend.sumRows(tape.dGatesAll, 1.0, biasIh.gradient());
        backend.sumRows(tape.dGatesAll, 1.0, biasHh.gradient());

        backend.gemm(false, false, 1.0, tape.dGatesAll, weightIh.value(), 0.0, dx);
    }

    /** Saved activations and work buffers of one sequence; all allocated before the time loop. */
    private final class Tape implements CellTape {
        final int batch;
        final int steps;
        final Tensor biasSum;
        final Tensor gatesX;
        final Tensor[] acts;
        final Tensor[] tanhC;
        final Tensor hPrevAll;
        final Tensor dGates;
        final Tensor dGatesAll;
        final Scratch scratch;
        int firstBackwardStep;

        Tape(int batch, int steps) {
            this.batch = Shapes.requirePositive("batch", batch);
            this.steps = Shapes.requirePositive("steps", steps);
            int g = 4 * hiddenSize;
            this.biasSum = backend.zeros(1, g);
            this.gatesX = backend.zeros(steps * batch, g);
            this.acts = new Tensor[steps];
            this.tanhC = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                acts[t] = backend.zeros(batch, g);
                tanhC[t] = backend.zeros(batch, hiddenSize);
            }
            this.hPrevAll = backend.zeros(steps * batch, hiddenSize);
            this.dGates = backend.zeros(batch, g);
            // The input projections are dead once the forward has run, so backward writes the gate
            // gradients of all steps into the same (T*B) x 4H storage.
            this.dGatesAll = gatesX;
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
