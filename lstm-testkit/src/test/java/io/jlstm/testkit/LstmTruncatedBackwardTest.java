package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.api.cell.LstmCell;
import io.jlstm.api.init.Initializers;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.layer.SequenceGradients;
import io.jlstm.api.layer.SequencePass;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The LSTM keeps one {@code (T*B) x 4H} array for the input projections, then the gate activations,
 * then the gate gradients. A truncated backward must therefore zero the rows of the steps it skips,
 * which still hold activations, and a second backward on the same pass must be rejected.
 */
class LstmTruncatedBackwardTest {

    private static final int INPUT = 3;
    private static final int HIDDEN = 4;
    private static final int BATCH = 2;
    private static final int STEPS = 6;
    private static final int BACK_STEPS = 2;

    private final Backend backend = new ScalarBackend();

    @Test
    void truncatedEqualsFullBackwardOverLastSteps() {
        RecurrentLayer layer = layer();
        Tensor x = random(STEPS * BATCH, INPUT, 2);
        Tensor dOutputs = random(STEPS * BATCH, HIDDEN, 3);
        int first = STEPS - BACK_STEPS;

        SequencePass whole = layer.forward(x, BATCH, null);
        SequenceGradients truncated = layer.backward(whole, dOutputs, null, BACK_STEPS);
        List<double[]> truncatedGradients = takeGradients(layer);

        // The same steps as a sequence of their own, started from the state the whole pass had there.
        Tensor tailX = rows(x, first * BATCH, BACK_STEPS * BATCH);
        Tensor tailDOutputs = rows(dOutputs, first * BATCH, BACK_STEPS * BATCH);
        SequencePass tail = layer.forward(tailX, BATCH, whole.stateBefore(first));
        SequenceGradients full = layer.backward(tail, tailDOutputs, null);
        List<double[]> fullGradients = takeGradients(layer);

        for (int k = 0; k < truncatedGradients.size(); k++) {
            assertThat(truncatedGradients.get(k)).as("gradient %d", k)
                    .containsExactly(fullGradients.get(k), within(1e-14));
        }
        double[] dx = truncated.input().toArray();
        double[] tailDx = full.input().toArray();
        for (int k = 0; k < first * BATCH * INPUT; k++) {
            assertThat(dx[k]).as("input gradient of skipped element %d", k).isZero();
        }
        for (int k = 0; k < tailDx.length; k++) {
            assertThat(dx[first * BATCH * INPUT + k]).as("input gradient %d of the last steps", k)
                    .isCloseTo(tailDx[k], within(1e-14));
        }
    }

    @Test
    void secondBackwardOnOnePassIsRejected() {
        RecurrentLayer layer = layer();
        Tensor x = random(STEPS * BATCH, INPUT, 2);
        Tensor dOutputs = random(STEPS * BATCH, HIDDEN, 3);
        SequencePass pass = layer.forward(x, BATCH, null);
        layer.backward(pass, dOutputs, null);

        assertThatThrownBy(() -> layer.backward(pass, dOutputs, null, BACK_STEPS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward already ran on this pass")
                .hasMessageContaining("run forward again");
    }

    private Tensor rows(Tensor source, int firstRow, int count) {
        Tensor block = backend.zeros(count, source.cols());
        backend.copyRows(source, firstRow, block, 0, count);
        return block;
    }

    private RecurrentLayer layer() {
        LstmCell cell = new LstmCell(backend, INPUT, HIDDEN, 0);
        SplittableRandom random = new SplittableRandom(1);
        for (Parameter p : cell.parameters()) {
            Initializers.uniform(p, 0.5, random);
        }
        return new RecurrentLayer(cell);
    }

    private List<double[]> takeGradients(RecurrentLayer layer) {
        List<double[]> gradients = new ArrayList<>();
        for (Parameter p : layer.cell().parameters()) {
            gradients.add(p.gradient().toArray());
            backend.fill(p.gradient(), 0.0);
        }
        return gradients;
    }

    private Tensor random(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(-1.0, 1.0);
        }
        return backend.fromArray(rows, cols, values);
    }
}
