package io.jlstm.examples.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a plain-text corpus strictly as UTF-8: an invalid byte sequence is an error naming its byte
 * offset and line, never a silent replacement character. A leading byte-order mark (U+FEFF) is
 * dropped. Line endings are kept as they are, so {@code \r\n} counts as two characters.
 */
public final class TextCorpus {

    /** UTF-8 encoding of the byte-order mark. */
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextCorpus() {
    }

    /**
     * Reads and decodes {@code file}.
     *
     * @throws CorpusException if the file is missing or unreadable, not valid UTF-8, or holds no
     *     text after the byte-order mark
     */
    public static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorpusException("text file not found: " + file, e);
        } catch (IOException e) {
            throw new CorpusException("cannot read text file " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toString());
    }

    /**
     * Decodes {@code bytes} as strict UTF-8 and drops a leading byte-order mark.
     *
     * @param source the file name for error messages
     * @throws CorpusException naming {@code source}, the byte offset (from 0), the line (from 1) and
     *     the bytes of the first invalid sequence, or saying that the text is empty
     */
    public static String decode(byte[] bytes, String source) {
        int start = hasBom(bytes) ? UTF8_BOM.length : 0;
        if (bytes.length - start == 0) {
            throw new CorpusException("text file " + source + " is empty" + (start > 0 ? " (it contains only a"
                    + " byte-order mark)" : "") + "; a corpus needs text to train on");
        }

        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw invalid(bytes, in.position(), result.length(), source);
        }
        // NOTE: UTF-8 never needs more UTF-16 units than bytes, so the buffer cannot overflow.
        out.flip();
        return out.toString();
    }

    private static boolean hasBom(byte[] bytes) {
        return bytes.length >= UTF8_BOM.length && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1]
                && bytes[2] == UTF8_BOM[2];
    }

    private static CorpusException invalid(byte[] bytes, int offset, int length, String source) {
        int line = 1;
        for (int k = 0; k < offset; k++) {
            if (bytes[k] == '\n') {
                line++;
            }
        }
        StringBuilder hex = new StringBuilder();
        for (int k = offset; k < Math.min(offset + length, bytes.length); k++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[k] & 0xFF));
        }
        return new CorpusException("text file " + source + " is not valid UTF-8: invalid byte sequence " + hex
                + " at byte offset " + offset + " (line " + line + "); convert the file to UTF-8, for example with"
                + " iconv -f <encoding> -t UTF-8");
    }
}
