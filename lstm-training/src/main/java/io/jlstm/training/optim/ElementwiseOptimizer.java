package io.jlstm.training.optim;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the optimizers whose update is element-wise: it keeps the step count, the learning rate
 * and the named buffers of every parameter, and exports and imports them as {@link OptimizerState}.
 *
 * <p>Each step copies a parameter's value and gradient into arrays, lets {@link #update} apply
 * PyTorch's formula element by element in float64, and writes the value back. The arithmetic is
 * therefore the same on every backend.
 */
public abstract class ElementwiseOptimizer implements Optimizer {

    private final Map<String, Map<String, double[]>> buffers = new LinkedHashMap<>();
    private double learningRate;
    private long steps;

    /**
     * Creates the base with a starting learning rate.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not a positive finite number
     */
    protected ElementwiseOptimizer(double learningRate) {
        if (!(learningRate > 0.0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, but is " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code learningRate} is negative or not finite; 0 is
     *     allowed because schedules such as cosine annealing reach it
     */
    @Override
    public final void setLearningRate(double learningRate) {
        if (!(learningRate >= 0.0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, but is " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Number of steps taken so far. */
    public final long steps() {
        return steps;
    }

    @Override
    public final void step(ParameterSet parameters) {
        steps++;
        for (var entry : parameters.asMap().entrySet()) {
            Parameter p = entry.getValue();
            double[] value = p.value().toArray();
            double[] gradient = p.gradient().toArray();
            Map<String, double[]> state = buffers.computeIfAbsent(entry.getKey(), k -> new LinkedHashMap<>());
            for (var buffer : state.entrySet()) {
                if (buffer.getValue().length != value.length) {
                    throw new IllegalStateException("optimizer buffer '" + buffer.getKey() + "' of '" + entry.getKey()
                            + "' has " + buffer.getValue().length + " elements, but the parameter has " + value.length
                            + "; the loaded optimizer state belongs to a model of another shape");
                }
            }

            update(value, gradient, state, steps);

            p.value().copyFrom(value);
        }
    }

    /**
     * Applies one update to one parameter.
     *
     * @param value the parameter's elements, updated in place
     * @param gradient the gradient's elements; an implementation may overwrite them
     * @param state the parameter's buffers by name, empty before its first update; an
     *     implementation adds its buffers here
     * @param step the step number, from 1
     */
    protected abstract void update(double[] value, double[] gradient, Map<String, double[]> state, long step);

    /** Names of the buffers {@link #update} may create, for validating imported state. */
    protected abstract List<String> bufferNames();

    /** Returns the buffer {@code name} of {@code state}, creating it filled with {@code initial}. */
    protected static double[] buffer(Map<String, double[]> state, String name, int length, double initial) {
        double[] b = state.get(name);
        if (b == null) {
            b = new double[length];
            java.util.Arrays.fill(b, initial);
            state.put(name, b);
        }
        return b;
    }

    @Override
    public final OptimizerState state() {
        return new OptimizerState(name(), steps, learningRate, buffers);
    }

    @Override
    public final void loadState(OptimizerState state) {
        if (!name().equals(state.optimizer())) {
            throw new IllegalArgumentException("optimizer state was saved by '" + state.optimizer()
                    + "' and cannot be loaded into '" + name() + "'; configure optimizer.name = " + state.optimizer());
        }
        if (state.steps() < 0) {
            throw new IllegalArgumentException("optimizer state has a negative step count " + state.steps());
        }
        List<String> known = bufferNames();
        for (var parameter : state.buffers().entrySet()) {
            for (String buffer : parameter.getValue().keySet()) {
                if (!known.contains(buffer)) {
                    throw new IllegalArgumentException("optimizer state of '" + parameter.getKey() + "' has buffer '"
                            + buffer + "', but " + name() + " uses only " + known);
                }
            }
        }
        setLearningRate(state.learningRate());
        steps = state.steps();
        buffers.clear();
        for (var parameter : OptimizerState.deepCopy(state.buffers()).entrySet()) {
            buffers.put(parameter.getKey(), new LinkedHashMap<>(parameter.getValue()));
        }
    }

    /** Checks that a hyper-parameter lies in {@code [min, max]}. */
    protected static double inRange(String what, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], but is " + value);
        }
        return value;
    }
}
