package io.jlstm.training.data;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sequences stored as a safetensors file in PyTorch's default time-major layout: {@value #INPUT}
 * of shape {@code [T, B, I]} and, for training, {@value #TARGET} of shape {@code [T, B, O]}, float64
 * (float32 is widened). No other tensor names are accepted, so a misspelt name is an error and not
 * silently ignored.
 *
 * <p>Row-major {@code [T, B, F]} is the same memory order as jLSTM's {@code (T*B) x F} sequence
 * tensors, so {@link #input(Backend)} copies the values without reordering.
 */
public final class TensorDataFile {

    /** Name of the input tensor, {@code [T, B, I]}. */
    public static final String INPUT = "input";
    /** Name of the target tensor, {@code [T, B, O]}. */
    public static final String TARGET = "target";

    private static final Set<String> NAMES = Set.of(INPUT, TARGET);

    private final String source;
    private final TensorData input;
    private final TensorData target;

    private TensorDataFile(String source, TensorData input, TensorData target) {
        this.source = source;
        this.input = input;
        this.target = target;
    }

    /**
     * Reads and validates a data file.
     *
     * @param requireTarget whether {@value #TARGET} must be present (training) or may be absent
     *     (prediction)
     * @throws SafetensorsException if the file is malformed, a tensor is missing, unknown, not of
     *     rank 3, has a zero dimension or a non-finite value, or the target's {@code T} and {@code B}
     *     differ from the input's
     */
    public static TensorDataFile read(Path file, boolean requireTarget) throws IOException {
        SafetensorsFile contents = Safetensors.read(file);
        return of(contents.tensors(), requireTarget, file.toString());
    }

    /**
     * Validates tensors already in memory, as {@link #read} does.
     *
     * @param source the tensors' origin for error messages
     */
    public static TensorDataFile of(Map<String, TensorData> tensors, boolean requireTarget, String source)
            throws SafetensorsException {
        for (String name : tensors.keySet()) {
            if (!NAMES.contains(name)) {
                throw new SafetensorsException(source + ": unexpected tensor '" + name + "'; a data file contains only '"
                        + INPUT + "' [T, B, I] and '" + TARGET + "' [T, B, O]");
            }
        }
        TensorData input = tensors.get(INPUT);
        if (input == null) {
            throw new SafetensorsException(source + ": missing tensor '" + INPUT + "' of shape [T, B, I]");
        }
        checkSequence(input, INPUT, "[T, B, I]", source);

        TensorData target = tensors.get(TARGET);
        if (target == null && requireTarget) {
            throw new SafetensorsException(source + ": missing tensor '" + TARGET + "' of shape [T, B, O]; training"
                    + " needs a target for every input step");
        }
        if (target != null) {
            checkSequence(target, TARGET, "[T, B, O]", source);
            if (target.shape()[0] != input.shape()[0] || target.shape()[1] != input.shape()[1]) {
                throw new SafetensorsException(source + ": tensor '" + TARGET + "' has shape " + target.shapeText()
                        + ", expected [" + input.shape()[0] + ", " + input.shape()[1] + ", O] to match the T and B of '"
                        + INPUT + "' " + input.shapeText());
            }
        }
        return new TensorDataFile(source, input, target);
    }

    /**
     * Writes {@code input} ({@code [T, B, I]}) and, unless it is {@code null}, {@code target}
     * ({@code [T, B, O]}) as a data file, atomically.
     *
     * @throws SafetensorsException if the tensors do not form a valid data file
     */
    public static void write(Path file, TensorData input, TensorData target) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put(INPUT, input);
        if (target != null) {
            tensors.put(TARGET, target);
        }
        of(tensors, false, file.toString());
        Safetensors.write(file, tensors, Map.of());
    }

    /** The file name or other origin used in error messages. */
    public String source() {
        return source;
    }

    /** Time steps {@code T}. */
    public int steps() {
        return (int) input.shape()[0];
    }

    /** Sequences {@code B}. */
    public int batch() {
        return (int) input.shape()[1];
    }

    /** Input features {@code I} per step. */
    public int inputSize() {
        return (int) input.shape()[2];
    }

    /** Whether the file has a {@value #TARGET}. */
    public boolean hasTarget() {
        return target != null;
    }

    /** Target values {@code O} per step, or 0 without a target. */
    public int targetSize() {
        return target == null ? 0 : (int) target.shape()[2];
    }

    /**
     * Checks that the model's sizes fit the file.
     *
     * @throws SafetensorsException naming the tensor, its shape and the size the model expects
     */
    public void requireSizes(int modelInputSize, int modelOutputSize) throws SafetensorsException {
        if (inputSize() != modelInputSize) {
            throw new SafetensorsException(source + ": tensor '" + INPUT + "' has shape " + input.shapeText()
                    + ", expected [T, B, " + modelInputSize + "] for the model's input size " + modelInputSize);
        }
        if (target != null && targetSize() != modelOutputSize) {
            throw new SafetensorsException(source + ": tensor '" + TARGET + "' has shape " + target.shapeText()
                    + ", expected [T, B, " + modelOutputSize + "] for the model's output size " + modelOutputSize);
        }
    }

    /** The input as a new {@code (T*B) x I} sequence tensor on {@code backend}. */
    public Tensor input(Backend backend) {
        return backend.fromArray(steps() * batch(), inputSize(), input.data().clone());
    }

    /**
     * The target as a new {@code (T*B) x O} sequence tensor on {@code backend}.
     *
     * @throws IllegalStateException if the file has no target
     */
    public Tensor target(Backend backend) {
        return backend.fromArray(steps() * batch(), targetSize(), requireTarget().data().clone());
    }

    /**
     * The {@code B} sequences as a dataset for the trainer: sample {@code b} is column {@code b} of
     * the batch dimension.
     *
     * @throws IllegalStateException if the file has no target
     */
    public SequenceDataset dataset() {
        TensorData targets = requireTarget();
        int steps = steps();
        int batch = batch();
        int inputSize = inputSize();
        int targetSize = targetSize();
        double[] x = input.data();
        double[] y = targets.data();
        return new SequenceDataset() {
            @Override
            public int size() {
                return batch;
            }

            @Override
            public int steps() {
                return steps;
            }

            @Override
            public int inputSize() {
                return inputSize;
            }

            @Override
            public int targetSize() {
                return targetSize;
            }

            @Override
            public void sample(int index, double[] sampleInput, double[] sampleTarget) {
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(x, (t * batch + index) * inputSize, sampleInput, t * inputSize, inputSize);
                    System.arraycopy(y, (t * batch + index) * targetSize, sampleTarget, t * targetSize, targetSize);
                }
            }
        };
    }

    private TensorData requireTarget() {
        if (target == null) {
            throw new IllegalStateException(source + " has no '" + TARGET + "' tensor");
        }
        return target;
    }

    private static void checkSequence(TensorData t, String name, String form, String source)
            throws SafetensorsException {
        long[] shape = t.shape();
        if (shape.length != 3) {
            throw new SafetensorsException(source + ": tensor '" + name + "' has shape " + t.shapeText() + ", expected "
                    + form + " (time-major, rank 3)");
        }
        for (long d : shape) {
            if (d < 1) {
                throw new SafetensorsException(source + ": tensor '" + name + "' has shape " + t.shapeText()
                        + ", expected " + form + " with every dimension at least 1");
            }
        }
        double[] data = t.data();
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                long f = shape[2];
                long b = shape[1];
                throw new SafetensorsException(source + ": tensor '" + name + "' contains " + data[k] + " at [t="
                        + k / (f * b) + ", b=" + k / f % b + ", feature=" + k % f + "]; every value must be finite");
            }
        }
    }
}
