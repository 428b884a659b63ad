package io.jlstm.api.cell;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * LSTM with a projection of its output, as PyTorch's {@code nn.LSTM} with {@code proj_size > 0}
 * (Sak et al., "Long short-term memory recurrent neural network architectures for large scale
 * acoustic modeling", 2014).
 *
 * <pre>
 *   gates = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh          (B x 4H, blocks i, f, g, o)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = (o * tanh(c_t)) W_hr^T                             (B x P)
 * </pre>
 *
 * <p>Parameters in PyTorch's order: {@code weight_ih_l{k}} {@code 4H x I}, {@code weight_hh_l{k}}
 * {@code 4H x P}, {@code bias_ih_l{k}} and {@code bias_hh_l{k}} of length {@code 4H}, and
 * {@code weight_hr_l{k}} {@code P x H}. The states are {@code {h, c}} with {@code h} of size
 * {@code P} and {@code c} of size {@code H}; the output is {@code h}.
 */
public final class ProjectedLstmCell implements RecurrentCell {

    private final Backend backend;
    private final int inputSize;
    private final int hiddenSize;
    private final int projectionSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;
    private final Parameter weightHr;

    /**
     * Creates a cell with zero parameters named after {@code spec}'s layer and direction.
     *
     * @throws IllegalArgumentException if {@code spec} has no projection size
     */
    public ProjectedLstmCell(Backend backend, CellSpec spec) {
        if (!spec.hasProjection()) {
            throw new IllegalArgumentException("ProjectedLstmCell needs a projection size in 1.."
                    + (spec.hiddenSize() - 1) + ", but the spec has none; use LstmCell without a projection");
        }
        this.backend = backend;
        this.inputSize = spec.inputSize();
        this.hiddenSize = spec.hiddenSize();
        this.projectionSize = spec.projectionSize();
        int h = hiddenSize;
        this.weightIh = Parameter.matrix(backend, spec.parameterName("weight_ih"), 4 * h, inputSize);
        this.weightHh = Parameter.matrix(backend, spec.parameterName("weight_hh"), 4 * h, projectionSize);
        this.biasIh = Parameter.vector(backend, spec.parameterName("bias_ih"), 4 * h);
        this.biasHh = Parameter.vector(backend, spec.parameterName("bias_hh"), 4 * h);
        this.weightHr = Parameter.matrix(backend, spec.parameterName("weight_hr"), projectionSize, h);
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

    /** The projection size {@code P}. */
    @Override
    public int outputSize() {
        return projectionSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public int[] stateSizes() {
        return new int[] {projectionSize, hiddenSize};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightIh, weightHh, biasIh, biasHh, weightHr);
    }

    @Override
    public CellTape newTape(int batch, int steps) {
        return new Tape(batch, steps);
    }

    @Override
    public void beginForward(CellTape cellTape, Tensor x) {
        Tape tape = (Tape) cellTape;
        Shapes.requireShape("projected LSTM input x", x, tape.steps * tape.batch, inputSize);

        backend.add(biasIh.value(), biasHh.value(), tape.biasSum);
        backend.gemm(false, true, 1.0, x, weightIh.value(), 0.0, tape.gatesX);
        backend.addRowVector(tape.gatesX, tape.biasSum, tape.gatesX);
    }

    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor hPrev = statePrev[0];
        Tensor gates = tape.acts[t];

        backend.copyRows(tape.gatesX, t * batch, gates, 0, batch);
        backend.gemm(false, true, 1.0, hPrev, weightHh.value(), 1.0, gates);
        backend.lstmPointwiseForward(gates, statePrev[1], stateNext[1], tape.tanhC[t], tape.unprojected,
                tape.scratch);

        backend.gemm(false, true, 1.0, tape.unprojected, weightHr.value(), 0.0, stateNext[0]);

        backend.copyRows(tape.unprojected, 0, tape.unprojectedAll, t * batch, batch);
        backend.copyRows(hPrev, 0, tape.hPrevAll, t * batch, batch);
    }

    @Override
    public void backwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor dh = dState[0];

        // back through the projection: d(o * tanh c) = dh W_hr; dW_hr is one GEMM after the loop
        backend.copyRows(dh, 0, tape.dhAll, t * batch, batch);
        backend.gemm(false, false, 1.0, dh, weightHr.value(), 0.0, tape.dUnprojected);

        backend.lstmPointwiseBackward(tape.acts[t], statePrev[1], tape.tanhC[t], tape.dUnprojected, dState[1],
                tape.dGates, tape.scratch);
        backend.copyRows(tape.dGates, 0, tape.dGatesAll, t * batch, batch);

        backend.gemm(false, false, 1.0, tape.dGates, weightHh.value(), 0.0, dh);
    }

    @Override
    public void endBackward(CellTape cellTape, Tensor x, Tensor dx) {
        Tape tape = (Tape) cellTape;

        backend.gemm(true, false, 1.0, tape.dGatesAll, x, 1.0, weightIh.gradient());
        backend.gemm(true, false, 1.0, tape.dGatesAll, tape.hPrevAll, 1.0, weightHh.gradient());
        backend.sumRows(tape.dGatesAll, 1.0, biasIh.gradient());
        backend.sumRows(tape.dGatesAll, 1.0, biasHh.gradient());
        backend.gemm(true, false, 1.0, tape.dhAll, tape.unprojectedAll, 1.0, weightHr.gradient());

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
        final Tensor unprojected;
        final Tensor unprojectedAll;
        final Tensor hPrevAll;
        final Tensor dhAll;
        final Tensor dUnprojected;
        final Tensor dGates;
        final Tensor dGatesAll;
        final Scratch scratch;

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
            this.unprojected = backend.zeros(batch, hiddenSize);
            this.unprojectedAll = backend.zeros(steps * batch, hiddenSize);
            this.hPrevAll = backend.zeros(steps * batch, projectionSize);
            this.dhAll = backend.zeros(steps * batch, projectionSize);
            this.dUnprojected = backend.zeros(batch, hiddenSize);
            this.dGates = backend.zeros(batch, g);
            this.dGatesAll = backend.zeros(steps * batch, g);
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
