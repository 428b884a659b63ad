package io.jlstm.training.pytorch;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's output over a {@link TensorDataFile}, in the shapes PyTorch returns: {@code output}
 * {@code [T, B, O]} (the head applied to every step), {@code h_n} {@code [L, B, H]} and, for cells
 * with a cell state such as the LSTM, {@code c_n} {@code [L, B, H]}; {@code cellState} is
 * {@code null} otherwise. The run starts from a zero state, as PyTorch does without {@code h0}.
 */
public record Prediction(TensorData output, TensorData hidden, TensorData cellState) {

    /** Tensor name of the head's output. */
    public static final String OUTPUT = "output";
    /** Tensor name of the final hidden state. */
    public static final String H_N = "h_n";
    /** Tensor name of the final cell state. */
    public static final String C_N = "c_n";

    /**
     * Runs {@code model} over the input of {@code data} in evaluation mode (no dropout). The states
     * are stacked as PyTorch's {@code h_n} and {@code c_n}: {@code [L * D, B, H]} with {@code D}
     * directions, ordered layer 0 forward, layer 0 reverse, layer 1 forward and so on.
     *
     * @throws SafetensorsException if the input's feature count differs from the model's input size
     * @throws IllegalArgumentException if the model's head is many-to-one, whose output has no time
     *     axis for this format
     */
    public static Prediction run(SequenceModel model, TensorDataFile data) throws SafetensorsException {
        data.requireSizes(model.inputSize(), model.outputSize());
        if (model.headMode() == SequenceModel.Head.MANY_TO_ONE) {
            throw new IllegalArgumentException("prediction files hold one output per step, but the model's head is"
                    + " many-to-one; use SequenceModel.forward for one prediction per sequence");
        }
        int batch = data.batch();

        boolean wasTraining = model.isTraining();
        model.eval();
        SequenceModel.Pass pass;
        try {
            pass = model.forward(data.input(model.backend()), batch, null);
        } finally {
            if (wasTraining) {
                model.train();
            }
        }

        TensorData output = new TensorData(new long[] {data.steps(), batch, model.outputSize()},
                pass.predictions().toArray());
        Tensor[][] finalStates = pass.finalStates();
        int perDirection = model.layers().get(0).cells().get(0).stateSizes().length;
        int directions = model.layers().get(0).cells().size();
        TensorData hidden = stack(finalStates, 0, perDirection, directions, batch);
        TensorData cell = perDirection > 1 ? stack(finalStates, 1, perDirection, directions, batch) : null;
        return new Prediction(output, hidden, cell);
    }

    /** The tensors by name in the order {@code output}, {@code h_n}, {@code c_n}. */
    public Map<String, TensorData> tensors() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put(OUTPUT, output);
        tensors.put(H_N, hidden);
        if (cellState != null) {
            tensors.put(C_N, cellState);
        }
        return tensors;
    }

    /** Writes {@link #tensors()} to {@code file} as float64 safetensors, atomically. */
    public void write(Path file) throws IOException {
        Safetensors.write(file, tensors(), Map.of("format", "pt"));
    }

    /**
     * Stacks state {@code index} of every layer and direction ({@code B x H} each) into
     * {@code [L * D, B, H]}; a layer's states are each direction's {@code perDirection} tensors in turn.
     */
    private static TensorData stack(Tensor[][] states, int index, int perDirection, int directions, int batch) {
        int layers = states.length;
        int width = states[0][index].cols();
        double[] values = new double[layers * directions * batch * width];
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < directions; d++) {
                double[] state = states[k][d * perDirection + index].toArray();
                System.arraycopy(state, 0, values, (k * directions + d) * batch * width, state.length);
            }
        }
        return new TensorData(new long[] {(long) layers * directions, batch, width}, values);
    }
}
