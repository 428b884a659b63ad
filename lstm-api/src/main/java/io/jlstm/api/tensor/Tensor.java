package io.jlstm.api.tensor;

/**
 * A dense, row-major matrix of float64 values whose storage is owned by one {@link Backend}.
 *
 * <p>Every tensor has rank 2. A sequence of {@code T} time steps with batch {@code B} and
 * {@code F} features is one {@code (T*B) x F} tensor whose rows {@code t*B .. t*B+B-1} hold
 * time step {@code t}; that is the row-major layout of a time-major {@code [T][B][F]} array.
 *
 * <p>Element access through {@link #get} and {@link #set} is for tests, I/O and tools. Numerical
 * code goes through the backend's operations, which are the only path a backend optimizes.
 */
public interface Tensor {

    /** Number of rows. */
    int rows();

    /** Number of columns. */
    int cols();

    /** Shape as {@code {rows, cols}}. */
    default int[] shape() {
        return new int[] {rows(), cols()};
    }

    /** Number of elements, {@code rows * cols}. */
    default int size() {
        return rows() * cols();
    }

    /** The backend that owns this tensor's storage. */
    Backend backend();

    /** Returns the element at row {@code r}, column {@code c}. */
    double get(int r, int c);

    /** Sets the element at row {@code r}, column {@code c}. */
    void set(int r, int c, double value);

    /** Copies all elements into a new row-major array of length {@link #size()}. */
    double[] toArray();

    /**
     * Overwrites all elements from a row-major array.
     *
     * @throws IllegalArgumentException if {@code values.length != size()}
     */
    void copyFrom(double[] values);

    /** Formats a shape as {@code [rows x cols]} for error messages. */
    static String shapeString(Tensor t) {
        return "[" + t.rows() + " x " + t.cols() + "]";
    }
}
