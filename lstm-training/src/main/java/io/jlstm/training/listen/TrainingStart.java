package io.jlstm.training.listen;

/** What a training run is about to do. */
public record TrainingStart(int epochs, int batchesPerEpoch, int trainingSamples, int validationSamples,
        long seed, String backend, long parameterCount) {
}
