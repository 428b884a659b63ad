package io.jlstm.training;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.training.bptt.BpttStrategy;
import io.jlstm.training.bptt.ParameterUpdate;
import io.jlstm.training.bptt.TruncatedBptt;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.CheckpointFile;
import io.jlstm.training.checkpoint.CheckpointPolicy;
import io.jlstm.training.checkpoint.ListenerState;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.SafetyKeys;
import io.jlstm.training.config.TrainingKeys;
import io.jlstm.training.data.Batch;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.CheckpointedListener;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingStart;
import io.jlstm.training.listen.TrainingSummary;
import io.jlstm.training.memory.MemoryEstimate;
import io.jlstm.training.optim.GradientClipping;
import io.jlstm.training.optim.Optimizer;
import io.jlstm.training.schedule.LearningRateSchedule;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs epochs of minibatch training: shuffles (seeded), collates batches, lets the BPTT strategy
 * compute gradients, clips them, applies the optimizer, advances the learning-rate schedule,
 * writes checkpoints and reports to listeners.
 *
 * <p>Every update checks that the loss and the gradient norm are finite. A non-finite value stops
 * training with a {@link TrainingDivergedException} before the update is applied, unless
 * {@code training.allow-non-finite} is set, in which case the update is skipped and logged.
 *
 * <p>The sample order of epoch {@code e} is a shuffle drawn from a generator seeded with
 * {@code seed} and {@code e}, so a run is reproducible from its seed and can continue from any
 * epoch. Not thread-safe: one trainer trains one model on one thread.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** Spacing between the shuffle seeds of consecutive epochs (the 64-bit golden ratio). */
    private static final long EPOCH_SEED_STRIDE = 0x9E3779B97F4A7C15L;

    private final SequenceModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final BpttStrategy strategy;
    private final LearningRateSchedule schedule;
    private final GradientClipping clipping;
    private final CheckpointPolicy checkpoints;
    private final JlstmConfig config;
    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final long maxSteps;
    private final boolean allowNonFinite;
    private final boolean memoryCheck;
    private final boolean resume;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /** Creates a trainer with the settings of {@code config}. */
    @Inject
    public Trainer(SequenceModel model, Loss loss, Optimizer optimizer, BpttStrategy strategy,
            LearningRateSchedule schedule, GradientClipping clipping, CheckpointPolicy checkpoints, JlstmConfig config,
            Set<TrainingListener> listeners) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.strategy = strategy;
        this.schedule = schedule;
        this.clipping = clipping;
        this.checkpoints = checkpoints;
        this.config = config;
        this.epochs = config.getInt(CoreKeys.EPOCHS);
        this.batchSize = config.getInt(CoreKeys.BATCH_SIZE);
        this.shuffle = config.getBoolean(CoreKeys.SHUFFLE);
        this.seed = config.getLong(CoreKeys.SEED);
        this.maxSteps = config.getLong(TrainingKeys.MAX_STEPS);
        this.allowNonFinite = config.getBoolean(TrainingKeys.ALLOW_NON_FINITE);
        this.memoryCheck = config.getBoolean(SafetyKeys.MEMORY_CHECK);
        this.resume = config.getBoolean(SafetyKeys.RESUME);
        this.listeners.addAll(listeners);
    }

    /** Adds a listener that receives the events of later {@link #fit} calls. */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The model being trained. */
    public SequenceModel model() {
        return model;
    }

    /** The optimizer in use. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss in use. */
    public Loss loss() {
        return loss;
    }

    /** The learning-rate schedule in use. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Trains from the model's current weights, or from the checkpoint in {@code checkpoint.dir} when
     * {@code checkpoint.resume} is set; see {@link #fit(SequenceDataset, SequenceDataset, Checkpoint)}.
     *
     * @throws ConfigException if {@code checkpoint.resume} is set but {@code checkpoint.dir} is not,
     *     the checkpoint file does not exist or is not a valid checkpoint
     * @throws UncheckedIOException if the checkpoint file cannot be read, with a
     *     {@link io.jlstm.training.io.SafetensorsException} as the cause when it is malformed
     */
    public TrainingSummary fit(SequenceDataset training, SequenceDataset validation) {
        return fit(training, validation, resume ? checkpointToResume() : null);
    }

    /**
     * Trains for the configured number of epochs, until {@code training.max-steps} updates have
     * been made in total, or until a listener requests a stop.
     *
     * <p>With {@code resumeFrom}, the parameters, optimizer state, schedule state and data
     * position are taken from the checkpoint and training continues where it was written; the
     * result is the same, bit for bit, as a run that was never interrupted. A
     * {@link CheckpointedListener}, such as early stopping, gets its saved state back after
     * {@code onStart}; other listeners start afresh.
     *
     * @param validation data for the per-epoch validation loss, or {@code null}
     * @param resumeFrom checkpoint to continue from, or {@code null} for a new run
     * @throws IllegalArgumentException if the data's sizes do not fit the model, the schedule
     *     needs validation data that is missing, or the checkpoint does not fit this run
     * @throws io.jlstm.training.memory.InsufficientHeapException if {@code training.memory-check}
     *     is on and the estimated memory of the run exceeds the maximum heap, before any update
     * @throws TrainingDivergedException if a loss or gradient norm is not finite and
     *     {@code training.allow-non-finite} is false. Whenever training fails after the listeners'
     *     {@code onStart}, they get {@code onFinish} first, with the exception's message as the
     *     stop reason.
     */
    public TrainingSummary fit(SequenceDataset training, SequenceDataset validation, Checkpoint resumeFrom) {
        checkFits(training, "training");
        if (validation != null) {
            checkFits(validation, "validation");
        }
        if (schedule.needsValidationLoss() && validation == null) {
            throw new IllegalArgumentException("learning-rate schedule " + schedule.name() + " needs validation data;"
                    + " pass validation data to fit() or choose another schedule.name");
        }
        checkMemory(training, validation);
        checkpointedListeners();
        int batches = (training.size() + batchSize - 1) / batchSize;
        Position position = resumeFrom == null ? startFresh() : resume(resumeFrom, training.size(), batches);

        TrainingStart start = new TrainingStart(epochs, batches, training.size(),
                validation == null ? 0 : validation.size(), seed, model.backend().name(),
                model.parameters().elementCount());
        LOG.info("training started: {} of {} (batch size {}), {} and {}, {}, backend {}, optimizer {} (lr {}),"
                + " schedule {}, BPTT {}, clip norm {}, seed {}", Plural.count(epochs, "epoch"),
                Plural.count(batches, "minibatch", "minibatches"), batchSize,
                Plural.count(training.size(), "training sequence"),
                Plural.count(start.validationSamples(), "validation sequence"),
                Plural.count(start.parameterCount(), "parameter"), start.backend(), optimizer.name(),
                optimizer.learningRate(), schedule.name(), strategy.name(), clipping.maxNorm(), seed);
        if (strategy instanceof TruncatedBptt t && t.k1() >= training.steps()) {
            LOG.warn("bptt.k1 = {} covers all {} of a sequence, so every minibatch is a single segment{}", t.k1(),
                    Plural.count(training.steps(), "step"), t.k2() >= training.steps()
                            ? " and equals a full-BPTT update"
                            : " backpropagated through its last " + Plural.count(t.k2(), "step"));
        }
        if (resumeFrom != null) {
            LOG.info("resumed from a checkpoint after {}, at epoch {}, minibatch {}",
                    Plural.count(position.steps, "update"), position.epoch, position.batch + 1);
        }
        listeners.forEach(l -> l.onStart(start));
        if (resumeFrom != null) {
            try {
                // NOTE: when this fails, the model and optimizer already hold the checkpoint's values.
                restoreListeners(resumeFrom.listeners());
            } catch (RuntimeException e) {
                finishAfterFailure(new TrainingSummary(0, position.steps, List.of(), e.getMessage(), 0.0), e);
                throw e;
            }
        }

        Run run = new Run(training, validation, batches, position);
        model.train();
        try {
            run.loop();
        } catch (RuntimeException e) {
            if (e instanceof TrainingDivergedException) {
                LOG.error("{}", e.getMessage());
            }
            TrainingSummary partial = new TrainingSummary(run.history.size(), position.steps,
                    List.copyOf(run.history), e.getMessage(), (System.nanoTime() - run.startNanos) / 1e9);
            finishAfterFailure(partial, e);
            throw e;
        }

        TrainingSummary summary = new TrainingSummary(run.history.size(), position.steps, List.copyOf(run.history),
                run.stop.reason, (System.nanoTime() - run.startNanos) / 1e9);
        if (checkpoints.enabled()) {
            if (position.order == null) {
                position.order = epochOrder(position.epoch, training.size());
            }
            saveCheckpoint(position);
        }
        LOG.info("training finished after {} and {} in {} s: training loss {}, {}{}",
                Plural.count(summary.epochs(), "epoch"), Plural.count(summary.steps(), "step"),
                String.format("%.2f", summary.seconds()), summary.finalTrainingLoss(),
                validation == null ? "no validation data" : "validation loss " + summary.finalValidationLoss(),
                run.stop.reason == null ? "" : " (stopped: " + run.stop.reason + ")");
        if (run.skipped > 0) {
            LOG.warn("{} skipped because {} loss or gradient norm was not finite",
                    Plural.count(run.skipped, "update was", "updates were"), run.skipped == 1 ? "its" : "their");
        }
        listeners.forEach(l -> l.onFinish(summary));
        return summary;
    }

    /**
     * Returns the mean loss over {@code data} in minibatches of the configured size, without updates
     * and with dropout off.
     */
    public double evaluate(SequenceDataset data) {
        checkFits(data, "evaluation");
        int[] order = identity(data.size());
        double sum = 0.0;
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (int from = 0; from < data.size(); from += batchSize) {
                int count = Math.min(batchSize, data.size() - from);
                Batch batch = Batch.collate(model.backend(), data, order, from, count);
                SequenceModel.Pass pass = model.forward(batch.input(), count, batch.lengths(), null);
                sum += pass.lossValue(loss, batch.targets()) * count;
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return sum / data.size();
    }

    /** Global L2 norm over all gradients, as {@code torch.nn.utils.clip_grad_norm_} measures it. */
    public static double gradientNorm(ParameterSet parameters) {
        return GradientClipping.globalNorm(parameters);
    }

    /**
     * The sample order of epoch {@code epoch} (from 1) for {@code size} samples: a Fisher-Yates
     * shuffle drawn from {@code SplittableRandom(seed + epoch * 0x9E3779B97F4A7C15)}, or the
     * identity when shuffling is off.
     */
    public int[] epochOrder(int epoch, int size) {
        int[] order = identity(size);
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed + epoch * EPOCH_SEED_STRIDE);
            for (int k = order.length - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int tmp = order[k];
                order[k] = order[j];
                order[j] = tmp;
            }
        }
        return order;
    }

    /** Position of a run: the next minibatch and the number of updates made so far. */
    private static final class Position {
        int epoch;
        int batch;
        int[] order;
        double epochLossSum;
        long steps;
    }

    private Checkpoint checkpointToResume() {
        if (!checkpoints.enabled()) {
            throw new ConfigException("checkpoint.resume = true needs checkpoint.dir, the directory of the checkpoint"
                    + " to continue from");
        }
        Path file = checkpoints.file();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no checkpoint to resume from: " + file + " does not exist; start a new run"
                    + " without --resume (checkpoint.resume = false)");
        }
        try {
            return CheckpointFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cannot resume: " + e.getMessage() + "; delete the file to start a new run", e);
        }
    }

    private Position startFresh() {
        model.parameters().zeroGradients();
        schedule.start(optimizer);
        Position p = new Position();
        p.epoch = 1;
        return p;
    }

    private Position resume(Checkpoint c, int samples, int batches) {
        if (c.seed() != seed) {
            throw new ConfigException("the checkpoint was written with seed " + c.seed() + ", but this run"
                    + " has seed " + seed + "; set seed = " + c.seed() + " to resume it");
        }
        int[] order = c.order();
        if (order.length != samples || !isPermutation(order)) {
            throw new ConfigException("the checkpoint's sample order covers " + order.length + " samples, but"
                    + " the training data has " + samples + "; resume with the data the checkpoint was trained on");
        }
        if (c.epoch() < 1 || c.batch() < 0 || c.batch() > batches) {
            throw new ConfigException("the checkpoint's position (epoch " + c.epoch() + ", minibatch "
                    + c.batch() + ") does not fit " + batches + " minibatches per epoch; resume with the batch size the"
                    + " checkpoint was trained with (training.batch-size = " + c.config().get("training.batch-size")
                    + ")");
        }
        try {
            c.optimizer().requireFits(model.parameters());
            c.restoreParameters(model.parameters());
            optimizer.loadState(c.optimizer());
            schedule.loadState(c.schedule());
        } catch (IllegalArgumentException e) {
            // A checkpoint of another model, optimizer or schedule is bad input, not a bug.
            throw new ConfigException("cannot resume from the checkpoint: " + e.getMessage(), e);
        }
        model.parameters().zeroGradients();

        Position p = new Position();
        p.epoch = c.epoch();
        p.batch = c.batch();
        p.order = order;
        p.epochLossSum = c.epochLossSum();
        p.steps = c.steps();
        return p;
    }

    private void saveCheckpoint(Position p) {
        Map<String, String> values = new LinkedHashMap<>();
        config.asMap().forEach((k, v) -> values.put(k, String.valueOf(v)));
        Map<String, ListenerState> listenerStates = new LinkedHashMap<>();
        for (CheckpointedListener listener : checkpointedListeners()) {
            listenerStates.put(listener.stateName(), listener.saveState());
        }
        Checkpoint checkpoint = new Checkpoint(seed, p.steps, p.epoch, p.batch, p.order, p.epochLossSum,
                Checkpoint.capture(model.parameters()), optimizer.state(), schedule.state(), values, listenerStates);
        try {
            CheckpointFile.write(checkpoint, checkpoints.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + checkpoints.file() + ": " + e.getMessage(), e);
        }
        LOG.info("wrote checkpoint {} after {} (epoch {}, next minibatch {})", checkpoints.file(),
                Plural.count(p.steps, "update"), p.epoch, p.batch + 1);
    }

    /**
     * Returns the listeners whose state checkpoints keep.
     *
     * @throws IllegalStateException if two of them have the same state name, or a name contains {@code /}
     */
    private List<CheckpointedListener> checkpointedListeners() {
        List<CheckpointedListener> found = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (TrainingListener listener : listeners) {
            if (listener instanceof CheckpointedListener c) {
                String name = c.stateName();
                if (name.isEmpty() || name.contains("/")) {
                    throw new IllegalStateException("listener " + listener.getClass().getName() + " has the state"
                            + " name '" + name + "'; a state name must be non-empty and contain no '/'");
                }
                if (!names.add(name)) {
                    throw new IllegalStateException("two listeners have the state name '" + name + "'; a"
                            + " checkpoint keeps one state per name, so give each CheckpointedListener its own");
                }
                found.add(c);
            }
        }
        return found;
    }

    /**
     * Gives every listener {@code onFinish} after {@code failure} ended a run that they started, so
     * that a metrics log closes its file. An exception from a listener is added to {@code failure}
     * as suppressed.
     */
    private void finishAfterFailure(TrainingSummary partial, RuntimeException failure) {
        for (TrainingListener listener : listeners) {
            try {
                listener.onFinish(partial);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Gives each checkpointed listener its saved state, after {@code onStart} of a resumed run. */
    private void restoreListeners(Map<String, ListenerState> states) {
        Set<String> restored = new HashSet<>();
        for (CheckpointedListener listener : checkpointedListeners()) {
            ListenerState state = states.get(listener.stateName());
            if (state == null) {
                LOG.info("the checkpoint has no state of listener '{}', so it starts afresh", listener.stateName());
                continue;
            }
            try {
                listener.restoreState(state);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("cannot resume the state of listener '" + listener.stateName() + "' from"
                        + " the checkpoint: " + e.getMessage() + "; delete the checkpoint to start a new run", e);
            }
            restored.add(listener.stateName());
            LOG.info("restored the state of listener '{}' from the checkpoint", listener.stateName());
        }
        for (String name : states.keySet()) {
            if (!restored.contains(name)) {
                LOG.warn("the checkpoint holds the state of listener '{}', which this run does not have; it is"
                        + " ignored", name);
            }
        }
    }

    /** The state of one {@link #fit} call. */
    private final class Run {
        final SequenceDataset training;
        final SequenceDataset validation;
        final int batches;
        final Position position;
        final List<EpochEvent> history = new ArrayList<>();
        final Stop stop = new Stop();
        final long startNanos = System.nanoTime();
        long checkpointSteps;
        long checkpointNanos = startNanos;
        long skipped;

        Run(SequenceDataset training, SequenceDataset validation, int batches, Position position) {
            this.training = training;
            this.validation = validation;
            this.batches = batches;
            this.position = position;
            this.checkpointSteps = position.steps;
        }

        void loop() {
            boolean continuing = position.order != null;
            for (int epoch = position.epoch; epoch <= epochs && stop.reason == null; epoch++) {
                if (!continuing) {
                    position.epoch = epoch;
                    position.batch = 0;
                    position.order = epochOrder(epoch, training.size());
                    position.epochLossSum = 0.0;
                }
                continuing = false;

                long epochStart = System.nanoTime();
                if (!trainBatches(epoch)) {
                    return;
                }
                endEpoch(epoch, epochStart);
            }
        }

        /** Trains the remaining minibatches of {@code epoch}; false when the step limit stopped it. */
        private boolean trainBatches(int epoch) {
            for (int b = position.batch; b < batches; b++) {
                if (maxSteps > 0 && position.steps >= maxSteps) {
                    stop.requestStop("reached training.max-steps = " + maxSteps);
                    return false;
                }
                int from = b * batchSize;
                int count = Math.min(batchSize, training.size() - from);
                Batch batch = Batch.collate(model.backend(), training, position.order, from, count);

                double batchLoss = strategy.train(model, batch, loss, update(epoch, b + 1, count));

                position.epochLossSum += batchLoss * count;
                position.batch = b + 1;
                if (b + 1 < batches && checkpoints.due(position.steps - checkpointSteps,
                        System.nanoTime() - checkpointNanos)) {
                    checkpoint();
                }
            }
            return true;
        }

        private void endEpoch(int epoch, long epochStart) {
            double validationLoss = validation == null ? Double.NaN : evaluate(validation);
            if (schedule.interval() == LearningRateSchedule.Interval.EPOCH) {
                schedule.step(optimizer, validationLoss);
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            EpochEvent event = new EpochEvent(epoch, position.epochLossSum / training.size(), validationLoss,
                    optimizer.learningRate(), seconds, training.size() / seconds);
            history.add(event);
            LOG.debug("epoch {}: training loss {}, validation loss {}, next lr {}", epoch, event.trainingLoss(),
                    validationLoss, event.learningRate());
            listeners.forEach(l -> l.onEpoch(event, stop));

            position.epoch = epoch + 1;
            position.batch = 0;
            position.order = null;
            position.epochLossSum = 0.0;
            if (checkpoints.due(position.steps - checkpointSteps, System.nanoTime() - checkpointNanos)) {
                position.order = epochOrder(epoch + 1, training.size());
                checkpoint();
                position.order = null;
            }
        }

        private void checkpoint() {
            saveCheckpoint(position);
            checkpointSteps = position.steps;
            checkpointNanos = System.nanoTime();
        }

        private ParameterUpdate update(int epoch, int batchNumber, int samples) {
            long[] segmentStart = {System.nanoTime()};
            return value -> {
                ParameterSet parameters = model.parameters();
                double norm = clipping.apply(parameters);
                long number = position.steps + 1;
                if (!Double.isFinite(value) || !Double.isFinite(norm)) {
                    rejectNonFinite(number, epoch, batchNumber, value, norm);
                    parameters.zeroGradients();
                    return;
                }

                double lr = optimizer.learningRate();
                optimizer.step(parameters);
                parameters.zeroGradients();
                position.steps = number;
                if (schedule.interval() == LearningRateSchedule.Interval.STEP) {
                    schedule.step(optimizer, Double.NaN);
                }

                long now = System.nanoTime();
                StepEvent event = new StepEvent(epoch, number, batchNumber, batches, value, norm, lr, samples,
                        (now - segmentStart[0]) / 1e9);
                segmentStart[0] = now;
                listeners.forEach(l -> l.onStep(event));
            };
        }

        private void rejectNonFinite(long number, int epoch, int batchNumber, double value, double norm) {
            String where = "update " + number + " (epoch " + epoch + ", minibatch " + batchNumber + " of " + batches
                    + "): loss " + value + ", gradient norm " + norm;
            if (!allowNonFinite) {
                throw new TrainingDivergedException(number, "training stopped before " + where + "; the parameters"
                        + " keep the values of update " + (number - 1) + (checkpoints.enabled() ? " and the last"
                        + " checkpoint " + checkpoints.file() + " stays valid" : "") + ". Lower optimizer.lr, set"
                        + " clip.norm, or set training.allow-non-finite = true to skip such updates");
            }
            skipped++;
            LOG.warn("skipped {} because training.allow-non-finite is set", where);
        }
    }

    /** Estimates the run's heap and fails before the first update when it exceeds {@code -Xmx}. */
    private void checkMemory(SequenceDataset training, SequenceDataset validation) {
        if (!memoryCheck) {
            return;
        }
        int steps = training.steps();
        int segmentSteps = strategy instanceof TruncatedBptt t ? Math.min(t.k1(), steps) : steps;
        long dataValues = datasetValues(training) + (validation == null ? 0 : datasetValues(validation));
        MemoryEstimate estimate = MemoryEstimate.forTraining(model, optimizer.name(),
                Math.min(batchSize, training.size()), steps, segmentSteps, dataValues);
        long maxHeap = Runtime.getRuntime().maxMemory();
        LOG.info("estimated heap for training: {} of {} maximum ({})", MemoryEstimate.format(estimate.totalBytes()),
                MemoryEstimate.format(maxHeap), estimate.breakdown());
        estimate.requireFits(maxHeap);
    }

    private static long datasetValues(SequenceDataset data) {
        return (long) data.size() * data.steps() * (data.inputSize() + data.targetSize());
    }

    private void checkFits(SequenceDataset data, String what) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(what + " data is empty");
        }
        if (data.inputSize() != model.inputSize()) {
            throw new IllegalArgumentException(what + " data has " + data.inputSize()
                    + " input features per step, but the model expects " + model.inputSize());
        }
        int expectedTargets = loss.name().equals("cross-entropy") ? 1 : model.outputSize();
        if (data.targetSize() != expectedTargets) {
            throw new IllegalArgumentException(what + " data has " + data.targetSize() + " target values per step, but"
                    + " the model with loss " + loss.name() + " expects " + expectedTargets);
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        return order;
    }

    private static boolean isPermutation(int[] order) {
        boolean[] seen = new boolean[order.length];
        for (int k : order) {
            if (k < 0 || k >= order.length || seen[k]) {
                return false;
            }
            seen[k] = true;
        }
        return true;
    }

    private static final class Stop implements TrainingControl {
        String reason;

        @Override
        public void requestStop(String why) {
            if (reason == null) {
                reason = why;
                LOG.info("training stop requested: {}", why);
            }
        }
    }
}
