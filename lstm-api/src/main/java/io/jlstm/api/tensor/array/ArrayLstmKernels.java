package io.jlstm.api.tensor.array;

/**
 * The fused point-wise LSTM kernels of {@link io.jlstm.api.tensor.Backend} as single loops over
 * row-major arrays, for backends whose storage is a {@code double[]}.
 *
 * <p>Each element is computed with the same operations in the same order as the
 * {@link io.jlstm.api.tensor.Backend} default methods, so the results are bitwise equal to them.
 * {@link Math#tanh} and {@link Math#exp} stay: cheaper approximations such as
 * {@code 2 / (1 + exp(-2x)) - 1} lose relative accuracy near zero and would break the 1e-12
 * agreement with the reference backend.
 */
public final class ArrayLstmKernels {

    private ArrayLstmKernels() {
    }

    /**
     * Fused forward step over {@code batch} rows of {@code hidden} units; the array form of
     * {@link io.jlstm.api.tensor.Backend#lstmPointwiseForward}. {@code gates} is {@code batch x 4H}
     * and is overwritten with the activations; the other arrays are {@code batch x H}, and {@code c}
     * may be the same array as {@code cPrev}.
     */
    public static void forward(double[] gates, double[] cPrev, double[] c, double[] tanhC, double[] h, int batch,
            int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < batch; r++) {
            int g0 = r * width;
            int s0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(gates[g0 + j]);
                double f = sigmoid(gates[g0 + hidden + j]);
                double g = Math.tanh(gates[g0 + 2 * hidden + j]);
                double o = sigmoid(gates[g0 + 3 * hidden + j]);
                gates[g0 + j] = i;
                gates[g0 + hidden + j] = f;
                gates[g0 + 2 * hidden + j] = g;
                gates[g0 + 3 * hidden + j] = o;

                double cell = f * cPrev[s0 + j] + i * g;
                double tc = Math.tanh(cell);
                c[s0 + j] = cell;
                tanhC[s0 + j] = tc;
                h[s0 + j] = o * tc;
            }
        }
    }

    /**
     * Fused backward step; the array form of
     * {@link io.jlstm.api.tensor.Backend#lstmPointwiseBackward}. {@code acts} and {@code dGates}
     * are {@code batch x 4H}, the others {@code batch x H}. On return {@code dc} contains the gradient
     * with respect to {@code cPrev}; {@code dh} is not written.
     */
    public static void backward(double[] acts, double[] cPrev, double[] tanhC, double[] dh, double[] dc,
            double[] dGates, int batch, int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < batch; r++) {
            int g0 = r * width;
            int s0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = acts[g0 + j];
                double f = acts[g0 + hidden + j];
                double g = acts[g0 + 2 * hidden + j];
                double o = acts[g0 + 3 * hidden + j];
                double tc = tanhC[s0 + j];
                double dhj = dh[s0 + j];

                dGates[g0 + 3 * hidden + j] = (dhj * tc) * (o * (1.0 - o));
                double dcj = dc[s0 + j] + (dhj * o) * (1.0 - tc * tc);
                dGates[g0 + j] = (dcj * g) * (i * (1.0 - i));
                dGates[g0 + 2 * hidden + j] = (dcj * i) * (1.0 - g * g);
                dGates[g0 + hidden + j] = (dcj * cPrev[s0 + j]) * (f * (1.0 - f));
                dc[s0 + j] = dcj * f;
            }
        }
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
