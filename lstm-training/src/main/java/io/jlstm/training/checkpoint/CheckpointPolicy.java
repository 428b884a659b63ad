package io.jlstm.training.checkpoint;

import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;
import java.nio.file.Path;

/**
 * When and where the trainer writes checkpoints: every {@code everySteps} updates and/or every
 * {@code everyMinutes} minutes, checked between minibatches, and once when training ends.
 *
 * @param directory directory of {@link CheckpointFile#FILE_NAME}, or {@code null} for no
 *     checkpoints
 * @param everySteps update interval, 0 for none
 * @param everyMinutes wall-clock interval in minutes, 0 for none
 */
public record CheckpointPolicy(Path directory, long everySteps, double everyMinutes) {

    /** Checks the intervals. */
    public CheckpointPolicy {
        if (everySteps < 0 || !(everyMinutes >= 0.0)) {
            throw new IllegalArgumentException("checkpoint intervals must be >= 0, but are " + everySteps
                    + " steps and " + everyMinutes + " minutes");
        }
    }

    /** A policy that writes nothing. */
    public static CheckpointPolicy none() {
        return new CheckpointPolicy(null, 0, 0.0);
    }

    /** The policy of the {@code checkpoint.*} keys. */
    public static CheckpointPolicy fromConfig(JlstmConfig config) {
        String dir = config.getString(TrainingKeys.CHECKPOINT_DIR);
        return new CheckpointPolicy(dir == null ? null : Path.of(dir),
                config.getLong(TrainingKeys.CHECKPOINT_EVERY_STEPS),
                config.getDouble(TrainingKeys.CHECKPOINT_EVERY_MINUTES));
    }

    /** Whether checkpoints are written at all. */
    public boolean enabled() {
        return directory != null;
    }

    /** The checkpoint file. */
    public Path file() {
        return directory.resolve(CheckpointFile.FILE_NAME);
    }

    /** Whether a checkpoint is due after {@code stepsSince} updates and {@code nanosSince} nanoseconds. */
    public boolean due(long stepsSince, long nanosSince) {
        if (!enabled()) {
            return false;
        }
        boolean bySteps = everySteps > 0 && stepsSince >= everySteps;
        boolean byTime = everyMinutes > 0 && nanosSince >= everyMinutes * 60e9;
        return bySteps || byTime;
    }
}
