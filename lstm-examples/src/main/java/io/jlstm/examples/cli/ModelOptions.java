package io.jlstm.examples.cli;

import io.jlstm.api.tensor.Backend;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.io.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that load a saved model: the model directory and the backend. */
final class ModelOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", required = true,
            description = "Model directory written by jlstm train (weights.safetensors and model.json)")
    Path model;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to run on, by provider name (default: the highest-priority provider)")
    String backend;

    /** Loads the model onto the chosen backend. */
    ModelDirectory.Loaded load() throws IOException {
        Backend b = backend == null ? Backends.defaultProvider().create() : Backends.byName(backend).create();
        return ModelDirectory.load(model, b);
    }
}
