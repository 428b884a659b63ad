package io.jlstm.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {

    @TempDir
    Path dir;

    @Test
    void multiByteCharactersDecode() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "Grüße, \uD83D\uDE00!\n", StandardCharsets.UTF_8);

        assertThat(TextCorpus.read(file)).isEqualTo("Grüße, \uD83D\uDE00!\n");
    }

    @Test
    void byteOrderMarkIsDropped() throws Exception {
        Path file = dir.resolve("bom.txt");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', 'b'});

        assertThat(TextCorpus.read(file)).isEqualTo("ab");
    }

    @Test
    void invalidByteNamesOffsetAndLine() throws Exception {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> TextCorpus.read(file))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("0xE9")
                .hasMessageContaining("byte offset 6")
                .hasMessageContaining("line 2");
    }

    @Test
    void truncatedSequenceAtEndIsInvalid() {
        byte[] bytes = {'a', (byte) 0xE2, (byte) 0x82};

        assertThatThrownBy(() -> TextCorpus.decode(bytes, "cut.txt"))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining("byte offset 1");
    }

    @Test
    void emptyFileIsRejected() throws Exception {
        Path file = dir.resolve("empty.txt");
        Files.write(file, new byte[0]);

        assertThatThrownBy(() -> TextCorpus.read(file))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is empty");
    }

    @Test
    void fileWithOnlyByteOrderMarkIsEmpty() {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        assertThatThrownBy(() -> TextCorpus.decode(bytes, "bom-only.txt"))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining("is empty")
                .hasMessageContaining("byte-order mark");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.txt");

        assertThatThrownBy(() -> TextCorpus.read(file))
                .isInstanceOf(CorpusException.class)
                .hasMessage("text file not found: " + file);
    }
}
