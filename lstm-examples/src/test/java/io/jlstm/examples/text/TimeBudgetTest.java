package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingStart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {

    private static final TrainingStart START = new TrainingStart(10, 5, 50, 5, 1L, "scalar", 100L);

    @Test
    void stopsWhenNextEpochWouldOverrun() {
        TimeBudget budget = new TimeBudget(1.0);
        List<String> reasons = new ArrayList<>();
        budget.onStart(START);

        budget.onEpoch(new EpochEvent(1, 2.0, 2.1, 0.1, 61.0, 1.0), reasons::add);

        assertThat(reasons).singleElement().asString().contains("time budget of 1.0 min");
    }

    @Test
    void keepsGoingWhenNextEpochFits() {
        TimeBudget budget = new TimeBudget(1.0);
        List<String> reasons = new ArrayList<>();
        budget.onStart(START);

        budget.onEpoch(new EpochEvent(1, 2.0, 2.1, 0.1, 5.0, 1.0), reasons::add);

        assertThat(reasons).isEmpty();
    }

    @Test
    void nonPositiveBudgetIsRejected() {
        assertThatThrownBy(() -> new TimeBudget(0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive number of minutes");
    }
}
