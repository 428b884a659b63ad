package io.jlstm.training.optim;

import java.util.List;
import java.util.Map;

/**
 * AdaGrad as {@code torch.optim.Adagrad} (PyTorch 1.13, dense gradients) computes it per element at
 * step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p                         (if weightDecay != 0)
 * clr = lr / (1 + (t - 1) * lrDecay)
 * s = s + g * g                                   (s starts at initialAccumulator)
 * p = p - clr * g / (sqrt(s) + eps)
 * </pre>
 */
public final class AdaGrad extends ElementwiseOptimizer {

    /** Buffer name of the sum of squared gradients. */
    public static final String SUM = "sum";

    private final double lrDecay;
    private final double eps;
    private final double weightDecay;
    private final double initialAccumulator;

    /**
     * Creates the optimizer.
     *
     * @throws IllegalArgumentException if a value is negative or not finite
     */
    public AdaGrad(double learningRate, double lrDecay, double eps, double weightDecay, double initialAccumulator) {
        super(learningRate);
        this.lrDecay = inRange("AdaGrad lr decay", lrDecay, 0.0, Double.MAX_VALUE);
        this.eps = inRange("AdaGrad eps", eps, 0.0, Double.MAX_VALUE);
        this.weightDecay = inRange("weight decay", weightDecay, 0.0, Double.MAX_VALUE);
        this.initialAccumulator = inRange("AdaGrad initial accumulator", initialAccumulator, 0.0, Double.MAX_VALUE);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected List<String> bufferNames() {
        return List.of(SUM);
    }

    @Override
    protected void update(double[] p, double[] g, Map<String, double[]> state, long step) {
        double clr = learningRate() / (1 + (step - 1) * lrDecay);
        double[] s = buffer(state, SUM, p.length, initialAccumulator);

        for (int i = 0; i < p.length; i++) {
            double gi = weightDecay != 0.0 ? g[i] + weightDecay * p[i] : g[i];
            s[i] = s[i] + 1.0 * gi * gi;
            double std = Math.sqrt(s[i]) + eps;
            p[i] = p[i] + -clr * gi / std;
        }
    }
}
