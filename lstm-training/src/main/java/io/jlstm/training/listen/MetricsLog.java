package io.jlstm.training.listen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per update (every {@code everySteps}-th) and one per epoch to a metrics file,
 * as JSON lines or CSV.
 *
 * <p>Each line is written with one {@code write} call on a file opened for appending, so a crash
 * leaves whole lines, at most losing the last one, and a resumed run continues the same file.
 * A CSV file gets its header line when it is empty. Columns and JSON fields: {@code kind}
 * ({@code step} or {@code epoch}), {@code epoch}, {@code step}, {@code batch}, {@code loss}
 * (training loss of the update, or of the epoch), {@code validation_loss} (epoch lines),
 * {@code grad_norm} (global gradient norm before clipping, step lines), {@code lr},
 * {@code samples_per_second} and {@code seconds}. Missing values are empty in CSV and absent in
 * JSON.
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {

    /** The CSV header line. */
    public static final String CSV_HEADER = "kind,epoch,step,batch,loss,validation_loss,grad_norm,lr,"
            + "samples_per_second,seconds";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final boolean csv;
    private final int everySteps;
    private FileChannel channel;
    private long lastStep;

    /** Creates the log from the {@code metrics.*} keys. */
    @Inject
    public MetricsLog(JlstmConfig config) {
        this(Path.of(config.getString(TrainingKeys.METRICS_FILE)), config.getString(TrainingKeys.METRICS_FORMAT),
                config.getInt(TrainingKeys.METRICS_EVERY_STEPS));
    }

    /**
     * Creates the log; the file is opened when training starts.
     *
     * @param format {@code jsonl} or {@code csv}
     * @param everySteps write every n-th update; 0 writes epoch lines only
     * @throws IllegalArgumentException for another format or a negative interval
     */
    public MetricsLog(Path file, String format, int everySteps) {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw new IllegalArgumentException("metrics format must be jsonl or csv, but is '" + format + "'");
        }
        if (everySteps < 0) {
            throw new IllegalArgumentException("metrics step interval must be >= 0, but is " + everySteps);
        }
        this.file = file;
        this.csv = format.equals("csv");
        this.everySteps = everySteps;
    }

    @Override
    public void onStart(TrainingStart start) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (csv && channel.size() == 0) {
                writeLine(CSV_HEADER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file + " for appending: " + e.getMessage(), e);
        }
    }

    @Override
    public void onStep(StepEvent s) {
        lastStep = s.step();
        if (everySteps == 0 || s.step() % everySteps != 0) {
            return;
        }
        if (csv) {
            writeLine(String.join(",", "step", Integer.toString(s.epoch()), Long.toString(s.step()),
                    Integer.toString(s.batchInEpoch()), number(s.loss()), "", number(s.gradientNorm()),
                    number(s.learningRate()), number(s.samplesPerSecond()), number(s.seconds())));
        } else {
            ObjectNode line = JSON.createObjectNode();
            line.put("kind", "step").put("epoch", s.epoch()).put("step", s.step()).put("batch", s.batchInEpoch());
            putNumber(line, "loss", s.loss());
            putNumber(line, "grad_norm", s.gradientNorm());
            putNumber(line, "lr", s.learningRate());
            putNumber(line, "samples_per_second", s.samplesPerSecond());
            putNumber(line, "seconds", s.seconds());
            writeLine(line.toString());
        }
    }

    @Override
    public void onEpoch(EpochEvent e, TrainingControl control) {
        if (csv) {
            writeLine(String.join(",", "epoch", Integer.toString(e.epoch()), Long.toString(lastStep), "",
                    number(e.trainingLoss()), number(e.validationLoss()), "", number(e.learningRate()),
                    number(e.samplesPerSecond()), number(e.seconds())));
        } else {
            ObjectNode line = JSON.createObjectNode();
            line.put("kind", "epoch").put("epoch", e.epoch()).put("step", lastStep);
            putNumber(line, "loss", e.trainingLoss());
            putNumber(line, "validation_loss", e.validationLoss());
            putNumber(line, "lr", e.learningRate());
            putNumber(line, "samples_per_second", e.samplesPerSecond());
            putNumber(line, "seconds", e.seconds());
            writeLine(line.toString());
        }
    }

    @Override
    public void onFinish(TrainingSummary summary) {
        close();
    }

    /** Closes the file; later events of the same run are dropped until the next start. */
    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close metrics file " + file + ": " + e.getMessage(), e);
            } finally {
                channel = null;
            }
        }
    }

    private void writeLine(String line) {
        if (channel == null) {
            return;
        }
        try {
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(line + "\n");
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static void putNumber(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else if (!Double.isNaN(v)) {
            node.put(field, Double.toString(v));
        }
    }
}
