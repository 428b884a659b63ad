package io.jlstm.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte- and text-level mutations of valid inputs, for fuzzing readers. Each mutator is a pure
 * function of the input and a seeded random source, so a failing case is reproduced from the
 * jqwik seed.
 */
public final class Mutations {

    /** One mutation: returns a new array and leaves {@code input} unchanged. */
    @FunctionalInterface
    public interface Mutator {
        /** Returns a mutated copy of {@code input}. */
        byte[] apply(byte[] input, SplittableRandom random);
    }

    /** Numbers that stress integer parsing, ranges and size arithmetic. */
    public static final List<String> EXTREME_NUMBERS = List.of("0", "-0", "-1", "1", "2", "7", "65536", "2147483647",
            "2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "18446744073709551615", "1000000000000", "1e400", "-1e400", "1.5", "NaN", "Infinity", "-Infinity",
            "1e-400", "0x10", "1" + "0".repeat(40));

    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.eE+-]*");
    private static final Pattern STRING = Pattern.compile("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"");

    /** Flips one bit. */
    public static final Mutator FLIP_BIT = (input, random) -> {
        if (input.length == 0) {
            return input.clone();
        }
        byte[] out = input.clone();
        int k = random.nextInt(out.length);
        out[k] ^= (byte) (1 << random.nextInt(8));
        return out;
    };

    /** Replaces one byte by a random value. */
    public static final Mutator OVERWRITE_BYTE = (input, random) -> {
        if (input.length == 0) {
            return input.clone();
        }
        byte[] out = input.clone();
        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        return out;
    };

    /** Cuts the input at a random length, possibly zero. */
    public static final Mutator TRUNCATE = (input, random) -> Arrays.copyOf(input, random.nextInt(input.length + 1));

    /** Inserts one to sixteen random bytes at a random position. */
    public static final Mutator INSERT_BYTES = (input, random) -> {
        byte[] inserted = new byte[1 + random.nextInt(16)];
        for (int k = 0; k < inserted.length; k++) {
            inserted[k] = (byte) random.nextInt(256);
        }
        return splice(input, random.nextInt(input.length + 1), 0, inserted);
    };

    /** Deletes a random range of up to sixteen bytes. */
    public static final Mutator DELETE_RANGE = (input, random) -> {
        if (input.length == 0) {
            return input.clone();
        }
        int from = random.nextInt(input.length);
        int length = 1 + random.nextInt(Math.min(16, input.length - from));
        return splice(input, from, length, new byte[0]);
    };

    /** Copies a random range of up to 64 bytes to a random position. */
    public static final Mutator DUPLICATE_RANGE = (input, random) -> {
        if (input.length == 0) {
            return input.clone();
        }
        int from = random.nextInt(input.length);
        int length = 1 + random.nextInt(Math.min(64, input.length - from));
        byte[] copy = Arrays.copyOfRange(input, from, from + length);
        return splice(input, random.nextInt(input.length + 1), 0, copy);
    };

    /** Replaces one number in the text by one of {@link #EXTREME_NUMBERS}. */
    public static final Mutator REPLACE_NUMBER = (input, random) ->
            replaceMatch(input, NUMBER, random, EXTREME_NUMBERS.get(random.nextInt(EXTREME_NUMBERS.size())));

    /** Inserts a byte-order mark or an invalid UTF-8 sequence at a random position. */
    public static final Mutator INSERT_ENCODING_ERROR = (input, random) -> {
        byte[][] choices = {
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {0}};
        return splice(input, random.nextInt(input.length + 1), 0, choices[random.nextInt(choices.length)]);
    };

    /** Deletes, duplicates or swaps whole lines, as a damaged CSV file would show. */
    public static final Mutator EDIT_LINES = (input, random) -> {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", -1)));
        int k = random.nextInt(lines.size());
        switch (random.nextInt(4)) {
            case 0 -> lines.remove(k);
            case 1 -> lines.add(k, lines.get(k));
            case 2 -> {
                int other = random.nextInt(lines.size());
                String swap = lines.get(k);
                lines.set(k, lines.get(other));
                lines.set(other, swap);
            }
            default -> lines.set(k, "");
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    };

    private Mutations() {
    }

    /** The byte-level mutators: bit flips, overwrites, truncations, insertions, deletions, copies. */
    public static List<Mutator> binary() {
        return List.of(FLIP_BIT, OVERWRITE_BYTE, TRUNCATE, INSERT_BYTES, DELETE_RANGE, DUPLICATE_RANGE);
    }

    /**
     * Text-level mutators for structured text such as JSON or CSV: extreme numbers, replaced string
     * literals, inserted {@code tokens}, line edits and encoding errors, plus the byte-level ones.
     *
     * @param tokens fragments of the format's syntax or vocabulary to insert or substitute
     */
    public static List<Mutator> text(List<String> tokens) {
        List<Mutator> all = new ArrayList<>(binary());
        all.add(REPLACE_NUMBER);
        all.add(INSERT_ENCODING_ERROR);
        all.add(EDIT_LINES);
        all.add((input, random) -> splice(input, random.nextInt(input.length + 1), 0,
                tokens.get(random.nextInt(tokens.size())).getBytes(StandardCharsets.UTF_8)));
        all.add((input, random) -> replaceMatch(input, STRING, random,
                "\"" + tokens.get(random.nextInt(tokens.size())) + "\""));
        return List.copyOf(all);
    }

    /**
     * Applies one to {@code maxMutations} mutators, each drawn from {@code mutators}, to inputs
     * drawn from {@code seeds}.
     */
    public static Arbitrary<byte[]> mutated(Arbitrary<byte[]> seeds, List<Mutator> mutators, int maxMutations) {
        return Combinators.combine(seeds, Arbitraries.longs(), Arbitraries.integers().between(1, maxMutations))
                .as((seed, randomSeed, count) -> {
                    SplittableRandom random = new SplittableRandom(randomSeed);
                    byte[] out = seed;
                    for (int k = 0; k < count; k++) {
                        out = mutators.get(random.nextInt(mutators.size())).apply(out, random);
                    }
                    return out;
                });
    }

    /** Random byte arrays of up to {@code maxLength} bytes. */
    public static Arbitrary<byte[]> randomBytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
    }

    /** Replaces {@code length} bytes at {@code from} by {@code replacement}. */
    public static byte[] splice(byte[] input, int from, int length, byte[] replacement) {
        byte[] out = new byte[input.length - length + replacement.length];
        System.arraycopy(input, 0, out, 0, from);
        System.arraycopy(replacement, 0, out, from, replacement.length);
        System.arraycopy(input, from + length, out, from + replacement.length, input.length - from - length);
        return out;
    }

    private static byte[] replaceMatch(byte[] input, Pattern pattern, SplittableRandom random, String replacement) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        Matcher m = pattern.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return input.clone();
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return splice(input, span[0], span[1] - span[0], replacement.getBytes(StandardCharsets.UTF_8));
    }
}
