package io.jlstm.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The reference values that {@code tools/pytorch/gen_optimizer_refs.py} recorded with PyTorch 1.13,
 * read from the test resource {@code io/jlstm/training/pytorch/optimizer_refs.json}.
 */
public final class PyTorchReferences {

    private static JsonNode root;

    private PyTorchReferences() {
    }

    /** The whole JSON document. */
    public static synchronized JsonNode document() {
        if (root == null) {
            try (InputStream in = PyTorchReferences.class.getResourceAsStream("pytorch/optimizer_refs.json")) {
                if (in == null) {
                    throw new IllegalStateException("test resource io/jlstm/training/pytorch/optimizer_refs.json is"
                            + " missing; run tools/pytorch/gen_optimizer_refs.py");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** A JSON array of numbers as a double array. */
    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = array.get(k).asDouble();
        }
        return values;
    }
}
