package io.jlstm.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Feeds random and mutated bytes to {@link Safetensors#read(byte[], String)}: each input loads or
 * fails with {@link SafetensorsException}, within 5 s, allocating at most 64 bytes per input byte
 * plus 1 MiB.
 */
class SafetensorsFuzzProperties {

    private static final ReaderFuzzing FUZZING = new ReaderFuzzing(SafetensorsException.class, 5_000, 64, 1 << 20);

    @AfterContainer
    static void stopWorker() {
        FUZZING.close();
    }

    @Property(tries = 2_000)
    void randomBytesLoadOrFail(@ForAll("randomBytes") byte[] input) {
        ReaderFuzzing.Outcome outcome = FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz"));

        Statistics.collect(outcome);
    }

    @Property(tries = 10_000)
    void mutatedFilesLoadOrFail(@ForAll("mutatedFiles") byte[] input) {
        ReaderFuzzing.Outcome outcome = FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz"));

        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            coverage.check(ReaderFuzzing.Outcome.LOADED).percentage(p -> p >= 1.0);
            coverage.check(ReaderFuzzing.Outcome.REJECTED).percentage(p -> p >= 50.0);
        });
    }

    @Property(tries = 200)
    void validFilesLoad(@ForAll("validFiles") byte[] input) {
        assertThat(FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz")))
                .isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Example
    void hugeDeclaredShapeAllocatesLittle() {
        byte[] input = file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,8]}}");

        assertThat(FUZZING.measuresAllocation()).isTrue();
        assertThat(FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz")))
                .isEqualTo(ReaderFuzzing.Outcome.REJECTED);
    }

    @Example
    void hugeDeclaredOffsetsAllocateLittle() {
        byte[] input = file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1099511627776],"
                + "\"data_offsets\":[0,8796093022208]}}");

        assertThat(FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz")))
                .isEqualTo(ReaderFuzzing.Outcome.REJECTED);
    }

    @Example
    void hugeHeaderLengthAllocatesLittle() {
        for (long length : new long[] {Long.MAX_VALUE, -1L, Integer.MAX_VALUE, Safetensors.MAX_HEADER_BYTES}) {
            byte[] input = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();

            assertThat(FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz")))
                    .isEqualTo(ReaderFuzzing.Outcome.REJECTED);
        }
    }

    @Example
    void deeplyNestedHeaderIsRejected() {
        byte[] input = file("{\"w\":" + "[".repeat(100_000) + "}");

        assertThat(FUZZING.check(input, bytes -> Safetensors.read(bytes, "fuzz")))
                .isEqualTo(ReaderFuzzing.Outcome.REJECTED);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        Arbitrary<byte[]> withPlausibleLength = Mutations.randomBytes(256).map(SafetensorsFuzzProperties::prefixLength);
        return Arbitraries.oneOf(Mutations.randomBytes(256), withPlausibleLength);
    }

    @Provide
    Arbitrary<byte[]> mutatedFiles() {
        return Mutations.mutated(SafetensorsFuzzing.validFiles(), SafetensorsFuzzing.mutators(), 3);
    }

    @Provide
    Arbitrary<byte[]> validFiles() {
        return SafetensorsFuzzing.validFiles();
    }

    private static byte[] prefixLength(byte[] body) {
        return ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN).putLong(body.length).put(body)
                .array();
    }

    private static byte[] file(String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json)
                .array();
    }
}
