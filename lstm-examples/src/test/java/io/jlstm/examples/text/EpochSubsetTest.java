package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.listen.EpochEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochSubsetTest {

    /** Ten one-step windows over "0123456789a" with V = 11, so window n has target n + 1. */
    private final CharWindows base = new CharWindows(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 11, 1, 1);

    private static final EpochEvent EPOCH = new EpochEvent(1, 1.0, 1.0, 0.1, 1.0, 1.0);

    @Test
    void consecutiveEpochsCoverEveryWindowOnce() {
        EpochSubset subset = new EpochSubset(base, 5, 7L);
        List<Integer> seen = new ArrayList<>();

        for (int epoch = 0; epoch < 2; epoch++) {
            for (int k = 0; k < subset.size(); k++) {
                seen.add(subset.baseIndex(k));
            }
            subset.onEpoch(EPOCH, reason -> { });
        }

        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void sampleReadsMappedWindow() {
        EpochSubset subset = new EpochSubset(base, 3, 1L);
        double[] input = new double[11];
        double[] target = new double[1];

        subset.sample(2, input, target);

        assertThat(target[0]).isEqualTo(subset.baseIndex(2) + 1);
        assertThat(subset.steps()).isEqualTo(1);
        assertThat(subset.inputSize()).isEqualTo(11);
    }

    @Test
    void offsetWrapsAround() {
        EpochSubset subset = new EpochSubset(base, 4, 3L);
        int first = subset.baseIndex(0);

        for (int k = 0; k < 5; k++) {
            subset.onEpoch(EPOCH, reason -> { });
        }

        assertThat(subset.baseIndex(0)).isEqualTo(first);
        assertThat(subset.baseIndex(2)).isNotEqualTo(first);
    }

    @Test
    void sizeOutsideDatasetIsRejected() {
        assertThatThrownBy(() -> new EpochSubset(base, 11, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be in 1..10");
    }

    @Test
    void restoredStateServesTheSavedSlice() {
        EpochSubset first = new EpochSubset(base, 4, 3L);
        first.onEpoch(EPOCH, reason -> { });
        first.onEpoch(EPOCH, reason -> { });

        EpochSubset resumed = new EpochSubset(base, 4, 3L);
        resumed.restoreState(first.saveState());

        for (int k = 0; k < resumed.size(); k++) {
            assertThat(resumed.baseIndex(k)).as("sample %d", k).isEqualTo(first.baseIndex(k));
        }
        assertThat(resumed.baseIndex(0)).isNotEqualTo(new EpochSubset(base, 4, 3L).baseIndex(0));
    }

    @Test
    void stateOfAnotherSliceSizeIsRejected() {
        EpochSubset saved = new EpochSubset(base, 4, 3L);
        EpochSubset other = new EpochSubset(base, 5, 3L);

        assertThatThrownBy(() -> other.restoreState(saved.saveState()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slices have 4 of 10 samples, but this run's have 5 of 10");
    }
}
