package io.jlstm.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Feeds mutated data files to {@link TensorDataFile}: each input loads or fails with
 * {@link SafetensorsException}, within 5 s, allocating at most 64 bytes per input byte plus 1 MiB.
 */
class TensorDataFileFuzzProperties {

    private static final ReaderFuzzing FUZZING = new ReaderFuzzing(SafetensorsException.class, 5_000, 64, 1 << 20);

    @AfterContainer
    static void stopWorker() {
        FUZZING.close();
    }

    @Property(tries = 10_000)
    void mutatedDataFilesLoadOrFail(@ForAll("mutatedDataFiles") byte[] input) {
        ReaderFuzzing.Outcome outcome = FUZZING.check(input, TensorDataFileFuzzProperties::readDataFile);

        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            coverage.check(ReaderFuzzing.Outcome.LOADED).percentage(p -> p >= 1.0);
            coverage.check(ReaderFuzzing.Outcome.REJECTED).percentage(p -> p >= 50.0);
        });
    }

    @Property(tries = 200)
    void validDataFilesLoad(@ForAll("validDataFiles") byte[] input) {
        assertThat(FUZZING.check(input, TensorDataFileFuzzProperties::readDataFile))
                .isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Provide
    Arbitrary<byte[]> mutatedDataFiles() {
        return Mutations.mutated(SafetensorsFuzzing.validDataFiles(), SafetensorsFuzzing.mutators(), 3);
    }

    @Provide
    Arbitrary<byte[]> validDataFiles() {
        return SafetensorsFuzzing.validDataFiles();
    }

    private static TensorDataFile readDataFile(byte[] bytes) throws SafetensorsException {
        TensorDataFile file = TensorDataFile.of(Safetensors.read(bytes, "fuzz").tensors(), true, "fuzz");
        file.dataset();
        return file;
    }
}
