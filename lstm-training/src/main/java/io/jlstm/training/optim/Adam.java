package io.jlstm.training.optim;

import java.util.List;
import java.util.Map;

/**
 * Adam, and AdamW with decoupled weight decay, as {@code torch.optim.Adam} and
 * {@code torch.optim.AdamW} (PyTorch 1.13, without AMSGrad) compute them per element at step
 * {@code t}:
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)                  (AdamW)
 * g = g + weightDecay * p                         (Adam, if weightDecay != 0)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * denom = sqrt(v) / sqrt(1 - beta2^t) + eps
 * p = p - (lr / (1 - beta1^t)) * m / denom
 * </pre>
 *
 * <p>Epsilon is added after the bias correction of {@code v}, as in PyTorch.
 */
public final class Adam extends ElementwiseOptimizer {

    /** Buffer name of the first moment {@code m}. */
    public static final String EXP_AVG = "exp_avg";
    /** Buffer name of the second moment {@code v}. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    /**
     * Creates Adam ({@code decoupled = false}, L2 weight decay added to the gradient) or AdamW
     * ({@code decoupled = true}, weight decay applied to the parameter before the update).
     *
     * @throws IllegalArgumentException if a beta is outside {@code [0, 1)} or another value is
     *     negative or not finite
     */
    public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(learningRate);
        this.beta1 = betaInRange("beta1", beta1);
        this.beta2 = betaInRange("beta2", beta2);
        this.eps = inRange("Adam eps", eps, 0.0, Double.MAX_VALUE);
        this.weightDecay = inRange("weight decay", weightDecay, 0.0, Double.MAX_VALUE);
        this.decoupled = decoupled;
    }

    private static double betaInRange(String what, double beta) {
        if (!(beta >= 0.0 && beta < 1.0)) {
            throw new IllegalArgumentException("Adam " + what + " must be in [0, 1), but is " + beta);
        }
        return beta;
    }

    @Override
    public String name() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    protected List<String> bufferNames() {
        return List.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    protected void update(double[] p, double[] g, Map<String, double[]> state, long step) {
        double lr = learningRate();
        double[] m = buffer(state, EXP_AVG, p.length, 0.0);
        double[] v = buffer(state, EXP_AVG_SQ, p.length, 0.0);

        if (decoupled) {
            double shrink = 1 - lr * weightDecay;
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] * shrink;
            }
        } else if (weightDecay != 0.0) {
            for (int i = 0; i < p.length; i++) {
                g[i] = g[i] + weightDecay * p[i];
            }
        }

        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        for (int i = 0; i < p.length; i++) {
            m[i] = m[i] * beta1 + (1 - beta1) * g[i];
            v[i] = v[i] * beta2 + (1 - beta2) * g[i] * g[i];
            double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
            p[i] = p[i] + -stepSize * m[i] / denom;
        }
    }
}
