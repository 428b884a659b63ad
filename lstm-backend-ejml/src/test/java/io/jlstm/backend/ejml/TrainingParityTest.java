package io.jlstm.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingSummary;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The same seed and configuration train to the same loss on the scalar and the EJML backend. */
class TrainingParityTest {

    private static final double RELATIVE_TOLERANCE = 1e-9;

    @Test
    void sameSeedGivesSameLossOnBothBackends() {
        SequenceDataset data = SineWaves.nextValueTask(24, 15);

        Run scalar = train("scalar", data);
        Run ejml = train("ejml", data);

        assertThat(ejml.backend).isEqualTo("ejml");
        assertThat(scalar.backend).isEqualTo("scalar");
        assertThat(ejml.summary.steps()).isEqualTo(scalar.summary.steps()).isEqualTo(15);
        for (int e = 0; e < scalar.summary.history().size(); e++) {
            EpochEvent expected = scalar.summary.history().get(e);
            EpochEvent actual = ejml.summary.history().get(e);
            assertThat(actual.trainingLoss()).as("training loss of epoch %d", e + 1)
                    .isCloseTo(expected.trainingLoss(), within(RELATIVE_TOLERANCE * expected.trainingLoss()));
        }
        assertThat(ejml.finalLoss).as("final loss")
                .isCloseTo(scalar.finalLoss, within(RELATIVE_TOLERANCE * scalar.finalLoss));
        assertThat(scalar.finalLoss).as("final loss after training").isLessThan(scalar.summary.history().get(0)
                .trainingLoss());
    }

    private record Run(String backend, TrainingSummary summary, double finalLoss) {
    }

    private static Run train(String backend, SequenceDataset data) {
        JlstmConfig config = JlstmConfig.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .set("backend", backend)
                .set("seed", "11")
                .set("model.hidden", "12")
                .set("model.layers", "2")
                .set("optimizer.lr", "0.3")
                .set("training.epochs", "5")
                .set("training.batch-size", "8")
                .build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        TrainingSummary summary = trainer.fit(data, null);
        return new Run(trainer.model().backend().name(), summary, trainer.evaluate(data));
    }
}
