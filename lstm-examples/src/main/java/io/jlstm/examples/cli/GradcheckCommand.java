package io.jlstm.examples.cli;

import com.google.inject.Injector;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.ui.TextTable;
import io.jlstm.training.Jlstm;
import io.jlstm.training.Plural;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.gradcheck.GradientCheck;
import io.jlstm.training.gradcheck.GradientCheckReport;
import io.jlstm.training.gradcheck.GradientChecker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jlstm gradcheck}: compares the analytic gradients of the configured model and loss with
 * central differences on small random data, on the configured backend.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the gradients of the configured model (cell, layers, loss, backend) against central"
                + " differences in float64, on random inputs, targets and initial states of small shape.",
                "Prints one row per parameter (and for the input and initial states); exit status 1 if any fails.",
                "An element that misses the central difference still passes at a kink in the loss, such as a ReLU at"
                + " zero, when its gradient matches the one-sided difference on one side.",
                "The relative-error column counts only elements whose absolute error reaches the absolute tolerance,"
                + " so it reads 0 when every element agrees to within that tolerance."})
final class GradcheckCommand implements Callable<Integer>, ConfiguredCommand {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (Java properties), or a built-in name: airline, co2,"
                    + " text-shakespeare"
                    + " (default: ${DEFAULT-VALUE})")
    String config = ExampleFiles.DEFAULT_CONFIG;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "5",
            description = "Time steps of the check's sequences (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "2",
            description = "Sequences per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-size", paramLabel = "N", defaultValue = "4",
            description = "Upper bound on hidden, input and output sizes; smaller configured sizes are kept"
                    + " (default: ${DEFAULT-VALUE})")
    int maxSize;

    @Option(names = "--fd-step", paramLabel = "H", defaultValue = "" + GradientChecker.DEFAULT_STEP,
            description = "Finite-difference step, scaled by max(1, |w|); at least 2.2e-16 and below 1"
                    + " (default: ${DEFAULT-VALUE})")
    double fdStep;

    @Option(names = "--relative-tolerance", paramLabel = "X", defaultValue = "" + GradientChecker.DEFAULT_RELATIVE_TOLERANCE,
            description = "An element passes when its relative error is below this; above 0 and below 1"
                    + " (default: ${DEFAULT-VALUE})")
    double relativeTolerance;

    @Option(names = "--absolute-tolerance", paramLabel = "X", defaultValue = "" + GradientChecker.DEFAULT_ABSOLUTE_TOLERANCE,
            description = "... or its absolute error is below this (default: ${DEFAULT-VALUE})")
    double absoluteTolerance;

    @Override
    public ConfigSchema schema() {
        return ExampleKeys.schema();
    }

    @Override
    public Integer call() {
        checkPositive("--steps", steps);
        checkPositive("--batch", batch);
        checkPositive("--max-size", maxSize);
        JlstmConfig configuration = ConfigFlags.build(spec, schema(), config);
        JlstmConfig small = configuration.toBuilder()
                .set(CoreKeys.MODEL_HIDDEN, Math.min(configuration.getInt(CoreKeys.MODEL_HIDDEN), maxSize))
                .set(CoreKeys.MODEL_INPUT_SIZE, Math.min(configuration.getInt(CoreKeys.MODEL_INPUT_SIZE), maxSize))
                .set(CoreKeys.MODEL_OUTPUT_SIZE, Math.min(configuration.getInt(CoreKeys.MODEL_OUTPUT_SIZE), maxSize))
                .build();
        GradientChecker checker;
        try {
            checker = new GradientChecker(fdStep, relativeTolerance, absoluteTolerance);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        Injector injector = Jlstm.injector(small);
        SequenceModel model = injector.getInstance(SequenceModel.class);
        Loss loss = injector.getInstance(Loss.class);
        Backend backend = model.backend();
        SplittableRandom random = new SplittableRandom(small.getLong(CoreKeys.SEED));
        Tensor x = randomTensor(backend, steps * batch, model.inputSize(), random);
        Tensor targets = loss.name().equals("cross-entropy")
                ? classTargets(backend, steps * batch, model.outputSize(), random)
                : randomTensor(backend, steps * batch, model.outputSize(), random);
        Tensor[][] states = new Tensor[model.layers().size()][];
        for (int k = 0; k < states.length; k++) {
            states[k] = model.layers().get(k).zeroState(batch);
            for (Tensor s : states[k]) {
                fill(s, random);
            }
        }

        GradientCheckReport report = checker.check(model, x, batch, targets, loss, states);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "gradient check: backend %s, cell %s, %d layer(s), input %d, hidden %d, output %d,"
                + " loss %s, T = %d, B = %d%n", backend.name(), small.getString(CoreKeys.MODEL_CELL),
                model.layers().size(), model.inputSize(), small.getInt(CoreKeys.MODEL_HIDDEN), model.outputSize(),
                loss.name(), steps, batch);
        TextTable table = new TextTable("tensor", "elements", "max rel. error", "max abs. error", "worst (row, col)",
                "analytic", "numeric", "result");
        for (GradientCheck c : report.checks()) {
            table.add(c.name(), Integer.toString(c.elements()), String.format(Locale.ROOT, "%.2e",
                    c.maxRelativeError()), String.format(Locale.ROOT, "%.2e", c.maxAbsoluteError()),
                    "(" + c.worstRow() + ", " + c.worstCol() + ")",
                    String.format(Locale.ROOT, "%.6e", c.analytic()), String.format(Locale.ROOT, "%.6e", c.numeric()),
                    c.passed() ? "pass" : "FAIL");
        }
        out.print(table.render());
        String kinks = kinkSummary(report.checks());
        if (!kinks.isEmpty()) {
            out.println(kinks);
        }
        out.println(report.passed() ? "all gradients pass" : "gradient check FAILED: " + report.worst().describe());
        out.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * Formats the line that names the tensors with elements at a kink and the count in each. Returns
     * an empty string when no element is at one.
     */
    static String kinkSummary(List<GradientCheck> checks) {
        int total = 0;
        List<String> tensors = new ArrayList<>();
        for (GradientCheck c : checks) {
            if (c.kinks() > 0) {
                total += c.kinks();
                tensors.add(c.name() + " (" + c.kinks() + ")");
            }
        }
        if (total == 0) {
            return "";
        }
        return Plural.count(total, "element") + " passed against a one-sided difference: " + String.join(", ", tensors)
                + ". A kink in the loss, such as a ReLU at zero, lies within one finite-difference step of "
                + (total == 1 ? "it" : "each") + ", so the central difference mixes the slopes of both sides.";
    }

    private void checkPositive(String option, int value) {
        if (value < 1 || value > 10_000) {
            throw new ParameterException(spec.commandLine(), "invalid value '" + value + "' for option '" + option
                    + "': expected an integer from 1 to 10000");
        }
    }

    private static Tensor randomTensor(Backend backend, int rows, int cols, SplittableRandom random) {
        Tensor t = backend.zeros(rows, cols);
        fill(t, random);
        return t;
    }

    private static void fill(Tensor t, SplittableRandom random) {
        for (int r = 0; r < t.rows(); r++) {
            for (int c = 0; c < t.cols(); c++) {
                t.set(r, c, random.nextDouble(-1.0, 1.0));
            }
        }
    }

    private static Tensor classTargets(Backend backend, int rows, int classes, SplittableRandom random) {
        Tensor t = backend.zeros(rows, 1);
        for (int r = 0; r < rows; r++) {
            t.set(r, 0, random.nextInt(classes));
        }
        return t;
    }
}
