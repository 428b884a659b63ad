package io.jlstm.training.optim;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;

/** Plain stochastic gradient descent, {@code p = p - lr * g}, as {@code torch.optim.SGD} without momentum. */
public final class Sgd implements Optimizer {

    private double learningRate;

    /**
     * Creates the optimizer.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not a positive finite number
     */
    public Sgd(double learningRate) {
        setLearningRate(learningRate);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0.0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, but is " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public void step(ParameterSet parameters) {
        for (Parameter p : parameters) {
            p.value().backend().axpy(-learningRate, p.gradient(), p.value());
        }
    }
}
