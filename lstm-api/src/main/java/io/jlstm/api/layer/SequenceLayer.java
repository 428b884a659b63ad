package io.jlstm.api.layer;

import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * One layer of a recurrent stack: a {@link RecurrentLayer} (one direction) or a
 * {@link BidirectionalLayer}. Sequences are time-major {@code (T*B) x features} tensors.
 */
public interface SequenceLayer {

    /** Input features {@code I} per step. */
    int inputSize();

    /** Output features per step. */
    int outputSize();

    /** Column counts of the state tensors this layer carries. */
    int[] stateSizes();

    /** The cells, forward direction first. */
    List<RecurrentCell> cells();

    /** All parameters in a stable order, forward direction first. */
    List<Parameter> parameters();

    /** Allocates a zero state for {@code batch} rows. */
    Tensor[] zeroState(int batch);

    /**
     * Runs the layer over all {@code T = x.rows() / batch} steps.
     *
     * @param lengths per-sample lengths of a right-padded batch, or {@code null} when every sample
     *     has all steps
     * @param initialState the state before step 0, or {@code null} for zeros; it is copied, not kept
     * @throws IllegalArgumentException if the shapes do not fit the layer or each other
     */
    LayerPass forward(Tensor x, int batch, SequenceLengths lengths, Tensor[] initialState);

    /**
     * Backpropagation through the last {@code backSteps} steps of {@code pass}; adds the parameter
     * gradients.
     *
     * @param dOutputs loss gradient with respect to {@link LayerPass#outputs()}, or {@code null}
     * @param dFinalState loss gradient with respect to the final state, or {@code null}
     * @throws IllegalArgumentException if {@code pass} is not from this layer, or the layer does not
     *     support {@code backSteps}
     */
    SequenceGradients backward(LayerPass pass, Tensor dOutputs, Tensor[] dFinalState, int backSteps);

    /**
     * {@link #backward(LayerPass, Tensor, Tensor[], int)} that may skip the gradient with respect
     * to the input when {@code inputGradient} is false, as training does for the first layer,
     * whose input is data. {@link SequenceGradients#input()} is then {@code null}. The default
     * computes the input gradient anyway and drops it.
     */
    default SequenceGradients backward(LayerPass pass, Tensor dOutputs, Tensor[] dFinalState, int backSteps,
            boolean inputGradient) {
        SequenceGradients gradients = backward(pass, dOutputs, dFinalState, backSteps);
        return inputGradient ? gradients : new SequenceGradients(null, gradients.initialState());
    }
}
