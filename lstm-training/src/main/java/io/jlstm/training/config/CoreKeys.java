package io.jlstm.training.config;

import java.util.List;

/** Keys of the backend, model, loss, optimizer and training loop, read by the Guice modules. */
public final class CoreKeys {

    private CoreKeys() {
    }

    /** Backend provider name; unset means the highest-priority provider on the class path. */
    public static final ConfigKey BACKEND = ConfigKey.string("backend", null,
            "Math backend by provider name (scalar, ejml, ...); default: the fastest one on the class path");

    /** Seed of every random draw: initialization, shuffling, dropout. */
    public static final ConfigKey SEED = ConfigKey.longInteger("seed", 42L, Long.MIN_VALUE, Long.MAX_VALUE,
            "Seed of all random draws (initialization, shuffling, dropout)");

    /**
     * Recurrent cell type by registered name; the model module checks it against the cell registry
     * and lists the registered names when it is unknown.
     */
    public static final ConfigKey MODEL_CELL = ConfigKey.string("model.cell", "lstm",
            "Recurrent cell type by registered name (lstm, gru, rnn-tanh, rnn-relu, peephole-lstm, or a cell"
                    + " registered by a jar on the class path)");

    /** Features per time step of the input. */
    public static final ConfigKey MODEL_INPUT_SIZE = ConfigKey.integer("model.input-size", 1, 1, 1 << 20,
            "Input features per time step (set from the data by the jlstm command)");

    /** Hidden size H of each recurrent layer. */
    public static final ConfigKey MODEL_HIDDEN = ConfigKey.integer("model.hidden", 32, 1, 1 << 16,
            "Hidden units per recurrent layer");

    /** Number of stacked recurrent layers. */
    public static final ConfigKey MODEL_LAYERS = ConfigKey.integer("model.layers", 1, 1, 64,
            "Number of stacked recurrent layers");

    /** Features per time step of the output. */
    public static final ConfigKey MODEL_OUTPUT_SIZE = ConfigKey.integer("model.output-size", 1, 1, 1 << 20,
            "Output features per time step (set from the data by the jlstm command)");

    /** Loss function. */
    public static final ConfigKey LOSS = ConfigKey.choice("loss", "mse", List.of("mse", "cross-entropy"),
            "Loss: mse (mean over all elements) or cross-entropy (softmax, mean over steps and batch, nats)");

    /** Optimizer name. */
    public static final ConfigKey OPTIMIZER = ConfigKey.string("optimizer.name", "sgd",
            "Optimizer by name: sgd, adam, adamw, rmsprop, adagrad, or one bound by an added module");

    /** Learning rate. */
    public static final ConfigKey LEARNING_RATE = ConfigKey.decimal("optimizer.lr", 0.01, 0.0, true, 1e6,
            "Learning rate");

    /** Number of passes over the training data. */
    public static final ConfigKey EPOCHS = ConfigKey.integer("training.epochs", 10, 1, 10_000_000,
            "Passes over the training data");

    /** Sequences per minibatch. */
    public static final ConfigKey BATCH_SIZE = ConfigKey.integer("training.batch-size", 16, 1, 1 << 20,
            "Sequences per minibatch");

    /** Whether the sample order is reshuffled every epoch. */
    public static final ConfigKey SHUFFLE = ConfigKey.bool("training.shuffle", true,
            "Reshuffle the training sequences every epoch (seeded)");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(BACKEND, SEED, MODEL_CELL, MODEL_INPUT_SIZE, MODEL_HIDDEN, MODEL_LAYERS, MODEL_OUTPUT_SIZE,
                LOSS, OPTIMIZER, LEARNING_RATE, EPOCHS, BATCH_SIZE, SHUFFLE);
    }
}
