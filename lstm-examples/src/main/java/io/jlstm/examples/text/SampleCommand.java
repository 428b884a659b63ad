package io.jlstm.examples.text;

import io.jlstm.api.tensor.Backend;
import io.jlstm.training.backend.Backends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jlstm sample}: generates text from a saved character-level model and prints it to standard
 * output. Invalid options raise {@link ParameterException}; a model directory that cannot be loaded
 * raises {@link io.jlstm.training.io.ModelFileException}, which the {@code jlstm} command reports
 * with exit status 2.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate text from a character-level model trained with task = text, one character at a"
                + " time.")
public final class SampleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "Model directory written by training (weights.safetensors and model.json).")
    private Path model;

    @Option(names = "--length", defaultValue = "500", paramLabel = "N",
            description = "Characters to generate after the prime (default: ${DEFAULT-VALUE}).")
    private int length;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Softmax temperature, > 0: 1 samples the model's distribution, lower values more"
                    + " conservative text, higher values more varied text (default: ${DEFAULT-VALUE}).")
    private double temperature;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the random draws; the same seed, model and options give the same text"
                    + " (default: a new seed, printed to standard error).")
    private Long seed;

    @Option(names = "--prime", defaultValue = "", paramLabel = "TEXT",
            description = "Text to start from, printed before the generated text; every character must be in the"
                    + " model's vocabulary (default: none; generation then starts after a newline).")
    private String prime;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Math backend to run the model on (default: the fastest one available).")
    private String backend;

    @Override
    public Integer call() throws IOException {
        if (length < 0) {
            throw new ParameterException(spec.commandLine(), "invalid value " + length + " for option '--length':"
                    + " expected a number of characters >= 0");
        }
        if (!(temperature > 0.0) || !Double.isFinite(temperature)) {
            throw new ParameterException(spec.commandLine(), "invalid value " + temperature + " for option"
                    + " '--temperature': expected a finite number > 0, such as 0.8");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Backend math = backend == null ? Backends.defaultProvider().create() : Backends.byName(backend).create();
        CharSampler sampler = CharSampler.load(model, math);

        long drawSeed = seed != null ? seed : System.nanoTime();
        String text;
        try {
            text = sampler.generate(prime, length, temperature, drawSeed);
        } catch (CorpusException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, prime);
        }
        if (seed == null) {
            err.println("seed " + drawSeed + " (pass --seed " + drawSeed + " to repeat this sample)");
        }
        out.print(prime);
        out.println(text);
        out.flush();
        return 0;
    }
}
