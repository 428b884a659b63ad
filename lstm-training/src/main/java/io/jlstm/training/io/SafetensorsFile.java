package io.jlstm.training.io;

import java.util.Collections;
import java.util.Map;

/** The contents of a safetensors file: tensors by name in file order, and the optional metadata. */
public record SafetensorsFile(Map<String, TensorData> tensors, Map<String, String> metadata) {

    /** Wraps the maps as unmodifiable views. */
    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(tensors);
        metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Returns the tensor named {@code name}.
     *
     * @throws IllegalArgumentException listing the names present if there is none
     */
    public TensorData get(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "'; the file has: " + tensors.keySet());
        }
        return t;
    }
}
