package io.jlstm.examples.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An invertible chain of transforms applied to a series before scaling: {@code log},
 * {@code diff} ({@code x[t] - x[t-1]}) and {@code seasonal-diff} ({@code x[t] - x[t-s]}), in the
 * order given. Transformed series keep the original indexing: the first {@link #lag()} entries, and
 * every entry computed from a missing value, are {@code NaN}.
 */
public final class SeriesTransform {

    /** One transform step. */
    public enum Step {
        LOG("log"), DIFF("diff"), SEASONAL_DIFF("seasonal-diff");

        private final String text;

        Step(String text) {
            this.text = text;
        }

        /** Name as written in configurations. */
        public String text() {
            return text;
        }
    }

    private final List<Step> steps;
    private final int season;

    /** A chain of {@code steps} with season length {@code season} for {@link Step#SEASONAL_DIFF}. */
    public SeriesTransform(List<Step> steps, int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season length must be at least 1, but is " + season);
        }
        this.steps = List.copyOf(steps);
        this.season = season;
    }

    /**
     * Parses a comma-separated list such as {@code log,seasonal-diff}; {@code none} or an empty text
     * is the identity.
     *
     * @throws DataException naming the unknown step and the valid names
     */
    public static SeriesTransform parse(String text, int season) {
        List<Step> steps = new ArrayList<>();
        if (text != null && !text.isBlank() && !text.trim().equals("none")) {
            for (String part : text.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                Step step = null;
                for (Step s : Step.values()) {
                    if (s.text.equals(name)) {
                        step = s;
                    }
                }
                if (step == null) {
                    throw new DataException("invalid transform '" + part.trim() + "' in data.transform = " + text
                            + ": expected none or a comma-separated list of log, diff, seasonal-diff");
                }
                steps.add(step);
            }
        }
        return new SeriesTransform(steps, season);
    }

    /** The steps in the order they are applied. */
    public List<Step> steps() {
        return steps;
    }

    /** Season length used by {@link Step#SEASONAL_DIFF}. */
    public int season() {
        return season;
    }

    /** Leading entries left undefined by the differences. */
    public int lag() {
        int lag = 0;
        for (Step s : steps) {
            lag += lagOf(s);
        }
        return lag;
    }

    /** Whether {@link Step#LOG} is part of the chain, so values must be positive. */
    public boolean needsPositiveValues() {
        return steps.contains(Step.LOG);
    }

    /** Configuration text, such as {@code log,seasonal-diff}, or {@code none}. */
    public String text() {
        return steps.isEmpty() ? "none" : steps.stream().map(Step::text).collect(Collectors.joining(","));
    }

    /** Returns the transformed series, of the same length as {@code values}. */
    public double[] apply(double[] values) {
        double[] current = values.clone();
        for (Step s : steps) {
            current = applyStep(s, current);
        }
        return current;
    }

    /**
     * Returns the value at index {@code history.length} in original units whose transformed value is
     * {@code next}: each step is undone with the known history, last step first.
     *
     * @param history original values before the predicted one; needs at least {@link #lag()} values
     */
    public double invertNext(double next, double[] history) {
        List<double[]> stages = new ArrayList<>();
        double[] current = history.clone();
        for (Step s : steps) {
            stages.add(current);
            current = applyStep(s, current);
        }

        double value = next;
        for (int k = steps.size() - 1; k >= 0; k--) {
            double[] before = stages.get(k);
            int n = before.length;
            switch (steps.get(k)) {
                case LOG -> value = Math.exp(value);
                case DIFF -> value = value + before[n - 1];
                case SEASONAL_DIFF -> value = value + before[n - season];
                default -> throw new IllegalStateException("unhandled step " + steps.get(k));
            }
        }
        return value;
    }

    private double[] applyStep(Step step, double[] x) {
        double[] y = new double[x.length];
        switch (step) {
            case LOG -> {
                for (int t = 0; t < x.length; t++) {
                    y[t] = Math.log(x[t]);
                }
            }
            case DIFF, SEASONAL_DIFF -> {
                int lag = lagOf(step);
                for (int t = 0; t < x.length; t++) {
                    y[t] = t < lag ? Double.NaN : x[t] - x[t - lag];
                }
            }
            default -> throw new IllegalStateException("unhandled step " + step);
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesTransform t && steps.equals(t.steps) && season == t.season;
    }

    @Override
    public int hashCode() {
        return 31 * steps.hashCode() + season;
    }

    @Override
    public String toString() {
        return text() + " (season " + season + ")";
    }

    private int lagOf(Step step) {
        return switch (step) {
            case LOG -> 0;
            case DIFF -> 1;
            case SEASONAL_DIFF -> season;
        };
    }
}
