package io.jlstm.training.gradcheck;

import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the analytic gradients of a model's loss with central differences, for every parameter,
 * every input element and every initial-state element.
 *
 * <p>Method: {@code n = (L(w + h) - L(w - h)) / 2h} with {@code h = step * max(1, |w|)}, in float64.
 * An element passes when its relative error {@code |a - n| / max(|a|, |n|, 1e-8)} is below the
 * relative tolerance or its absolute error {@code |a - n|} is below the absolute tolerance.
 * Defaults: step {@code 1e-6}, relative tolerance {@code 1e-5}, absolute tolerance {@code 1e-8}.
 *
 * <p>Kinks: a loss that is not differentiable everywhere, such as one through a ReLU, has a kink
 * where a pre-activation crosses zero. When a kink lies within one step of {@code w}, the central
 * difference mixes the slopes of both sides and misses the analytic gradient, which is the slope at
 * {@code w}. For an element that fails, the checker therefore also takes the second-order one-sided
 * differences {@code (-3L(w) + 4L(w + h) - L(w + 2h)) / 2h} and its mirror on the {@code w - h}
 * side. If the two disagree with each other (the loss is not smooth across {@code w}) and the
 * analytic gradient agrees with the one of a side whose points do not cross the kink, the element
 * passes and counts as a kink in {@link GradientCheck#kinks()}. The side whose points cross the
 * kink mixes both slopes, so a gradient that matches only that side still fails. On a smooth loss
 * both one-sided differences agree with the central one, so a wrong gradient still fails.
 *
 * <p>The check costs two forward passes per element, and two more for an element that fails the
 * central difference, so use it on small shapes. It leaves parameter values as it found them and
 * the parameter gradients holding the analytic gradient.
 */
public final class GradientChecker {

    /** Default finite-difference step. */
    public static final double DEFAULT_STEP = 1e-6;
    /** Default relative tolerance. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;
    /**
     * Smallest finite-difference step: float64's machine epsilon. With a smaller step, {@code w + h}
     * rounds to {@code w} for {@code |w| >= 1}.
     */
    public static final double MIN_STEP = Math.ulp(1.0);
    /** Default absolute tolerance. */
    public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-8;

    private static final double DENOMINATOR_FLOOR = 1e-8;
    /**
     * How many times the other side's bend a side may bend and still count as smooth. A side
     * wrongly counted as smooth is off by at most about {@code 1.5 * BEND_RATIO * h * |L''|} plus
     * rounding error.
     */
    private static final double BEND_RATIO = 10.0;
    /** Rounding error of a second difference of loss values, in units in the last place. */
    private static final double ROUNDING_ULPS = 16.0;

    private final double step;
    private final double relativeTolerance;
    private final double absoluteTolerance;

    /** Creates a checker with the default step and tolerances. */
    public GradientChecker() {
        this(DEFAULT_STEP, DEFAULT_RELATIVE_TOLERANCE, DEFAULT_ABSOLUTE_TOLERANCE);
    }

    /**
     * Creates a checker with the given step and tolerances.
     *
     * @param step finite-difference step, at least {@link #MIN_STEP} and below 1
     * @param relativeTolerance above 0 and below 1
     * @param absoluteTolerance a positive finite number
     * @throws IllegalArgumentException if a value is out of its range, naming it and the default
     */
    public GradientChecker(double step, double relativeTolerance, double absoluteTolerance) {
        if (!(step >= MIN_STEP && step < 1.0)) {
            throw new IllegalArgumentException("finite-difference step must be in [" + MIN_STEP + ", 1), but is " + step
                    + ". A smaller step rounds w + h to w, and a step of 1 or more moves w by at least its own size."
                    + " The default is " + DEFAULT_STEP + ".");
        }
        if (!(relativeTolerance > 0.0 && relativeTolerance < 1.0)) {
            throw new IllegalArgumentException("relative tolerance must be in (0, 1), but is " + relativeTolerance
                    + ". At 1 or more any two gradients of the same sign agree, whatever their size. The default is "
                    + DEFAULT_RELATIVE_TOLERANCE + ".");
        }
        this.step = step;
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = positive("absolute tolerance", absoluteTolerance);
    }

    /** Finite-difference step, scaled by {@code max(1, |w|)} for each element. */
    public double step() {
        return step;
    }

    /** Relative tolerance of an element. */
    public double relativeTolerance() {
        return relativeTolerance;
    }

    /** Absolute tolerance of an element. */
    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /**
     * Checks every gradient of {@code loss(model(x, initialStates), targets)}.
     *
     * @param x input {@code (T*B) x I}
     * @param initialStates per-layer initial states, or {@code null} for zeros (then the
     *     gradients at zero initial states are checked)
     */
    public GradientCheckReport check(SequenceModel model, Tensor x, int batch, Tensor targets, Loss loss,
            Tensor[][] initialStates) {
        return check(model, x, batch, null, targets, loss, initialStates);
    }

    /**
     * Checks every gradient of the loss over the valid steps of a right-padded batch, as
     * {@link SequenceModel.Pass#loss} computes it. The input gradient at padded rows must be zero.
     * Dropout masks are held fixed during the check (see {@link SequenceModel#holdDropoutMasks}).
     *
     * @param lengths per-sample lengths, or {@code null} when every sample has all steps
     */
    public GradientCheckReport check(SequenceModel model, Tensor x, int batch, SequenceLengths lengths,
            Tensor targets, Loss loss, Tensor[][] initialStates) {
        Backend backend = model.backend();
        Tensor[][] states = initialStates != null ? initialStates : zeroStates(model, batch);

        model.holdDropoutMasks(true);
        try {
            model.parameters().zeroGradients();
            SequenceModel.Pass pass = model.forward(x, batch, lengths, states);
            Tensor predictions = pass.predictions();
            Tensor dPredictions = backend.zeros(predictions.rows(), predictions.cols());
            pass.loss(loss, targets, dPredictions);
            SequenceModel.Gradients gradients = model.backward(pass, dPredictions, null, pass.steps());

            LossFunction f = () -> model.forward(x, batch, lengths, states).lossValue(loss, targets);
            double base = f.evaluate();
            List<GradientCheck> checks = new ArrayList<>();
            for (var entry : model.parameters().asMap().entrySet()) {
                Parameter p = entry.getValue();
                checks.add(compare(entry.getKey(), p.value(), p.gradient(), f, base));
            }
            checks.add(compare("input", x, gradients.input(), f, base));
            for (int layer = 0; layer < states.length; layer++) {
                for (int k = 0; k < states[layer].length; k++) {
                    checks.add(compare("initial_state[" + layer + "][" + k + "]", states[layer][k],
                            gradients.initialStates()[layer][k], f, base));
                }
            }
            return new GradientCheckReport(checks);
        } finally {
            model.holdDropoutMasks(false);
        }
    }

    /**
     * Compares one tensor's analytic gradient with finite differences of {@code f}, element by
     * element. {@code base} is {@code f} at the unperturbed values.
     */
    private GradientCheck compare(String name, Tensor variable, Tensor analyticGradient, LossFunction f, double base) {
        double[] analytic = analyticGradient.toArray();
        double maxRelative = 0.0;
        double maxAbsolute = 0.0;
        int worst = -1;
        double worstNumeric = Double.NaN;
        double worstAbsolute = 0.0;
        boolean passed = true;
        int kinks = 0;
        int cols = variable.cols();

        for (int k = 0; k < analytic.length; k++) {
            int r = k / cols;
            int c = k % cols;
            double original = variable.get(r, c);
            double h = step * Math.max(1.0, Math.abs(original));
            double plus = evaluateAt(variable, r, c, original + h, f);
            double minus = evaluateAt(variable, r, c, original - h, f);
            double numeric = (plus - minus) / (2.0 * h);

            if (!agree(analytic[k], numeric)) {
                double plus2 = evaluateAt(variable, r, c, original + 2.0 * h, f);
                double minus2 = evaluateAt(variable, r, c, original - 2.0 * h, f);
                double forward = (-3.0 * base + 4.0 * plus - plus2) / (2.0 * h);
                double backward = (3.0 * base - 4.0 * minus + minus2) / (2.0 * h);
                if (!agree(forward, backward)) {
                    double oneSided = oneSidedMatch(analytic[k], forward, backward,
                            Math.abs(plus2 - 2.0 * plus + base), Math.abs(minus2 - 2.0 * minus + base),
                            roundingNoise(base, plus, minus, plus2, minus2));
                    if (!Double.isNaN(oneSided)) {
                        kinks++;
                        numeric = oneSided;
                    }
                }
            }

            double absolute = Math.abs(analytic[k] - numeric);
            double relative = absolute / Math.max(Math.max(Math.abs(analytic[k]), Math.abs(numeric)), DENOMINATOR_FLOOR);
            if (!agree(analytic[k], numeric)) {
                passed = false;
            }
            maxAbsolute = Math.max(maxAbsolute, Double.isNaN(absolute) ? Double.POSITIVE_INFINITY : absolute);
            double counted = absolute < absoluteTolerance ? 0.0 : relative;
            if (Double.isNaN(counted)) {
                counted = Double.POSITIVE_INFINITY;
            }
            // The worst element has the largest counted relative error; while every element is
            // within the absolute tolerance, it is the one with the largest absolute error.
            boolean worse = worst < 0 || counted > maxRelative
                    || counted == maxRelative && maxRelative == 0.0 && absolute > worstAbsolute;
            if (worse) {
                maxRelative = counted;
                worstAbsolute = absolute;
                worst = k;
                worstNumeric = numeric;
            }
        }
        return new GradientCheck(name, analytic.length, maxRelative, maxAbsolute, worst / cols, worst % cols,
                analytic[worst], worstNumeric, kinks, passed);
    }

    /**
     * Returns the one-sided difference that {@code analytic} matches on a side whose stencil does
     * not cross the kink, or NaN if there is none.
     *
     * <p>A side's bend {@code |L(w ± 2h) - 2L(w ± h) + L(w)|} is about {@code h^2 |L''|} where the
     * loss is smooth, but {@code |slope change| * d} when a kink lies at distance {@code d < 2h} on
     * that side, and that side's difference then mixes both slopes. A side counts as smooth unless
     * its bend exceeds {@link #BEND_RATIO} times the other side's plus the rounding noise, so both
     * count when the kink lies at {@code w} itself.
     */
    private double oneSidedMatch(double analytic, double forward, double backward, double forwardBend,
            double backwardBend, double noise) {
        boolean forwardSmooth = forwardBend <= BEND_RATIO * backwardBend + noise;
        boolean backwardSmooth = backwardBend <= BEND_RATIO * forwardBend + noise;
        if (forwardSmooth && agree(analytic, forward)) {
            return forward;
        }
        if (backwardSmooth && agree(analytic, backward)) {
            return backward;
        }
        return Double.NaN;
    }

    /** Returns a bound on the rounding error of a second difference of these loss values. */
    private static double roundingNoise(double... losses) {
        double largest = 0.0;
        for (double loss : losses) {
            largest = Math.max(largest, Math.abs(loss));
        }
        return ROUNDING_ULPS * Math.ulp(largest);
    }

    /** Evaluates {@code f} with one element set to {@code value}, then restores the element. */
    private static double evaluateAt(Tensor variable, int r, int c, double value, LossFunction f) {
        double original = variable.get(r, c);
        variable.set(r, c, value);
        try {
            return f.evaluate();
        } finally {
            variable.set(r, c, original);
        }
    }

    /** Returns whether two gradient values agree within the absolute or the relative tolerance. */
    private boolean agree(double a, double b) {
        double absolute = Math.abs(a - b);
        double relative = absolute / Math.max(Math.max(Math.abs(a), Math.abs(b)), DENOMINATOR_FLOOR);
        return absolute < absoluteTolerance || relative < relativeTolerance;
    }

    private static Tensor[][] zeroStates(SequenceModel model, int batch) {
        Tensor[][] states = new Tensor[model.layers().size()][];
        for (int k = 0; k < states.length; k++) {
            states[k] = model.layers().get(k).zeroState(batch);
        }
        return states;
    }

    private static double positive(String what, double value) {
        if (!(value > 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive finite number, but is " + value);
        }
        return value;
    }

    @FunctionalInterface
    private interface LossFunction {
        double evaluate();
    }
}
