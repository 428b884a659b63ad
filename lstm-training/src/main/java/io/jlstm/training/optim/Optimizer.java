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

    /**
     * Returns a copy of the state a checkpoint needs to continue bit for bit: step count, learning
     * rate and every per-parameter buffer.
     */
    OptimizerState state();

    /**
     * Replaces this optimizer's state with {@code state}, copying its arrays.
     *
     * @throws IllegalArgumentException if {@code state} belongs to another optimizer or contains a
     *     buffer this optimizer does not use
     */
    void loadState(OptimizerState state);
}
