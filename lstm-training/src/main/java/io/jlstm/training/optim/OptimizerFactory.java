package io.jlstm.training.optim;

import io.jlstm.training.config.JlstmConfig;

/**
 * Creates an optimizer from the configuration. A new optimizer is added by binding one factory
 * under its name in the {@code MapBinder<String, OptimizerFactory>} of
 * {@link io.jlstm.training.TrainingModule}.
 */
public interface OptimizerFactory {

    /** Creates an optimizer with the hyper-parameters of {@code config}. */
    Optimizer create(JlstmConfig config);
}
