package io.jlstm.examples.ui;

import io.jlstm.training.io.AtomicFiles;
import io.jlstm.training.listen.EpochEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a training run, drawn with XChart in memory and written with
 * {@link AtomicFiles#write}, so a crash never leaves a half-written image.
 */
public final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /**
     * Draws the training and (where finite) validation loss per epoch.
     *
     * @param lossName loss and unit for the axis title, such as {@code MSE (scaled units)}
     */
    public static byte[] lossChart(List<EpochEvent> history, String lossName) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Loss per epoch")
                .xAxisTitle("epoch").yAxisTitle(lossName).build();
        // NOTE: XChart 3.8.8 labels whole-number x values densely and ignores the tick spacing hint,
        // so three-digit epoch labels can touch.

        List<Double> epochs = new ArrayList<>();
        List<Double> training = new ArrayList<>();
        List<Double> validationEpochs = new ArrayList<>();
        List<Double> validation = new ArrayList<>();
        for (EpochEvent e : history) {
            if (Double.isFinite(e.trainingLoss())) {
                epochs.add((double) e.epoch());
                training.add(e.trainingLoss());
            }
            if (Double.isFinite(e.validationLoss())) {
                validationEpochs.add((double) e.epoch());
                validation.add(e.validationLoss());
            }
        }
        if (!epochs.isEmpty()) {
            line(chart.addSeries("training", epochs, training));
        }
        if (!validation.isEmpty()) {
            line(chart.addSeries("validation", validationEpochs, validation));
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Draws the end of a series (the hold-out and three times its length before it) and the model's
     * predictions over the hold-out, against the time index.
     *
     * @param predicted same length as {@code actual}; only finite entries are drawn
     * @param unit name and unit of the values for the axis title
     */
    public static byte[] forecastChart(double[] actual, double[] predicted, int holdoutFrom, String unit)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Hold-out: actual and one-step-ahead prediction").xAxisTitle("time step").yAxisTitle(unit)
                .build();
        chart.getStyler().setMarkerSize(4);

        List<Double> t = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> tp = new ArrayList<>();
        List<Double> yp = new ArrayList<>();
        int from = Math.max(0, holdoutFrom - 3 * (actual.length - holdoutFrom));
        for (int k = from; k < actual.length; k++) {
            if (Double.isFinite(actual[k])) {
                t.add((double) k);
                y.add(actual[k]);
            }
            if (k >= holdoutFrom && Double.isFinite(predicted[k])) {
                tp.add((double) k);
                yp.add(predicted[k]);
            }
        }
        line(chart.addSeries("actual", t, y));
        if (!yp.isEmpty()) {
            XYSeries p = chart.addSeries("predicted (hold-out)", tp, yp);
            p.setMarker(SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Writes {@code png} to {@code file} atomically. */
    public static void write(Path file, byte[] png) throws IOException {
        AtomicFiles.write(file, png);
    }

    private static void line(XYSeries series) {
        series.setMarker(SeriesMarkers.NONE);
    }
}
