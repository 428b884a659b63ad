package io.jlstm.api.tensor.array;

/**
 * The fused point-wise LSTM kernels of {@link io.jlstm.api.tensor.Backend} as single loops over
 * row-major arrays, for backends whose storage is a {@code double[]}.
 *
 * <p>Each element is computed with the same operations in the same order as the
 * {@link io.jlstm.api.tensor.Backend} default methods, except that {@link #tanh} replaces
 * {@link Math#tanh}: results agree with the defaults to about 1e-13 relative, inside the 1e-12
 * that backends must keep.
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
        for (int r = 0; r < batch; r++) {
            forwardRange(gates, cPrev, c, tanhC, h, hidden, r, 0, hidden);
        }
    }

    /**
     * Runs {@link #forward} on row {@code r} for the hidden units {@code from .. to-1} only, so that a
     * vectorized kernel can finish the tail of a row with the same arithmetic.
     */
    public static void forwardRange(double[] gates, double[] cPrev, double[] c, double[] tanhC, double[] h,
            int hidden, int r, int from, int to) {
        int g0 = r * 4 * hidden;
        int s0 = r * hidden;
        for (int j = from; j < to; j++) {
            double i = sigmoid(gates[g0 + j]);
            double f = sigmoid(gates[g0 + hidden + j]);
            double g = tanh(gates[g0 + 2 * hidden + j]);
            double o = sigmoid(gates[g0 + 3 * hidden + j]);
            gates[g0 + j] = i;
            gates[g0 + hidden + j] = f;
            gates[g0 + 2 * hidden + j] = g;
            gates[g0 + 3 * hidden + j] = o;

            double cell = f * cPrev[s0 + j] + i * g;
            double tc = tanh(cell);
            c[s0 + j] = cell;
            tanhC[s0 + j] = tc;
            h[s0 + j] = o * tc;
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
        for (int r = 0; r < batch; r++) {
            backwardRange(acts, cPrev, tanhC, dh, dc, dGates, hidden, r, 0, hidden);
        }
    }

    /** Runs {@link #backward} on row {@code r} for the hidden units {@code from .. to-1} only. */
    public static void backwardRange(double[] acts, double[] cPrev, double[] tanhC, double[] dh, double[] dc,
            double[] dGates, int hidden, int r, int from, int to) {
        int g0 = r * 4 * hidden;
        int s0 = r * hidden;
        for (int j = from; j < to; j++) {
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

    /**
     * Returns the hyperbolic tangent of {@code x} to within about 1e-13 relative error. On JDK 17
     * {@link Math#exp} is a compiler intrinsic but {@link Math#tanh} is not, and this costs one
     * {@code exp} and one division. The plain formula {@code 2 / (1 + exp(-2x)) - 1} loses relative
     * accuracy near zero through cancellation, so below {@code |x| = 0.01} a Taylor polynomial takes
     * over; its first omitted term, {@code 1382/155925 x^11}, is below {@code 1e-22 |x|} there.
     * Above, the rounding error of {@code 1 - 2 / (1 + exp(2|x|))} is at most about
     * {@code 3 ulp(1)}, which is below {@code 7e-14 |tanh(x)|} for {@code |x| >= 0.01}.
     */
    public static double tanh(double x) {
        double magnitude = Math.abs(x);
        if (magnitude < 0.01) {
            double x2 = x * x;
            return x * (1.0 + x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835)))));
        }
        double t = 1.0 - 2.0 / (1.0 + Math.exp(2.0 * magnitude));
        return Math.copySign(t, x);
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
