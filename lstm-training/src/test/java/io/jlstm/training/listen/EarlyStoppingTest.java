package io.jlstm.training.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.ListenerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void restoredStateContinuesTheCount() {
        EarlyStopping first = new EarlyStopping(model, 2, 0.0, true);
        first.onStart(start());
        double[] best = model.parameters().get("head.weight").value().toArray();
        epoch(first, 1, 0.5);
        model.parameters().get("head.weight").value().copyFrom(new double[] {9.0, 9.0});
        epoch(first, 2, 0.7);
        ListenerState saved = first.saveState();

        EarlyStopping resumed = new EarlyStopping(model, 2, 0.0, true);
        resumed.onStart(start());
        resumed.restoreState(saved);
        epoch(resumed, 3, 0.6);
        resumed.onFinish(new TrainingSummary(3, 15, List.of(), stops.get(0), 1.0));

        assertThat(stops).containsExactly("early stopping: validation loss did not improve by more than 0.0 for"
                + " 2 epochs (best 0.5 at epoch 1)");
        assertThat(resumed.bestEpoch()).isEqualTo(1);
        assertThat(model.parameters().get("head.weight").value().toArray()).containsExactly(best);
    }

    @Test
    void inconsistentStateIsRejected() {
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.0, false);
        Map<String, String> values = Map.of("best", "0.5", "best_epoch", "4", "epochs_without_improvement", "1",
                "last_epoch", "3");

        assertThatThrownBy(() -> stopping.restoreState(new ListenerState(values, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("best 0.5 at epoch 4").hasMessageContaining("last epoch 3");
    }

    @Test
    void negativeInfiniteBestLossIsRejected() {
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.0, false);
        Map<String, String> values = Map.of("best", "-Infinity", "best_epoch", "1", "epochs_without_improvement", "0",
                "last_epoch", "1");

        // No loss improves on -Infinity, so such a run would never record a better epoch.
        assertThatThrownBy(() -> stopping.restoreState(new ListenerState(values, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("best -Infinity at epoch 1");
    }

    @Test
    void countThatMissesTheEpochsIsRejected() {
        // A count near Integer.MAX_VALUE would overflow at the next epoch and never reach the patience.
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.0, false);
        Map<String, String> values = Map.of("best", "0.5", "best_epoch", "1", "epochs_without_improvement",
                "2147483647", "last_epoch", "2");

        assertThatThrownBy(() -> stopping.restoreState(new ListenerState(values, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2147483647 epochs without improvement")
                .hasMessageContaining("the count at most the last epoch minus the best epoch");
    }

    @Test
    void bestWeightsWithNaNAreRejected() {
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.0, true);
        Map<String, String> values = Map.of("best", "0.5", "best_epoch", "1", "epochs_without_improvement", "0",
                "last_epoch", "1");
        Map<String, Checkpoint.Matrix> weights = new java.util.LinkedHashMap<>(Checkpoint.capture(model.parameters()));
        weights.put("head.weight", new Checkpoint.Matrix(1, 2, new double[] {0.5, Double.NaN}));

        assertThatThrownBy(() -> stopping.restoreState(new ListenerState(values, weights)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("best weights of 'head.weight' contain NaN at index 1");
    }

    @Test
    void bestWeightsOfAnotherModelAreRejected() {
        EarlyStopping stopping = new EarlyStopping(model, 2, 0.0, true);
        Map<String, String> values = Map.of("best", "0.5", "best_epoch", "1", "epochs_without_improvement", "0",
                "last_epoch", "1");
        Map<String, Checkpoint.Matrix> weights = Map.of("head.weight", new Checkpoint.Matrix(1, 1, new double[] {1}));

        assertThatThrownBy(() -> stopping.restoreState(new ListenerState(values, weights)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no values for parameter");
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
