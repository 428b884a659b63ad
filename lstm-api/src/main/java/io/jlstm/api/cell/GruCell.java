package io.jlstm.api.cell;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * Gated recurrent unit in PyTorch's {@code nn.GRU} layout.
 *
 * <pre>
 *   r = sigma(x W_ir^T + b_ir + h W_hr^T + b_hr)
 *   z = sigma(x W_iz^T + b_iz + h W_hz^T + b_hz)
 *   n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 *
 * <p>Parameters: {@code weight_ih_l{k}} {@code 3H x I} and {@code weight_hh_l{k}} {@code 3H x H},
 * stacked as blocks r, z, n; {@code bias_ih_l{k}} and {@code bias_hh_l{k}} of length {@code 3H}.
 * The hidden bias {@code b_hn} sits inside the reset product, so the two biases are not
 * interchangeable as they are in the LSTM. The state is {@code {h}}.
 *
 * <p>Fast path as the LSTM's: one input-projection GEMM before the loop, one {@code B x H} by
 * {@code H x 3H} GEMM per step, and one GEMM per weight gradient after the backward loop.
 */
public final class GruCell implements RecurrentCell {

    private final Backend backend;
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
    public GruCell(Backend backend, CellSpec spec) {
        if (spec.hasProjection()) {
            throw new IllegalArgumentException("the GRU cell has no projection, but projection size "
                    + spec.projectionSize() + " was requested");
        }
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
        return "gru";
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
        Shapes.requireShape("GRU input x", x, tape.steps * tape.batch, inputSize);

        // gatesX = x W_ih^T + b_ih for all steps at once; b_hh stays with the hidden product
        backend.gemm(false, true, 1.0, x, weightIh.value(), 0.0, tape.gatesX);
        backend.addRowVector(tape.gatesX, biasIh.value(), tape.gatesX);
    }

    @Override
    public void forwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        int h = hiddenSize;
        Tensor hPrev = statePrev[0];

        backend.copyRows(tape.gatesX, t * batch, tape.gx, 0, batch);
        backend.gemm(false, true, 1.0, hPrev, weightHh.value(), 0.0, tape.gh);
        backend.addRowVector(tape.gh, biasHh.value(), tape.gh);

        backend.getColumns(tape.gx, 0, tape.r);
        backend.getColumns(tape.gh, 0, tape.tmp);
        backend.add(tape.r, tape.tmp, tape.r);
        backend.sigmoid(tape.r, tape.r);

        backend.getColumns(tape.gx, h, tape.z);
        backend.getColumns(tape.gh, h, tape.tmp);
        backend.add(tape.z, tape.tmp, tape.z);
        backend.sigmoid(tape.z, tape.z);

        // n = tanh(gx_n + r * hn), where hn = h W_hn^T + b_hn is kept for the reset gradient
        backend.getColumns(tape.gh, 2 * h, tape.hn[t]);
        backend.mul(tape.r, tape.hn[t], tape.n);
        backend.getColumns(tape.gx, 2 * h, tape.tmp);
        backend.add(tape.n, tape.tmp, tape.n);
        backend.tanh(tape.n, tape.n);

        // h' = n + z * (h - n)
        backend.sub(hPrev, tape.n, tape.tmp);
        backend.mul(tape.z, tape.tmp, tape.tmp);
        backend.add(tape.n, tape.tmp, stateNext[0]);

        backend.setColumns(tape.r, tape.acts[t], 0);
        backend.setColumns(tape.z, tape.acts[t], h);
        backend.setColumns(tape.n, tape.acts[t], 2 * h);
        backend.copyRows(hPrev, 0, tape.hPrevAll, t * batch, batch);
    }

    @Override
    public void backwardStep(CellTape cellTape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx) {
        Tape tape = (Tape) cellTape;
        int batch = tape.batch;
        int h = hiddenSize;
        Tensor dh = dState[0];
        Tensor hPrev = statePrev[0];

        backend.getColumns(tape.acts[t], 0, tape.r);
        backend.getColumns(tape.acts[t], h, tape.z);
        backend.getColumns(tape.acts[t], 2 * h, tape.n);

        // direct path dh * z; candidate path dn = dh * (1 - z), then dnPre = dn * (1 - n^2)
        backend.mul(dh, tape.z, tape.dhDirect);
        backend.sub(dh, tape.dhDirect, tape.dnPre);
        backend.tanhDerivative(tape.n, tape.deriv);
        backend.mul(tape.dnPre, tape.deriv, tape.dnPre);

        // dzPre = dh * (h - n) * z (1 - z)
        backend.sub(hPrev, tape.n, tape.tmp);
        backend.mul(dh, tape.tmp, tape.dzPre);
        backend.sigmoidDerivative(tape.z, tape.deriv);
        backend.mul(tape.dzPre, tape.deriv, tape.dzPre);

        // drPre = dnPre * hn * r (1 - r)
        backend.mul(tape.dnPre, tape.hn[t], tape.drPre);
        backend.sigmoidDerivative(tape.r, tape.deriv);
        backend.mul(tape.drPre, tape.deriv, tape.drPre);

        // input-side gradients [dr, dz, dn]; hidden-side [dr, dz, dn * r] because b_hn is inside r * (.)
        backend.setColumns(tape.drPre, tape.dGx, 0);
        backend.setColumns(tape.dzPre, tape.dGx, h);
        backend.setColumns(tape.dnPre, tape.dGx, 2 * h);
        backend.setColumns(tape.drPre, tape.dGh, 0);
        backend.setColumns(tape.dzPre, tape.dGh, h);
        backend.mul(tape.dnPre, tape.r, tape.tmp);
        backend.setColumns(tape.tmp, tape.dGh, 2 * h);
        backend.copyRows(tape.dGx, 0, tape.dGxAll, t * batch, batch);
        backend.copyRows(tape.dGh, 0, tape.dGhAll, t * batch, batch);

        // dh_{t-1} = dh * z + dGh W_hh
        backend.gemm(false, false, 1.0, tape.dGh, weightHh.value(), 0.0, dh);
        backend.add(dh, tape.dhDirect, dh);
    }

    @Override
    public void endBackward(CellTape cellTape, Tensor x, Tensor dx) {
        Tape tape = (Tape) cellTape;

        backend.gemm(true, false, 1.0, tape.dGxAll, x, 1.0, weightIh.gradient());
        backend.sumRows(tape.dGxAll, 1.0, biasIh.gradient());
        backend.gemm(true, false, 1.0, tape.dGhAll, tape.hPrevAll, 1.0, weightHh.gradient());
        backend.sumRows(tape.dGhAll, 1.0, biasHh.gradient());

        backend.gemm(false, false, 1.0, tape.dGxAll, weightIh.value(), 0.0, dx);
    }

    /** Saved activations and work buffers of one sequence; all allocated before the time loop. */
    private final class Tape implements CellTape {
        final int batch;
        final int steps;
        final Tensor gatesX;
        final Tensor gx;
        final Tensor gh;
        final Tensor[] acts;
        final Tensor[] hn;
        final Tensor hPrevAll;
        final Tensor r;
        final Tensor z;
        final Tensor n;
        final Tensor tmp;
        final Tensor deriv;
        final Tensor dhDirect;
        final Tensor dnPre;
        final Tensor dzPre;
        final Tensor drPre;
        final Tensor dGx;
        final Tensor dGh;
        final Tensor dGxAll;
        final Tensor dGhAll;

        Tape(int batch, int steps) {
            this.batch = Shapes.requirePositive("batch", batch);
            this.steps = Shapes.requirePositive("steps", steps);
            int g = 3 * hiddenSize;
            this.gatesX = backend.zeros(steps * batch, g);
            this.gx = backend.zeros(batch, g);
            this.gh = backend.zeros(batch, g);
            this.acts = new Tensor[steps];
            this.hn = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                acts[t] = backend.zeros(batch, g);
                hn[t] = backend.zeros(batch, hiddenSize);
            }
            this.hPrevAll = backend.zeros(steps * batch, hiddenSize);
            this.r = backend.zeros(batch, hiddenSize);
            this.z = backend.zeros(batch, hiddenSize);
            this.n = backend.zeros(batch, hiddenSize);
            this.tmp = backend.zeros(batch, hiddenSize);
            this.deriv = backend.zeros(batch, hiddenSize);
            this.dhDirect = backend.zeros(batch, hiddenSize);
            this.dnPre = backend.zeros(batch, hiddenSize);
            this.dzPre = backend.zeros(batch, hiddenSize);
            this.drPre = backend.zeros(batch, hiddenSize);
            this.dGx = backend.zeros(batch, g);
            this.dGh = backend.zeros(batch, g);
            this.dGxAll = backend.zeros(steps * batch, g);
            this.dGhAll = backend.zeros(steps * batch, g);
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
