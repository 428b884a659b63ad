package io.jlstm.training;

/** Counts with their noun for messages and logs, so that one epoch reads "1 epoch" and not "1 epochs". */
public final class Plural {

    private Plural() {
    }

    /** Returns {@code count} and {@code singular}, with an "s" appended unless the count is 1 or -1. */
    public static String count(long count, String singular) {
        return count(count, singular, singular + "s");
    }

    /** Returns {@code count} and {@code singular} for a count of 1 or -1, else {@code count} and {@code plural}. */
    public static String count(long count, String singular, String plural) {
        return count + " " + (Math.abs(count) == 1 ? singular : plural);
    }
}
