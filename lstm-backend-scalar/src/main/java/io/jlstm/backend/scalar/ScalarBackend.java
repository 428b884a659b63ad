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

    /** Packed copy of a transposed B panel, grown to {@code BLOCK_K * BLOCK_N} on first use. */
    private double[] panel = new double[0];

    /**
     * Cache-blocked GEMM. C is first scaled by beta. Then, for each panel of {@link #BLOCK_K} rows
     * and {@link #BLOCK_N} columns of op(B), every row of C gets {@code alpha * op(A)[i, p] * op(B)[p, :]}
     * added for each p of the panel, an axpy along contiguous rows that C2 can vectorize. A
     * transposed B is first copied into a row-major panel, so the inner loop is contiguous in
     * every case. The panel stays in cache while all rows of C pass over it.
     */
    @Override
    protected void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, double[] b,
            double beta, double[] c) {
        scaleInPlace(c, beta);
        if (alpha == 0.0) {
            return;
        }
        if (transB && panel.length == 0) {
            panel = new double[BLOCK_K * BLOCK_N];
        }

        for (int j0 = 0; j0 < n; j0 += BLOCK_N) {
            int width = Math.min(BLOCK_N, n - j0);
            for (int p0 = 0; p0 < k; p0 += BLOCK_K) {
                int depth = Math.min(BLOCK_K, k - p0);

                // The panel is op(B)[p0 .. p0+depth-1, j0 .. j0+width-1], read at panelOffset + q * stride.
                double[] source;
                int panelOffset;
                int stride;
                if (transB) {
                    packTransposed(b, k, p0, depth, j0, width);
                    source = panel;
                    panelOffset = 0;
                    stride = width;
                } else {
                    source = b;
                    panelOffset = p0 * n + j0;
                    stride = n;
                }

                for (int i = 0; i < m; i++) {
                    int cOffset = i * n + j0;
                    for (int q = 0; q < depth; q++) {
                        int p = p0 + q;
                        double factor = alpha * (transA ? a[p * m + i] : a[i * k + p]);
                        axpy(factor, source, panelOffset + q * stride, c, cOffset, width);
                    }
                }
            }
        }
    }

    /** Copies {@code B^T[p0 .. p0+depth-1, j0 .. j0+width-1]} of B ({@code n x k}, row-major) into the panel. */
    private void packTransposed(double[] b, int k, int p0, int depth, int j0, int width) {
        for (int j = 0; j < width; j++) {
            int row = (j0 + j) * k + p0;
            for (int q = 0; q < depth; q++) {
                panel[q * width + j] = b[row + q];
            }
        }
    }

    /** {@code y[yOffset + j] += factor * x[xOffset + j]} for {@code j < length}. */
    private static void axpy(double factor, double[] x, int xOffset, double[] y, int yOffset, int length) {
        for (int j = 0; j < length; j++) {
            y[yOffset + j] += factor * x[xOffset + j];
        }
    }
}
