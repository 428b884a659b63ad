package io.jlstm.backend.blas;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link BlasBackend} under the name {@code blas}. Its priority is
 * {@value #FAST_PRIORITY} when an optimized native BLAS or {@code VectorBLAS} loaded, above the
 * EJML backend, and {@value #FALLBACK_PRIORITY}, below EJML but above the scalar reference, when
 * only plain Java BLAS is available.
 */
public final class BlasBackendProvider implements BackendProvider {

    /** Priority with a fast implementation. */
    public static final int FAST_PRIORITY = 20;

    /** Priority with only the plain Java implementation. */
    public static final int FALLBACK_PRIORITY = 5;

    private static final Logger LOG = LoggerFactory.getLogger(BlasBackendProvider.class);

    @Override
    public String name() {
        return BlasBackend.NAME;
    }

    @Override
    public int priority() {
        return BlasLibrary.get().isFast() ? FAST_PRIORITY : FALLBACK_PRIORITY;
    }

    @Override
    public String description() {
        return "dgemm of dev.ludovic.netlib BLAS (" + BlasLibrary.get().describe() + ") and fused LSTM loops";
    }

    @Override
    public Backend create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Backend create(int threads) {
        BlasLibrary library = BlasLibrary.get();
        if (library.kind() == BlasLibrary.Kind.NATIVE) {
            warnOnNativeThreadMismatch(threads, System.getenv("OPENBLAS_NUM_THREADS"));
        }
        LOG.info("blas backend: {}, {} thread(s)", library.describe(), threads);
        return new BlasBackend(library, threads);
    }

    /**
     * Native BLAS starts its own threads, one per processor unless {@code OPENBLAS_NUM_THREADS} says
     * otherwise, and the JVM cannot change that after start-up. A mismatch is logged, not fixed.
     */
    static boolean warnOnNativeThreadMismatch(int threads, String openBlasThreads) {
        String effective = openBlasThreads == null
                ? String.valueOf(Runtime.getRuntime().availableProcessors()) : openBlasThreads.trim();
        if (effective.equals(String.valueOf(threads))) {
            return false;
        }
        LOG.warn("blas backend: {} thread(s) requested, but native BLAS uses {} (OPENBLAS_NUM_THREADS={});"
                + " set OPENBLAS_NUM_THREADS={} before starting the JVM", threads, effective,
                openBlasThreads == null ? "unset" : openBlasThreads, threads);
        return true;
    }
}
