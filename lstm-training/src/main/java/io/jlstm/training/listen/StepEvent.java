package io.jlstm.training.listen;

/**
 * One parameter update.
 *
 * @param epoch epoch number, from 1
 * @param step global update count, from 1
 * @param batchInEpoch minibatch number within the epoch, from 1
 * @param batchesPerEpoch minibatches per epoch
 * @param loss training loss of the update's minibatch or segment
 * @param gradientNorm global L2 norm of all parameter gradients before clipping, as
 *     {@code clip_grad_norm_} returns it
 * @param learningRate learning rate the update used
 * @param samples sequences in the minibatch
 * @param seconds wall-clock seconds the update took, forward and backward included
 */
public record StepEvent(int epoch, long step, int batchInEpoch, int batchesPerEpoch, double loss, double gradientNorm,
        double learningRate, int samples, double seconds) {

    /** Sequences per second of this update. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.NaN;
    }
}
