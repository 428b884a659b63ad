package io.jlstm.backend.blas;

import io.jlstm.api.tensor.array.ArrayLstmKernels;

/**
 * The fused point-wise LSTM steps over row-major arrays, with the contracts of
 * {@link ArrayLstmKernels#forward} and {@link ArrayLstmKernels#backward}.
 */
interface LstmKernels {

    /** Fused forward step; see {@link ArrayLstmKernels#forward}. */
    void forward(double[] gates, double[] cPrev, double[] c, double[] tanhC, double[] h, int batch, int hidden);

    /** Fused backward step; see {@link ArrayLstmKernels#backward}. */
    void backward(double[] acts, double[] cPrev, double[] tanhC, double[] dh, double[] dc, double[] dGates,
            int batch, int hidden);

    /** Returns the Vector API kernels when the JVM has {@code jdk.incubator.vector}, else the scalar loops. */
    static LstmKernels best() {
        return vectorApiAvailable() ? new VectorLstmKernels() : scalar();
    }

    /** Returns whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Returns the scalar loops of {@link ArrayLstmKernels}. */
    static LstmKernels scalar() {
        return new LstmKernels() {
            @Override
            public void forward(double[] gates, double[] cPrev, double[] c, double[] tanhC, double[] h, int batch,
                    int hidden) {
                ArrayLstmKernels.forward(gates, cPrev, c, tanhC, h, batch, hidden);
            }

            @Override
            public void backward(double[] acts, double[] cPrev, double[] tanhC, double[] dh, double[] dc,
                    double[] dGates, int batch, int hidden) {
                ArrayLstmKernels.backward(acts, cPrev, tanhC, dh, dc, dGates, batch, hidden);
            }
        };
    }
}
