package io.jlstm.examples.cli;

import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.ExampleTasks;
import io.jlstm.examples.RunContext;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.config.JlstmConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jlstm train}: trains the model a configuration describes and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model as the configuration describes, report its hold-out metrics and save it into"
                + " output.dir.",
                "Without arguments it trains the airline-passengers forecaster.",
                "Every configuration key is also a flag (--model.hidden 16); flags override the file."})
final class TrainCommand implements Callable<Integer>, ConfiguredCommand {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (Java properties), or a built-in name: airline, co2"
                    + " (default: ${DEFAULT-VALUE})")
    String config = ExampleFiles.DEFAULT_CONFIG;

    @Override
    public ConfigSchema schema() {
        return ExampleKeys.schema();
    }

    @Override
    public Integer call() throws Exception {
        JlstmConfig configuration = ConfigFlags.build(spec, schema(), config);
        RunContext context = new RunContext(spec.commandLine().getOut(), System.out,
                "jlstm " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        return ExampleTasks.get(configuration.getString(ExampleKeys.TASK), "key task")
                .train(configuration, context);
    }
}
