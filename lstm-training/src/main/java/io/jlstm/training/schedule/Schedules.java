package io.jlstm.training.schedule;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;

/** Builds the learning-rate schedule that the {@code schedule.*} keys describe. */
public final class Schedules {

    private Schedules() {
    }

    /**
     * Returns the schedule named by {@code schedule.name}.
     *
     * @throws ConfigException if the plateau schedule is combined with a warm-up or with
     *     {@code schedule.interval = step}
     */
    public static LearningRateSchedule fromConfig(JlstmConfig config) {
        String name = config.getString(TrainingKeys.SCHEDULE);
        LearningRateSchedule.Interval interval = "step".equals(config.getString(TrainingKeys.SCHEDULE_INTERVAL))
                ? LearningRateSchedule.Interval.STEP : LearningRateSchedule.Interval.EPOCH;
        int warmup = config.getInt(TrainingKeys.WARMUP);
        double start = config.getDouble(TrainingKeys.WARMUP_START_FACTOR);
        switch (name) {
            case "constant":
                return new ConstantSchedule(interval, warmup, start);
            case "step":
                return new StepDecay(interval, config.getInt(TrainingKeys.SCHEDULE_STEP_SIZE),
                        config.getDouble(TrainingKeys.SCHEDULE_GAMMA), warmup, start);
            case "exponential":
                return new ExponentialDecay(interval, config.getDouble(TrainingKeys.SCHEDULE_GAMMA), warmup, start);
            case "cosine":
                return new CosineAnnealing(interval, config.getInt(TrainingKeys.SCHEDULE_T_MAX),
                        config.getDouble(TrainingKeys.SCHEDULE_ETA_MIN), warmup, start);
            case "plateau":
                if (warmup > 0) {
                    throw new ConfigException("schedule.name = plateau cannot be combined with schedule.warmup = "
                            + warmup + "; set schedule.warmup = 0 or choose another schedule");
                }
                if (interval != LearningRateSchedule.Interval.EPOCH) {
                    throw new ConfigException("schedule.name = plateau runs once per epoch on the validation loss;"
                            + " set schedule.interval = epoch");
                }
                return new ReduceOnPlateau(config.getDouble(TrainingKeys.PLATEAU_FACTOR),
                        config.getInt(TrainingKeys.PLATEAU_PATIENCE), config.getDouble(TrainingKeys.PLATEAU_THRESHOLD),
                        config.getInt(TrainingKeys.PLATEAU_COOLDOWN), config.getDouble(TrainingKeys.PLATEAU_MIN_LR));
            default:
                throw new ConfigException("unknown schedule '" + name + "' (key schedule.name); available schedules:"
                        + " constant, step, exponential, cosine, plateau");
        }
    }

    static double decayFactor(double gamma) {
        if (!(gamma > 0.0 && gamma <= 1.0)) {
            throw new IllegalArgumentException("decay factor gamma must be in (0, 1], but is " + gamma);
        }
        return gamma;
    }
}
