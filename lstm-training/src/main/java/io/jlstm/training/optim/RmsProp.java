package io.jlstm.training.optim;

import java.util.List;
import java.util.Map;

/**
 * RMSProp with optional momentum and centering, as {@code torch.optim.RMSprop} (PyTorch 1.13)
 * computes it per element:
 *
 * <pre>
 * g = g + weightDecay * p                         (if weightDecay != 0)
 * s = alpha * s + (1 - alpha) * g * g
 * a = alpha * a + (1 - alpha) * g;  avg = sqrt(s - a * a) + eps    (centered)
 * avg = sqrt(s) + eps                                              (not centered)
 * b = momentum * b + g / avg;  p = p - lr * b     (if momentum > 0)
 * p = p - lr * g / avg                            (otherwise)
 * </pre>
 */
public final class RmsProp extends ElementwiseOptimizer {

    /** Buffer name of the running mean of squared gradients. */
    public static final String SQUARE_AVG = "square_avg";
    /** Buffer name of the running mean of gradients (centered variant). */
    public static final String GRAD_AVG = "grad_avg";
    /** Buffer name of the momentum. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /**
     * Creates the optimizer.
     *
     * @throws IllegalArgumentException if {@code alpha} is outside {@code [0, 1]} or another value
     *     is negative or not finite
     */
    public RmsProp(double learningRate, double alpha, double eps, double weightDecay, double momentum,
            boolean centered) {
        super(learningRate);
        this.alpha = inRange("RMSProp alpha", alpha, 0.0, 1.0);
        this.eps = inRange("RMSProp eps", eps, 0.0, Double.MAX_VALUE);
        this.weightDecay = inRange("weight decay", weightDecay, 0.0, Double.MAX_VALUE);
        this.momentum = inRange("RMSProp momentum", momentum, 0.0, Double.MAX_VALUE);
        this.centered = centered;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected List<String> bufferNames() {
        return List.of(SQUARE_AVG, GRAD_AVG, MOMENTUM_BUFFER);
    }

    @Override
    protected void update(double[] p, double[] g, Map<String, double[]> state, long step) {
        double lr = learningRate();
        double[] s = buffer(state, SQUARE_AVG, p.length, 0.0);
        double[] a = centered ? buffer(state, GRAD_AVG, p.length, 0.0) : null;
        double[] b = momentum > 0.0 ? buffer(state, MOMENTUM_BUFFER, p.length, 0.0) : null;

        for (int i = 0; i < p.length; i++) {
            double gi = weightDecay != 0.0 ? g[i] + weightDecay * p[i] : g[i];
            s[i] = s[i] * alpha + (1 - alpha) * gi * gi;
            double avg;
            if (centered) {
                a[i] = a[i] * alpha + (1 - alpha) * gi;
                avg = Math.sqrt(s[i] + -1.0 * a[i] * a[i]) + eps;
            } else {
                avg = Math.sqrt(s[i]) + eps;
            }
            if (b != null) {
                b[i] = b[i] * momentum + gi / avg;
                p[i] = p[i] + -lr * b[i];
            } else {
                p[i] = p[i] + -lr * gi / avg;
            }
        }
    }
}
