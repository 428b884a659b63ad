package io.jlstm.training.crash;

import io.jlstm.training.Jlstm;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.Trainer;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.CheckpointFile;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run that a test kills at random moments: it writes a checkpoint after every update
 * and saves the model after every epoch, and resumes from the checkpoint when one exists.
 *
 * <p>Prints {@code ready <steps>} when training is about to start and {@code done <steps>} when
 * it has finished. Run as {@code java -cp <test class path> io.jlstm.training.crash.KillableTraining
 * <directory>}.
 */
public final class KillableTraining {

    /** Updates of a complete run: 150 epochs of 4 minibatches. */
    static final int TOTAL_STEPS = 600;

    private KillableTraining() {
    }

    /** Trains in {@code args[0]}, resuming from its checkpoint when there is one. */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        TrainingSummary summary = train(work, true);
        System.out.println("done " + summary.steps());
        System.out.flush();
    }

    /** Trains in {@code work}: {@code checkpoint/} and {@code model/}. */
    static TrainingSummary train(Path work, boolean announce) throws IOException {
        Path checkpointFile = work.resolve("checkpoint").resolve(CheckpointFile.FILE_NAME);
        Path modelDir = work.resolve("model");
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("model.hidden", "8")
                .set("optimizer.name", "adam")
                .set("optimizer.lr", "0.01")
                .set("training.epochs", "150")
                .set("training.batch-size", "4")
                .set("checkpoint.dir", checkpointFile.getParent().toString())
                .set("checkpoint.every-steps", "1")
                .build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        ModelSpec spec = ModelSpec.fromConfig(config);
        trainer.addListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent epoch, TrainingControl control) {
                try {
                    ModelDirectory.save(modelDir, spec, trainer.model(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        SequenceDataset data = SineWaves.nextValueTask(16, 12);

        Checkpoint resume = Files.exists(checkpointFile) ? CheckpointFile.read(checkpointFile) : null;
        if (announce) {
            System.out.println("ready " + (resume == null ? 0 : resume.steps()));
            System.out.flush();
        }
        return trainer.fit(data, null, resume);
    }
}
