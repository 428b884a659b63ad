package io.jlstm.training.optim;

import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.Plural;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of an {@link Optimizer} between two steps, as a checkpoint stores it.
 *
 * <p>Buffers are keyed by full parameter name, then by buffer name in PyTorch's state-dict
 * spelling ({@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}, {@code square_avg},
 * {@code grad_avg}, {@code sum}). Each array contains the buffer's elements in the parameter's
 * row-major order. A parameter that has not been updated yet has no entry.
 *
 * @param optimizer registered name of the optimizer that produced the state
 * @param steps number of steps taken
 * @param learningRate learning rate at the time of export
 * @param buffers parameter name to buffer name to values
 */
public record OptimizerState(String optimizer, long steps, double learningRate,
        Map<String, Map<String, double[]>> buffers) {

    /** Copies {@code buffers} deeply, so the record does not share arrays with the optimizer. */
    public OptimizerState {
        buffers = deepCopy(buffers);
    }

    /**
     * Checks that every buffer belongs to a parameter of {@code parameters}, has that parameter's
     * number of elements and contains no NaN, so that a damaged checkpoint fails before any update.
     *
     * @throws IllegalArgumentException naming the first parameter and buffer that do not fit
     */
    public void requireFits(ParameterSet parameters) {
        for (var parameter : buffers.entrySet()) {
            String name = parameter.getKey();
            if (!parameters.contains(name)) {
                throw new IllegalArgumentException("optimizer state has buffers of parameter '" + name
                        + "', which the model lacks; the model has " + parameters.names());
            }
            Tensor value = parameters.get(name).value();
            long size = (long) value.rows() * value.cols();
            for (var buffer : parameter.getValue().entrySet()) {
                double[] values = buffer.getValue();
                if (values.length != size) {
                    throw new IllegalArgumentException("optimizer buffer '" + buffer.getKey() + "' of '" + name
                            + "' has " + Plural.count(values.length, "element") + ", but the parameter has " + size
                            + "; the optimizer state belongs to a model of another shape");
                }
                for (int i = 0; i < values.length; i++) {
                    if (Double.isNaN(values[i])) {
                        throw new IllegalArgumentException("optimizer buffer '" + buffer.getKey() + "' of '" + name
                                + "' contains NaN at index " + i + ", which would make the parameter's next update NaN");
                    }
                }
            }
        }
    }

    /** Returns a deep copy of the buffers, in insertion order. */
    static Map<String, Map<String, double[]>> deepCopy(Map<String, Map<String, double[]>> buffers) {
        Map<String, Map<String, double[]>> copy = new LinkedHashMap<>();
        for (var parameter : buffers.entrySet()) {
            Map<String, double[]> inner = new LinkedHashMap<>();
            for (var buffer : parameter.getValue().entrySet()) {
                inner.put(buffer.getKey(), buffer.getValue().clone());
            }
            copy.put(parameter.getKey(), Collections.unmodifiableMap(inner));
        }
        return Collections.unmodifiableMap(copy);
    }
}
