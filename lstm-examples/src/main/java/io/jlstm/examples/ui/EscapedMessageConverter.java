package io.jlstm.examples.ui;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback conversion word {@code escapedMsg}: the formatted log message with control characters
 * escaped by {@link TerminalText#escape}, because log lines echo file names, columns and keys from
 * the user's input. logback.xml declares it with a {@code conversionRule}.
 */
public final class EscapedMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return TerminalText.escape(event.getFormattedMessage());
    }
}
