package io.jlstm.examples.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.training.Plural;
import io.jlstm.training.io.JsonFields;
import io.jlstm.training.io.ModelFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The characters of a character-level model, as Unicode code points in ascending order. A
 * character's index is its class index and its one-hot input column. A code point above U+FFFF is
 * one symbol, not two UTF-16 units.
 *
 * <p>Stored in {@code model.json} as the section {@value #SECTION}:
 * {@code {"unit": "code point", "symbols": ["\n", " ", "!", ...]}}, one single-character string per
 * index.
 */
public final class Vocabulary {

    /** Name of the {@code model.json} section that contains the vocabulary. */
    public static final String SECTION = "vocabulary";

    private final int[] codePoints;

    private Vocabulary(int[] sortedDistinct) {
        this.codePoints = sortedDistinct;
    }

    /**
     * The distinct characters of {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} is empty
     */
    public static Vocabulary of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("cannot build a vocabulary from empty text");
        }
        return new Vocabulary(text.codePoints().sorted().distinct().toArray());
    }

    /** Number of symbols {@code V}: the model's input and output size. */
    public int size() {
        return codePoints.length;
    }

    /** Returns the index of {@code codePoint}, or -1 when it is not in the vocabulary. */
    public int indexOf(int codePoint) {
        int k = Arrays.binarySearch(codePoints, codePoint);
        return k >= 0 ? k : -1;
    }

    /** The code point at {@code index}. */
    public int codePoint(int index) {
        return codePoints[index];
    }

    /** The symbol at {@code index} as a string of one character. */
    public String symbol(int index) {
        return Character.toString(codePoints[index]);
    }

    /** Returns whether {@code codePoint} is in the vocabulary. */
    public boolean contains(int codePoint) {
        return indexOf(codePoint) >= 0;
    }

    /**
     * Encodes {@code text} into indices, with -1 for every character outside the vocabulary; one
     * entry per code point.
     */
    public int[] encodeAllowingUnknown(String text) {
        return text.codePoints().map(this::indexOf).toArray();
    }

    /**
     * Encodes {@code text} into indices, one per code point.
     *
     * @param what what the text is, for the error message, such as {@code --prime}
     * @throws CorpusException naming the first unknown character, its position (from 1, in
     *     characters) and the vocabulary size
     */
    public int[] encode(String text, String what) {
        int[] indices = encodeAllowingUnknown(text);
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0) {
                int cp = text.codePoints().skip(k).findFirst().orElseThrow();
                throw new CorpusException(what + " contains the character " + describe(cp) + " at position " + (k + 1)
                        + ", which is not in the model's vocabulary of " + Plural.count(size(), "character")
                        + "; remove or replace it");
            }
        }
        return indices;
    }

    /** Decodes {@code indices} back into text. */
    public String decode(int[] indices) {
        StringBuilder text = new StringBuilder(indices.length);
        for (int index : indices) {
            text.appendCodePoint(codePoints[index]);
        }
        return text.toString();
    }

    /** The section to store under {@value #SECTION} in {@code model.json}. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("unit", "code point");
        ArrayNode symbols = node.putArray("symbols");
        for (int cp : codePoints) {
            symbols.add(Character.toString(cp));
        }
        return node;
    }

    /**
     * Reads the section written by {@link #toJson()}.
     *
     * @param file the {@code model.json} file, for error messages
     * @throws ModelFileException if the section is missing, empty, contains an entry that is not one
     *     character, or is not in strictly ascending code point order
     */
    public static Vocabulary fromJson(JsonNode node, Path file) throws ModelFileException {
        if (node == null) {
            throw new ModelFileException(file + ": missing object \"" + SECTION + "\"; it is not a character model");
        }
        if (!node.isObject()) {
            throw new ModelFileException(file + ": field \"" + SECTION + "\" has the wrong type: expected an object,"
                    + " got " + JsonFields.typeName(node));
        }
        JsonNode symbols = node.get("symbols");
        if (symbols == null || !symbols.isArray() || symbols.isEmpty()) {
            throw new ModelFileException(file + ": \"" + SECTION + ".symbols\" must be a non-empty array of"
                    + " one-character strings");
        }
        int[] codePoints = new int[symbols.size()];
        for (int k = 0; k < codePoints.length; k++) {
            JsonNode entry = symbols.get(k);
            String text = entry.isTextual() ? entry.asText() : null;
            if (text == null || text.codePointCount(0, text.length()) != 1) {
                throw new ModelFileException(file + ": \"" + SECTION + ".symbols[" + k + "]\" must be a string of"
                        + " exactly one character, but is " + entry);
            }
            codePoints[k] = text.codePointAt(0);
            if (k > 0 && codePoints[k] <= codePoints[k - 1]) {
                throw new ModelFileException(file + ": \"" + SECTION + ".symbols\" must be in strictly ascending"
                        + " code point order, but entry " + k + " " + describe(codePoints[k]) + " follows "
                        + describe(codePoints[k - 1]));
            }
        }
        return new Vocabulary(codePoints);
    }

    /** A character for messages: quoted when printable, always with its U+ code. */
    static String describe(int codePoint) {
        String code = String.format("U+%04X", codePoint);
        boolean printable = !Character.isISOControl(codePoint) && !Character.isWhitespace(codePoint)
                && Character.isDefined(codePoint);
        return printable ? "'" + Character.toString(codePoint) + "' (" + code + ")" : code;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vocabulary v && Arrays.equals(codePoints, v.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "Vocabulary[" + size() + " characters]";
    }
}
