package io.jlstm.examples.cli;

import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.ExampleTask;
import io.jlstm.examples.ExampleTasks;
import io.jlstm.examples.RunContext;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.config.ConfigSource;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.SafetyKeys;
import io.jlstm.training.listen.TrainingSummary;
import io.jlstm.training.pytorch.ContinueTraining;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code jlstm train}: trains the model a configuration describes and saves it, or, with
 * {@code --model}, continues training a saved model on a safetensors data file.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model as the configuration describes, report its hold-out metrics and save it into"
                + " output.dir.",
                "Without arguments it trains the airline-passengers forecaster.",
                "With --model DIR --data FILE.safetensors --out DIR2 it continues training the saved model on the"
                        + " tensors input [T, B, I] and target [T, B, O] (MSE, full BPTT from a zero state) and saves"
                        + " it to DIR2 under the same tensor names; only the training keys apply then, and the"
                        + " configuration file is read only if --config is given.",
                "Every configuration key is also a flag (--model.hidden 16); flags override the file."})
final class TrainCommand implements Callable<Integer>, ConfiguredCommand {

    /** The short options that set a configuration key, by option name. */
    private static final Map<String, ConfigKey> SHORT_OPTIONS = shortOptions();

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (Java properties), or a built-in name: airline, co2,"
                    + " text-shakespeare (default: ${DEFAULT-VALUE}); with --model, only a file given here is read")
    String config = ExampleFiles.DEFAULT_CONFIG;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory to continue training, for example one written by jlstm import-pytorch;"
                    + " needs --data and --out")
    Path model;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Safetensors data file for --model: input [T, B, I] and target [T, B, O], float64 or"
                    + " float32, time-major")
    Path data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Model directory that --model training writes; weights.safetensors keeps the tensor names")
    Path out;

    @Option(names = "--force",
            description = "With --model: replace the model in --out if that directory is not empty; without it,"
                    + " such a directory is rejected")
    boolean force;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "Optimizer: sgd, adam, adamw, rmsprop, adagrad; hyper-parameters not given take PyTorch's"
                    + " defaults (same as --optimizer.name)")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (same as --optimizer.lr)")
    String lr;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (same as"
            + " --training.epochs)")
    String epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Sequences per minibatch (same as"
            + " --training.batch-size)")
    String batchSize;

    @Option(names = "--no-shuffle", description = "Keep the order of the training sequences (same as"
            + " --training.shuffle false)")
    boolean noShuffle;

    @Option(names = "--resume",
            description = "Continue from the checkpoint in checkpoint.dir, as checkpoint.resume = true does")
    boolean resume;

    @Override
    public ConfigSchema schema() {
        return ExampleKeys.schema();
    }

    @Override
    public Integer call() throws Exception {
        if (model != null) {
            return continueTraining();
        }
        if (data != null || out != null) {
            throw new ParameterException(spec.commandLine(), "options '--data' and '--out' continue training a model"
                    + " directory and need '--model DIR'; to train from a configuration, set --data.path and"
                    + " --output.dir");
        }
        if (force) {
            throw new ParameterException(spec.commandLine(), "option '--force' applies only with '--model DIR' and"
                    + " '--out DIR'; training from a configuration replaces the model in output.dir without it");
        }

        JlstmConfig configuration = configuration(config);
        RunContext context = new RunContext(spec.commandLine().getOut(), System.out,
                "jlstm " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        ExampleTask task = ExampleTasks.get(configuration.getString(ExampleKeys.TASK), "key task");
        CliFiles.requireWritableDirectory(Path.of(configuration.getString(ExampleKeys.OUTPUT_DIR)), "output.dir");
        return task.train(configuration, context);
    }

    /** Trains the model directory {@link #model} on {@link #data} and saves it to {@link #out}. */
    private int continueTraining() throws Exception {
        if (data == null || out == null) {
            throw new ParameterException(spec.commandLine(), "option '--model' needs '--data FILE.safetensors' and"
                    + " '--out DIR'");
        }
        if (!CliFiles.isSafetensors(data)) {
            throw new ParameterException(spec.commandLine(), "invalid value '" + data + "' for option '--data':"
                    + " training a model directory needs a safetensors file (*.safetensors) with input [T, B, I]"
                    + " and target [T, B, O]");
        }
        CliFiles.requireFile(spec, "--data", data);
        CliFiles.requireModelOutput(spec, out, force);
        boolean configGiven = spec.commandLine().getParseResult().hasMatchedOption("--config");
        JlstmConfig configuration = configuration(configGiven ? config : null);
        rejectModelAndTaskKeys(configuration);

        ContinueTraining.Result result = ContinueTraining.run(configuration, model, data, out);

        TrainingSummary summary = result.summary();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "trained %s: %d epoch%s, %d optimizer step%s (%s, lr %s), final training loss"
                        + " %.9g%n", model, summary.epochs(), summary.epochs() == 1 ? "" : "s", summary.steps(),
                summary.steps() == 1 ? "" : "s", configuration.getString(CoreKeys.OPTIMIZER),
                configuration.getDouble(CoreKeys.LEARNING_RATE), summary.finalTrainingLoss());
        stdout.println("model saved to " + out);
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * Builds the configuration from {@code file} (or none) and the flags, the short options such as
     * {@code --lr} and {@code --resume} included.
     *
     * @throws ParameterException if a short option and the flag of its key are both given
     */
    private JlstmConfig configuration(String file) {
        Map<String, String> flags = new LinkedHashMap<>(ConfigFlags.values(spec, schema()));
        ParseResult parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, ConfigKey> e : SHORT_OPTIONS.entrySet()) {
            if (!parsed.hasMatchedOption(e.getKey())) {
                continue;
            }
            String key = e.getValue().name();
            if (flags.containsKey(key)) {
                throw new ParameterException(spec.commandLine(), "options '" + e.getKey() + "' and '--" + key
                        + "' set the same key; give only one of them");
            }
            String value = e.getKey().equals("--no-shuffle") ? "false" : parsed.matchedOptionValue(e.getKey(), "");
            flags.put(key, value);
        }

        if (resume) {
            flags.put(SafetyKeys.RESUME.name(), "true");
        }

        Path path = file == null ? null : ExampleFiles.config(file);
        JlstmConfig.Builder builder = JlstmConfig.builder(schema()).file(path);
        flags.forEach(builder::set);
        return builder.build();
    }

    /**
     * Rejects values for keys that a saved model fixes ({@code model.*}) or that only configured
     * training reads (task, data, output), whatever their source, so none is silently ignored.
     */
    private static void rejectModelAndTaskKeys(JlstmConfig configuration) {
        for (ConfigKey key : configuration.schema().keys()) {
            boolean modelKey = key.name().startsWith("model.");
            boolean taskKey = ExampleKeys.all().stream().anyMatch(k -> k.name().equals(key.name()));
            ConfigSource source = configuration.source(key);
            if ((modelKey || taskKey) && source != ConfigSource.DEFAULT) {
                String reason = modelKey ? "the architecture comes from the model directory"
                        : "it applies only to training from a configuration";
                throw new ConfigException("key '" + key.name() + "' (from " + source.description() + ") does not"
                        + " apply with --model, because " + reason + "; remove it");
            }
        }
    }

    private static Map<String, ConfigKey> shortOptions() {
        Map<String, ConfigKey> options = new LinkedHashMap<>();
        options.put("--optimizer", CoreKeys.OPTIMIZER);
        options.put("--lr", CoreKeys.LEARNING_RATE);
        options.put("--epochs", CoreKeys.EPOCHS);
        options.put("--batch-size", CoreKeys.BATCH_SIZE);
        options.put("--no-shuffle", CoreKeys.SHUFFLE);
        return options;
    }
}
