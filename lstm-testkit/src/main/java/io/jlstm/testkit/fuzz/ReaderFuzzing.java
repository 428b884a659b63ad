package io.jlstm.testkit.fuzz;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a reader on one fuzzed input and checks its contract: it either returns or throws the
 * documented exception type, never another exception or error, within a time limit, and without
 * allocating more heap than a fixed multiple of the input's size.
 *
 * <p>The allocation bound is what makes a header value harmless: a reader that trusted a declared
 * shape or length would allocate in proportion to that value, not to the bytes it was given. Heap
 * allocation is measured per thread with {@code com.sun.management.ThreadMXBean}; on a JVM without
 * that measurement the bound is not checked. The reader runs twice on each input and the second
 * run is measured, so that class loading on a first call does not count against the input.
 *
 * <p>Each input runs on a worker thread so that a hang fails the check after {@code timeout}
 * instead of blocking the build. A timed-out worker is interrupted and replaced.
 */
public final class ReaderFuzzing implements AutoCloseable {

    /** Outcome of one fuzzed input. */
    public enum Outcome {
        /** The reader returned normally. */
        LOADED,
        /** The reader threw the documented exception type. */
        REJECTED
    }

    /** A reader under test: parses {@code input} or throws. */
    @FunctionalInterface
    public interface Reader {
        /** Parses {@code input}; the result is discarded. */
        Object read(byte[] input) throws Exception;
    }

    private final List<Class<? extends Throwable>> documented;
    private final long timeoutMillis;
    private final long bytesPerInputByte;
    private final long fixedBytes;
    private final com.sun.management.ThreadMXBean threads;
    private ExecutorService worker = newWorker();

    /**
     * Creates a checker.
     *
     * @param documented the exception type the reader documents for bad input
     * @param timeoutMillis time limit per input
     * @param bytesPerInputByte allowed heap allocation per input byte
     * @param fixedBytes allowed heap allocation on top of that, independent of the input
     */
    public ReaderFuzzing(Class<? extends Throwable> documented, long timeoutMillis, long bytesPerInputByte,
            long fixedBytes) {
        this(List.of(documented), timeoutMillis, bytesPerInputByte, fixedBytes);
    }

    /**
     * Creates a checker for a reader that documents several exception types, such as an
     * {@code IOException} for malformed bytes and an {@code IllegalArgumentException} for
     * well-formed bytes with invalid content.
     */
    public ReaderFuzzing(List<Class<? extends Throwable>> documented, long timeoutMillis, long bytesPerInputByte,
            long fixedBytes) {
        this.documented = List.copyOf(documented);
        this.timeoutMillis = timeoutMillis;
        this.bytesPerInputByte = bytesPerInputByte;
        this.fixedBytes = fixedBytes;
        this.threads = allocationCounter();
    }

    /** Whether this JVM measures per-thread allocation, so that {@link #check} enforces the bound. */
    public boolean measuresAllocation() {
        return threads != null;
    }

    /**
     * Runs {@code reader} on {@code input} and checks the contract.
     *
     * @throws AssertionFailedError if the reader throws another type, times out or allocates more
     *     than {@code bytesPerInputByte * input.length + fixedBytes}; the message shows the input
     */
    public Outcome check(byte[] input, Reader reader) {
        Future<Result> future = worker.submit(() -> runMeasured(input, reader));
        Result result;
        try {
            result = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionFailedError("reader timed out after " + timeoutMillis + " ms on " + show(input));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for the reader", e);
        } catch (ExecutionException e) {
            throw new AssertionFailedError("fuzzing harness failed", e.getCause());
        }

        long limit = bytesPerInputByte * input.length + fixedBytes;
        if (result.allocated > limit) {
            throw new AssertionFailedError("reader allocated " + result.allocated + " bytes on a " + input.length
                    + "-byte input, above the limit of " + limit + ": " + show(input));
        }
        if (result.thrown == null) {
            return Outcome.LOADED;
        }
        if (documented.stream().anyMatch(type -> type.isInstance(result.thrown))) {
            if (result.thrown.getMessage() == null || result.thrown.getMessage().isBlank()) {
                throw new AssertionFailedError("reader threw " + result.thrown.getClass().getSimpleName()
                        + " without a message on " + show(input), result.thrown);
            }
            return Outcome.REJECTED;
        }
        throw new AssertionFailedError("reader threw " + result.thrown.getClass().getName() + " instead of "
                + documented.stream().map(Class::getName).collect(Collectors.joining(" or ")) + " on " + show(input),
                result.thrown);
    }

    /** Stops the worker thread. */
    @Override
    public void close() {
        worker.shutdownNow();
    }

    /**
     * Renders up to 400 bytes for a failure message: printable ASCII as is, other bytes as
     * {@code \xNN}.
     */
    public static String show(byte[] input) {
        StringBuilder out = new StringBuilder(input.length + " bytes: \"");
        int shown = Math.min(input.length, 400);
        for (int k = 0; k < shown; k++) {
            int b = input[k] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '"') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        out.append('"');
        if (shown < input.length) {
            out.append(" ... (").append(input.length - shown).append(" more)");
        }
        return out.toString();
    }

    private Result runMeasured(byte[] input, Reader reader) {
        Result first = runOnce(input, reader);
        if (first.thrown instanceof Error) {
            return first;
        }
        // Only the second run is measured. The first may load classes and initialise static
        // state, which allocates once per JVM whatever the input is.
        return runOnce(input, reader);
    }

    private Result runOnce(byte[] input, Reader reader) {
        long id = Thread.currentThread().getId();
        long before = threads == null ? 0 : threads.getThreadAllocatedBytes(id);
        Throwable thrown = null;
        try {
            reader.read(input);
        } catch (Throwable t) {
            // Every throwable, errors included, is part of the outcome the caller checks.
            thrown = t;
        }
        long allocated = threads == null ? 0 : threads.getThreadAllocatedBytes(id) - before;
        return new Result(thrown, allocated);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reader-fuzzing");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null;
    }

    private record Result(Throwable thrown, long allocated) {
    }
}
