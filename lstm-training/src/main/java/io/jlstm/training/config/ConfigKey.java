package io.jlstm.training.config;

import java.util.List;
import java.util.Locale;

/**
 * One documented configuration key: its type, default, allowed range and help text.
 *
 * <p>The name is dotted ({@code optimizer.lr}). The same key is read from the system property
 * {@code jlstm.optimizer.lr} and the environment variable {@code JLSTM_OPTIMIZER_LR}.
 */
public final class ConfigKey {

    /** Value types a key can take. */
    public enum Type {
        STRING, INT, LONG, DOUBLE, BOOLEAN
    }

    /**
     * A plain decimal number in ASCII: optional sign, digits with an optional fraction, optional
     * exponent, or NaN and Infinity. Java's parsers also accept hexadecimal floats, the type
     * suffixes {@code d} and {@code f} and non-ASCII digits, which no data or configuration file
     * should contain.
     */
    public static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
            "[+-]?(NaN|Infinity|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?)");

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    private final String name;
    private final Type type;
    private final Object defaultValue;
    private final String description;
    private final double min;
    private final double max;
    private final boolean minExclusive;
    private final List<String> choices;

    private ConfigKey(String name, Type type, Object defaultValue, String description, double min,
            boolean minExclusive, double max, List<String> choices) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.choices = choices;
    }

    /** A free-form string key; {@code defaultValue} may be {@code null} for "not set". */
    public static ConfigKey string(String name, String defaultValue, String description) {
        return new ConfigKey(name, Type.STRING, defaultValue, description, Double.NaN, false, Double.NaN, List.of());
    }

    /** A string key restricted to {@code choices}. */
    public static ConfigKey choice(String name, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(name, Type.STRING, defaultValue, description, Double.NaN, false, Double.NaN,
                List.copyOf(choices));
    }

    /** An integer key with an inclusive range. */
    public static ConfigKey integer(String name, int defaultValue, int min, int max, String description) {
        return new ConfigKey(name, Type.INT, defaultValue, description, min, false, max, List.of());
    }

    /** A 64-bit integer key with an inclusive range. */
    public static ConfigKey longInteger(String name, long defaultValue, long min, long max, String description) {
        return new ConfigKey(name, Type.LONG, defaultValue, description, min, false, max, List.of());
    }

    /**
     * A floating-point key; NaN and infinities are always rejected.
     *
     * @param minExclusive whether {@code min} itself is rejected (as for a learning rate of 0)
     */
    public static ConfigKey decimal(String name, double defaultValue, double min, boolean minExclusive, double max,
            String description) {
        return new ConfigKey(name, Type.DOUBLE, defaultValue, description, min, minExclusive, max, List.of());
    }

    /** A boolean key; accepts {@code true} and {@code false} in any case. */
    public static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(name, Type.BOOLEAN, defaultValue, description, Double.NaN, false, Double.NaN, List.of());
    }

    /** Dotted name, such as {@code optimizer.lr}. */
    public String name() {
        return name;
    }

    /** Value type. */
    public Type type() {
        return type;
    }

    /** Built-in default, or {@code null} when the key is unset by default. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** One-sentence help text with the unit. */
    public String description() {
        return description;
    }

    /** Allowed values of a choice key; empty for other keys. */
    public List<String> choices() {
        return choices;
    }

    /** Name of the Java system property that sets this key. */
    public String systemProperty() {
        return "jlstm." + name;
    }

    /** Name of the environment variable that sets this key. */
    public String environmentVariable() {
        return "JLSTM_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Text of the allowed range or choices for help and error messages, or empty. */
    public String rangeText() {
        if (!choices.isEmpty()) {
            return "one of " + String.join(", ", choices);
        }
        if (Double.isNaN(min) || type == Type.LONG && min <= Long.MIN_VALUE) {
            return "";
        }
        String low = (minExclusive ? "> " : ">= ") + format(min);
        if (max == Double.POSITIVE_INFINITY || max >= Integer.MAX_VALUE && type == Type.INT
                || max >= Long.MAX_VALUE && type == Type.LONG) {
            return low;
        }
        return low + " and <= " + format(max);
    }

    /**
     * Converts and checks a raw text value.
     *
     * @param origin where the value came from, for the error message (for example
     *     {@code file run.properties})
     * @throws ConfigException naming the key, the value, its origin and the expected form
     */
    public Object parse(String raw, String origin) {
        String text = raw.trim();
        try {
            switch (type) {
                case STRING:
                    return checkChoice(text, origin);
                case INT:
                    return checkRange(Integer.parseInt(ascii(text, INTEGER)), text, origin).intValue();
                case LONG:
                    return checkRange(Long.parseLong(ascii(text, INTEGER)), text, origin).longValue();
                case DOUBLE:
                    double d = Double.parseDouble(ascii(text, DECIMAL));
                    if (!Double.isFinite(d)) {
                        throw invalid(text, origin, "a finite number" + rangeSuffix());
                    }
                    return checkRange(d, text, origin).doubleValue();
                case BOOLEAN:
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(text);
                    }
                    throw invalid(text, origin, "true or false");
                default:
                    throw new IllegalStateException("unhandled type " + type);
            }
        } catch (NumberFormatException e) {
            String expected = type == Type.DOUBLE ? "a number" : "an integer";
            throw invalid(text, origin, expected + rangeSuffix());
        }
    }

    private static String ascii(String text, java.util.regex.Pattern form) {
        if (!form.matcher(text).matches()) {
            throw new NumberFormatException(text);
        }
        return text;
    }

    private String checkChoice(String text, String origin) {
        if (!choices.isEmpty() && !choices.contains(text)) {
            throw invalid(text, origin, "one of " + String.join(", ", choices));
        }
        return text;
    }

    private Number checkRange(Number value, String text, String origin) {
        double v = value.doubleValue();
        boolean low = minExclusive ? v <= min : v < min;
        if (low || v > max) {
            throw invalid(text, origin, "a value " + rangeText());
        }
        return value;
    }

    private String rangeSuffix() {
        String range = rangeText();
        return range.isEmpty() ? "" : " " + range;
    }

    private ConfigException invalid(String text, String origin, String expected) {
        return new ConfigException("invalid value '" + text + "' for key '" + name + "' (from " + origin
                + "): expected " + expected);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return name;
    }
}
