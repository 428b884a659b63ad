package io.jlstm.training.memory;

import io.jlstm.api.layer.BidirectionalLayer;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.layer.SequenceLayer;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.training.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An estimate of the heap one training run needs, computed from the sizes before any tensor is
 * allocated, so that a configuration that cannot fit fails at once instead of with an
 * {@code OutOfMemoryError} hours later.
 *
 * <p>All parts are in bytes of float64 values:
 * <ul>
 *   <li>parameters, their gradients and the optimizer's buffers ({@code P} values each);</li>
 *   <li>activations kept for BPTT: for each layer, {@code S x B x (H x saved + I)} values, where
 *       {@code S} is the number of steps one forward pass covers (the whole sequence, or
 *       {@code bptt.k1} with truncated BPTT), {@code saved} the values the cell keeps per hidden
 *       unit and step (13 for the LSTM: state h and c, output, input projection reused for the gate
 *       gradients, gate activations, tanh(c) and previous h) and {@code I} the layer's input
 *       gradient; plus the head's {@code S x B x (H + 2 O)} and a segment copy of input and target;</li>
 *   <li>one minibatch of the whole sequence, {@code T x B x (I + O)};</li>
 *   <li>the training data already loaded, as the caller counts it;</li>
 *   <li>a checkpoint's copy of parameters and optimizer buffers, twice (captured values and
 *       encoded bytes).</li>
 * </ul>
 *
 * <p>It is an estimate: JVM object headers, the backends' scratch buffers and garbage not yet
 * collected come on top. The figures are checked against measured allocation in the tests.
 */
public record MemoryEstimate(long parameterBytes, long gradientBytes, long optimizerBytes, long activationBytes,
        long batchBytes, long dataBytes, long checkpointBytes, Run run) {

    /**
     * Values a cell keeps per hidden unit and time step for backpropagation, by cell type, counted
     * from the tapes of the built-in cells (states, outputs, gate activations, buffers for the
     * gradients) and checked against measured allocation in the tests.
     */
    public static final Map<String, Integer> SAVED_VALUES_PER_HIDDEN = Map.of("lstm", 8, "gru", 16, "rnn-tanh", 6,
            "rnn-relu", 6, "peephole-lstm", 20);

    // NOTE: cell types missing from SAVED_VALUES_PER_HIDDEN are estimated with the largest figure.
    private static final int DEFAULT_SAVED_VALUES = 20;

    /** Optimizer buffers per parameter value, by optimizer name, at their most (momentum, centered). */
    public static final Map<String, Integer> OPTIMIZER_BUFFERS = Map.of("sgd", 1, "adam", 2, "adamw", 2,
            "rmsprop", 3, "adagrad", 1);

    private static final int DEFAULT_OPTIMIZER_BUFFERS = 3;
    private static final long BYTES = Double.BYTES;

    /** One recurrent layer's shape (one direction of a bidirectional layer): cell type, input features and hidden size. */
    public record Layer(String cell, int inputSize, int hiddenSize) {
    }

    /**
     * The sizes an estimate is made from.
     *
     * @param layers the recurrent layers, bottom first
     * @param outputSize features per step of the head's output {@code O}
     * @param parameters parameter values {@code P}
     * @param optimizer optimizer name, for the number of buffers it keeps
     * @param batch sequences per minibatch {@code B}
     * @param steps time steps per sequence {@code T}
     * @param segmentSteps time steps per forward pass {@code S}: {@code T} for full BPTT, or {@code bptt.k1}
     * @param datasetValues float64 values of the training and validation data already in memory
     */
    public record Run(List<Layer> layers, int outputSize, long parameters, String optimizer, int batch, int steps,
            int segmentSteps, long datasetValues) {

        /** Copies {@code layers}. */
        public Run {
            layers = List.copyOf(layers);
        }

        /** Returns the same run with {@code newBatch} sequences per minibatch. */
        public Run withBatch(int newBatch) {
            return new Run(layers, outputSize, parameters, optimizer, newBatch, steps, segmentSteps, datasetValues);
        }

        /** Returns the same run with {@code newSegmentSteps} steps per forward pass. */
        public Run withSegmentSteps(int newSegmentSteps) {
            return new Run(layers, outputSize, parameters, optimizer, batch, steps, newSegmentSteps, datasetValues);
        }
    }

    /**
     * Estimates the run of {@code model}.
     *
     * @param segmentSteps steps per forward pass: {@code steps} for full BPTT, {@code min(k1, steps)}
     *     for truncated BPTT
     */
    public static MemoryEstimate forTraining(SequenceModel model, String optimizer, int batch, int steps,
            int segmentSteps, long datasetValues) {
        List<Layer> layers = new ArrayList<>();
        for (SequenceLayer layer : model.layers()) {
            List<RecurrentLayer> directions = layer instanceof BidirectionalLayer both
                    ? List.of(both.forwardDirection(), both.reverseDirection())
                    : layer instanceof RecurrentLayer one ? List.of(one) : List.of();
            if (directions.isEmpty()) {
                layers.add(new Layer(layer.getClass().getSimpleName(), layer.inputSize(), layer.outputSize()));
            }
            for (RecurrentLayer direction : directions) {
                // NOTE: a projected LSTM keeps gates of its hidden size, above the output size counted here.
                layers.add(new Layer(direction.cell().type(), direction.cell().inputSize(),
                        direction.cell().outputSize()));
            }
        }
        return of(new Run(layers, model.outputSize(), model.parameters().elementCount(), optimizer, batch, steps,
                segmentSteps, datasetValues));
    }

    /**
     * Estimates {@code run}.
     *
     * @throws IllegalArgumentException if a size is not positive or the segment is longer than the sequence
     */
    public static MemoryEstimate of(Run run) {
        if (run.layers().isEmpty() || run.batch() < 1 || run.steps() < 1 || run.segmentSteps() < 1
                || run.segmentSteps() > run.steps() || run.outputSize() < 1 || run.parameters() < 0
                || run.datasetValues() < 0) {
            throw new IllegalArgumentException("invalid sizes for a memory estimate: " + run);
        }
        long parameters = run.parameters() * BYTES;
        long optimizer = parameters * OPTIMIZER_BUFFERS.getOrDefault(run.optimizer(), DEFAULT_OPTIMIZER_BUFFERS);
        long rows = (long) run.segmentSteps() * run.batch();

        long perRow = 0;
        for (Layer layer : run.layers()) {
            int saved = SAVED_VALUES_PER_HIDDEN.getOrDefault(layer.cell(), DEFAULT_SAVED_VALUES);
            perRow += (long) layer.hiddenSize() * saved + layer.inputSize();
        }
        Layer top = run.layers().get(run.layers().size() - 1);
        int inputSize = run.layers().get(0).inputSize();
        perRow += top.hiddenSize() + 2L * run.outputSize() + inputSize + run.outputSize();
        long activations = rows * perRow * BYTES;

        long batchBytes = (long) run.steps() * run.batch() * (inputSize + run.outputSize()) * BYTES;
        long checkpoint = 2 * (parameters + optimizer);
        return new MemoryEstimate(parameters, parameters, optimizer, activations, batchBytes,
                run.datasetValues() * BYTES, checkpoint, run);
    }

    /**
     * Checks that the parameters of {@code spec} and their gradients fit in {@code maxHeapBytes},
     * before the model is built, so that a model too large for the heap fails at once instead of
     * with an {@code OutOfMemoryError} while its weights are allocated.
     *
     * @throws InsufficientHeapException if they do not fit, with the sizes and the options
     * @throws IllegalArgumentException if an option of {@code spec} is invalid
     */
    public static void requireParametersFit(io.jlstm.training.ModelSpec spec, long maxHeapBytes) {
        OptionalLong count = spec.parameterCount();
        if (count.isEmpty()) {
            return;
        }
        long values = count.getAsLong();
        long bytes = values > Long.MAX_VALUE / (2 * BYTES) ? Long.MAX_VALUE : values * 2 * BYTES;
        if (bytes <= maxHeapBytes) {
            return;
        }
        long gib = 1L << 30;
        long heapGib = bytes / gib + bytes / (4 * gib) + 1;
        throw new InsufficientHeapException("the model needs an estimated " + format(bytes) + " of heap for its "
                + values + " parameter values and their gradients (" + spec.cell() + ", hidden " + spec.hiddenSize()
                + ", " + spec.layers() + " layers), but the maximum heap is " + format(maxHeapBytes) + ". Use a smaller"
                + " model.hidden or model.layers, or start java with -Xmx" + heapGib + "g", null);
    }

    /** Sum of all parts, in bytes. */
    public long totalBytes() {
        return parameterBytes + gradientBytes + optimizerBytes + activationBytes + batchBytes + dataBytes
                + checkpointBytes;
    }

    /**
     * Checks the estimate against {@code maxHeapBytes}, such as {@code Runtime.getRuntime().maxMemory()}.
     *
     * @throws InsufficientHeapException if the estimate exceeds it, with the estimate, its parts
     *     and the options: a shorter {@code bptt.k1}, a smaller {@code training.batch-size} or a
     *     larger {@code -Xmx}, each with a value that would fit where one exists
     */
    public void requireFits(long maxHeapBytes) {
        if (totalBytes() <= maxHeapBytes) {
            return;
        }
        List<String> options = new ArrayList<>();
        int steps = largestFitting(run.segmentSteps(), maxHeapBytes, true);
        if (steps > 0) {
            options.add("truncated BPTT with bptt.k1 = " + steps + " (or fewer) steps per segment");
        }
        int batch = largestFitting(run.batch(), maxHeapBytes, false);
        if (batch > 0) {
            options.add("training.batch-size = " + batch + " (or fewer)");
        }
        long gib = 1L << 30;
        long heapGib = (totalBytes() + totalBytes() / 4 + gib - 1) / gib;
        options.add("a larger heap: start java with -Xmx" + heapGib + "g");
        throw new InsufficientHeapException("training needs an estimated " + format(totalBytes()) + " of heap, but"
                + " the maximum heap is " + format(maxHeapBytes) + " (" + breakdown() + "). Use "
                + String.join(", or ", options), this);
    }

    /** Describes the parts with their sizes, such as {@code activations kept for BPTT 1.2 GiB (500 steps x 64 sequences, ...)}. */
    public String breakdown() {
        return "activations kept for BPTT " + format(activationBytes) + " (" + Plural.count(run.segmentSteps(), "step")
                + " x " + Plural.count(run.batch(), "sequence") + ", " + Plural.count(run.layers().size(),
                "recurrent layer") + "), parameters " + format(parameterBytes)
                + ", gradients " + format(gradientBytes) + ", optimizer state " + format(optimizerBytes)
                + ", minibatch " + format(batchBytes) + ", data " + format(dataBytes) + ", checkpoint copies "
                + format(checkpointBytes);
    }

    /** Formats a byte count with a binary unit, such as {@code 1.5 GiB}. */
    public static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Returns the largest segment length (or batch size) below the current one that fits, or 0 if none does. */
    private int largestFitting(int current, long maxHeapBytes, boolean segment) {
        int low = 0;
        int high = current - 1;
        while (low < high) {
            int mid = low + (high - low + 1) / 2;
            Run smaller = segment ? run.withSegmentSteps(mid) : run.withBatch(mid);
            if (of(smaller).totalBytes() <= maxHeapBytes) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
