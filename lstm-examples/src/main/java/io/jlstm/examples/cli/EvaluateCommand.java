package io.jlstm.examples.cli;

import io.jlstm.examples.ExampleTasks;
import io.jlstm.examples.RunContext;
import io.jlstm.training.io.ModelDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jlstm evaluate}: the hold-out metrics of a saved model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the hold-out metrics of a saved model, next to the baselines.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = {"-d", "--data"}, paramLabel = "FILE",
            description = "Data file to evaluate on; its last values form the hold-out (default: the file the model"
                    + " was trained on)")
    Path data;

    @Override
    public Integer call() throws Exception {
        ModelDirectory.Loaded loaded = modelOptions.load();
        String task = loaded.document().path("task").asText("");
        RunContext context = new RunContext(spec.commandLine().getOut(), System.out, "jlstm evaluate");
        return ExampleTasks.get(task, "field task of " + modelOptions.model.resolve(ModelDirectory.MODEL_FILE))
                .evaluate(modelOptions.model, loaded, data, context);
    }
}
