package io.jlstm.api.tensor;

/** Shape checks shared by backends and layers; each failure names the operands and their shapes. */
public final class Shapes {

    private Shapes() {
    }

    /** Rejects {@code b} unless it has the same shape as {@code a}. */
    public static void requireSame(String nameA, Tensor a, String nameB, Tensor b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("shape mismatch: " + nameA + " is " + Tensor.shapeString(a)
                    + " but " + nameB + " is " + Tensor.shapeString(b) + "; they must be equal");
        }
    }

    /** Rejects {@code t} unless it is {@code rows x cols}. */
    public static void requireShape(String name, Tensor t, int rows, int cols) {
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalArgumentException("shape mismatch: " + name + " is " + Tensor.shapeString(t)
                    + " but [" + rows + " x " + cols + "] is required");
        }
    }

    /** Rejects a non-positive dimension, naming it. */
    public static int requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be at least 1, but is " + value);
        }
        return value;
    }
}
