package io.jlstm.examples.cli;

import io.jlstm.examples.data.CsvSeries;
import io.jlstm.examples.data.DataException;
import io.jlstm.examples.forecast.ForecastTask;
import io.jlstm.examples.forecast.Forecaster;
import io.jlstm.examples.forecast.NonFinitePredictionException;
import io.jlstm.training.Plural;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.AtomicFiles;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.TensorData;
import io.jlstm.training.pytorch.Prediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jlstm predict}: one-step-ahead predictions over a series, then a forecast beyond its end;
 * or, for a safetensors data file, the model's outputs and final states as PyTorch returns them.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict a series with a saved forecaster and print CSV (t,actual,predicted,kind):",
                "one-step-ahead rows from the true history for every value that has enough history before it,",
                "then --horizon rows beyond the end, each prediction fed back as history for the next.",
                "With --data FILE.safetensors (input [T, B, I]) and --out OUT.safetensors it runs any saved model"
                        + " from a zero state and writes output [T, B, O], h_n [layers, B, H] and, for an LSTM,"
                        + " c_n [layers, B, H]."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = {"-d", "--data"}, paramLabel = "FILE", required = true,
            description = "CSV file with the column the model was trained on, or a safetensors file with input"
                    + " [T, B, I] (time-major) for --out")
    Path data;

    /**
     * Largest {@code --horizon}. Each forecast step runs the model over one window and transforms the
     * whole history again, so for long horizons the time grows with the square of the horizon. 10000
     * steps of a 4-unit forecaster on the scalar backend took about 2 s in JlstmCommandTest.
     */
    static final int MAX_HORIZON = 10_000;

    @Option(names = "--horizon", paramLabel = "N", defaultValue = "12",
            description = "Time steps to forecast beyond the end of the series, 0 to " + MAX_HORIZON
                    + " (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the CSV to this file (atomically) instead of standard output")
    Path output;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Safetensors file to write output, h_n and c_n to (atomically); needs a safetensors --data")
    Path out;

    private static final Logger LOG = LoggerFactory.getLogger(PredictCommand.class);

    @Override
    public Integer call() throws Exception {
        if (CliFiles.isSafetensors(data)) {
            return predictTensors();
        }
        if (out != null) {
            throw new ParameterException(spec.commandLine(), "option '--out' writes a safetensors file and needs a"
                    + " safetensors --data (*.safetensors); for CSV output use --output");
        }
        if (horizon < 0) {
            throw new ParameterException(spec.commandLine(), "invalid value '" + horizon + "' for option '--horizon':"
                    + " expected an integer from 0 to " + MAX_HORIZON);
        }
        if (horizon > MAX_HORIZON) {
            throw new ParameterException(spec.commandLine(), "invalid value '" + horizon + "' for option '--horizon':"
                    + " the maximum horizon is " + MAX_HORIZON + " steps; give --horizon " + MAX_HORIZON + " or less");
        }
        ModelDirectory.Loaded loaded = modelOptions.load();
        Forecaster forecaster = ForecastTask.forecaster(modelOptions.model, loaded);
        CsvSeries series = forecaster.preprocessing().load(data);
        double[] y = series.values();
        if (y.length < forecaster.minimumHistory()) {
            throw new DataException(data + ": column '" + series.column() + "' has " + Plural.count(y.length, "value")
                    + ", but a prediction needs at least " + forecaster.minimumHistory() + " (window "
                    + forecaster.preprocessing().window() + " plus transform lag "
                    + forecaster.preprocessing().transform().lag() + "); give a longer series");
        }

        double[] oneStep = forecaster.oneStepAhead(y, forecaster.minimumHistory());
        double[] future = horizon == 0 ? new double[0] : forecaster.forecast(y, horizon);

        StringBuilder csv = new StringBuilder("t,actual,predicted,kind\n");
        for (int t = 0; t < y.length; t++) {
            csv.append(t).append(',').append(number(y[t])).append(',').append(number(oneStep[t]))
                    .append(",one-step\n");
        }
        for (int h = 0; h < future.length; h++) {
            csv.append(y.length + h).append(",,").append(number(future[h])).append(",forecast\n");
        }

        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(csv);
            out.flush();
        } else {
            AtomicFiles.writeString(output, csv.toString());
            LOG.info("wrote {} one-step-ahead rows and {} forecast rows to {}", y.length, future.length, output);
        }
        return ExitCodes.OK;
    }

    /** Runs the model over the input of the safetensors file {@link #data} and writes {@link #out}. */
    private int predictTensors() throws Exception {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String csvOption : new String[] {"--horizon", "--output"}) {
            if (parsed.hasMatchedOption(csvOption)) {
                throw new ParameterException(spec.commandLine(), "option '" + csvOption + "' applies only to CSV"
                        + " data; with a safetensors --data, write the result with --out OUT.safetensors");
            }
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "a safetensors --data needs '--out OUT.safetensors' for"
                    + " the output, h_n and c_n tensors");
        }
        CliFiles.requireFile(spec, "--data", data);
        ModelDirectory.Loaded loaded = modelOptions.load();

        TensorDataFile tensors = TensorDataFile.read(data, false);
        Prediction prediction = Prediction.run(loaded.model(), tensors);
        requireFinite(prediction.tensors());
        prediction.write(out);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + String.join(", ", prediction.tensors().keySet()) + " for "
                + Plural.count(tensors.batch(), "sequence") + " of " + Plural.count(tensors.steps(), "step") + " to "
                + out);
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * Rejects output tensors that contain NaN or an infinity, so that no such file is written. The
     * weights and the input are checked to be finite when they are read, so this catches overflow.
     *
     * @throws NonFinitePredictionException naming the tensor, the value and its flat index
     */
    static void requireFinite(Map<String, TensorData> tensors) {
        for (Map.Entry<String, TensorData> tensor : tensors.entrySet()) {
            double[] values = tensor.getValue().data();
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k])) {
                    throw new NonFinitePredictionException("tensor '" + tensor.getKey() + "' of shape "
                            + tensor.getValue().shapeText() + " contains " + values[k] + " at flat index " + k
                            + ", although the weights and the input are finite; the model's outputs overflowed, so"
                            + " nothing was written", k, values[k]);
                }
            }
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }
}
