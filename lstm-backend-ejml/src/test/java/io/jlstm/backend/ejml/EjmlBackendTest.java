package io.jlstm.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
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
