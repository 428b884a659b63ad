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

    @Override
    protected void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, double[] b,
            double beta, double[] c) {
        scaleInPlace(c, beta);
        if (alpha == 0.0) {
            return;
        }
        if (!transA && !transB) {
            for (int i = 0; i < m; i++) {
                int cRow = i * n;
                for (int p = 0; p < k; p++) {
                    double aip = alpha * a[i * k + p];
                    int bRow = p * n;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        } else if (transA && !transB) {
            for (int p = 0; p < k; p++) {
                int aRow = p * m;
                int bRow = p * n;
                for (int i = 0; i < m; i++) {
                    double api = alpha * a[aRow + i];
                    int cRow = i * n;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += api * b[bRow + j];
                    }
                }
            }
        } else if (!transA) {
            for (int i = 0; i < m; i++) {
                int aRow = i * k;
                for (int j = 0; j < n; j++) {
                    int bRow = j * k;
                    double sum = 0.0;
                    for (int p = 0; p < k; p++) {
                        sum += a[aRow + p] * b[bRow + p];
                    }
                    c[i * n + j] += alpha * sum;
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    for (int p = 0; p < k; p++) {
                        sum += a[p * m + i] * b[j * k + p];
                    }
                    c[i * n + j] += alpha * sum;
                }
            }
        }
    }
}
