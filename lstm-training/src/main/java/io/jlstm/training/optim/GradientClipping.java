package io.jlstm.training.optim;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Tensor;

/**
 * Gradient clipping by global L2 norm, as {@code torch.nn.utils.clip_grad_norm_} does it, followed
 * by optional clipping of each element to {@code [-maxValue, maxValue]}, as
 * {@code clip_grad_value_} does it. Both work in place on the parameters' gradients.
 */
public final class GradientClipping {

    /** Added to the total norm in the scale factor, as in PyTorch. */
    public static final double NORM_EPSILON = 1e-6;

    private final double maxNorm;
    private final double maxValue;

    /**
     * Creates the clipping rule.
     *
     * @param maxNorm maximum global norm; 0 switches norm clipping off
     * @param maxValue maximum absolute element value; 0 switches value clipping off
     * @throws IllegalArgumentException if a limit is negative or not finite
     */
    public GradientClipping(double maxNorm, double maxValue) {
        this.maxNorm = nonNegative("maximum gradient norm", maxNorm);
        this.maxValue = nonNegative("maximum gradient value", maxValue);
    }

    /** A rule that changes nothing. */
    public static GradientClipping none() {
        return new GradientClipping(0.0, 0.0);
    }

    /** Maximum global norm, or 0 when norm clipping is off. */
    public double maxNorm() {
        return maxNorm;
    }

    /** Maximum absolute element value, or 0 when value clipping is off. */
    public double maxValue() {
        return maxValue;
    }

    /**
     * Clips the gradients of {@code parameters} in place and returns their global norm from before
     * clipping. A non-finite norm leaves the gradients as they are; the caller decides what to do.
     */
    public double apply(ParameterSet parameters) {
        double total = globalNorm(parameters);
        if (maxNorm > 0.0 && Double.isFinite(total)) {
            scaleToNorm(parameters, total, maxNorm);
        }
        if (maxValue > 0.0) {
            clipByValue(parameters, maxValue);
        }
        return total;
    }

    /** The L2 norm of all gradient elements of {@code parameters} taken together. */
    public static double globalNorm(ParameterSet parameters) {
        double sum = 0.0;
        for (Parameter p : parameters) {
            sum += p.gradient().backend().sumOfSquares(p.gradient());
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when that factor is below 1 and
     * returns the norm before scaling. Gradients within the limit are not touched at all.
     */
    public static double clipByNorm(ParameterSet parameters, double maxNorm) {
        double total = globalNorm(parameters);
        scaleToNorm(parameters, total, nonNegative("maximum gradient norm", maxNorm));
        return total;
    }

    private static void scaleToNorm(ParameterSet parameters, double total, double maxNorm) {
        double coefficient = maxNorm / (total + NORM_EPSILON);
        if (coefficient < 1.0) {
            for (Parameter p : parameters) {
                p.gradient().backend().scale(coefficient, p.gradient(), p.gradient());
            }
        }
    }

    /** Clamps every gradient element to {@code [-maxValue, maxValue]}; NaN elements stay NaN. */
    public static void clipByValue(ParameterSet parameters, double maxValue) {
        nonNegative("maximum gradient value", maxValue);
        for (Parameter p : parameters) {
            Tensor g = p.gradient();
            double[] values = g.toArray();
            boolean changed = false;
            for (int i = 0; i < values.length; i++) {
                if (values[i] > maxValue) {
                    values[i] = maxValue;
                    changed = true;
                } else if (values[i] < -maxValue) {
                    values[i] = -maxValue;
                    changed = true;
                }
            }
            if (changed) {
                g.copyFrom(values);
            }
        }
    }

    private static double nonNegative(String what, double value) {
        if (!(value >= 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, but is " + value);
        }
        return value;
    }
}
