package io.jlstm.training.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    private final SequenceModel model = SequenceModel.lstm(new ScalarBackend(), 1, 2, 1, 1, 3L);
    private final List<String> stops = new ArrayList<>();
    private final TrainingControl control = stops::add;

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.01, false);
        stopping.onStart(start());

        epoch(stopping, 1, 1.0);
        epoch(stopping, 2, 0.995);
        assertThat(stops).isEmpty();
        epoch(stopping, 3, 0.992);

        assertThat(stops).hasSize(1);
        assertThat(stops.get(0)).contains("best 1.0 at epoch 1");
        assertThat(stopping.bestEpoch()).isEqualTo(1);
    }

    @Test
    void improvementResetsTheCount() {
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.0, false);
        stopping.onStart(start());

        epoch(stopping, 1, 1.0);
        epoch(stopping, 2, 1.1);
        epoch(stopping, 3, 0.9);
        epoch(stopping, 4, 0.95);

        assertThat(stops).isEmpty();
        assertThat(stopping.bestLoss()).isEqualTo(0.9);
    }

    @Test
    void restoresTheBestWeightsAtTheEnd() {
        EarlyStopping stopping = new EarlyStopping(model, 1, 0.0, true);
        stopping.onStart(start());
        double[] best = model.parameters().get("head.weight").value().toArray();

        epoch(stopping, 1, 0.5);
        model.parameters().get("head.weight").value().copyFrom(new double[] {9.0, 9.0});
        epoch(stopping, 2, 0.7);
        stopping.onFinish(new TrainingSummary(2, 10, List.of(), stops.get(0), 1.0));

        assertThat(model.parameters().get("head.weight").value().toArray()).containsExactly(best);
    }

    @Test
    void keepsTheLastWeightsWhenTheyAreTheBest() {
        EarlyStopping stopping = new EarlyStopping(model, 3, 0.0, true);
        stopping.onStart(start());

        epoch(stopping, 1, 0.5);
        model.parameters().get("head.weight").value().copyFrom(new double[] {9.0, 9.0});
        epoch(stopping, 2, 0.4);
        stopping.onFinish(new TrainingSummary(2, 10, List.of(), null, 1.0));

        assertThat(model.parameters().get("head.weight").value().toArray()).containsExactly(9.0, 9.0);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new EarlyStopping(model, 0, 0.0, true)).hasMessageContaining("patience");
        assertThatThrownBy(() -> new EarlyStopping(model, 1, -1.0, true)).hasMessageContaining("delta");
    }

    private void epoch(EarlyStopping stopping, int epoch, double validationLoss) {
        stopping.onEpoch(new EpochEvent(epoch, 1.0, validationLoss, 0.01, 1.0, 10.0), control);
    }

    private static TrainingStart start() {
        return new TrainingStart(5, 2, 10, 4, 1L, "scalar", 20);
    }
}
