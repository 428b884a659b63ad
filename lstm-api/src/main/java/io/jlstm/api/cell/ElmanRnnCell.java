package io.jlstm.api.cell;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * Simple (Elman) recurrent cell in PyTorch's {@code nn.RNN} layout:
 * {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)} with {@code act} tanh or ReLU.
 *
 * <p>Parameters: {@code weight_ih_l{k}} {@code H x I}, {@code weight_hh_l{k}} {@code H x H},
 * {@code bias_ih_l{k}} and {@code bias_hh_l{k}} of length {@code H}. The state is {@code {h}}.
 */
public final class ElmanRnnCell implements RecurrentCell {

    /** The non-linearity, as PyTorch's {@code nonlinearity} argument. */
    public enum Activation {
        /** {@code tanh}, PyTorch's default. */
        TANH,
        /** {@code max(x, 0)}; its derivative at 0 is taken as 0. */
        RELU
    }

    private final Backend backend;
    private final Activation activation;
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    /**
     * Creates a cell with zero parameters named after {@code spec}'s layer and direction.
     *
     * @throws IllegalArgumentException if {@code spec} asks for a projection
     */
    public ElmanRnnCell(Backend backend, CellSpec spec, Activation activation) {
        if (spec.hasProjection()) {
            throw new IllegalArgumentException("the Elman RNN cell has no projection, but projection size "
                    + spec.projectionSize() + " was requested");
        }
        this.backend = backend;
        this.activation = activation;
        this.inputSize = spec.inputSize();
        this.hiddenSize = spec.hiddenSize();
        this.weightIh = Parameter.matrix(backend, spec.parameterName("weight_ih"), hiddenSize, inputSize);
        this.weightHh = Parameter.matrix(backend, spec.parameterName("weight_hh"), hiddenSize, hiddenSize);
        this.biasIh = Parameter.vector(backend, spec.parameterName("bias_ih"), hiddenSize);
        this.biasHh = Parameter.vector(backend, spec.parameterName("bias_hh"), hiddenSize);
    }

    /** The non-linearity. */
    public Activation activation() {
        return activation;
    }

    @Override
    public String type() {
        return activation == Activation.TANH ? "rnn-tanh" : "rnn-relu";
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

    @Override
    public int[] stateSizes() {
        return new int[] {hiddenSize};
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
        Shapes.requireShape("RNN input x", x, tape.steps * tape.batch, inputSize);

        backend.add(biasIh.value(), biasHh.value(), tape.biasSum);
        backend.gemm(false, true, 1.0, x, weightIh.value(), 0.0, tape.preX);
        backend.addRowVector(tape.preX, tape.biasSum, tape.preX);
    }

    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor hPrev = statePrev[0];
        Tensor out = tape.outputs[t];

        backend.copyRows(tape.preX, t * batch, out, 0, batch);
        backend.gemm(false, true, 1.0, hPrev, weightHh.value(), 1.0, out);
        if (activation == Activation.TANH) {
            backend.tanh(out, out);
        } else {
            backend.relu(out, out);
        }
        backend.copy(out, stateNext[0]);
        backend.copyRows(hPrev, 0, tape.hPrevAll, t * batch, batch);
    }

    @Override
    public void backwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        Tensor dh = dState[0];

        if (activation == Activation.TANH) {
            backend.tanhDerivative(tape.outputs[t], tape.deriv);
        } else {
            backend.reluDerivative(tape.outputs[t], tape.deriv);
        }
        backend.mul(dh, tape.deriv, tape.dPre);
        backend.copyRows(tape.dPre, 0, tape.dPreAll, t * batch, batch);

        backend.gemm(false, false, 1.0, tape.dPre, weightHh.value(), 0.0, dh);
    }

    @Override
    public void endBackward(CellTape cellTape, Tensor x, Tensor dx) {
        Tape tape = (Tape) cellTape;

        backend.gemm(true, false, 1.0, tape.dPreAll, x, 1.0, weightIh.gradient());
        backend.gemm(true, false, 1.0, tape.dPreAll, tape.hPrevAll, 1.0, weightHh.gradient());
        backend.sumRows(tape.dPreAll, 1.0, biasIh.gradient());
        backend.sumRows(tape.dPreAll, 1.0, biasHh.gradient());

        backend.gemm(false, false, 1.0, tape.dPreAll, weightIh.value(), 0.0, dx);
    }

    /** Saved outputs and work buffers of one sequence; all allocated before the time loop. */
    private final class Tape implements CellTape {
        final int batch;
        final int steps;
        final Tensor biasSum;
        final Tensor preX;
        final Tensor[] outputs;
        final Tensor hPrevAll;
        final Tensor deriv;
        final Tensor dPre;
        final Tensor dPreAll;

        Tape(int batch, int steps) {
            this.batch = Shapes.requirePositive("batch", batch);
            this.steps = Shapes.requirePositive("steps", steps);
            this.biasSum = backend.zeros(1, hiddenSize);
            this.preX = backend.zeros(steps * batch, hiddenSize);
            this.outputs = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                outputs[t] = backend.zeros(batch, hiddenSize);
            }
            this.hPrevAll = backend.zeros(steps * batch, hiddenSize);
            this.deriv = backend.zeros(batch, hiddenSize);
            this.dPre = backend.zeros(batch, hiddenSize);
            this.dPreAll = backend.zeros(steps * batch, hiddenSize);
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
