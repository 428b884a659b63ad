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

    /** Rejects {@code vector} unless it is {@code 1 x cols} for the {@code cols} columns of {@code matrix}. */
    public static void requireRowVector(String vectorName, Tensor vector, String matrixName, Tensor matrix) {
        if (vector.rows() != 1 || vector.cols() != matrix.cols()) {
            throw new IllegalArgumentException("shape mismatch: " + vectorName + " is " + Tensor.shapeString(vector)
                    + " but " + matrixName + " is " + Tensor.shapeString(matrix) + ", so it must be [1 x "
                    + matrix.cols() + "]");
        }
    }

    /**
     * Rejects operands of {@code C = alpha * op(A) * op(B) + beta * C} whose shapes do not chain,
     * and a destination that is the same tensor as A or B.
     */
    public static void requireGemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shape mismatch: op(A) is [" + m + " x " + k + "] (A "
                    + Tensor.shapeString(a) + (transA ? " transposed" : "") + "), op(B) is [" + kb + " x " + n
                    + "] (B " + Tensor.shapeString(b) + (transB ? " transposed" : "") + "), C is "
                    + Tensor.shapeString(c) + "; need op(A) cols == op(B) rows and C [" + m + " x " + n + "]");
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("gemm destination C " + Tensor.shapeString(c)
                    + " must not be the same tensor as A or B");
        }
    }

    /** Rejects a transpose destination unless it is {@code a.cols() x a.rows()} and a different tensor. */
    public static void requireTranspose(Tensor a, Tensor out) {
        if (out.rows() != a.cols() || out.cols() != a.rows()) {
            throw new IllegalArgumentException("transpose shape mismatch: input is " + Tensor.shapeString(a)
                    + " but output is " + Tensor.shapeString(out) + "; the output must be [" + a.cols() + " x "
                    + a.rows() + "]");
        }
        if (out == a) {
            throw new IllegalArgumentException("transpose output " + Tensor.shapeString(out)
                    + " must not be the input tensor; transpose into a separate tensor");
        }
    }

    /**
     * Rejects a {@code copyRows} whose tensors differ in column count or whose row block of
     * {@code count} rows does not fit in {@code src} from {@code srcRow} or in {@code dst} from
     * {@code dstRow}.
     */
    public static void requireRowBlock(Tensor src, int srcRow, Tensor dst, int dstRow, int count) {
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException("copyRows needs equal column counts, but src is "
                    + Tensor.shapeString(src) + " and dst is " + Tensor.shapeString(dst));
        }
        if (count < 0 || srcRow < 0 || dstRow < 0 || srcRow + count > src.rows() || dstRow + count > dst.rows()) {
            throw new IllegalArgumentException("copyRows of " + count + " rows from row " + srcRow + " of "
                    + Tensor.shapeString(src) + " to row " + dstRow + " of " + Tensor.shapeString(dst)
                    + " is out of range");
        }
    }

    /** Rejects a column block unless it has {@code wide}'s rows and fits in it from {@code firstCol}. */
    public static void requireColumnBlock(Tensor wide, Tensor block, int firstCol) {
        if (wide.rows() != block.rows() || firstCol < 0 || firstCol + block.cols() > wide.cols()) {
            throw new IllegalArgumentException("column block " + Tensor.shapeString(block) + " at column "
                    + firstCol + " does not fit in " + Tensor.shapeString(wide));
        }
    }

    /** Rejects tensor dimensions that are not positive or whose product does not fit in one array. */
    public static void requireAllocatable(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("tensor dimensions must be positive, got [" + rows + " x " + cols + "]");
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor [" + rows + " x " + cols + "] has more than "
                    + (Integer.MAX_VALUE - 8) + " elements");
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
