package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;
import org.ejml.concurrency.EjmlConcurrency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link EjmlBackend} under the name {@code ejml} with priority 10, above the scalar
 * reference backend's 0, so that it is the default whenever it is on the class path.
 */
public final class EjmlBackendProvider implements BackendProvider {

    /** Priority of this provider; the scalar reference backend has 0. */
    public static final int PRIORITY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(EjmlBackendProvider.class);

    @Override
    public String name() {
        return EjmlBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String description() {
        return "EJML dense row-major matrices (DMatrixRMaj), large GEMMs on EJML's threaded operations";
    }

    /** Creates a single-threaded backend. */
    @Override
    public Backend create() {
        return new EjmlBackend();
    }

    /**
     * Creates a backend whose large GEMMs run on {@code threads} threads. EJML's thread pool is
     * shared by the whole process, so this resizes it for every EJML user in the JVM.
     *
     * @throws IllegalArgumentException if {@code threads} is not between 1 and
     *     {@link #MAX_THREADS}
     */
    @Override
    public Backend create(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("EJML backend threads must be between 1 and " + MAX_THREADS
                    + ", but is " + threads);
        }
        if (threads > 1) {
            EjmlConcurrency.setMaxThreads(threads);
        }
        LOG.info("ejml backend: {} thread(s) for GEMMs of at least {} multiply-adds", threads,
                EjmlBackend.PARALLEL_MIN_MULTIPLY_ADDS);
        return new EjmlBackend(threads);
    }
}
