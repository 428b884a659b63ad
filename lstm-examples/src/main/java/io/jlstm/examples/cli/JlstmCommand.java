package io.jlstm.examples.cli;

import io.jlstm.examples.ModelMetadata;
import io.jlstm.examples.text.SampleCommand;
import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code jlstm} command: train, evaluate and use recurrent models on real data. Subcommands are
 * listed in the annotation; add one there.
 */
@Command(name = "jlstm", mixinStandardHelpOptions = true, versionProvider = JlstmCommand.Version.class,
        description = "Train, evaluate and use LSTM models on real data.",
        subcommands = {
                TrainCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                ImportPyTorchCommand.class,
                SampleCommand.class,
                GradcheckCommand.class,
                BackendsCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Exit status: 0 success, 1 failed check or training, 2 bad input, 3 internal error.",
                "Debug log: the file -Djlstm.log.file=FILE names, else <java.io.tmpdir>/jlstm-<user>-debug.log."})
public final class JlstmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Creates a command line with the error handlers and the configuration flags installed. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new JlstmCommand());
        ErrorHandler errors = new ErrorHandler();
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            if (sub.getCommand() instanceof ConfiguredCommand configured) {
                ConfigFlags.addTo(sub.getCommandSpec(), configured.schema());
            }
        }
        return cmd;
    }

    /**
     * Runs {@code args} writing to the given streams, and returns the exit status.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        return cmd.execute(args);
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // Libraries that log through java.util.logging (netlib's BLAS loader) go through SLF4J too.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = commandLine().execute(args);
        System.exit(status);
    }

    /** Reports the jLSTM version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jlstm " + ModelMetadata.version()};
        }
    }
}
