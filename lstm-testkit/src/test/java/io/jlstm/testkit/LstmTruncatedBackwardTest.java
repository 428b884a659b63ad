package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The LSTM writes gate gradients into the storage of the input projections, so a truncated
 * backward must zero the rows of the steps it skips: they hold projections after a forward and
 * gate gradients after an earlier full backward, and both runs below would differ otherwise.
 */
class LstmTruncatedBackwardTest {

    private static final int INPUT = 3;
    private static final int HIDDEN = 4;
    private static final int BATCH = 2;
    private static final int STEPS = 6;

    private final Backend backend = new ScalarBackend();

    @Test
    void truncatedAfterFullEqualsTruncatedAlone() {
        RecurrentLayer layer = layer();
        Tensor x = random(STEPS * BATCH, INPUT, 2);
        Tensor dOutputs = random(STEPS * BATCH, HIDDEN, 3);

        SequencePass fresh = layer.forward(x, BATCH, null);
        SequenceGradients alone = layer.backward(fresh, dOutputs, null, 2);
        List<double[]> aloneGradients = takeGradients(layer);

        SequencePass reused = layer.forward(x, BATCH, null);
        layer.backward(reused, dOutputs, null);
        takeGradients(layer);
        SequenceGradients afterFull = layer.backward(reused, dOutputs, null, 2);
        List<double[]> afterFullGradients = takeGradients(layer);

        for (int k = 0; k < aloneGradients.size(); k++) {
            assertThat(afterFullGradients.get(k)).as("gradient %d", k).containsExactly(aloneGradients.get(k));
        }
        assertThat(afterFull.input().toArray()).containsExactly(alone.input().toArray());
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
