package io.jlstm.backend.blas;

import io.jlstm.api.tensor.array.ArrayLstmKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused LSTM steps on the JDK Vector API. On x86-64, JDK 17 computes the vector {@code EXP}
 * and {@code TANH} with Intel SVML routines (JEP 414), several lanes at a time, where the scalar loop pays
 * for one {@code exp} per element per gate. The arithmetic is the scalar loop's, operation for
 * operation; only {@code exp} and {@code tanh} round differently, and the backend contract checks
 * the results against the reference to 1e-12. Tails shorter than a vector run the scalar loop.
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector}; see {@link LstmKernels#best()}.
 */
final class VectorLstmKernels implements LstmKernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void forward(double[] gates, double[] cPrev, double[] c, double[] tanhC, double[] h, int batch,
            int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int r = 0; r < batch; r++) {
            int g0 = r * 4 * hidden;
            int s0 = r * hidden;
            for (int j = 0; j < bound; j += SPECIES.length()) {
                DoubleVector i = sigmoid(DoubleVector.fromArray(SPECIES, gates, g0 + j));
                DoubleVector f = sigmoid(DoubleVector.fromArray(SPECIES, gates, g0 + hidden + j));
                DoubleVector g = DoubleVector.fromArray(SPECIES, gates, g0 + 2 * hidden + j)
                        .lanewise(VectorOperators.TANH);
                DoubleVector o = sigmoid(DoubleVector.fromArray(SPECIES, gates, g0 + 3 * hidden + j));
                i.intoArray(gates, g0 + j);
                f.intoArray(gates, g0 + hidden + j);
                g.intoArray(gates, g0 + 2 * hidden + j);
                o.intoArray(gates, g0 + 3 * hidden + j);

                DoubleVector cell = f.mul(DoubleVector.fromArray(SPECIES, cPrev, s0 + j)).add(i.mul(g));
                DoubleVector tc = cell.lanewise(VectorOperators.TANH);
                cell.intoArray(c, s0 + j);
                tc.intoArray(tanhC, s0 + j);
                o.mul(tc).intoArray(h, s0 + j);
            }
            ArrayLstmKernels.forwardRange(gates, cPrev, c, tanhC, h, hidden, r, bound, hidden);
        }
    }

    @Override
    public void backward(double[] acts, double[] cPrev, double[] tanhC, double[] dh, double[] dc, double[] dGates,
            int batch, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int r = 0; r < batch; r++) {
            int g0 = r * 4 * hidden;
            int s0 = r * hidden;
            for (int j = 0; j < bound; j += SPECIES.length()) {
                DoubleVector i = DoubleVector.fromArray(SPECIES, acts, g0 + j);
                DoubleVector f = DoubleVector.fromArray(SPECIES, acts, g0 + hidden + j);
                DoubleVector g = DoubleVector.fromArray(SPECIES, acts, g0 + 2 * hidden + j);
                DoubleVector o = DoubleVector.fromArray(SPECIES, acts, g0 + 3 * hidden + j);
                DoubleVector tc = DoubleVector.fromArray(SPECIES, tanhC, s0 + j);
                DoubleVector dhj = DoubleVector.fromArray(SPECIES, dh, s0 + j);

                dhj.mul(tc).mul(o.mul(o.neg().add(1.0))).intoArray(dGates, g0 + 3 * hidden + j);
                DoubleVector dcj = DoubleVector.fromArray(SPECIES, dc, s0 + j)
                        .add(dhj.mul(o).mul(tc.mul(tc).neg().add(1.0)));
                dcj.mul(g).mul(i.mul(i.neg().add(1.0))).intoArray(dGates, g0 + j);
                dcj.mul(i).mul(g.mul(g).neg().add(1.0)).intoArray(dGates, g0 + 2 * hidden + j);
                dcj.mul(DoubleVector.fromArray(SPECIES, cPrev, s0 + j)).mul(f.mul(f.neg().add(1.0)))
                        .intoArray(dGates, g0 + hidden + j);
                dcj.mul(f).intoArray(dc, s0 + j);
            }
            ArrayLstmKernels.backwardRange(acts, cPrev, tanhC, dh, dc, dGates, hidden, r, bound, hidden);
        }
    }

    /** {@code 1 / (1 + exp(-x))}, lane-wise. */
    private static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        return one.div(x.neg().lanewise(VectorOperators.EXP).add(1.0));
    }
}
