package io.jlstm.examples.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import io.jlstm.examples.data.DataException;
import io.jlstm.examples.forecast.NonFinitePredictionException;
import io.jlstm.examples.ui.TerminalText;
import io.jlstm.training.TrainingDivergedException;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.io.ModelFileException;
import io.jlstm.training.io.SafetensorsException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Collection;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions into one line on standard error and an exit status. Bad input (flags,
 * configuration, data and model files, and paths that cannot be used) exits with 2. Diverged
 * training, predictions that are not finite and other I/O failures exit with 1, anything else with 3.
 * Control characters in the line are escaped, and stack traces go only to the debug log.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    /** Returns the debug log file: {@code -Djlstm.log.file}, else the default of logback.xml. */
    static Path debugLog() {
        String configured = System.getProperty("jlstm.log.file");
        if (configured != null) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "jlstm-" + System.getProperty("user.name")
                + "-debug.log");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        LOG.debug("invalid command line {}", String.join(" ", args), ex);
        String suggestion = "";
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            String closest = unmatched.getSuggestions().stream()
                    .min(java.util.Comparator.comparingInt(s -> ConfigSchema.editDistance(typed, s)))
                    .orElseThrow();
            suggestion = "; did you mean " + closest + "?";
        }
        report(cmd, cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + suggestion + " (see "
                + cmd.getCommandSpec().qualifiedName() + " --help)");
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        String name = cmd.getCommandSpec().qualifiedName();
        LOG.debug("{} failed", name, ex);
        Throwable input = findInputError(ex);
        if (input != null) {
            report(cmd, name + ": " + input.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof NonFinitePredictionException) {
            report(cmd, name + ": " + ex.getMessage());
            return ExitCodes.FAILED;
        }
        if (ex instanceof TrainingDivergedException) {
            report(cmd, name + ": " + ex.getMessage() + "; no model was saved");
            return ExitCodes.FAILED;
        }
        if (ex instanceof FileSystemException fs) {
            // A path the user gave cannot be used, such as an output that exists as a file.
            String reason = fs.getReason() != null ? fs.getReason() : describe(fs);
            report(cmd, name + ": cannot use " + fs.getFile() + ": " + reason
                    + "; check the path and choose another one");
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof IOException || ex instanceof java.io.UncheckedIOException) {
            report(cmd, name + ": " + ex.getMessage() + " (details in " + debugLog() + ")");
            return ExitCodes.FAILED;
        }
        report(cmd, name + ": internal error: " + ex + " (stack trace in " + debugLog() + ")");
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * Prints {@code line} on the command's standard error. Control characters are escaped, because
     * the line may echo a key, value, option or file name the user gave.
     */
    private static void report(CommandLine cmd, String line) {
        cmd.getErr().println(TerminalText.escape(line));
        cmd.getErr().flush();
    }

    private static String describe(FileSystemException fs) {
        if (fs instanceof FileAlreadyExistsException) {
            return "a file of that name already exists";
        }
        if (fs instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (fs instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (fs instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return fs.getClass().getSimpleName();
    }

    /** Finds the first exception in the cause chain (and Guice's messages) that reports bad input. */
    static Throwable findInputError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DataException || c instanceof ConfigException || c instanceof ModelFileException
                    || c instanceof SafetensorsException) {
                return c;
            }
            Collection<Message> messages = null;
            if (c instanceof ProvisionException p) {
                messages = p.getErrorMessages();
            } else if (c instanceof CreationException e) {
                messages = e.getErrorMessages();
            }
            if (messages != null) {
                for (Message m : messages) {
                    Throwable found = m.getCause() == null ? null : findInputError(m.getCause());
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
