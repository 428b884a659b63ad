package io.jlstm.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case recorded from PyTorch by {@code tools/pytorch/gen_parity_fixtures.py}: a model's state
 * dict under its original names, the input {@code [T, B, I]}, target {@code [T, B, O]}, initial
 * state {@code h0} (and {@code c0} for an LSTM) {@code [L, B, H]}, and what PyTorch computed in
 * float64: {@code output}, {@code h_n}, {@code c_n}, the MSE {@code loss}, {@code grad.<key>} for
 * every parameter and for {@code h0} and {@code c0}, and {@code sgd.<key>} after one SGD step.
 * Cases with a zero initial state also hold {@code adam3.<key>} after three Adam steps.
 */
public final class PyTorchFixture {

    /** Resource folder of the fixtures. */
    public static final String RESOURCE_DIR = "/io/jlstm/testkit/pytorch/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SafetensorsFile file;

    private PyTorchFixture(String name, SafetensorsFile file) {
        this.name = name;
        this.file = file;
    }

    /**
     * Loads the fixture {@code name} (such as {@code lstm_small}) from the class path.
     *
     * @throws IllegalArgumentException if there is no such fixture
     */
    public static PyTorchFixture load(String name) {
        String resource = RESOURCE_DIR + name + ".safetensors";
        try (InputStream in = PyTorchFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no PyTorch fixture '" + name + "' at class-path resource " + resource);
            }
            return new PyTorchFixture(name, Safetensors.read(in.readAllBytes(), resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resource, e);
        }
    }

    /** The case name, such as {@code lstm_small}. */
    public String name() {
        return name;
    }

    /** A tensor by name, such as {@code output} or {@code grad.lstm.weight_ih_l0}. */
    public TensorData get(String tensor) {
        return file.get(tensor);
    }

    /** Whether the fixture has a tensor {@code tensor}. */
    public boolean has(String tensor) {
        return file.tensors().containsKey(tensor);
    }

    /** A metadata entry, such as {@code cell}, {@code sgd_lr} or {@code torch_version}. */
    public String metadata(String key) {
        String value = file.metadata().get(key);
        if (value == null) {
            throw new IllegalArgumentException("fixture " + name + " has no metadata '" + key + "'");
        }
        return value;
    }

    /** An integer metadata entry, such as {@code batch}. */
    public int intMetadata(String key) {
        return Integer.parseInt(metadata(key));
    }

    /** The state-dict keys in PyTorch's order. */
    public List<String> stateDictKeys() {
        try {
            return List.of(JSON.readValue(metadata("state_dict"), String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fixture " + name + " has invalid state_dict metadata", e);
        }
    }

    /** The state dict before the SGD step, as PyTorch's {@code state_dict()} returned it. */
    public SafetensorsFile stateDict() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (String key : stateDictKeys()) {
            tensors.put(key, get(key));
        }
        return new SafetensorsFile(tensors, Map.of("torch_version", metadata("torch_version")));
    }
}
