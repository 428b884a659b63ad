package io.jlstm.training;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.training.bptt.BpttStrategy;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.Batch;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingStart;
import io.jlstm.training.listen.TrainingSummary;
import io.jlstm.training.optim.Optimizer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs epochs of minibatch training: shuffles (seeded), collates batches, lets the BPTT strategy
 * compute gradients, applies the optimizer and reports to listeners.
 *
 * <p>Not thread-safe: one trainer trains one model on one thread.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final SequenceModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final BpttStrategy strategy;
    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /** Creates a trainer with the epochs, batch size, shuffling and seed of {@code config}. */
    @Inject
    public Trainer(SequenceModel model, Loss loss, Optimizer optimizer, BpttStrategy strategy, JlstmConfig config,
            Set<TrainingListener> listeners) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.strategy = strategy;
        this.epochs = config.getInt(CoreKeys.EPOCHS);
        this.batchSize = config.getInt(CoreKeys.BATCH_SIZE);
        this.shuffle = config.getBoolean(CoreKeys.SHUFFLE);
        this.seed = config.getLong(CoreKeys.SEED);
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

    /**
     * Trains for the configured number of epochs, or until a listener requests a stop.
     *
     * @param validation data for the per-epoch validation loss, or {@code null}
     * @throws IllegalArgumentException if the data's sizes do not fit the model
     */
    public TrainingSummary fit(SequenceDataset training, SequenceDataset validation) {
        checkFits(training, "training");
        if (validation != null) {
            checkFits(validation, "validation");
        }
        int batches = (training.size() + batchSize - 1) / batchSize;
        TrainingStart start = new TrainingStart(epochs, batches, training.size(),
                validation == null ? 0 : validation.size(), seed, model.backend().name(),
                model.parameters().elementCount());
        LOG.info("training started: {} epochs of {} minibatches (batch size {}), {} training and {} validation"
                + " sequences, {} parameters, backend {}, optimizer {} (lr {}), BPTT {}, seed {}", epochs, batches,
                batchSize, training.size(), start.validationSamples(), start.parameterCount(), start.backend(),
                optimizer.name(), optimizer.learningRate(), strategy.name(), seed);
        listeners.forEach(l -> l.onStart(start));

        SplittableRandom random = new SplittableRandom(seed);
        int[] order = identity(training.size());
        List<EpochEvent> history = new ArrayList<>();
        Stop stop = new Stop();
        long[] step = {0};
        long runStart = System.nanoTime();
        model.parameters().zeroGradients();

        for (int epoch = 1; epoch <= epochs && stop.reason == null; epoch++) {
            if (shuffle) {
                shuffle(order, random);
            }
            long epochStart = System.nanoTime();
            double lossSum = 0.0;
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int count = Math.min(batchSize, training.size() - from);
                Batch batch = Batch.collate(model.backend(), training, order, from, count);
                int currentEpoch = epoch;
                int batchNumber = b + 1;
                long[] segmentStart = {System.nanoTime()};
                double batchLoss = strategy.train(model, batch, loss, value -> {
                    double norm = gradientNorm(model.parameters());
                    double lr = optimizer.learningRate();
                    optimizer.step(model.parameters());
                    model.parameters().zeroGradients();
                    step[0]++;
                    long now = System.nanoTime();
                    StepEvent event = new StepEvent(currentEpoch, step[0], batchNumber, batches, value, norm, lr,
                            count, (now - segmentStart[0]) / 1e9);
                    segmentStart[0] = now;
                    listeners.forEach(l -> l.onStep(event));
                });
                lossSum += batchLoss * count;
            }
            double validationLoss = validation == null ? Double.NaN : evaluate(validation);
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            EpochEvent event = new EpochEvent(epoch, lossSum / training.size(), validationLoss,
                    optimizer.learningRate(), seconds, training.size() / seconds);
            history.add(event);
            LOG.debug("epoch {}: training loss {}, validation loss {}", epoch, event.trainingLoss(), validationLoss);
            listeners.forEach(l -> l.onEpoch(event, stop));
        }

        TrainingSummary summary = new TrainingSummary(history.size(), step[0], List.copyOf(history), stop.reason,
                (System.nanoTime() - runStart) / 1e9);
        LOG.info("training finished after {} epochs and {} steps in {} s: training loss {}, validation loss {}{}",
                summary.epochs(), summary.steps(), String.format("%.2f", summary.seconds()),
                summary.finalTrainingLoss(), summary.finalValidationLoss(),
                stop.reason == null ? "" : " (stopped: " + stop.reason + ")");
        listeners.forEach(l -> l.onFinish(summary));
        return summary;
    }

    /** Returns the mean loss over {@code data} in minibatches of the configured size, without updates. */
    public double evaluate(SequenceDataset data) {
        checkFits(data, "evaluation");
        int[] order = identity(data.size());
        double sum = 0.0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int count = Math.min(batchSize, data.size() - from);
            Batch batch = Batch.collate(model.backend(), data, order, from, count);
            SequenceModel.Pass pass = model.forward(batch.input(), count, null);
            sum += loss.value(pass.predictions(), batch.targets()) * count;
        }
        return sum / data.size();
    }

    /** Global L2 norm over all gradients, as {@code torch.nn.utils.clip_grad_norm_} measures it. */
    public static double gradientNorm(ParameterSet parameters) {
        double sum = 0.0;
        for (Parameter p : parameters) {
            sum += p.gradient().backend().sumOfSquares(p.gradient());
        }
        return Math.sqrt(sum);
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

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int tmp = order[k];
            order[k] = order[j];
            order[j] = tmp;
        }
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
