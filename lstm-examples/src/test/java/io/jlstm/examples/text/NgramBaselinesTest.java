package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NgramBaselinesTest {

    @Test
    void smoothedCountsGiveHandComputedLosses() {
        // training "aab": counts a=2, b=1; pairs aa=1, ab=1; followers of a = 2, of b = 0
        int[] training = {0, 0, 1};
        // validation "ab" as one window of one step: predicts b after a
        CharWindows validation = new CharWindows(new int[] {0, 1}, 2, 1, 1);

        NgramBaselines b = NgramBaselines.score(training, 2, validation);

        assertThat(b.unigram()).isCloseTo(-Math.log((1 + 1.0) / (3 + 2)), within(1e-12));
        assertThat(b.bigram()).isCloseTo(-Math.log((1 + 1.0) / (2 + 2)), within(1e-12));
    }

    @Test
    void unseenPairGetsFiniteLoss() {
        int[] training = {0, 0, 0, 1};
        CharWindows validation = new CharWindows(new int[] {1, 1}, 2, 1, 1);

        NgramBaselines b = NgramBaselines.score(training, 2, validation);

        assertThat(b.bigram()).isCloseTo(-Math.log(1.0 / 2), within(1e-12));
    }
}
