package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import io.jlstm.training.optim.Sgd;
import io.jlstm.training.pytorch.ContinueTraining;
import io.jlstm.training.pytorch.Prediction;
import io.jlstm.training.pytorch.PyTorchImport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numerical parity with PyTorch on the recorded {@link PyTorchFixture}s: imported from the
 * state dict, the model reproduces PyTorch's float64 outputs, final states and MSE loss within
 * {@value #VALUE_RELATIVE} relative ({@value #VALUE_ABSOLUTE} absolute near zero), and every
 * gradient (parameters, {@code h0}, {@code c0}) and every parameter after one SGD step within
 * {@value #GRADIENT_RELATIVE} relative ({@value #GRADIENT_ABSOLUTE} absolute near zero). Continued
 * training of the zero-state cases also matches the parameters after one SGD step and after three
 * {@code torch.optim.Adam} steps with PyTorch's default hyper-parameters, to the same tolerance.
 *
 * <p>Extend this class in a backend's tests and implement {@link #backend()}; the backend must be
 * registered as a provider under {@code backend().name()} for the training test.
 */
public abstract class PyTorchParityTests {

    /** Relative tolerance of outputs, states and loss. */
    public static final double VALUE_RELATIVE = 1e-12;
    /** Absolute tolerance of outputs, states and loss for values near zero. */
    public static final double VALUE_ABSOLUTE = 1e-14;
    /** Relative tolerance of gradients and updated parameters. */
    public static final double GRADIENT_RELATIVE = 1e-10;
    /** Absolute tolerance of gradients and updated parameters for values near zero. */
    public static final double GRADIENT_ABSOLUTE = 1e-12;

    private static final List<String> PARITY_CASES = List.of("lstm_small", "lstm_two_layers", "lstm_size_one",
            "lstm_unit_sizes_two_layers", "lstm_long", "lstm_saturated", "lstm_zero_state", "gru_small",
            "gru_two_layers", "gru_size_one", "gru_long", "gru_saturated", "gru_zero_state");
    private static final List<String> ZERO_STATE_CASES = List.of("lstm_zero_state", "gru_zero_state");

    @TempDir
    Path dir;

    /** The backend under test; called once per test. */
    protected abstract Backend backend();

    /** The cases compared in full: forward, loss, gradients and one SGD step. */
    protected static List<String> parityCases() {
        return PARITY_CASES;
    }

    /** The cases recorded from a zero initial state, as prediction and training start. */
    protected static List<String> zeroStateCases() {
        return ZERO_STATE_CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parityCases")
    void modelMatchesPyTorch(String name) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);

        checkParity(fixture, fixture.stateDict(), backend());
    }

    @ParameterizedTest(name = "{0} blocks {1} and {2} of {3}")
    @CsvSource({
        "lstm_small, 0, 1, lstm.weight_ih_l0",
        "lstm_small, 2, 3, lstm.weight_hh_l0",
        "lstm_small, 1, 3, lstm.bias_ih_l0",
        "lstm_two_layers, 0, 2, encoder.weight_ih_l1",
    })
    void swappedGateBlocksFailParity(String name, int first, int second, String tensor) {
        PyTorchFixture fixture = PyTorchFixture.load(name);
        Map<String, TensorData> swapped = new LinkedHashMap<>(fixture.stateDict().tensors());
        swapped.put(tensor, swapBlocks(swapped.get(tensor), first, second, 4));

        SafetensorsFile stateDict = new SafetensorsFile(swapped, Map.of());

        assertThatThrownBy(() -> checkParity(fixture, stateDict, backend()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("differs from PyTorch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zeroStateCases")
    void predictionMatchesPyTorch(String name) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);
        SequenceModel model = PyTorchImport.load(fixture.stateDict(), null, backend(), Path.of(name)).model();
        Path dataFile = dir.resolve("data.safetensors");
        TensorDataFile.write(dataFile, fixture.get("input"), null);

        Prediction prediction = Prediction.run(model, TensorDataFile.read(dataFile, false));
        Path out = dir.resolve("prediction.safetensors");
        prediction.write(out);
        SafetensorsFile written = Safetensors.read(out);

        assertClose("output", written.get("output"), fixture.get("output"), VALUE_RELATIVE, VALUE_ABSOLUTE);
        assertClose("h_n", written.get("h_n"), fixture.get("h_n"), VALUE_RELATIVE, VALUE_ABSOLUTE);
        if (fixture.has("c_n")) {
            assertClose("c_n", written.get("c_n"), fixture.get("c_n"), VALUE_RELATIVE, VALUE_ABSOLUTE);
        } else {
            assertThat(written.tensors()).doesNotContainKey("c_n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zeroStateCases")
    void continuedTrainingMatchesSgdStep(String name) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);

        ContinueTraining.Result result = continueTraining(fixture, "sgd", fixture.metadata("sgd_lr"), 1);
        SafetensorsFile trained = Safetensors.read(dir.resolve("trained").resolve("weights.safetensors"));

        assertThat(result.summary().steps()).isEqualTo(1);
        assertThat(result.summary().finalTrainingLoss())
                .isCloseTo(fixture.get("loss").data()[0], org.assertj.core.data.Offset.offset(1e-12));
        assertThat(trained.tensors().keySet()).containsExactlyElementsOf(fixture.stateDictKeys());
        for (String key : fixture.stateDictKeys()) {
            assertClose("sgd." + key, trained.get(key), fixture.get("sgd." + key), GRADIENT_RELATIVE,
                    GRADIENT_ABSOLUTE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zeroStateCases")
    void continuedTrainingMatchesAdamSteps(String name) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);
        int steps = fixture.intMetadata("adam_steps");

        ContinueTraining.Result result = continueTraining(fixture, "adam", fixture.metadata("adam_lr"), steps);
        SafetensorsFile trained = Safetensors.read(dir.resolve("trained").resolve("weights.safetensors"));

        assertThat(result.summary().steps()).isEqualTo(steps);
        assertThat(trained.tensors().keySet()).containsExactlyElementsOf(fixture.stateDictKeys());
        for (String key : fixture.stateDictKeys()) {
            assertClose("adam" + steps + "." + key, trained.get(key), fixture.get("adam" + steps + "." + key),
                    GRADIENT_RELATIVE, GRADIENT_ABSOLUTE);
        }
    }

    /**
     * Imports the fixture's state dict, writes its input and target as a data file and trains the
     * imported model for {@code epochs} full-batch epochs without shuffling into {@code dir/trained}.
     * The optimizer's other hyper-parameters keep their defaults, which are PyTorch's.
     */
    private ContinueTraining.Result continueTraining(PyTorchFixture fixture, String optimizer, String learningRate,
            int epochs) throws Exception {
        Path weights = dir.resolve("state_dict.safetensors");
        Safetensors.write(weights, fixture.stateDict().tensors(), Map.of());
        Path modelDir = dir.resolve("imported");
        PyTorchImport.importFile(weights, null, modelDir, backend());
        Path dataFile = dir.resolve("train.safetensors");
        TensorDataFile.write(dataFile, fixture.get("input"), fixture.get("target"));
        JlstmConfig config = JlstmConfig.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .set(CoreKeys.BACKEND, backend().name())
                .set(CoreKeys.OPTIMIZER, optimizer)
                .set(CoreKeys.LEARNING_RATE, learningRate)
                .set(CoreKeys.EPOCHS, epochs)
                .set(CoreKeys.BATCH_SIZE, fixture.intMetadata("batch"))
                .set(CoreKeys.SHUFFLE, false)
                .build();

        return ContinueTraining.run(config, modelDir, dataFile, dir.resolve("trained"));
    }

    @Test
    void fixturesRecordTorchVersion() {
        for (String name : PARITY_CASES) {
            assertThat(PyTorchFixture.load(name).metadata("torch_version")).as(name).isNotBlank();
        }
    }

    /**
     * Imports {@code stateDict} onto {@code backend}, runs forward from the fixture's initial state,
     * the MSE loss, backward and one SGD step, and compares each result with the fixture.
     *
     * @throws AssertionError naming the first quantity that differs from PyTorch, with its worst
     *     element
     */
    public static void checkParity(PyTorchFixture fixture, SafetensorsFile stateDict, Backend backend)
            throws Exception {
        SequenceModel model = PyTorchImport.load(stateDict, null, backend, Path.of(fixture.name())).model();
        int batch = fixture.intMetadata("batch");
        int layers = fixture.intMetadata("layers");
        boolean lstm = fixture.has("c0");
        Tensor x = sequence(backend, fixture.get("input"));
        Tensor target = sequence(backend, fixture.get("target"));
        Tensor[][] initial = new Tensor[layers][];
        for (int k = 0; k < layers; k++) {
            initial[k] = lstm
                    ? new Tensor[] {layer(backend, fixture.get("h0"), k), layer(backend, fixture.get("c0"), k)}
                    : new Tensor[] {layer(backend, fixture.get("h0"), k)};
        }

        SequenceModel.Pass pass = model.forward(x, batch, initial);
        Tensor dPredictions = backend.zeros(pass.predictions().rows(), pass.predictions().cols());
        double loss = new MseLoss().compute(pass.predictions(), target, dPredictions);
        SequenceModel.Gradients gradients = model.backward(pass, dPredictions);

        assertClose("output", pass.predictions().toArray(), fixture.get("output").data(), VALUE_RELATIVE,
                VALUE_ABSOLUTE);
        assertClose("h_n", stack(pass.finalStates(), 0), fixture.get("h_n").data(), VALUE_RELATIVE, VALUE_ABSOLUTE);
        if (lstm) {
            assertClose("c_n", stack(pass.finalStates(), 1), fixture.get("c_n").data(), VALUE_RELATIVE,
                    VALUE_ABSOLUTE);
        }
        assertClose("loss", new double[] {loss}, fixture.get("loss").data(), VALUE_RELATIVE, VALUE_ABSOLUTE);
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            assertClose("grad." + e.getKey(), e.getValue().gradient().toArray(),
                    fixture.get("grad." + e.getKey()).data(), GRADIENT_RELATIVE, GRADIENT_ABSOLUTE);
        }
        assertClose("grad.h0", stack(gradients.initialStates(), 0), fixture.get("grad.h0").data(),
                GRADIENT_RELATIVE, GRADIENT_ABSOLUTE);
        if (lstm) {
            assertClose("grad.c0", stack(gradients.initialStates(), 1), fixture.get("grad.c0").data(),
                    GRADIENT_RELATIVE, GRADIENT_ABSOLUTE);
        }

        new Sgd(Double.parseDouble(fixture.metadata("sgd_lr"))).step(model.parameters());
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            assertClose("sgd." + e.getKey(), e.getValue().value().toArray(), fixture.get("sgd." + e.getKey()).data(),
                    GRADIENT_RELATIVE, GRADIENT_ABSOLUTE);
        }
    }

    /**
     * Asserts that every element of {@code actual} is within {@code relative * |expected|} or
     * {@code absolute} of {@code expected}, whichever is larger.
     *
     * @throws AssertionError naming {@code what}, the worst element's index, both values and the
     *     error
     */
    public static void assertClose(String what, double[] actual, double[] expected, double relative,
            double absolute) {
        if (actual.length != expected.length) {
            throw new AssertionError(what + " has " + actual.length + " values, but PyTorch's has " + expected.length);
        }
        int worst = -1;
        double worstRatio = 1.0;
        for (int k = 0; k < actual.length; k++) {
            double error = Math.abs(actual[k] - expected[k]);
            double allowed = Math.max(absolute, relative * Math.abs(expected[k]));
            double ratio = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / allowed;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = k;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(String.format("%s differs from PyTorch at flat index %d: jLSTM %.17g, PyTorch %.17g,"
                    + " error %.3g, allowed %.3g (relative %.0e, absolute %.0e)", what, worst, actual[worst],
                    expected[worst], Math.abs(actual[worst] - expected[worst]),
                    Math.max(absolute, relative * Math.abs(expected[worst])), relative, absolute));
        }
    }

    /** {@link #assertClose(String, double[], double[], double, double)} that also compares the shapes. */
    public static void assertClose(String what, TensorData actual, TensorData expected, double relative,
            double absolute) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        assertClose(what, actual.data(), expected.data(), relative, absolute);
    }

    /** Swaps gate blocks {@code first} and {@code second} (of {@code blocks}) along dimension 0. */
    static TensorData swapBlocks(TensorData t, int first, int second, int blocks) {
        double[] data = t.data().clone();
        int blockLength = data.length / blocks;
        for (int k = 0; k < blockLength; k++) {
            double tmp = data[first * blockLength + k];
            data[first * blockLength + k] = data[second * blockLength + k];
            data[second * blockLength + k] = tmp;
        }
        return new TensorData(t.shape(), data);
    }

    private static Tensor sequence(Backend backend, TensorData t) {
        long[] s = t.shape();
        return backend.fromArray((int) (s[0] * s[1]), (int) s[2], t.data().clone());
    }

    private static Tensor layer(Backend backend, TensorData t, int k) {
        int rows = (int) t.shape()[1];
        int cols = (int) t.shape()[2];
        double[] values = new double[rows * cols];
        System.arraycopy(t.data(), k * rows * cols, values, 0, values.length);
        return backend.fromArray(rows, cols, values);
    }

    private static double[] stack(Tensor[][] states, int index) {
        int size = states[0][index].size();
        double[] values = new double[states.length * size];
        for (int k = 0; k < states.length; k++) {
            System.arraycopy(states[k][index].toArray(), 0, values, k * size, size);
        }
        return values;
    }
}
