package io.jlstm.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ReaderFuzzingTest {

    private final ReaderFuzzing fuzzing = new ReaderFuzzing(IOException.class, 500, 16, 1 << 20);

    @AfterEach
    void stop() {
        fuzzing.close();
    }

    @Test
    void returnIsLoaded() {
        assertThat(fuzzing.check(new byte[4], bytes -> bytes.length)).isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Test
    void documentedExceptionIsRejected() {
        assertThat(fuzzing.check(new byte[4], bytes -> {
            throw new IOException("bad input");
        })).isEqualTo(ReaderFuzzing.Outcome.REJECTED);
    }

    @Test
    void otherExceptionFails() {
        assertThatThrownBy(() -> fuzzing.check(new byte[] {'a'}, bytes -> {
            throw new ArrayIndexOutOfBoundsException(7);
        })).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("ArrayIndexOutOfBoundsException instead of java.io.IOException")
                .hasMessageContaining("1 bytes: \"a\"");
    }

    @Test
    void documentedExceptionWithoutMessageFails() {
        assertThatThrownBy(() -> fuzzing.check(new byte[1], bytes -> {
            throw new IOException();
        })).isInstanceOf(AssertionFailedError.class).hasMessageContaining("without a message");
    }

    @Test
    void hangFailsAfterTimeout() {
        assertThatThrownBy(() -> fuzzing.check(new byte[1], bytes -> {
            Thread.sleep(60_000);
            return null;
        })).isInstanceOf(AssertionFailedError.class).hasMessageContaining("timed out after 500 ms");

        assertThat(fuzzing.check(new byte[1], bytes -> 1)).as("a new worker replaces the stuck one")
                .isEqualTo(ReaderFuzzing.Outcome.LOADED);
    }

    @Test
    void allocationAboveBoundFails() {
        assertThat(fuzzing.measuresAllocation()).isTrue();

        assertThatThrownBy(() -> fuzzing.check(new byte[10], bytes -> new long[1 << 20]))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("above the limit of 1048736");
    }
}
