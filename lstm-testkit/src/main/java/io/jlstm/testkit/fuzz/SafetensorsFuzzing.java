package io.jlstm.testkit.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of valid safetensors files and mutators that know the format's layout: an 8-byte
 * little-endian header length, the JSON header, then the data section.
 */
public final class SafetensorsFuzzing {

    /** Syntax and vocabulary of a safetensors header, for insertions and substitutions. */
    public static final List<String> HEADER_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "null", "true",
            "-1", "1e3", "F64", "F32", "F16", "BF16", "I64", "dtype", "shape", "data_offsets", "__metadata__",
            "[0,0]", "[1099511627776,1099511627776]", "{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}",
            "\\u0000", "\\ud800", "[".repeat(2000), "lstm.weight_ih_l0", "../x", "input", "target");

    private static final List<String> NAMES = List.of("a", "b", "lstm.weight_ih_l0", "head.bias", "input", "target",
            "x.y.z", "\u00e9t\u00e9");

    private SafetensorsFuzzing() {
    }

    /**
     * Valid files of zero to four tensors, each F64 or F32 with rank 0 to 3 and dimensions 0 to 4,
     * with an optional {@code __metadata__} entry and random finite or special values.
     */
    public static Arbitrary<byte[]> validFiles() {
        return Arbitraries.longs().map(SafetensorsFuzzing::validFile);
    }

    /**
     * Valid data files: {@code input} {@code [T, B, I]} and {@code target} {@code [T, B, O]}, F64 or
     * F32, every dimension 1 to 4, every value finite.
     */
    public static Arbitrary<byte[]> validDataFiles() {
        return Arbitraries.longs().map(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            long steps = 1 + random.nextInt(4);
            long batch = 1 + random.nextInt(4);
            List<Entry> entries = new ArrayList<>();
            entries.add(new Entry("input", dtype(random), new long[] {steps, batch, 1 + random.nextInt(4)}));
            entries.add(new Entry("target", dtype(random), new long[] {steps, batch, 1 + random.nextInt(4)}));
            return encode(entries, random.nextBoolean(), false, random);
        });
    }

    /** Mutators of the header-length prefix and of the header's JSON text, plus the byte-level ones. */
    public static List<Mutations.Mutator> mutators() {
        List<Mutations.Mutator> all = new ArrayList<>(Mutations.binary());
        all.add(SafetensorsFuzzing::changeHeaderLength);
        List<Mutations.Mutator> textMutators = Mutations.text(HEADER_TOKENS);
        for (Mutations.Mutator m : textMutators) {
            all.add((input, random) -> mutateHeader(input, m, random));
        }
        return List.copyOf(all);
    }

    /**
     * Sets the header-length prefix to a value near a boundary (0, 1, 2, the file's length, the
     * largest values) or to the current length plus or minus a small amount.
     */
    public static byte[] changeHeaderLength(byte[] input, SplittableRandom random) {
        if (input.length < 8) {
            return input.clone();
        }
        ByteBuffer buffer = ByteBuffer.wrap(input.clone()).order(ByteOrder.LITTLE_ENDIAN);
        long current = buffer.getLong(0);
        long[] choices = {0, 1, 2, input.length - 8, input.length - 7, input.length, Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, Long.MAX_VALUE, -1, 100_000_001, current + 1, current - 1,
            current + random.nextInt(64), current - random.nextInt(64)};
        buffer.putLong(0, choices[random.nextInt(choices.length)]);
        return buffer.array();
    }

    /**
     * Applies {@code textMutator} to the JSON header only and rewrites the length prefix to match,
     * so that the mutation reaches the JSON and entry checks instead of the length check.
     */
    public static byte[] mutateHeader(byte[] input, Mutations.Mutator textMutator, SplittableRandom random) {
        if (input.length < 8) {
            return input.clone();
        }
        long length = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (length < 0 || length > input.length - 8) {
            return input.clone();
        }
        byte[] header = new byte[(int) length];
        System.arraycopy(input, 8, header, 0, header.length);
        byte[] mutated = textMutator.apply(header, random);
        byte[] data = new byte[input.length - 8 - header.length];
        System.arraycopy(input, 8 + header.length, data, 0, data.length);
        return ByteBuffer.allocate(8 + mutated.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(mutated.length).put(mutated).put(data).array();
    }

    private static byte[] validFile(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = random.nextInt(5);
        List<Entry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>(NAMES);
        for (int k = 0; k < count; k++) {
            long[] shape = new long[random.nextInt(4)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = random.nextInt(5);
            }
            entries.add(new Entry(names.remove(random.nextInt(names.size())), dtype(random), shape));
        }
        return encode(entries, random.nextBoolean(), true, random);
    }

    private static String dtype(SplittableRandom random) {
        return random.nextBoolean() ? "F64" : "F32";
    }

    private static byte[] encode(List<Entry> entries, boolean metadata, boolean specialValues,
            SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        if (metadata) {
            json.append("\"__metadata__\":{\"format\":\"pt\"}");
        }
        long offset = 0;
        for (Entry e : entries) {
            long bytes = e.count() * (e.dtype.equals("F64") ? 8 : 4);
            json.append(json.length() > 1 ? "," : "").append('"').append(e.name).append("\":{\"dtype\":\"")
                    .append(e.dtype).append("\",\"shape\":[");
            for (int d = 0; d < e.shape.length; d++) {
                json.append(d > 0 ? "," : "").append(e.shape[d]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;

        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(header);
        for (int k = header.length; k < padded; k++) {
            out.put((byte) ' ');
        }
        double[] specials = {0.0, -0.0, 1.0, -2.5, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE};
        for (Entry e : entries) {
            for (long k = 0; k < e.count(); k++) {
                double v = specialValues && random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)]
                        : random.nextGaussian();
                if (e.dtype.equals("F64")) {
                    out.putDouble(v);
                } else {
                    out.putFloat((float) v);
                }
            }
        }
        return out.array();
    }

    private record Entry(String name, String dtype, long[] shape) {
        long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }
}
