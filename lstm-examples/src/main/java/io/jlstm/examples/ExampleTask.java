package io.jlstm.examples;

import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.io.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One kind of model the {@code jlstm} command trains and evaluates, chosen by the {@code task}
 * key when training and by the {@code task} field of {@code model.json} when evaluating.
 * Implementations are listed in {@link ExampleTasks}.
 */
public interface ExampleTask {

    /** Name in the {@code task} key and in {@code model.json}. */
    String name();

    /**
     * Trains a model as {@code config} describes, saves it into {@code output.dir} and prints a
     * summary.
     *
     * @return the exit status: 0 on success
     * @throws io.jlstm.training.TrainingDivergedException when a loss or gradient norm is not finite
     * @throws io.jlstm.examples.data.DataException on bad input data
     * @throws io.jlstm.training.config.ConfigException on a bad configuration value
     */
    int train(JlstmConfig config, RunContext context) throws IOException;

    /**
     * Prints the hold-out metrics of a loaded model.
     *
     * @param data data file to evaluate on, or {@code null} for the file recorded in the model
     * @return the exit status
     */
    int evaluate(Path modelDir, ModelDirectory.Loaded loaded, Path data, RunContext context) throws IOException;
}
