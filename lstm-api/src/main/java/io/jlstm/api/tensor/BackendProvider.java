package io.jlstm.api.tensor;

/**
 * Service-provider entry of a backend, found through {@link java.util.ServiceLoader}.
 *
 * <p>A backend module lists its implementation in
 * {@code META-INF/services/io.jlstm.api.tensor.BackendProvider}. The name is the value users write
 * in the {@code backend} configuration key.
 */
public interface BackendProvider {

    /** Largest thread count that {@link #create(int)} must accept. */
    int MAX_THREADS = 4096;

    /** Stable, lower-case name such as {@code scalar} or {@code ejml}. */
    String name();

    /**
     * Rank used to pick the default backend when the configuration names none: the provider with
     * the highest priority wins. The scalar reference backend has priority 0.
     */
    int priority();

    /** One-line description shown by backend listings. */
    String description();

    /** Creates a backend instance. Instances are thread-confined unless their class says otherwise. */
    Backend create();

    /**
     * Creates a backend instance that may use up to {@code threads} threads for one operation. The
     * default ignores the limit and calls {@link #create()}, which suits single-threaded backends.
     *
     * @param threads 1 to {@link #MAX_THREADS}
     */
    default Backend create(int threads) {
        return create();
    }
}
