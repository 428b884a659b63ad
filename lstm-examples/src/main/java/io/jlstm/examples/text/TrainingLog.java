package io.jlstm.examples.text;

import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs progress of a character model without a terminal: every {@code interval} seconds the step,
 * the mean training loss since the last line and the characters per second, and every epoch the
 * training and validation loss in nats per character beside the bigram baseline.
 */
final class TrainingLog implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLog.class);

    private final double intervalSeconds;
    private final int windowSteps;
    private final double bigram;
    private long lastLogNanos;
    private double lossSum;
    private long characters;
    private int updates;

    TrainingLog(double intervalSeconds, int windowSteps, double bigram) {
        this.intervalSeconds = intervalSeconds;
        this.windowSteps = windowSteps;
        this.bigram = bigram;
    }

    @Override
    public void onStart(TrainingStart start) {
        lastLogNanos = System.nanoTime();
    }

    @Override
    public void onStep(StepEvent step) {
        lossSum += step.loss();
        characters += (long) step.samples() * windowSteps;
        updates++;
        long now = System.nanoTime();
        double seconds = (now - lastLogNanos) / 1e9;
        if (seconds >= intervalSeconds) {
            LOG.info(String.format("epoch %d, step %d (%d/%d): training loss %.4f nats/char, %.0f chars/s",
                    step.epoch(), step.step(), step.batchInEpoch(), step.batchesPerEpoch(), lossSum / updates,
                    characters / seconds));
            lastLogNanos = now;
            lossSum = 0.0;
            characters = 0;
            updates = 0;
        }
    }

    @Override
    public void onEpoch(EpochEvent epoch, TrainingControl control) {
        LOG.info(String.format("epoch %d done in %.0f s: training loss %.4f, validation loss %.4f nats/char"
                + " (bigram baseline %.4f)", epoch.epoch(), epoch.seconds(), epoch.trainingLoss(),
                epoch.validationLoss(), bigram));
    }
}
