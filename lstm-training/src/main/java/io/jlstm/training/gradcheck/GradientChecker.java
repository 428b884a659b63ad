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
 * <p>The check costs two forward passes per element, so use it on small shapes. It leaves
 * parameter values as it found them and the parameter gradients holding the analytic gradient.
 */
public final class GradientChecker {

    /** Default finite-difference step. */
    public static final double DEFAULT_STEP = 1e-6;
    /** Default relative tolerance. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;
    /** Default absolute tolerance. */
    public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-8;

    private static final double DENOMINATOR_FLOOR = 1e-8;

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
     * @throws IllegalArgumentException if any value is not a positive finite number
     */
    public GradientChecker(double step, double relativeTolerance, double absoluteTolerance) {
        this.step = positive("step", step);
        this.relativeTolerance = positive("relative tolerance", relativeTolerance);
        this.absoluteTolerance = positive("absolute tolerance", absoluteTolerance);
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
            List<GradientCheck> checks = new ArrayList<>();
            for (var entry : model.parameters().asMap().entrySet()) {
                Parameter p = entry.getValue();
                checks.add(compare(entry.getKey(), p.value(), p.gradient(), f));
            }
            checks.add(compare("input", x, gradients.input(), f));
            for (int layer = 0; layer < states.length; layer++) {
                for (int k = 0; k < states[layer].length; k++) {
                    checks.add(compare("initial_state[" + layer + "][" + k + "]", states[layer][k],
                            gradients.initialStates()[layer][k], f));
                }
            }
            return new GradientCheckReport(checks);
        } finally {
            model.holdDropoutMasks(false);
        }
    }

    private GradientCheck compare(String name, Tensor variable, Tensor analyticGradient, LossFunction f) {
        double[] analytic = analyticGradient.toArray();
        double maxRelative = 0.0;
        double maxAbsolute = 0.0;
        int worst = -1;
        double worstNumeric = Double.NaN;
        double worstAbsolute = 0.0;
        boolean passed = true;
        int cols = variable.cols();

        for (int k = 0; k < analytic.length; k++) {
            int r = k / cols;
            int c = k % cols;
            double original = variable.get(r, c);
            double h = step * Math.max(1.0, Math.abs(original));
            variable.set(r, c, original + h);
            double plus = f.evaluate();
            variable.set(r, c, original - h);
            double minus = f.evaluate();
            variable.set(r, c, original);
            double numeric = (plus - minus) / (2.0 * h);

            double absolute = Math.abs(analytic[k] - numeric);
            double relative = absolute / Math.max(Math.max(Math.abs(analytic[k]), Math.abs(numeric)), DENOMINATOR_FLOOR);
            if (!(absolute < absoluteTolerance || relative < relativeTolerance)) {
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
                analytic[worst], worstNumeric, passed);
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
