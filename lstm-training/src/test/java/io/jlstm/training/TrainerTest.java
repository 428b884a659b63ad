package io.jlstm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.checkpoint.ListenerState;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.listen.CheckpointedListener;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void sineTaskLossFallsBelowATenth() {
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("model.hidden", "8")
                .set("optimizer.lr", "0.5")
                .set("training.epochs", "60")
                .set("training.batch-size", "16")
                .build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        SequenceDataset data = SineWaves.nextValueTask(32, 20);
        List<Double> losses = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                losses.add(step.loss());
            }
        });

        TrainingSummary summary = trainer.fit(data, null);

        assertThat(summary.steps()).isEqualTo(120);
        assertThat(losses).hasSize(120);
        double first = losses.get(0);
        double last = trainer.evaluate(data);
        assertThat(last).as("final loss %s vs first-step loss %s", last, first).isLessThan(first / 10);
    }

    @Test
    void sameSeedGivesIdenticalLosses() {
        double[] a = trainTwoEpochs(5L);
        double[] b = trainTwoEpochs(5L);
        double[] c = trainTwoEpochs(6L);

        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void duplicateListenerStateNamesAreRejected() {
        Trainer trainer = Jlstm.injector(JlstmConfig.builder().set("backend", "scalar").build())
                .getInstance(Trainer.class);
        trainer.addListener(new NamedState("counter")).addListener(new NamedState("counter"));

        assertThatThrownBy(() -> trainer.fit(SineWaves.nextValueTask(4, 5), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two listeners have the state name 'counter'");
    }

    /** A checkpointed listener with no state of its own. */
    private record NamedState(String stateName) implements CheckpointedListener {
        @Override
        public ListenerState saveState() {
            return new ListenerState(Map.of(), Map.of());
        }

        @Override
        public void restoreState(ListenerState state) {
        }
    }

    private static double[] trainTwoEpochs(long seed) {
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("seed", Long.toString(seed))
                .set("model.hidden", "4")
                .set("training.epochs", "2")
                .set("training.batch-size", "5")
                .build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        TrainingSummary summary = trainer.fit(SineWaves.nextValueTask(12, 6), null);
        return summary.history().stream().mapToDouble(e -> e.trainingLoss()).toArray();
    }
}
