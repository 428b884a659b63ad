package io.jlstm.training.optim;

import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;

/** Factories of the built-in optimizers, reading their hyper-parameters from the configuration. */
public final class Optimizers {

    private Optimizers() {
    }

    /** SGD from {@code optimizer.lr}, {@code optimizer.sgd.*} and {@code optimizer.weight-decay}. */
    public static Optimizer sgd(JlstmConfig c) {
        return new Sgd(c.getDouble(CoreKeys.LEARNING_RATE), c.getDouble(TrainingKeys.SGD_MOMENTUM),
                c.getDouble(TrainingKeys.SGD_DAMPENING), c.getBoolean(TrainingKeys.SGD_NESTEROV),
                c.getDouble(TrainingKeys.WEIGHT_DECAY));
    }

    /** Adam from {@code optimizer.lr}, {@code optimizer.adam.*} and {@code optimizer.weight-decay}. */
    public static Optimizer adam(JlstmConfig c) {
        return new Adam(c.getDouble(CoreKeys.LEARNING_RATE), c.getDouble(TrainingKeys.ADAM_BETA1),
                c.getDouble(TrainingKeys.ADAM_BETA2), c.getDouble(TrainingKeys.ADAM_EPS),
                c.getDouble(TrainingKeys.WEIGHT_DECAY), false);
    }

    /** AdamW from {@code optimizer.lr}, {@code optimizer.adam.*} and {@code optimizer.adamw.weight-decay}. */
    public static Optimizer adamW(JlstmConfig c) {
        return new Adam(c.getDouble(CoreKeys.LEARNING_RATE), c.getDouble(TrainingKeys.ADAM_BETA1),
                c.getDouble(TrainingKeys.ADAM_BETA2), c.getDouble(TrainingKeys.ADAM_EPS),
                c.getDouble(TrainingKeys.ADAMW_WEIGHT_DECAY), true);
    }

    /** RMSProp from {@code optimizer.lr}, {@code optimizer.rmsprop.*} and {@code optimizer.weight-decay}. */
    public static Optimizer rmsProp(JlstmConfig c) {
        return new RmsProp(c.getDouble(CoreKeys.LEARNING_RATE), c.getDouble(TrainingKeys.RMSPROP_ALPHA),
                c.getDouble(TrainingKeys.RMSPROP_EPS), c.getDouble(TrainingKeys.WEIGHT_DECAY),
                c.getDouble(TrainingKeys.RMSPROP_MOMENTUM), c.getBoolean(TrainingKeys.RMSPROP_CENTERED));
    }

    /** AdaGrad from {@code optimizer.lr}, {@code optimizer.adagrad.*} and {@code optimizer.weight-decay}. */
    public static Optimizer adaGrad(JlstmConfig c) {
        return new AdaGrad(c.getDouble(CoreKeys.LEARNING_RATE), c.getDouble(TrainingKeys.ADAGRAD_LR_DECAY),
                c.getDouble(TrainingKeys.ADAGRAD_EPS), c.getDouble(TrainingKeys.WEIGHT_DECAY),
                c.getDouble(TrainingKeys.ADAGRAD_INITIAL_ACCUMULATOR));
    }
}
