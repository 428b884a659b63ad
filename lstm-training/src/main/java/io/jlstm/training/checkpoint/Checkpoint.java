package io.jlstm.training.checkpoint;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.optim.OptimizerState;
import io.jlstm.training.schedule.ScheduleState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a run needs to continue bit for bit: parameter values, optimizer state, schedule
 * state, the data position and the state of every
 * {@link io.jlstm.training.listen.CheckpointedListener}.
 *
 * <p>The data position is the minibatch {@code batch} (from 0) of epoch {@code epoch} (from 1)
 * that runs next, the sample order of that epoch, and the training-loss sum of the epoch's
 * finished minibatches. The shuffle order of later epochs is derived from {@code seed} and the
 * epoch number, so the seed is the whole random-generator state of the training loop.
 *
 * @param seed the run's seed
 * @param steps parameter updates made
 * @param epoch epoch to continue, from 1
 * @param batch next minibatch within {@code epoch}, from 0; equal to the number of minibatches
 *     when only the end-of-epoch work (validation, schedule) remains
 * @param order sample order of {@code epoch}
 * @param epochLossSum sum over the finished minibatches of {@code epoch} of loss times batch size
 * @param parameters parameter values by full name
 * @param optimizer optimizer state
 * @param schedule learning-rate schedule state
 * @param config the configuration values of the run, for information
 * @param listeners listener states by {@link io.jlstm.training.listen.CheckpointedListener#stateName()}
 */
public record Checkpoint(long seed, long steps, int epoch, int batch, int[] order, double epochLossSum,
        Map<String, Matrix> parameters, OptimizerState optimizer, ScheduleState schedule, Map<String, String> config,
        Map<String, ListenerState> listeners) {

    /** Copies the arrays and maps. */
    public Checkpoint {
        order = order.clone();
        Map<String, Matrix> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, new Matrix(v.rows(), v.cols(), v.values())));
        parameters = Collections.unmodifiableMap(copy);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        listeners = Collections.unmodifiableMap(new LinkedHashMap<>(listeners));
    }

    /** A checkpoint without listener states. */
    public Checkpoint(long seed, long steps, int epoch, int batch, int[] order, double epochLossSum,
            Map<String, Matrix> parameters, OptimizerState optimizer, ScheduleState schedule,
            Map<String, String> config) {
        this(seed, steps, epoch, batch, order, epochLossSum, parameters, optimizer, schedule, config, Map.of());
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    /** A {@code rows x cols} row-major matrix of values. */
    public record Matrix(int rows, int cols, double[] values) {

        /**
         * Copies {@code values}.
         *
         * @throws IllegalArgumentException if the length is not {@code rows * cols}
         */
        public Matrix {
            if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
                throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
                        + " values, but " + values.length + " were given");
            }
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /** Copies the values of every parameter of {@code parameters}. */
    public static Map<String, Matrix> capture(ParameterSet parameters) {
        Map<String, Matrix> values = new LinkedHashMap<>();
        for (var entry : parameters.asMap().entrySet()) {
            Tensor v = entry.getValue().value();
            values.put(entry.getKey(), new Matrix(v.rows(), v.cols(), v.toArray()));
        }
        return values;
    }

    /**
     * Writes the stored parameter values into {@code parameters}.
     *
     * @throws IllegalArgumentException if a name is missing on either side or a shape differs,
     *     before any value is changed
     */
    public void restoreParameters(ParameterSet parameters) {
        restore(this.parameters, parameters);
    }

    /**
     * Writes {@code values} into {@code parameters}, matching them by full name.
     *
     * @throws IllegalArgumentException if a name is missing on either side or a shape differs,
     *     before any value is changed
     */
    public static void restore(Map<String, Matrix> values, ParameterSet parameters) {
        requireFits(values, parameters);
        for (var entry : parameters.asMap().entrySet()) {
            Parameter p = entry.getValue();
            p.value().copyFrom(values.get(entry.getKey()).values());
        }
    }

    /**
     * Checks that {@code values} has exactly the parameters of {@code parameters}, each with its shape.
     *
     * @throws IllegalArgumentException if a name is missing on either side or a shape differs
     */
    public static void requireFits(Map<String, Matrix> values, ParameterSet parameters) {
        for (var entry : parameters.asMap().entrySet()) {
            Matrix m = values.get(entry.getKey());
            Tensor v = entry.getValue().value();
            if (m == null) {
                throw new IllegalArgumentException("checkpoint has no values for parameter '" + entry.getKey()
                        + "'; it contains " + values.keySet());
            }
            if (m.rows() != v.rows() || m.cols() != v.cols()) {
                throw new IllegalArgumentException("checkpoint parameter '" + entry.getKey() + "' is " + m.rows() + " x "
                        + m.cols() + ", but the model's is " + Tensor.shapeString(v)
                        + "; the checkpoint belongs to a model of another shape");
            }
        }
        for (String name : values.keySet()) {
            if (!parameters.contains(name)) {
                throw new IllegalArgumentException("checkpoint contains parameter '" + name + "', which the model lacks;"
                        + " the model has " + parameters.names());
            }
        }
    }
}
