package io.jlstm.training.config;

import java.util.List;

/** Keys of the network's shape beyond the core sizes: projection, directions, dropout and head. */
public final class ModelKeys {

    private ModelKeys() {
    }

    /** LSTM projection size (PyTorch's {@code proj_size}). */
    public static final ConfigKey PROJECTION_SIZE = ConfigKey.integer("model.proj-size", 0, 0, 1 << 16,
            "LSTM projection size P (PyTorch's proj_size), below model.hidden; 0 for none; cell lstm only");

    /** Whether every layer runs in both directions. */
    public static final ConfigKey BIDIRECTIONAL = ConfigKey.bool("model.bidirectional", false,
            "Run every recurrent layer forward and backward in time and concatenate the outputs");

    /** Inverted-dropout probability between stacked layers. */
    public static final ConfigKey DROPOUT = ConfigKey.decimal("model.dropout", 0.0, 0.0, false, 1.0,
            "Dropout probability on the outputs of every recurrent layer but the last, in [0, 1), training only");

    /** Placement of the dense head: every step, or each sequence's last valid step. */
    public static final ConfigKey HEAD = ConfigKey.choice("model.head", "many-to-many",
            List.of("many-to-many", "many-to-one"),
            "many-to-many: a prediction at every step; many-to-one: one at each sequence's last valid step");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(PROJECTION_SIZE, BIDIRECTIONAL, DROPOUT, HEAD);
    }
}
