package io.jlstm.api.cell;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * LSTM with peephole connections (Gers and Schmidhuber, "Recurrent nets that time and count",
 * 2000; the cell of DL4J's {@code GravesLSTM}): the input and forget gates also see the previous
 * cell state, the output gate sees the new one, each through a diagonal (element-wise) weight.
 *
 * <pre>
 *   i = sigma(x W_ii^T + h W_hi^T + b_i + w_ci * c_{t-1})
 *   f = sigma(x W_if^T + h W_hf^T + b_f + w_cf * c_{t-1})
 *   g = tanh(x W_ig^T + h W_hg^T + b_g)
 *   c_t = f * c_{t-1} + i * g
 *   o = sigma(x W_io^T + h W_ho^T + b_o + w_co * c_t)
 *   h_t = o * tanh(c_t)
 * </pre>
 *
 * <p>Parameters: those of {@link LstmCell} in the same layout ({@code weight_ih_l{k}},
 * {@code weight_hh_l{k}}, {@code bias_ih_l{k}}, {@code bias_hh_l{k}}; gate blocks i, f, g, o),
 * plus the peephole weight vectors {@code weight_ci_l{k}}, {@code weight_cf_l{k}} and
 * {@code weight_co_l{k}} of length {@code H}. The states are {@code {h, c}}.
 */
public final class PeepholeLstmCell implements RecurrentCell {

    private final Backend backend;
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;
    private final Parameter peepholeInput;
    private final Parameter peepholeForget;
    private final Parameter peepholeOutput;

    /**
     * Creates a cell with zero parameters named after {@code spec}'s layer and direction.
     *
     * @throws IllegalArgumentException if {@code spec} asks for a projection
     */
    public PeepholeLstmCell(Backend backend, CellSpec spec) {
        if (spec.hasProjection()) {
            throw new IllegalArgumentException("the peephole LSTM cell has no projection, but projection size "
                    + spec.projectionSize() + " was requested");
        }
        this.backend = backend;
        this.inputSize = spec.inputSize();
        this.hiddenSize = spec.hiddenSize();
        int h = hiddenSize;
        this.weightIh = Parameter.matrix(backend, spec.parameterName("weight_ih"), 4 * h, inputSize);
        this.weightHh = Parameter.matrix(backend, spec.parameterName("weight_hh"), 4 * h, h);
        this.biasIh = Parameter.vector(backend, spec.parameterName("bias_ih"), 4 * h);
        this.biasHh = Parameter.vector(backend, spec.parameterName("bias_hh"), 4 * h);
        this.peepholeInput = Parameter.vector(backend, spec.parameterName("weight_ci"), h);
        this.peepholeForget = Parameter.vector(backend, spec.parameterName("weight_cf"), h);
        this.peepholeOutput = Parameter.vector(backend, spec.parameterName("weight_co"), h);
    }

    @Override
    public String type() {
        return "peephole-lstm";
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
        return List.of(weightIh, weightHh, biasIh, biasHh, peepholeInput, peepholeForget, peepholeOutput);
    }

    @Override
    public CellTape newTape(int batch, int steps) {
        return new Tape(batch, steps);
    }

    @Override
    public void beginForward(CellTape cellTape, Tensor x) {
        Tape tape = (Tape) cellTape;
        Shapes.requireShape("peephole LSTM input x", x, tape.steps * tape.batch, inputSize);

        backend.add(biasIh.value(), biasHh.value(), tape.biasSum);
        backend.gemm(false, true, 1.0, x, weightIh.value(), 0.0, tape.gatesX);
        backend.addRowVector(tape.gatesX, tape.biasSum, tape.gatesX);

        // Each peephole vector repeated on every batch row, so a step multiplies element-wise.
        broadcast(peepholeInput.value(), tape.wci);
        broadcast(peepholeForget.value(), tape.wcf);
        broadcast(peepholeOutput.value(), tape.wco);
    }

    private void broadcast(Tensor row, Tensor rows) {
        backend.fill(rows, 0.0);
        backend.addRowVector(rows, row, rows);
    }

    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        int h = hiddenSize;
        Tensor hPrev = statePrev[0];
        Tensor cPrev = statePrev[1];
        Tensor c = stateNext[1];
        Tensor gates = tape.gates;

        backend.copyRows(tape.gatesX, t * batch, gates, 0, batch);
        backend.gemm(false, true, 1.0, hPrev, weightHh.value(), 1.0, gates);

        backend.getColumns(gates, 0, tape.i);
        backend.mul(cPrev, tape.wci, tape.tmp);
        backend.add(tape.i, tape.tmp, tape.i);
        backend.sigmoid(tape.i, tape.i);

        backend.getColumns(gates, h, tape.f);
        backend.mul(cPrev, tape.wcf, tape.tmp);
        backend.add(tape.f, tape.tmp, tape.f);
        backend.sigmoid(tape.f, tape.f);

        backend.getColumns(gates, 2 * h, tape.g);
        backend.tanh(tape.g, tape.g);

        backend.mul(tape.f, cPrev, c);
        backend.mul(tape.i, tape.g, tape.tmp);
        backend.add(c, tape.tmp, c);

        // the output gate peeks at the new cell state
        backend.getColumns(gates, 3 * h, tape.o);
        backend.mul(c, tape.wco, tape.tmp);
        backend.add(tape.o, tape.tmp, tape.o);
        backend.sigmoid(tape.o, tape.o);

        backend.tanh(c, tape.tanhC[t]);
        backend.mul(tape.o, tape.tanhC[t], stateNext[0]);

        Tensor acts = tape.acts[t];
        backend.setColumns(tape.i, acts, 0);
        backend.setColumns(tape.f, acts, h);
        backend.setColumns(tape.g, acts, 2 * h);
        backend.setColumns(tape.o, acts, 3 * h);
        backend.copyRows(hPrev, 0, tape.hPrevAll, t * batch, batch);
        backend.copyRows(cPrev, 0, tape.cPrevAll, t * batch, batch);
        backend.copyRows(c, 0, tape.cAll, t * batch, batch);
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
        Tensor acts = tape.acts[t];

        backend.getColumns(acts, 0, tape.i);
        backend.getColumns(acts, h, tape.f);
        backend.getColumns(acts, 2 * h, tape.g);
        backend.getColumns(acts, 3 * h, tape.o);

        // dGo = dh * tanh(c) * o (1 - o)
        backend.mul(dh, tanhC, tape.grad);
        backend.sigmoidDerivative(tape.o, tape.deriv);
        backend.mul(tape.grad, tape.deriv, tape.grad);
        backend.setColumns(tape.grad, tape.dGates, 3 * h);

        // dc += dh * o * (1 - tanh(c)^2) + dGo * w_co
        backend.tanhDerivative(tanhC, tape.deriv);
        backend.mul(dh, tape.o, tape.tmp);
        backend.mul(tape.tmp, tape.deriv, tape.tmp);
        backend.add(dc, tape.tmp, dc);
        backend.mul(tape.grad, tape.wco, tape.tmp);
        backend.add(dc, tape.tmp, dc);

        // dGi = dc * g * i (1 - i); dGg = dc * i * (1 - g^2); dGf = dc * c_{t-1} * f (1 - f)
        backend.mul(dc, tape.g, tape.dGi);
        backend.sigmoidDerivative(tape.i, tape.deriv);
        backend.mul(tape.dGi, tape.deriv, tape.dGi);
        backend.setColumns(tape.dGi, tape.dGates, 0);

        backend.mul(dc, tape.i, tape.grad);
        backend.tanhDerivative(tape.g, tape.deriv);
        backend.mul(tape.grad, tape.deriv, tape.grad);
        backend.setColumns(tape.grad, tape.dGates, 2 * h);

        backend.mul(dc, cPrev, tape.dGf);
        backend.sigmoidDerivative(tape.f, tape.deriv);
        backend.mul(tape.dGf, tape.deriv, tape.dGf);
        backend.setColumns(tape.dGf, tape.dGates, h);

        // dc_{t-1} = dc * f + dGi * w_ci + dGf * w_cf
        backend.mul(dc, tape.f, dc);
        backend.mul(tape.dGi, tape.wci, tape.tmp);
        backend.add(dc, tape.tmp, dc);
        backend.mul(tape.dGf, tape.wcf, tape.tmp);
        backend.add(dc, tape.tmp, dc);

        backend.copyRows(tape.dGates, 0, tape.dGatesAll, t * batch, batch);
        backend.gemm(false, false, 1.0, tape.dGates, weightHh.value(), 0.0, dh);
    }

    @Override
    public void endBackward(CellTape cellTape, Tensor x, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int h = hiddenSize;

        backend.gemm(true, false, 1.0, tape.dGatesAll, x, 1.0, weightIh.gradient());
        backend.gemm(true, false, 1.0, tape.dGatesAll, tape.hPrevAll, 1.0, weightHh.gradient());
        backend.sumRows(tape.dGatesAll, 1.0, biasIh.gradient());
        backend.sumRows(tape.dGatesAll, 1.0, biasHh.gradient());

        // peephole gradients: sums over steps and rows of gate gradient times the cell state it saw
        addPeepholeGradient(tape, 0, tape.cPrevAll, peepholeInput);
        addPeepholeGradient(tape, h, tape.cPrevAll, peepholeForget);
        addPeepholeGradient(tape, 3 * h, tape.cAll, peepholeOutput);

        backend.gemm(false, false, 1.0, tape.dGatesAll, weightIh.value(), 0.0, dx);
    }

    private void addPeepholeGradient(Tape tape, int gateColumn, Tensor cellStates, Parameter peephole) {
        backend.getColumns(tape.dGatesAll, gateColumn, tape.gateGradientAll);
        backend.mul(tape.gateGradientAll, cellStates, tape.gateGradientAll);
        backend.sumRows(tape.gateGradientAll, 1.0, peephole.gradient());
    }

    /** Saved activations and work buffers of one sequence; all allocated before the time loop. */
    private final class Tape implements CellTape {
        final int batch;
        final int steps;
        final Tensor biasSum;
        final Tensor gatesX;
        final Tensor gates;
        final Tensor wci;
        final Tensor wcf;
        final Tensor wco;
        final Tensor[] acts;
        final Tensor[] tanhC;
        final Tensor hPrevAll;
        final Tensor cPrevAll;
        final Tensor cAll;
        final Tensor i;
        final Tensor f;
        final Tensor g;
        final Tensor o;
        final Tensor tmp;
        final Tensor grad;
        final Tensor deriv;
        final Tensor dGi;
        final Tensor dGf;
        final Tensor dGates;
        final Tensor dGatesAll;
        final Tensor gateGradientAll;

        Tape(int batch, int steps) {
            this.batch = Shapes.requirePositive("batch", batch);
            this.steps = Shapes.requirePositive("steps", steps);
            int h = hiddenSize;
            this.biasSum = backend.zeros(1, 4 * h);
            this.gatesX = backend.zeros(steps * batch, 4 * h);
            this.gates = backend.zeros(batch, 4 * h);
            this.wci = backend.zeros(batch, h);
            this.wcf = backend.zeros(batch, h);
            this.wco = backend.zeros(batch, h);
            this.acts = new Tensor[steps];
            this.tanhC = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                acts[t] = backend.zeros(batch, 4 * h);
                tanhC[t] = backend.zeros(batch, h);
            }
            this.hPrevAll = backend.zeros(steps * batch, h);
            this.cPrevAll = backend.zeros(steps * batch, h);
            this.cAll = backend.zeros(steps * batch, h);
            this.i = backend.zeros(batch, h);
            this.f = backend.zeros(batch, h);
            this.g = backend.zeros(batch, h);
            this.o = backend.zeros(batch, h);
            this.tmp = backend.zeros(batch, h);
            this.grad = backend.zeros(batch, h);
            this.deriv = backend.zeros(batch, h);
            this.dGi = backend.zeros(batch, h);
            this.dGf = backend.zeros(batch, h);
            this.dGates = backend.zeros(batch, 4 * h);
            this.dGatesAll = backend.zeros(steps * batch, 4 * h);
            this.gateGradientAll = backend.zeros(steps * batch, h);
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
