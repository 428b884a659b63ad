package io.jlstm.api.cell;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * One recurrent cell: its parameters, one forward step and one backward step. A
 * {@link io.jlstm.api.layer.RecurrentLayer} unrolls it over time.
 *
 * <p>Shapes: the input sequence {@code x} is {@code (T*B) x I} with time step {@code t} in rows
 * {@code t*B .. t*B+B-1}. The state is an array of {@code B x stateSizes()[k]} tensors; state 0 is
 * the output {@code h} of the step. An LSTM has the states {@code {h, c}}, a GRU only {@code {h}}.
 *
 * <p>Call order for one sequence: {@link #newTape}, {@link #beginForward}, {@link #forwardStep} for
 * {@code t = 0 .. T-1}, then for backward {@link #backwardStep} for {@code t = T-1 .. 0} and
 * finally {@link #endBackward}. The optional begin and end hooks let a cell batch work over all time
 * steps into single large GEMMs, as the LSTM does for its input projection and weight gradients.
 *
 * <p>Implementations must not allocate tensors in {@link #forwardStep} or {@link #backwardStep};
 * everything a step needs belongs in the tape.
 * They must not keep references to the state tensors either: the layer reuses the tensors of
 * {@code h} across steps, and {@link #backwardStep} receives the state again as {@code statePrev}.
 */
public interface RecurrentCell {

    /** Registered type name, such as {@code lstm}. */
    String type();

    /** The backend that owns this cell's parameters. */
    Backend backend();

    /** Input features {@code I} per time step. */
    int inputSize();

    /** Size of the output {@code h}, state 0. */
    int outputSize();

    /**
     * Hidden size {@code H}, which sets PyTorch's default initialization bound
     * {@code 1/sqrt(H)}. Equal to {@link #outputSize()} unless the cell projects its output.
     */
    default int hiddenSize() {
        return outputSize();
    }

    /** Column counts of the state tensors; entry 0 is {@link #outputSize()}. */
    int[] stateSizes();

    /** Parameters with PyTorch-style names (for example {@code weight_ih_l0}) in a stable order. */
    List<Parameter> parameters();

    /** Allocates the tape for one pass over {@code steps} time steps of {@code batch} rows. */
    CellTape newTape(int batch, int steps);

    /** Work over the whole input before the first step, such as the input projection. */
    default void beginForward(CellTape tape, Tensor x) {
    }

    /**
     * Runs time step {@code t}: reads rows of step {@code t} of {@code x} and {@code statePrev},
     * writes {@code stateNext} (distinct tensors from {@code statePrev}) and records what
     * {@link #backwardStep} needs in the tape.
     */
    void forwardStep(CellTape tape, Tensor x, int t, Tensor[] statePrev, Tensor[] stateNext);

    /**
     * Backward of time step {@code t}. On entry {@code dState} holds the loss gradient with respect
     * to the state after step {@code t}; on return it holds the gradient with respect to
     * {@code statePrev}. Adds this step's share of every parameter gradient, unless the cell adds
     * them all in {@link #endBackward}, and writes the rows of step {@code t} of {@code dx} unless
     * {@link #endBackward} writes all of {@code dx}.
     */
    void backwardStep(CellTape tape, Tensor x, int t, Tensor[] statePrev, Tensor[] dState, Tensor dx);

    /** Work over all steps after the last {@link #backwardStep}, such as the weight-gradient GEMMs. */
    default void endBackward(CellTape tape, Tensor x, Tensor dx) {
    }

    /**
     * Returns whether {@link #backwardStep} and {@link #endBackward} accept {@code dx == null} and
     * then skip the input gradient. A layer passes {@code null} when no caller needs that gradient, as for the
     * first layer in training, whose input is data; PyTorch skips it in the same case. The default
     * is false, and the layer then passes a buffer whose contents it drops.
     */
    default boolean acceptsNullInputGradient() {
        return false;
    }
}
