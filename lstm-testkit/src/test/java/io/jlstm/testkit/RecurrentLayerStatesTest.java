package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.cell.LstmCell;
import io.jlstm.api.init.Initializers;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.layer.SequencePass;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A pass without padding keeps the hidden state of the inner steps only in its outputs. The states
 * it returns must still be those a step-by-step run produces.
 */
class RecurrentLayerStatesTest {

    private static final int INPUT = 3;
    private static final int HIDDEN = 4;
    private static final int BATCH = 2;
    private static final int STEPS = 5;

    private final Backend backend = new ScalarBackend();

    @Test
    void stateBeforeEachStepMatchesOneStepRuns() {
        RecurrentLayer layer = layer();
        Tensor x = random(STEPS * BATCH, INPUT, 2);
        SequencePass whole = layer.forward(x, BATCH, null);

        Tensor[] state = null;
        for (int t = 0; t < STEPS; t++) {
            SequencePass single = layer.forward(rows(x, t * BATCH, BATCH), BATCH, state);
            state = single.finalState();
            Tensor[] fromWhole = whole.stateBefore(t + 1);
            for (int k = 0; k < state.length; k++) {
                assertThat(fromWhole[k].toArray()).as("state %d before step %d", k, t + 1)
                        .containsExactly(state[k].toArray());
            }
        }
    }

    @Test
    void paddedPassKeepsHeldStates() {
        RecurrentLayer layer = layer();
        Tensor x = random(STEPS * BATCH, INPUT, 3);
        SequenceLengths lengths = SequenceLengths.of(STEPS, new int[] {STEPS, 2});
        SequencePass pass = layer.forward(x, BATCH, lengths, null);

        // Sample 1 stops after step 1: its state stays that of step 1 while its outputs are zero.
        double[] afterStep1 = pass.stateBefore(2)[0].toArray();
        for (int t = 3; t <= STEPS; t++) {
            double[] hBefore = pass.stateBefore(t)[0].toArray();
            for (int j = 0; j < HIDDEN; j++) {
                assertThat(hBefore[HIDDEN + j]).as("h[%d] of sample 1 before step %d", j, t)
                        .isEqualTo(afterStep1[HIDDEN + j]);
            }
        }
    }

    private RecurrentLayer layer() {
        LstmCell cell = new LstmCell(backend, INPUT, HIDDEN, 0);
        SplittableRandom random = new SplittableRandom(1);
        for (Parameter p : cell.parameters()) {
            Initializers.uniform(p, 0.5, random);
        }
        return new RecurrentLayer(cell);
    }

    private Tensor rows(Tensor source, int firstRow, int count) {
        Tensor block = backend.zeros(count, source.cols());
        backend.copyRows(source, firstRow, block, 0, count);
        return block;
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
