package io.jlstm.api.tensor;

/**
 * A fixed set of same-shape work buffers, allocated once outside a time loop and handed to
 * kernels that need temporaries.
 */
public final class Scratch {

    private final Tensor[] buffers;

    private Scratch(Tensor[] buffers) {
        this.buffers = buffers;
    }

    /** Allocates {@code count} buffers of {@code rows x cols} on {@code backend}. */
    public static Scratch allocate(Backend backend, int count, int rows, int cols) {
        Tensor[] buffers = new Tensor[count];
        for (int k = 0; k < count; k++) {
            buffers[k] = backend.zeros(rows, cols);
        }
        return new Scratch(buffers);
    }

    /**
     * Returns buffer {@code k}.
     *
     * @throws IllegalArgumentException if this scratch set has no buffer {@code k}
     */
    public Tensor get(int k) {
        if (k < 0 || k >= buffers.length) {
            throw new IllegalArgumentException(
                    "scratch buffer " + k + " requested, but only " + buffers.length + " were allocated");
        }
        return buffers[k];
    }

    /** Number of buffers. */
    public int count() {
        return buffers.length;
    }
}
