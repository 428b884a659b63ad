package io.jlstm.training.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one {@link io.jlstm.training.listen.CheckpointedListener} in a checkpoint: named
 * scalar values and named matrices.
 *
 * <p>Values are strings, so that a number survives exactly when written with
 * {@code Double.toString} or {@code Long.toString}. Tensor names may contain any character; the
 * checkpoint file stores them under {@code listener/<state name>/<tensor name>}.
 *
 * @param values scalar values by name
 * @param tensors matrices by name
 */
public record ListenerState(Map<String, String> values, Map<String, Checkpoint.Matrix> tensors) {

    /** Copies both maps, keeping their order. */
    public ListenerState {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Returns the value named {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public String value(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("listener state has no value '" + name + "'; it has " + values.keySet());
        }
        return value;
    }

    /**
     * Returns the value named {@code name} as a double.
     *
     * @throws IllegalArgumentException if there is none or it is not a number
     */
    public double doubleValue(String name) {
        String text = value(name);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listener state value '" + name + "' is '" + text + "', not a number");
        }
    }

    /**
     * Returns the value named {@code name} as a long.
     *
     * @throws IllegalArgumentException if there is none or it is not an integer
     */
    public long longValue(String name) {
        String text = value(name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listener state value '" + name + "' is '" + text
                    + "', not an integer");
        }
    }
}
