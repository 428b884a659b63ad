package io.jlstm.examples.text;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the character-level model of a configuration file with {@code task = text} and prints the
 * validation loss beside the baselines. Bad input (configuration, text file) exits with status 2
 * and one message line; the stack trace goes to the debug log.
 */
@Command(name = "train-text", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a character-level language model (task = text) and saves it.")
public final class TrainTextCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainTextCommand.class);

    /** The shipped configuration, relative to the repository root. */
    static final String DEFAULT_CONFIG = "examples/configs/text-shakespeare.properties";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", defaultValue = DEFAULT_CONFIG, paramLabel = "FILE",
            description = "Configuration file in properties format (default: ${DEFAULT-VALUE}).")
    private Path config;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Math backend by provider name; overrides key backend (default: the fastest available).")
    private String backend;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Sets any configuration key, overriding the file, such as -s text.time-budget=5.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JlstmConfig.Builder builder = JlstmConfig.builder(TextKeys.standaloneSchema()).file(config);
            settings.forEach(builder::set);
            if (backend != null) {
                builder.set(CoreKeys.BACKEND, backend);
            }
            JlstmConfig resolved = builder.build();
            String task = resolved.getString(TextKeys.TASK);
            if (!CharModelTraining.TASK.equals(task)) {
                throw new ConfigException("key 'task' is '" + task + "', but this command trains only task = "
                        + CharModelTraining.TASK);
            }
            String data = resolved.getString(TextKeys.DATA_PATH);
            if (data == null) {
                throw new ConfigException("missing value for key 'data.path': the text file to train on");
            }
            Path corpus = resolveAgainst(config, data);
            Path output = Path.of(resolved.getString(TextKeys.OUTPUT_DIR));

            CharModelTraining.Result result = CharModelTraining.run(resolved, corpus, output, List.of());
            print(out, result);
            return 0;
        } catch (ConfigException | CorpusException | IOException e) {
            LOG.debug("training failed", e);
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** Resolves a relative {@code path} against the directory of the configuration file. */
    static Path resolveAgainst(Path configFile, String path) {
        Path p = Path.of(path);
        Path dir = configFile.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }

    private static void print(PrintWriter out, CharModelTraining.Result r) {
        out.printf(Locale.ROOT, "%-28s %10.4f nats/char%n", "validation loss", r.validationLoss());
        out.printf(Locale.ROOT, "%-28s %10.4f nats/char%n", "unigram baseline", r.baselines().unigram());
        out.printf(Locale.ROOT, "%-28s %10.4f nats/char%n", "bigram baseline", r.baselines().bigram());
        out.printf(Locale.ROOT, "%-28s %10d%n", "validation characters", r.validationCharacters());
        out.printf(Locale.ROOT, "%-28s %10d%n", "training characters", r.trainingCharacters());
        out.printf(Locale.ROOT, "%-28s %10d%n", "vocabulary", r.vocabulary().size());
        out.printf(Locale.ROOT, "%-28s %10d%n", "epochs", r.summary().epochs());
        out.printf(Locale.ROOT, "%-28s %10d%n", "steps", r.summary().steps());
        out.printf(Locale.ROOT, "%-28s %10.1f s%n", "training time", r.summary().seconds());
        if (r.summary().stopReason() != null) {
            out.printf(Locale.ROOT, "%-28s %s%n", "stopped", r.summary().stopReason());
        }
        out.printf(Locale.ROOT, "%-28s %s%n", "model", r.modelDirectory());
        if (!r.sample().isEmpty()) {
            out.println("sample:");
            out.println(r.sample());
        }
        out.flush();
    }
}
