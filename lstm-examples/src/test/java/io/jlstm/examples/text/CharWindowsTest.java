package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CharWindowsTest {

    /** Text "abcab" plus "ca" encoded with a = 0, b = 1, c = 2. */
    private static final int[] CODES = {0, 1, 2, 0, 1, 2, 0};

    @Test
    void windowHoldsOneHotInputsAndShiftedTargets() {
        CharWindows windows = new CharWindows(CODES, 3, 3, 3);
        double[] input = new double[3 * 3];
        double[] target = new double[3];

        windows.sample(1, input, target);

        assertThat(windows.start(1)).isEqualTo(3);
        assertThat(input).containsExactly(
                1, 0, 0,
                0, 1, 0,
                0, 0, 1);
        assertThat(target).containsExactly(1, 2, 0);
    }

    @Test
    void sampleClearsPreviousContents() {
        CharWindows windows = new CharWindows(CODES, 3, 2, 1);
        double[] input = new double[2 * 3];
        double[] target = new double[2];
        windows.sample(0, input, target);

        windows.sample(2, input, target);

        assertThat(input).containsExactly(
                0, 0, 1,
                1, 0, 0);
        assertThat(target).containsExactly(0, 1);
    }

    @Test
    void partialLastWindowIsLeftOut() {
        CharWindows windows = new CharWindows(CODES, 3, 4, 4);

        assertThat(windows.size()).isEqualTo(1);
        assertThat(windows.predictedCharacters()).isEqualTo(4);
    }

    @Test
    void strideOfOneCoversEveryStart() {
        CharWindows windows = new CharWindows(CODES, 3, 3, 1);

        assertThat(windows.size()).isEqualTo(4);
        assertThat(windows.start(3)).isEqualTo(3);
        assertThat(windows.inputSize()).isEqualTo(3);
        assertThat(windows.targetSize()).isEqualTo(1);
        assertThat(windows.steps()).isEqualTo(3);
    }

    @Test
    void windowsTouchingUnknownCharactersAreSkipped() {
        int[] codes = {0, 1, -1, 0, 1, 0, 1, 0, 1};
        CharWindows windows = new CharWindows(codes, 2, 2, 2);

        assertThat(windows.skipped()).isEqualTo(2);
        assertThat(windows.size()).isEqualTo(2);
        assertThat(windows.start(0)).isEqualTo(4);
        assertThat(windows.start(1)).isEqualTo(6);
    }

    @Test
    void textShorterThanWindowIsRejected() {
        assertThatThrownBy(() -> new CharWindows(new int[] {0, 1, 0}, 2, 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no complete window of 4");
    }

    @Test
    void indexOutsideVocabularyIsRejected() {
        assertThatThrownBy(() -> new CharWindows(new int[] {0, 1, 5, 0}, 2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character index 5 at position 2");
    }
}
