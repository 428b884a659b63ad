package io.jlstm.training.bptt;

/**
 * Applies the accumulated gradients: the trainer's implementation measures the gradient norm, runs
 * the optimizer, zeroes the gradients and notifies listeners.
 */
@FunctionalInterface
public interface ParameterUpdate {

    /**
     * Updates the parameters from their current gradients.
     *
     * @param loss the loss whose gradients were accumulated, for reporting
     */
    void apply(double loss);
}
