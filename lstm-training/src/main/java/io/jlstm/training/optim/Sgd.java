package io.jlstm.training.optim;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay, as {@code torch.optim.SGD} (PyTorch 1.13) computes it per element:
 *
 * <pre>
 * g = g + weightDecay * p                         (if weightDecay != 0)
 * b = g on the first step, else b = momentum * b + (1 - dampening) * g   (if momentum != 0)
 * g = g + momentum * b if nesterov, else g = b    (if momentum != 0)
 * p = p - lr * g
 * </pre>
 */
public final class Sgd extends ElementwiseOptimizer {

    /** Buffer name of the momentum, as in PyTorch's state dict. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    /**
     * Plain SGD, {@code p = p - lr * g}.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not a positive finite number
     */
    public Sgd(double learningRate) {
        this(learningRate, 0.0, 0.0, false, 0.0);
    }

    /**
     * SGD with all of PyTorch's options.
     *
     * @throws IllegalArgumentException if a value is out of range, or if {@code nesterov} is set
     *     without momentum or with dampening (PyTorch rejects that combination too)
     */
    public Sgd(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super(learningRate);
        this.momentum = inRange("SGD momentum", momentum, 0.0, Double.MAX_VALUE);
        this.dampening = inRange("SGD dampening", dampening, 0.0, 1.0);
        this.weightDecay = inRange("weight decay", weightDecay, 0.0, Double.MAX_VALUE);
        if (nesterov && (momentum <= 0.0 || dampening != 0.0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0, but momentum is "
                    + momentum + " and dampening is " + dampening);
        }
        this.nesterov = nesterov;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected List<String> bufferNames() {
        return List.of(MOMENTUM_BUFFER);
    }

    @Override
    protected void update(double[] p, double[] g, Map<String, double[]> state, long step) {
        double lr = learningRate();
        if (weightDecay != 0.0) {
            for (int i = 0; i < p.length; i++) {
                g[i] = g[i] + weightDecay * p[i];
            }
        }

        if (momentum != 0.0) {
            double[] b = state.get(MOMENTUM_BUFFER);
            if (b == null) {
                state.put(MOMENTUM_BUFFER, g.clone());
                b = state.get(MOMENTUM_BUFFER);
            } else {
                for (int i = 0; i < p.length; i++) {
                    b[i] = b[i] * momentum + (1 - dampening) * g[i];
                }
            }
            for (int i = 0; i < p.length; i++) {
                g[i] = nesterov ? g[i] + momentum * b[i] : b[i];
            }
        }

        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] + -lr * g[i];
        }
    }
}
