package io.jlstm.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EjmlBackendTest {

    private final EjmlBackend backend = new EjmlBackend();

    @Test
    void scalarTensorRejectedNamingAdopt() {
        Tensor own = backend.zeros(2, 3);
        Tensor foreign = new ScalarBackend().zeros(2, 3);

        assertThatThrownBy(() -> backend.add(own, foreign, own))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor b [2 x 3] belongs to backend 'scalar', but this operation runs on backend 'ejml';"
                        + " convert it first with Backend.adopt, for example ejmlBackend.adopt(tensor)");
    }

    @Test
    void ejmlTensorRejectedByScalarBackend() {
        ScalarBackend scalar = new ScalarBackend();
        Tensor foreign = backend.zeros(2, 2);

        assertThatThrownBy(() -> scalar.sigmoid(foreign, scalar.zeros(2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ejml'")
                .hasMessageContaining("Backend.adopt");
    }

    @Test
    void tensorsOfAnotherEjmlInstanceAccepted() {
        Tensor a = new EjmlBackend().fromArray(1, 2, new double[] {1.0, 2.0});
        Tensor out = backend.zeros(1, 2);

        backend.scale(2.0, a, out);

        assertThat(out.toArray()).containsExactly(2.0, 4.0);
        assertThat(backend.adopt(a)).isSameAs(a);
    }

    @Test
    void threadedGemmAgreesWithSingleThreaded() {
        // 128 x 128 x 128 = 2^21 multiply-adds, above the threading threshold
        int n = 128;
        EjmlBackend threaded = new EjmlBackend(2);
        SplittableRandom random = new SplittableRandom(5);
        Tensor a = backend.fromArray(n, n, random.doubles(n * n, -1.0, 1.0).toArray());
        Tensor b = backend.fromArray(n, n, random.doubles(n * n, -1.0, 1.0).toArray());
        double[] c0 = random.doubles(n * n, -1.0, 1.0).toArray();

        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (double beta : new double[] {0.0, 1.0, 0.5}) {
                    Tensor expected = backend.fromArray(n, n, c0);
                    Tensor actual = backend.fromArray(n, n, c0);
                    backend.gemm(transA, transB, 1.5, a, b, beta, expected);
                    threaded.gemm(transA, transB, 1.5, a, b, beta, actual);

                    double[] e = expected.toArray();
                    double[] t = actual.toArray();
                    for (int k = 0; k < e.length; k++) {
                        assertThat(t[k]).as("transA %s, transB %s, beta %s, element %d", transA, transB, beta, k)
                                .isCloseTo(e[k], within(1e-12 * Math.max(1.0, Math.abs(e[k]))));
                    }
                }
            }
        }
    }

    @Test
    void threadCountBelowOneRejected() {
        assertThatThrownBy(() -> new EjmlBackend(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EJML backend threads must be at least 1, but is 0");
        assertThatThrownBy(() -> new EjmlBackendProvider().create(100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EJML backend threads must be between 1 and 4096, but is 100000");
    }

    @Test
    void matrixIsLiveView() {
        EjmlTensor t = (EjmlTensor) backend.zeros(2, 2);

        t.matrix().set(1, 0, 5.0);

        assertThat(t.get(1, 0)).isEqualTo(5.0);
        assertThat(t.matrix().data).hasSize(4);
    }

    @Test
    void getOutsideShapeRejected() {
        Tensor t = backend.zeros(2, 3);

        assertThatThrownBy(() -> t.get(2, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index (2, 0) outside [2 x 3]");
        assertThatThrownBy(() -> t.set(0, -1, 1.0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index (0, -1) outside [2 x 3]");
    }
}
