package io.jlstm.api.cell;

import io.jlstm.api.tensor.Shapes;

/**
 * Sizes and position of one cell in a network: what a {@link CellFactory} needs to build it.
 *
 * @param inputSize input features {@code I} per time step
 * @param hiddenSize hidden units {@code H}
 * @param projectionSize output size {@code P} of an LSTM with projection (PyTorch's {@code proj_size}),
 *     or 0 for none
 * @param layer layer index {@code k} in the parameter names ({@code weight_ih_l{k}})
 * @param reverse whether the cell is the reverse direction of a bidirectional layer, whose parameter
 *     names end in {@code _reverse} as in PyTorch
 */
public record CellSpec(int inputSize, int hiddenSize, int projectionSize, int layer, boolean reverse) {

    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException if a size is not positive, the projection size is negative or
     *     not smaller than the hidden size (PyTorch's rule), or the layer index is negative
     */
    public CellSpec {
        Shapes.requirePositive("cell input size", inputSize);
        Shapes.requirePositive("cell hidden size", hiddenSize);
        if (projectionSize < 0 || projectionSize >= hiddenSize && projectionSize != 0) {
            throw new IllegalArgumentException("projection size must be 0 (none) or in 1.." + (hiddenSize - 1)
                    + " (below the hidden size " + hiddenSize + "), but is " + projectionSize);
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be at least 0, but is " + layer);
        }
    }

    /** A forward-direction cell without projection. */
    public static CellSpec of(int inputSize, int hiddenSize, int layer) {
        return new CellSpec(inputSize, hiddenSize, 0, layer, false);
    }

    /** This spec for the reverse direction of the same layer. */
    public CellSpec reversed() {
        return new CellSpec(inputSize, hiddenSize, projectionSize, layer, true);
    }

    /** Whether an LSTM projection is requested. */
    public boolean hasProjection() {
        return projectionSize > 0;
    }

    /** Output size of the cell: the projection size when set, else the hidden size. */
    public int outputSize() {
        return hasProjection() ? projectionSize : hiddenSize;
    }

    /**
     * The PyTorch state-dict name of a parameter of this cell: {@code base + "_l" + layer}, plus
     * {@code _reverse} for the reverse direction, such as {@code weight_ih_l0_reverse}.
     */
    public String parameterName(String base) {
        return base + "_l" + layer + (reverse ? "_reverse" : "");
    }
}
