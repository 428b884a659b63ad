package io.jlstm.backend.scalar;

import io.jlstm.api.tensor.array.ArrayBackend;

/**
 * The reference backend: every operation is a plain Java loop over row-major {@code double[]}
 * storage, written to be obviously correct. Loops run along rows in the inner position so that
 * memory is read sequentially. The fused LSTM kernels are the {@link io.jlstm.api.tensor.Backend}
 * defaults built from the primitives. Not thread-safe; use one instance per thread.
 */
public final class ScalarBackend extends ArrayBackend {

    /** Provider name of this backend. */
    public static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    /** Inner-dimension block: rows of op(B) per panel. */
    static final int BLOCK_K = 128;

    /** Column block: columns of op(B) and C per panel; a panel of 128 x 256 doubles is 256 KiB. */
    static final int BLOCK_N = 256;

    /** Packed panel of op(B), {@code BLOCK_K} rows of up to {@code BLOCK_N} values, allocated on first use. */
    private double[][] panel = new double[0][];

    /** Copy of the row segment of C that the panel updates. */
    private final double[] cRow = new double[BLOCK_N];

    /**
     * Cache-blocked GEMM. C is first scaled by beta. Then, for each panel of {@link #BLOCK_K} rows
     * and {@link #BLOCK_N} columns of op(B), every row of C gets {@code alpha * op(A)[i, p] * op(B)[p, :]}
     * added for each p of the panel. The panel is first copied into separate row arrays, and each
     * row segment of C into {@link #cRow}, because under C2 on JDK 17 the axpy between two arrays
     * read from index 0 runs far faster than the same loop at offsets into one flat array (most
     * likely vectorized; the generated code was not inspected). The panel stays
     * in cache while all rows of C pass over it. Each element of C sums its products in the order of
     * p, whatever the blocking.
     */
    @Override
    protected void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, double[] b,
            double beta, double[] c) {
        scaleInPlace(c, beta);
        if (alpha == 0.0) {
            return;
        }
        if (panel.length == 0) {
            panel = new double[BLOCK_K][BLOCK_N];
        }

        for (int j0 = 0; j0 < n; j0 += BLOCK_N) {
            int width = Math.min(BLOCK_N, n - j0);
            for (int p0 = 0; p0 < k; p0 += BLOCK_K) {
                int depth = Math.min(BLOCK_K, k - p0);
                pack(transB, b, n, k, p0, depth, j0, width);

                for (int i = 0; i < m; i++) {
                    int cOffset = i * n + j0;
                    System.arraycopy(c, cOffset, cRow, 0, width);
                    for (int q = 0; q < depth; q++) {
                        int p = p0 + q;
                        double factor = alpha * (transA ? a[p * m + i] : a[i * k + p]);
                        axpy(factor, panel[q], cRow, width);
                    }
                    System.arraycopy(cRow, 0, c, cOffset, width);
                }
            }
        }
    }

    /**
     * Copies {@code op(B)[p0 .. p0+depth-1, j0 .. j0+width-1]} into the panel rows; B is
     * {@code k x n} row-major, or {@code n x k} when transposed.
     */
    private void pack(boolean transB, double[] b, int n, int k, int p0, int depth, int j0, int width) {
        if (transB) {
            for (int j = 0; j < width; j++) {
                int row = (j0 + j) * k + p0;
                for (int q = 0; q < depth; q++) {
                    panel[q][j] = b[row + q];
                }
            }
        } else {
            for (int q = 0; q < depth; q++) {
                System.arraycopy(b, (p0 + q) * n + j0, panel[q], 0, width);
            }
        }
    }

    /** {@code y[j] += factor * x[j]} for {@code j < length}. */
    private static void axpy(double factor, double[] x, double[] y, int length) {
        for (int j = 0; j < length; j++) {
            y[j] += factor * x[j];
        }
    }
}
