package io.jlstm.training.listen;

/**
 * One finished epoch.
 *
 * @param epoch epoch number, from 1
 * @param trainingLoss mean training loss over the epoch's minibatches, weighted by their sizes
 * @param validationLoss loss on the validation set, or NaN when there is none
 * @param learningRate learning rate at the end of the epoch
 * @param seconds wall-clock seconds of the epoch, validation included
 * @param samplesPerSecond training sequences per second over the epoch
 */
public record EpochEvent(int epoch, double trainingLoss, double validationLoss, double learningRate, double seconds,
        double samplesPerSecond) {
}
