package io.jlstm.examples;

import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.listen.TrainingSummary;

/** The README's first Java example: train an LSTM with a dense head on a sine task, backend chosen by configuration. */
public final class QuickStart {

    private QuickStart() {
    }

    /** Trains and returns the summary; {@code main} prints it. */
    public static TrainingSummary run(String backend) {
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", backend)
                .set("model.hidden", "8")
                .set("optimizer.lr", "0.5")
                .set("training.epochs", "60")
                .build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        SequenceDataset data = SineWaves.nextValueTask(32, 20);
        return trainer.fit(data, null);
    }

    /** Runs the example on the backend named by the first argument, {@code scalar} by default. */
    public static void main(String[] args) {
        TrainingSummary summary = run(args.length > 0 ? args[0] : "scalar");
        System.out.printf("first epoch loss %.5f, last epoch loss %.5f%n", summary.history().get(0).trainingLoss(),
                summary.finalTrainingLoss());
    }
}
