package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.ModelFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static final Path FILE = Path.of("model.json");

    @Test
    void symbolsAreSortedAndDistinct() {
        Vocabulary v = Vocabulary.of("banana\n");

        assertThat(v.size()).isEqualTo(4);
        assertThat(v.decode(new int[] {0, 1, 2, 3})).isEqualTo("\nabn");
        assertThat(v.indexOf('n')).isEqualTo(3);
        assertThat(v.indexOf('z')).isEqualTo(-1);
    }

    @Test
    void supplementaryCharacterIsOneSymbol() {
        Vocabulary v = Vocabulary.of("a\uD83D\uDE00a");

        assertThat(v.size()).isEqualTo(2);
        assertThat(v.encode("\uD83D\uDE00a", "text")).containsExactly(1, 0);
    }

    @Test
    void jsonRoundTripKeepsEverySymbol() throws Exception {
        Vocabulary v = Vocabulary.of("To be,\tor not\r\n\"to\" be\\ \u00e9\uD83D\uDE00");

        String json = ModelDirectory.json().writeValueAsString(v.toJson());
        JsonNode parsed = ModelDirectory.json().readTree(json);
        Vocabulary back = Vocabulary.fromJson(parsed, FILE);

        assertThat(back).isEqualTo(v);
        assertThat(back.decode(back.encode("not \"to\" be", "text"))).isEqualTo("not \"to\" be");
    }

    @Test
    void encodeNamesUnknownCharacterAndPosition() {
        Vocabulary v = Vocabulary.of("abc ");

        assertThatThrownBy(() -> v.encode("ab cZa", "--prime"))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining("--prime")
                .hasMessageContaining("'Z' (U+005A)")
                .hasMessageContaining("position 5")
                .hasMessageContaining("vocabulary of 4 characters");
    }

    @Test
    void encodeAllowingUnknownMarksMinusOne() {
        Vocabulary v = Vocabulary.of("ab");

        assertThat(v.encodeAllowingUnknown("abc")).containsExactly(0, 1, -1);
    }

    @Test
    void missingSectionIsRejected() {
        assertThatThrownBy(() -> Vocabulary.fromJson(null, FILE))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("missing object \"vocabulary\"");
    }

    @Test
    void multiCharacterEntryIsRejected() throws Exception {
        JsonNode node = ModelDirectory.json().readTree("{\"symbols\": [\"a\", \"bc\"]}");

        assertThatThrownBy(() -> Vocabulary.fromJson(node, FILE))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("symbols[1]")
                .hasMessageContaining("exactly one character");
    }

    @Test
    void unsortedEntriesAreRejected() throws Exception {
        JsonNode node = ModelDirectory.json().readTree("{\"symbols\": [\"b\", \"a\"]}");

        assertThatThrownBy(() -> Vocabulary.fromJson(node, FILE))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("strictly ascending");
    }

    @Test
    void emptySymbolListIsRejected() throws Exception {
        JsonNode node = ModelDirectory.json().readTree("{\"symbols\": []}");

        assertThatThrownBy(() -> Vocabulary.fromJson(node, FILE))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("non-empty array");
    }
}
