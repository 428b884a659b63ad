package io.jlstm.examples.cells;

import io.jlstm.api.cell.CellSpec;
import io.jlstm.api.cell.CellTape;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * LSTM with coupled input and forget gates (CIFG; Greff et al., "LSTM: A search space odyssey",
 * 2017): the forget gate is {@code 1 - i}, so the cell has three gate blocks instead of four.
 *
 * <pre>
 *   gates = x W_ih^T + b_ih + h W_hh^T + b_hh                 (B x 3H, blocks i, g, o)
 *   i = sigma(.), g = tanh(.), o = sigma(.)
 *   c_t = (1 - i) * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 *
 * <p>Parameters: {@code weight_ih_l{k}} {@code 3H x I}, {@code weight_hh_l{k}} {@code 3H x H},
 * {@code bias_ih_l{k}} and {@code bias_hh_l{k}} of length {@code 3H}. The states are
 * {@code {h, c}}. This is the worked example of docs/writing-a-cell.md.
 */
public final class CifgLstmCell implements RecurrentCell {

    private final Backend backend;
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    /** Creates a cell with zero parameters named after {@code spec}'s layer and direction. */
    public CifgLstmCell(Backend backend, CellSpec spec) {
        this.backend = backend;
        this.inputSize = spec.inputSize();
        this.hiddenSize = spec.hiddenSize();
        this.weightIh = Parameter.matrix(backend, spec.parameterName("weight_ih"), 3 * hiddenSize, inputSize);
        this.weightHh = Parameter.matrix(backend, spec.parameterName("weight_hh"), 3 * hiddenSize, hiddenSize);
        this.biasIh = Parameter.vector(backend, spec.parameterName("bias_ih"), 3 * hiddenSize);
        this.biasHh = Parameter.vector(backend, spec.parameterName("bias_hh"), 3 * hiddenSize);
    }

    @Override
    public String type() {
        return CifgLstmCellFactory.NAME;
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
        Shapes.requireShape("CIFG input x", x, tape.steps * tape.batch, inputSize);

        // input projection of all steps in one GEMM: gatesX = x W_ih^T + (b_ih + b_hh)
        backend.add(biasIh.value(), biasHh.value(), tape.biasSum);
        backend.gemm(false, true, 1.0, x, weightIh.value(), 0.0, tape.gatesX);
        backend.addRowVector(tape.gatesX, tape.biasSum, tape.gatesX);
    }

    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        int h = hiddenSize;
        Tensor hPrev = statePrev[0];
        Tensor cPrev = statePrev[1];
        Tensor c = stateNext[1];
        Tensor gates = tape.acts[t];

        backend.copyRows(tape.gatesX, t * batch, gates, 0, batch);
        backend.gemm(false, true, 1.0, hPrev, weightHh.value(), 1.0, gates);
        backend.getColumns(gates, 0, tape.i);
        backend.getColumns(gates, h, tape.g);
        backend.getColumns(gates, 2 * h, tape.o);
        backend.sigmoid(tape.i, tape.i);
        backend.tanh(tape.g, tape.g);
        backend.sigmoid(tape.o, tape.o);

        // c = c_prev + i * (g - c_prev), which is (1 - i) * c_prev + i * g
        backend.sub(tape.g, cPrev, tape.tmp);
        backend.mul(tape.i, tape.tmp, tape.tmp);
        backend.add(cPrev, tape.tmp, c);
        backend.tanh(c, tape.tanhC[t]);
        backend.mul(tape.o, tape.tanhC[t], stateNext[0]);

        // keep the activations (not the pre-activations) and h_{t-1} for backward
        backend.setColumns(tape.i, gates, 0);
        backend.setColumns(tape.g, gates, h);
        backend.setColumns(tape.o, gates, 2 * h);
        backend.copyRows(hPrev, 0, tape.hPrevAll, t * batch, batch);
    }

    @Override
    public void backwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        int h = hiddenSize;
        Tensor dh = dState[0];
        Tensor dc = dState[1];
        Tensor cPrev = statePrev[1];
        Tensor tanhC = tape.tanhC[t];

        backend.getColumns(tape.acts[t], 0, tape.i);
        backend.getColumns(tape.acts[t], h, tape.g);
        backend.getColumns(tape.acts[t], 2 * h, tape.o);

        // dGo = dh * tanh(c) * o (1 - o)
        backend.mul(dh, tanhC, tape.grad);
        backend.sigmoidDerivative(tape.o, tape.deriv);
        backend.mul(tape.grad, tape.deriv, tape.grad);
        backend.setColumns(tape.grad, tape.dGates, 2 * h);

        // dc += dh * o * (1 - tanh(c)^2)
        backend.tanhDerivative(tanhC, tape.deriv);
        backend.mul(dh, tape.o, tape.tmp);
        backend.mul(tape.tmp, tape.deriv, tape.tmp);
        backend.add(dc, tape.tmp, dc);

        // dGi = dc * (g - c_prev) * i (1 - i)
        backend.sub(tape.g, cPrev, tape.grad);
        backend.mul(dc, tape.grad, tape.grad);
        backend.sigmoidDerivative(tape.i, tape.deriv);
        backend.mul(tape.grad, tape.deriv, tape.grad);
        backend.setColumns(tape.grad, tape.dGates, 0);

        // dGg = dc * i * (1 - g^2)
        backend.mul(dc, tape.i, tape.grad);
        backend.tanhDerivative(tape.g, tape.deriv);
        backend.mul(tape.grad, tape.deriv, tape.grad);
        backend.setColumns(tape.grad, tape.dGates, h);

        // dc_{t-1} = dc * (1 - i) = dc - dc * i
        backend.mul(dc, tape.i, tape.tmp);
        backend.sub(dc, tape.tmp, dc);

        // dh_{t-1} = dGates W_hh; the weight gradients wait for endBackward
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
        final Tensor i;
        final Tensor g;
        final Tensor o;
        final Tensor tmp;
        final Tensor grad;
        final Tensor deriv;
        final Tensor dGates;
        final Tensor dGatesAll;

        Tape(int batch, int steps) {
            this.batch = Shapes.requirePositive("batch", batch);
            this.steps = Shapes.requirePositive("steps", steps);
            int width = 3 * hiddenSize;
            this.biasSum = backend.zeros(1, width);
            this.gatesX = backend.zeros(steps * batch, width);
            this.acts = new Tensor[steps];
            this.tanhC = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                acts[t] = backend.zeros(batch, width);
                tanhC[t] = backend.zeros(batch, hiddenSize);
            }
            this.hPrevAll = backend.zeros(steps * batch, hiddenSize);
            this.i = backend.zeros(batch, hiddenSize);
            this.g = backend.zeros(batch, hiddenSize);
            this.o = backend.zeros(batch, hiddenSize);
            this.tmp = backend.zeros(batch, hiddenSize);
            this.grad = backend.zeros(batch, hiddenSize);
            this.deriv = backend.zeros(batch, hiddenSize);
            this.dGates = backend.zeros(batch, width);
            this.dGatesAll = backend.zeros(steps * batch, width);
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
