package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CharSamplerTest {

    private final Vocabulary vocabulary = Vocabulary.of("abcdefgh \n");
    private final SequenceModel model = SequenceModel.lstm(new ScalarBackend(), vocabulary.size(), 12,
            vocabulary.size(), 2, 5L);

    private CharSampler sampler() {
        return new CharSampler(model, vocabulary);
    }

    @Test
    void sameSeedGivesSameText() {
        String first = sampler().generate("abc", 80, 1.0, 17L);
        String second = sampler().generate("abc", 80, 1.0, 17L);

        assertThat(first).hasSize(80).isEqualTo(second);
    }

    @Test
    void otherSeedGivesOtherText() {
        assertThat(sampler().generate("abc", 80, 1.0, 1L)).isNotEqualTo(sampler().generate("abc", 80, 1.0, 2L));
    }

    @Test
    void generatedCharactersComeFromVocabulary() {
        String text = sampler().generate("", 200, 1.5, 9L);

        assertThat(text.codePoints().allMatch(vocabulary::contains)).isTrue();
    }

    @Test
    void tinyTemperatureDecodesGreedily() {
        CharSampler greedy = sampler();
        greedy.feed("ab", "prime");
        StringBuilder expected = new StringBuilder();
        for (int k = 0; k < 30; k++) {
            int best = argmax(greedy.probabilities(1.0));
            expected.append(vocabulary.symbol(best));
            greedy.feed(best);
        }

        assertThat(sampler().generate("ab", 30, 1e-6, 123L)).isEqualTo(expected.toString());
    }

    @Test
    void lowerTemperatureSharpensDistribution() {
        CharSampler s = sampler();
        s.feed("abc", "prime");

        double hot = max(s.probabilities(4.0));
        double neutral = max(s.probabilities(1.0));
        double cold = max(s.probabilities(0.25));
        double frozen = max(s.probabilities(0.001));

        assertThat(hot).isLessThan(neutral);
        assertThat(neutral).isLessThan(cold);
        assertThat(frozen).isGreaterThan(0.99);
        assertThat(Arrays.stream(s.probabilities(0.7)).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void stepwiseFeedingCarriesState() {
        CharSampler together = sampler();
        together.feed("bad cab", "prime");
        CharSampler stepwise = sampler();
        for (char c : "bad cab".toCharArray()) {
            stepwise.feed(String.valueOf(c), "prime");
        }
        CharSampler lastOnly = sampler();
        lastOnly.feed("b", "prime");

        double[] expected = together.probabilities(1.0);
        double[] actual = stepwise.probabilities(1.0);
        for (int k = 0; k < expected.length; k++) {
            assertThat(actual[k]).as("probability of %s", vocabulary.symbol(k)).isCloseTo(expected[k], within(1e-12));
        }
        assertThat(lastOnly.probabilities(1.0)).isNotEqualTo(expected);
    }

    @Test
    void unknownPrimeCharacterIsNamed() {
        assertThatThrownBy(() -> sampler().generate("ab Zc", 10, 1.0, 1L))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining("--prime")
                .hasMessageContaining("'Z' (U+005A)")
                .hasMessageContaining("position 4");
    }

    @Test
    void nonPositiveTemperatureIsRejected() {
        for (double t : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> sampler().generate("a", 5, t, 1L))
                    .as("temperature %s", t)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("temperature must be a finite number > 0");
        }
    }

    @Test
    void negativeLengthIsRejected() {
        assertThatThrownBy(() -> sampler().generate("a", -1, 1.0, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length must be >= 0");
    }

    @Test
    void probabilitiesNeedFedCharacter() {
        assertThatThrownBy(() -> sampler().probabilities(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feed at least one character");
    }

    @Test
    void modelOfOtherSizeIsRejected() {
        SequenceModel other = SequenceModel.lstm(new ScalarBackend(), 3, 4, 3, 1, 1L);

        assertThatThrownBy(() -> new CharSampler(other, vocabulary))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vocabulary size 10");
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double max(double[] p) {
        return p[argmax(p)];
    }
}
