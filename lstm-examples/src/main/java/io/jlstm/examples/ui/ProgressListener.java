package io.jlstm.examples.ui;

import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingStart;
import io.jlstm.training.listen.TrainingSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows training progress: epoch, step, loss, samples per second and the estimated time left. On a
 * terminal it draws a progress bar counting training samples; otherwise it logs one line at most
 * every {@code interval} seconds (and one line at the end of every epoch when the interval is 0).
 */
public final class ProgressListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

    /** Display mode of the progress. */
    public enum Mode {
        BAR, LOG, NONE;

        /**
         * Parses {@code auto}, {@code bar}, {@code log} or {@code none}; {@code auto} is a bar when
         * the process has an interactive console and log lines otherwise.
         */
        public static Mode parse(String text) {
            return switch (text) {
                case "auto" -> System.console() != null ? BAR : LOG;
                case "bar" -> BAR;
                case "log" -> LOG;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException("unknown progress mode '" + text
                        + "'; expected auto, bar, log or none");
            };
        }
    }

    private final Mode mode;
    private final double intervalSeconds;
    private final PrintStream terminal;

    private ProgressBar bar;
    private TrainingStart start;
    private long samplesDone;
    private long startNanos;
    private long lastLogNanos;
    private int epoch;
    private long step;
    private double loss = Double.NaN;

    /**
     * Creates a listener.
     *
     * @param terminal stream the bar is drawn on
     * @param intervalSeconds minimum seconds between log lines in {@link Mode#LOG}
     */
    public ProgressListener(Mode mode, double intervalSeconds, PrintStream terminal) {
        this.mode = mode;
        this.intervalSeconds = intervalSeconds;
        this.terminal = terminal;
    }

    @Override
    public void onStart(TrainingStart start) {
        this.start = start;
        this.startNanos = System.nanoTime();
        this.lastLogNanos = startNanos;
        if (mode == Mode.BAR) {
            bar = new ProgressBarBuilder()
                    .setTaskName("train")
                    .setInitialMax((long) start.epochs() * start.trainingSamples())
                    .setUnit(" samples", 1)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .build();
        }
    }

    @Override
    public void onStep(StepEvent event) {
        samplesDone += event.samples();
        epoch = event.epoch();
        step = event.step();
        loss = event.loss();
        if (bar != null) {
            bar.stepBy(event.samples());
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d/%d step %d loss %.5g", epoch, start.epochs(),
                    step, loss));
        } else if (mode == Mode.LOG && intervalSeconds > 0
                && (System.nanoTime() - lastLogNanos) / 1e9 >= intervalSeconds) {
            logLine();
        }
    }

    @Override
    public void onEpoch(EpochEvent event, TrainingControl control) {
        if (mode == Mode.LOG && intervalSeconds == 0) {
            logLine();
        }
        if (bar != null && event.epoch() == start.epochs()) {
            // Closed here, before the trainer logs its summary, so the log line does not share the bar's line.
            bar.close();
            bar = null;
        }
    }

    @Override
    public void onFinish(TrainingSummary summary) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private void logLine() {
        long now = System.nanoTime();
        lastLogNanos = now;
        double elapsed = (now - startNanos) / 1e9;
        double rate = elapsed > 0 ? samplesDone / elapsed : Double.NaN;
        long total = (long) start.epochs() * start.trainingSamples();
        double eta = rate > 0 ? (total - samplesDone) / rate : Double.NaN;
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d, step %d, loss %.5g, %.0f samples/s, ETA %s", epoch,
                start.epochs(), step, loss, rate, formatDuration(eta)));
    }

    /** Formats seconds as {@code h:mm:ss}, or {@code ?} when unknown. */
    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
