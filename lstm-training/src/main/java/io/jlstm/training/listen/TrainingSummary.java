package io.jlstm.training.listen;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param epochs epochs completed
 * @param steps parameter updates made
 * @param history one event per completed epoch
 * @param stopReason why training stopped early, or {@code null} when all epochs ran
 * @param seconds wall-clock seconds of the whole run
 */
public record TrainingSummary(int epochs, long steps, List<EpochEvent> history, String stopReason, double seconds) {

    /** Training loss of the last epoch, or NaN if none completed. */
    public double finalTrainingLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainingLoss();
    }

    /** Validation loss of the last epoch, or NaN. */
    public double finalValidationLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).validationLoss();
    }
}
