package io.jlstm.testkit;

/**
 * Sizes of one generated test case: input features {@code I}, hidden units {@code H}, output
 * features {@code O}, batch {@code B} and time steps {@code T}.
 */
public record ModelShape(int inputSize, int hiddenSize, int outputSize, int batch, int steps) {

    @Override
    public String toString() {
        return "I=" + inputSize + " H=" + hiddenSize + " O=" + outputSize + " B=" + batch + " T=" + steps;
    }
}
