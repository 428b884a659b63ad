package io.jlstm.training.config;

import java.util.List;

/**
 * Keys of the optimizers, gradient clipping, learning-rate schedules, truncated BPTT, early
 * stopping, checkpoints and metrics logs. Defaults follow PyTorch 1.13 where PyTorch has the
 * same option. A value of 0 switches off an interval or limit where the description states it.
 */
public final class TrainingKeys {

    private TrainingKeys() {
    }

    // Optimizers (the optimizer name and learning rate are CoreKeys.OPTIMIZER and LEARNING_RATE).

    /** L2 weight decay added to the gradient by sgd, adam, rmsprop and adagrad. */
    public static final ConfigKey WEIGHT_DECAY = ConfigKey.decimal("optimizer.weight-decay", 0.0, 0.0, false, 1e6,
            "L2 weight decay added to the gradient (sgd, adam, rmsprop, adagrad); adamw uses optimizer.adamw.weight-decay");

    /** SGD momentum factor. */
    public static final ConfigKey SGD_MOMENTUM = ConfigKey.decimal("optimizer.sgd.momentum", 0.0, 0.0, false, 1e6,
            "SGD momentum factor; 0 is plain SGD");

    /** SGD dampening of the momentum. */
    public static final ConfigKey SGD_DAMPENING = ConfigKey.decimal("optimizer.sgd.dampening", 0.0, 0.0, false, 1.0,
            "SGD dampening: the momentum buffer adds (1 - dampening) times the gradient");

    /** Nesterov momentum for SGD. */
    public static final ConfigKey SGD_NESTEROV = ConfigKey.bool("optimizer.sgd.nesterov", false,
            "Use Nesterov momentum (needs optimizer.sgd.momentum > 0 and optimizer.sgd.dampening = 0)");

    /** Adam and AdamW beta1. */
    public static final ConfigKey ADAM_BETA1 = ConfigKey.decimal("optimizer.adam.beta1", 0.9, 0.0, false, 0.999999999,
            "Adam and AdamW decay rate of the first moment");

    /** Adam and AdamW beta2. */
    public static final ConfigKey ADAM_BETA2 = ConfigKey.decimal("optimizer.adam.beta2", 0.999, 0.0, false,
            0.999999999, "Adam and AdamW decay rate of the second moment");

    /** Adam and AdamW epsilon. */
    public static final ConfigKey ADAM_EPS = ConfigKey.decimal("optimizer.adam.eps", 1e-8, 0.0, false, 1.0,
            "Adam and AdamW epsilon, added to the bias-corrected root of the second moment");

    /** AdamW decoupled weight decay. */
    public static final ConfigKey ADAMW_WEIGHT_DECAY = ConfigKey.decimal("optimizer.adamw.weight-decay", 0.01, 0.0,
            false, 1e6, "AdamW decoupled weight decay: each step multiplies parameters by 1 - lr * weight-decay");

    /** RMSProp smoothing constant. */
    public static final ConfigKey RMSPROP_ALPHA = ConfigKey.decimal("optimizer.rmsprop.alpha", 0.99, 0.0, false, 1.0,
            "RMSProp decay rate of the mean squared gradient");

    /** RMSProp epsilon. */
    public static final ConfigKey RMSPROP_EPS = ConfigKey.decimal("optimizer.rmsprop.eps", 1e-8, 0.0, false, 1.0,
            "RMSProp epsilon, added to the root of the mean squared gradient");

    /** RMSProp momentum. */
    public static final ConfigKey RMSPROP_MOMENTUM = ConfigKey.decimal("optimizer.rmsprop.momentum", 0.0, 0.0, false,
            1e6, "RMSProp momentum factor; 0 for none");

    /** Centered RMSProp. */
    public static final ConfigKey RMSPROP_CENTERED = ConfigKey.bool("optimizer.rmsprop.centered", false,
            "Centered RMSProp: normalize by the estimated variance instead of the mean square");

    /** AdaGrad learning-rate decay. */
    public static final ConfigKey ADAGRAD_LR_DECAY = ConfigKey.decimal("optimizer.adagrad.lr-decay", 0.0, 0.0, false,
            1e6, "AdaGrad learning-rate decay: step t uses lr / (1 + (t - 1) * lr-decay)");

    /** AdaGrad epsilon. */
    public static final ConfigKey ADAGRAD_EPS = ConfigKey.decimal("optimizer.adagrad.eps", 1e-10, 0.0, false, 1.0,
            "AdaGrad epsilon, added to the root of the sum of squared gradients");

    /** AdaGrad starting value of the accumulator. */
    public static final ConfigKey ADAGRAD_INITIAL_ACCUMULATOR = ConfigKey.decimal(
            "optimizer.adagrad.initial-accumulator", 0.0, 0.0, false, 1e6,
            "AdaGrad starting value of the sum of squared gradients");

    // Gradient clipping and non-finite values.

    /** Maximum global L2 norm of the gradients. */
    public static final ConfigKey CLIP_NORM = ConfigKey.decimal("clip.norm", 0.0, 0.0, false, 1e12,
            "Rescale all gradients together when their global L2 norm exceeds this value; 0 switches it off");

    /** Maximum absolute value of a gradient element. */
    public static final ConfigKey CLIP_VALUE = ConfigKey.decimal("clip.value", 0.0, 0.0, false, 1e12,
            "Clamp every gradient element to [-value, value] after norm clipping; 0 switches it off");

    /** Whether a non-finite loss or gradient norm is skipped instead of stopping training. */
    public static final ConfigKey ALLOW_NON_FINITE = ConfigKey.bool("training.allow-non-finite", false,
            "Skip an update whose loss or gradient norm is NaN or infinite (logged) instead of stopping training");

    /** Limit on the number of updates. */
    public static final ConfigKey MAX_STEPS = ConfigKey.longInteger("training.max-steps", 0L, 0L, Long.MAX_VALUE,
            "Stop after this many parameter updates in total, counted across resumes; 0 means no limit");

    // Learning-rate schedule.

    /** Schedule name. */
    public static final ConfigKey SCHEDULE = ConfigKey.choice("schedule.name", "constant",
            List.of("constant", "step", "exponential", "cosine", "plateau"),
            "Learning-rate schedule: constant, step, exponential, cosine or plateau (reduce on validation plateau)");

    /** Whether the schedule advances per epoch or per update. */
    public static final ConfigKey SCHEDULE_INTERVAL = ConfigKey.choice("schedule.interval", "epoch",
            List.of("epoch", "step"),
            "When the schedule and the warm-up advance: after every epoch or after every update (plateau: epochs only)");

    /** Step decay period. */
    public static final ConfigKey SCHEDULE_STEP_SIZE = ConfigKey.integer("schedule.step-size", 10, 1,
            Integer.MAX_VALUE, "step schedule: multiply the learning rate by schedule.gamma every this many intervals");

    /** Decay factor of the step and exponential schedules. */
    public static final ConfigKey SCHEDULE_GAMMA = ConfigKey.decimal("schedule.gamma", 0.1, 0.0, true, 1.0,
            "step and exponential schedules: multiplicative decay factor");

    /** Half-period of cosine annealing. */
    public static final ConfigKey SCHEDULE_T_MAX = ConfigKey.integer("schedule.t-max", 10, 1, Integer.MAX_VALUE,
            "cosine schedule: intervals from the base learning rate down to schedule.eta-min");

    /** Floor of cosine annealing. */
    public static final ConfigKey SCHEDULE_ETA_MIN = ConfigKey.decimal("schedule.eta-min", 0.0, 0.0, false, 1e6,
            "cosine schedule: minimum learning rate");

    /** Length of the linear warm-up. */
    public static final ConfigKey WARMUP = ConfigKey.integer("schedule.warmup", 0, 0, Integer.MAX_VALUE,
            "Linear warm-up length in intervals, multiplied onto the schedule; 0 switches it off");

    /** Starting factor of the linear warm-up. */
    public static final ConfigKey WARMUP_START_FACTOR = ConfigKey.decimal("schedule.warmup-start-factor",
            1.0 / 3.0, 0.0, true, 1.0, "Linear warm-up: factor on the learning rate in the first interval");

    /** Reduce-on-plateau factor. */
    public static final ConfigKey PLATEAU_FACTOR = ConfigKey.decimal("schedule.plateau.factor", 0.1, 0.0, true,
            0.999999999, "plateau schedule: factor applied to the learning rate on a plateau");

    /** Reduce-on-plateau patience. */
    public static final ConfigKey PLATEAU_PATIENCE = ConfigKey.integer("schedule.plateau.patience", 10, 0,
            Integer.MAX_VALUE, "plateau schedule: epochs without improvement tolerated before reducing");

    /** Reduce-on-plateau relative threshold. */
    public static final ConfigKey PLATEAU_THRESHOLD = ConfigKey.decimal("schedule.plateau.threshold", 1e-4, 0.0,
            false, 1.0, "plateau schedule: an epoch improves when loss < best * (1 - threshold)");

    /** Reduce-on-plateau cooldown. */
    public static final ConfigKey PLATEAU_COOLDOWN = ConfigKey.integer("schedule.plateau.cooldown", 0, 0,
            Integer.MAX_VALUE, "plateau schedule: epochs after a reduction during which bad epochs are not counted");

    /** Reduce-on-plateau learning-rate floor. */
    public static final ConfigKey PLATEAU_MIN_LR = ConfigKey.decimal("schedule.plateau.min-lr", 0.0, 0.0, false,
            1e6, "plateau schedule: the learning rate is never reduced below this value");

    // Truncated backpropagation through time.

    /** Forward segment length. */
    public static final ConfigKey BPTT_K1 = ConfigKey.integer("bptt.k1", 0, 0, Integer.MAX_VALUE,
            "Truncated BPTT: time steps per segment (one update each); 0 means full BPTT over the whole sequence");

    /** Backward length. */
    public static final ConfigKey BPTT_K2 = ConfigKey.integer("bptt.k2", 0, 0, Integer.MAX_VALUE,
            "Truncated BPTT: last steps of each segment that gradients flow through (<= bptt.k1); 0 means bptt.k1");

    // Early stopping.

    /** Early-stopping patience. */
    public static final ConfigKey EARLY_STOPPING_PATIENCE = ConfigKey.integer("early-stopping.patience", 0, 0,
            Integer.MAX_VALUE, "Stop after this many epochs without validation improvement; 0 switches it off");

    /** Early-stopping minimum improvement. */
    public static final ConfigKey EARLY_STOPPING_MIN_DELTA = ConfigKey.decimal("early-stopping.min-delta", 0.0, 0.0,
            false, 1e12, "Early stopping: an epoch improves when validation loss < best - min-delta");

    /** Whether early stopping restores the best weights. */
    public static final ConfigKey EARLY_STOPPING_RESTORE_BEST = ConfigKey.bool("early-stopping.restore-best", true,
            "Early stopping: restore the weights of the best validation epoch when training ends");

    // Checkpoints.

    /** Checkpoint directory. */
    public static final ConfigKey CHECKPOINT_DIR = ConfigKey.string("checkpoint.dir", null,
            "Directory of the checkpoint file checkpoint.safetensors; unset switches checkpoints off");

    /** Checkpoint interval in updates. */
    public static final ConfigKey CHECKPOINT_EVERY_STEPS = ConfigKey.longInteger("checkpoint.every-steps", 0L, 0L,
            Long.MAX_VALUE, "Write a checkpoint when this many updates have passed since the last one; 0 for never");

    /** Checkpoint interval in minutes. */
    public static final ConfigKey CHECKPOINT_EVERY_MINUTES = ConfigKey.decimal("checkpoint.every-minutes", 0.0, 0.0,
            false, 1e9, "Write a checkpoint when this many minutes have passed since the last one; 0 for never");

    // Metrics log.

    /** Metrics file. */
    public static final ConfigKey METRICS_FILE = ConfigKey.string("metrics.file", null,
            "File that step and epoch metrics are appended to; unset switches the log off");

    /** Metrics file format. */
    public static final ConfigKey METRICS_FORMAT = ConfigKey.choice("metrics.format", "jsonl", List.of("jsonl", "csv"),
            "Metrics file format: jsonl (one JSON object per line) or csv (with a header line)");

    /** Metrics step interval. */
    public static final ConfigKey METRICS_EVERY_STEPS = ConfigKey.integer("metrics.every-steps", 1, 0,
            Integer.MAX_VALUE, "Write every n-th update to the metrics file; 0 writes epoch lines only");

    /** All keys of this class, in documentation order. */
    public static List<ConfigKey> all() {
        return List.of(WEIGHT_DECAY, SGD_MOMENTUM, SGD_DAMPENING, SGD_NESTEROV, ADAM_BETA1, ADAM_BETA2, ADAM_EPS,
                ADAMW_WEIGHT_DECAY, RMSPROP_ALPHA, RMSPROP_EPS, RMSPROP_MOMENTUM, RMSPROP_CENTERED, ADAGRAD_LR_DECAY,
                ADAGRAD_EPS, ADAGRAD_INITIAL_ACCUMULATOR, CLIP_NORM, CLIP_VALUE, ALLOW_NON_FINITE, MAX_STEPS, SCHEDULE,
                SCHEDULE_INTERVAL, SCHEDULE_STEP_SIZE, SCHEDULE_GAMMA, SCHEDULE_T_MAX, SCHEDULE_ETA_MIN, WARMUP,
                WARMUP_START_FACTOR, PLATEAU_FACTOR, PLATEAU_PATIENCE, PLATEAU_THRESHOLD, PLATEAU_COOLDOWN,
                PLATEAU_MIN_LR, BPTT_K1, BPTT_K2, EARLY_STOPPING_PATIENCE, EARLY_STOPPING_MIN_DELTA,
                EARLY_STOPPING_RESTORE_BEST, CHECKPOINT_DIR, CHECKPOINT_EVERY_STEPS, CHECKPOINT_EVERY_MINUTES,
                METRICS_FILE, METRICS_FORMAT, METRICS_EVERY_STEPS);
    }
}
