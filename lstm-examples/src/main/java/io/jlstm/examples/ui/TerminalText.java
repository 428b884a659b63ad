package io.jlstm.examples.ui;

import java.util.Locale;

/**
 * Escaping of text printed on a terminal. Error messages echo user-supplied keys, values, options
 * and file names, and a control character among them could move the cursor, clear the screen or
 * change colours. Each such character is written as a Java escape such as <code>&#92;u001b</code>
 * instead.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * Returns {@code text} with every ISO control character (U+0000 to U+001F, U+007F to U+009F,
     * which includes tab and line breaks), line and paragraph separator (U+2028, U+2029) and
     * bidirectional formatting character (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069)
     * replaced by <code>&#92;uXXXX</code>. Other characters, non-ASCII letters and digits included, stay.
     */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(TerminalText::needsEscape)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
