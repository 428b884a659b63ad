package io.jlstm.training.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The benchmark workloads: one LSTM layer with a dense head, float64, MSE loss, full
 * backpropagation through time and an SGD update per training step.
 */
public enum Workload {

    /** I=8, H=32, O=8, B=16, T=50: bound by point-wise work and per-step overhead, not by GEMM. */
    SMALL(8, 32, 8, 16, 50),
    /** I=64, H=256, O=64, B=32, T=100. */
    MEDIUM(64, 256, 64, 32, 100),
    /** I=256, H=512, O=256, B=64, T=100. */
    LARGE(256, 512, 256, 64, 100);

    private final int inputSize;
    private final int hiddenSize;
    private final int outputSize;
    private final int batch;
    private final int steps;

    Workload(int inputSize, int hiddenSize, int outputSize, int batch, int steps) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.outputSize = outputSize;
        this.batch = batch;
        this.steps = steps;
    }

    /**
     * Returns the workload named {@code name} ({@code small}, {@code medium} or {@code large}, any case).
     *
     * @throws IllegalArgumentException naming the valid workloads if there is none
     */
    public static Workload parse(String name) {
        for (Workload w : values()) {
            if (w.id().equalsIgnoreCase(name.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", ")));
    }

    /** Lower-case name, as written on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Input features I. */
    public int inputSize() {
        return inputSize;
    }

    /** Hidden units H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** Output features O. */
    public int outputSize() {
        return outputSize;
    }

    /** Batch size B. */
    public int batch() {
        return batch;
    }

    /** Time steps T. */
    public int steps() {
        return steps;
    }

    /**
     * Floating-point operations of one forward pass, counting the GEMMs only:
     * {@code T * 2B(I+H) * 4H} for the gates plus {@code T * 2BHO} for the head.
     */
    public double forwardFlops() {
        double gates = (double) steps * 2 * batch * (inputSize + hiddenSize) * 4 * hiddenSize;
        double head = (double) steps * 2 * batch * hiddenSize * outputSize;
        return gates + head;
    }

    /** Floating-point operations of one training step, counted as three forward passes. */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }

    /**
     * Doubles that full BPTT must keep per training step, an estimate of the minimum: the input
     * {@code T*B*I}, the gate activations {@code T*B*4H}, the cell states, {@code tanh(c)} and
     * hidden states {@code 3*T*B*H}, and the predictions {@code T*B*O}.
     */
    public long activationDoubles() {
        return (long) steps * batch * (inputSize + 7L * hiddenSize + outputSize);
    }

    /** Doubles of the parameters: LSTM weights and both biases, head weight and bias. */
    public long parameterDoubles() {
        long lstm = 4L * hiddenSize * (inputSize + hiddenSize) + 8L * hiddenSize;
        long head = (long) outputSize * hiddenSize + outputSize;
        return lstm + head;
    }

    /** Bytes of activations plus parameters plus their gradients, the theoretical training memory. */
    public long theoreticalBytes() {
        return 8L * (activationDoubles() + 2 * parameterDoubles());
    }

    @Override
    public String toString() {
        return id() + " (I=" + inputSize + ", H=" + hiddenSize + ", O=" + outputSize + ", B=" + batch + ", T="
                + steps + ")";
    }
}
