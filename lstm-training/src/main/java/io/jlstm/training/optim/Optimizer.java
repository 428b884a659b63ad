package io.jlstm.training.optim;

import io.jlstm.api.param.ParameterSet;

/**
 * Updates parameters in place from their accumulated gradients. One instance serves one parameter
 * set; state such as moments is kept per parameter name.
 */
public interface Optimizer {

    /** Registered name, such as {@code sgd}. */
    String name();

    /** Current learning rate. */
    double learningRate();

    /** Sets the learning rate used by the following steps (schedules call this). */
    void setLearningRate(double learningRate);

    /** Applies one update to every parameter of {@code parameters} from its gradient. */
    void step(ParameterSet parameters);
}
