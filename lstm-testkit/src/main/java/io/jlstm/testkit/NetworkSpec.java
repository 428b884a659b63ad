package io.jlstm.testkit;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;

/**
 * The network a property runs on: cell type and shape. The sizes come from the drawn
 * {@link ModelShape}; with a projection the hidden size is {@code shape.hiddenSize() + 1} and the
 * projection size {@code shape.hiddenSize()}, the smallest sizes PyTorch allows.
 *
 * @param cell registered cell type name
 * @param layers stacked layers
 * @param bidirectional whether every layer runs in both directions
 * @param dropout dropout probability between layers
 * @param head where the head reads the recurrent outputs
 * @param projection whether LSTM cells project their output
 * @param padded whether properties draw per-sample lengths and pad the batch
 */
public record NetworkSpec(String cell, int layers, boolean bidirectional, double dropout, SequenceModel.Head head,
        boolean projection, boolean padded) {

    /** One layer of {@code cell}, one direction, no dropout, many-to-many, no padding. */
    public static NetworkSpec of(String cell) {
        return new NetworkSpec(cell, 1, false, 0.0, SequenceModel.Head.MANY_TO_MANY, false, false);
    }

    /** This network with {@code count} stacked layers. */
    public NetworkSpec withLayers(int count) {
        return new NetworkSpec(cell, count, bidirectional, dropout, head, projection, padded);
    }

    /** This network with bidirectional layers. */
    public NetworkSpec withBidirectional() {
        return new NetworkSpec(cell, layers, true, dropout, head, projection, padded);
    }

    /** This network with dropout {@code probability} between layers. */
    public NetworkSpec withDropout(double probability) {
        return new NetworkSpec(cell, layers, bidirectional, probability, head, projection, padded);
    }

    /** This network with a many-to-one head. */
    public NetworkSpec withManyToOne() {
        return new NetworkSpec(cell, layers, bidirectional, dropout, SequenceModel.Head.MANY_TO_ONE, projection,
                padded);
    }

    /** This network with an LSTM projection. */
    public NetworkSpec withProjection() {
        return new NetworkSpec(cell, layers, bidirectional, dropout, head, true, padded);
    }

    /** This network run on right-padded batches with drawn lengths. */
    public NetworkSpec withPadding() {
        return new NetworkSpec(cell, layers, bidirectional, dropout, head, projection, true);
    }

    /** Builds the network for {@code shape}, initialized from {@code seed}, in training mode. */
    public SequenceModel build(Backend backend, ModelShape shape, long seed) {
        int hidden = projection ? shape.hiddenSize() + 1 : shape.hiddenSize();
        return SequenceModel.builder(backend)
                .cell(cell)
                .inputSize(shape.inputSize())
                .hiddenSize(hidden)
                .projectionSize(projection ? shape.hiddenSize() : 0)
                .outputSize(shape.outputSize())
                .layers(layers)
                .bidirectional(bidirectional)
                .dropout(dropout)
                .head(head)
                .seed(seed)
                .build();
    }

    @Override
    public String toString() {
        return cell + " x" + layers + (bidirectional ? " bidirectional" : "") + (projection ? " projected" : "")
                + (dropout > 0 ? " dropout " + dropout : "") + (head == SequenceModel.Head.MANY_TO_ONE
                        ? " many-to-one" : "") + (padded ? " padded" : "");
    }
}
