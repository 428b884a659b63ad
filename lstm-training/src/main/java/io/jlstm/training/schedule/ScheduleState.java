package io.jlstm.training.schedule;

import java.util.Map;

/**
 * The state of a {@link LearningRateSchedule} between two intervals, as a checkpoint stores it.
 *
 * @param schedule name of the schedule that wrote it
 * @param intervals intervals completed, PyTorch's {@code last_epoch}
 * @param baseLearningRate the learning rate the schedule scales
 * @param values further numbers by name (reduce-on-plateau: {@code best}, {@code bad_epochs},
 *     {@code cooldown_counter})
 */
public record ScheduleState(String schedule, long intervals, double baseLearningRate, Map<String, Double> values) {

    /** Copies {@code values}. */
    public ScheduleState {
        values = Map.copyOf(values);
    }

    /** Checks that this state was written by {@code expected}. */
    void requireSchedule(String expected) {
        if (!schedule.equals(expected)) {
            throw new IllegalArgumentException("learning-rate schedule state was saved by '" + schedule
                    + "' and cannot be loaded into '" + expected + "'; configure the schedule the checkpoint used");
        }
    }

    /** Returns value {@code key}. */
    double value(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("learning-rate schedule state of '" + schedule + "' lacks the value '"
                    + key + "'");
        }
        return v;
    }
}
