package io.jlstm.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.testkit.fuzz.Mutations;
import io.jlstm.testkit.fuzz.ReaderFuzzing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Feeds random and mutated CSV files to {@link CsvSeriesReader}: each input loads or fails with
 * {@link DataException}, within 5 s, allocating at most 64 bytes per input byte plus 1 MiB.
 */
class CsvSeriesReaderFuzzProperties {

    private static final List<String> CSV_TOKENS = List.of(",", "\"", "\"\"", "\n", "\r\n", " ", "NaN", "-inf",
            "Infinity", "1e309", "-99.99", "0x1p3", "1_000", "Date", "Count", "Quality", "\uFEFF", ",,,,",
            "\"a,b\"", "-", ".", "1e", "\t");
    private static final Path DIRECTORY = createDirectory();
    private static final Path INPUT = DIRECTORY.resolve("series.csv");
    private static final CsvSeriesReader READER = new CsvSeriesReader("Count", "-99.99", "Quality");
    private static final ReaderFuzzing FUZZING = new ReaderFuzzing(DataException.class, 5_000, 64, 1 << 20);

    @AfterContainer
    static void cleanUp() throws IOException {
        FUZZING.close();
        Files.deleteIfExists(INPUT);
        Files.delete(DIRECTORY);
    }

    @Property(tries = 2_000)
    void randomBytesLoadOrFail(@ForAll("randomBytes") byte[] input) {
        Statistics.collect(FUZZING.check(input, CsvSeriesReaderFuzzProperties::read));
    }

    @Property(tries = 10_000)
    void mutatedFilesLoadOrFail(@ForAll("mutatedFiles") byte[] input) {
        ReaderFuzzing.Outcome outcome = FUZZING.check(input, CsvSeriesReaderFuzzProperties::read);

        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            coverage.check(ReaderFuzzing.Outcome.LOADED).percentage(p -> p >= 5.0);
            coverage.check(ReaderFuzzing.Outcome.REJECTED).percentage(p -> p >= 20.0);
        });
    }

    @Property(tries = 200)
    void validFilesLoad(@ForAll("validFiles") byte[] input) {
        assertThat(FUZZING.check(input, CsvSeriesReaderFuzzProperties::read)).isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Mutations.randomBytes(512);
    }

    @Provide
    Arbitrary<byte[]> mutatedFiles() {
        return Mutations.mutated(validFiles(), Mutations.text(CSV_TOKENS), 3);
    }

    @Provide
    Arbitrary<byte[]> validFiles() {
        return Arbitraries.longs().map(CsvSeriesReaderFuzzProperties::validFile);
    }

    /** A file with the columns Date, Count and Quality, 1 to 40 rows, some quoted, some missing. */
    private static byte[] validFile(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("Date,Count,Quality\n");
        int rows = 1 + random.nextInt(40);
        for (int k = 0; k < rows; k++) {
            String value = switch (random.nextInt(8)) {
                case 0 -> "";
                case 1 -> "-99.99";
                case 2 -> "\"" + random.nextInt(1000) + ".5\"";
                default -> Double.toString(random.nextGaussian() * 100);
            };
            csv.append("2000-").append(k + 1).append(',').append(value).append(',').append(random.nextInt(2))
                    .append(random.nextBoolean() ? "\n" : "\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static CsvSeries read(byte[] input) throws IOException {
        // Deleting first, instead of truncating, keeps ext4 from flushing the file on every write.
        Files.deleteIfExists(INPUT);
        Files.write(INPUT, input);
        return READER.read(INPUT);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("csv-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
