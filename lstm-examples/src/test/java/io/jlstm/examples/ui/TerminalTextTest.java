package io.jlstm.examples.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTextTest {

    @Test
    void escapesControlCharacters() {
        assertThat(TerminalText.escape("a\u001b[2Jb")).isEqualTo("a\\u001b[2Jb");
        assertThat(TerminalText.escape("bell\u0007")).isEqualTo("bell\\u0007");
        assertThat(TerminalText.escape("nul\u0000")).isEqualTo("nul\\u0000");
        assertThat(TerminalText.escape("del\u007f")).isEqualTo("del\\u007f");
        assertThat(TerminalText.escape("csi\u009b31m")).isEqualTo("csi\\u009b31m");
    }

    @Test
    void escapesLineBreaksAndTabs() {
        assertThat(TerminalText.escape("one\ntwo\rthree\tfour")).isEqualTo("one\\u000atwo\\u000dthree\\u0009four");
        assertThat(TerminalText.escape("line\u2028paragraph\u2029")).isEqualTo("line\\u2028paragraph\\u2029");
    }

    @Test
    void escapesBidirectionalOverrides() {
        assertThat(TerminalText.escape("abc\u202edef\u2066")).isEqualTo("abc\\u202edef\\u2066");
        assertThat(TerminalText.escape("\u200e\u200f")).isEqualTo("\\u200e\\u200f");
    }

    @Test
    void keepsPrintableText() {
        String text = "invalid value '\uff17' in caf\u00e9.csv, \u4e2d\u6587 \ud83d\ude00 and a\\u001b";

        assertThat(TerminalText.escape(text)).isEqualTo(text);
        assertThat(TerminalText.escape("")).isEmpty();
        assertThat(TerminalText.escape(null)).isNull();
    }

    @Test
    void converterEscapesLogMessage() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO,
                "column '{}' not found", null, new Object[] {"Count\u001b[31m"});

        assertThat(new EscapedMessageConverter().convert(event)).isEqualTo("column 'Count\\u001b[31m' not found");
    }

    @Test
    void shippedLogbackConfigurationEscapesMessages(@TempDir Path dir) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        Path log = dir.resolve("debug.log");
        String previous = System.getProperty("jlstm.log.file");
        System.setProperty("jlstm.log.file", log.toString());
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(TerminalText.class.getClassLoader().getResource("logback.xml"));
            context.getLogger("io.jlstm.test").info("file {}", "a\u001b[2J.csv");
        } finally {
            context.stop();
            restore(previous);
        }

        assertThat(new StatusUtil(context).getHighestLevel(0)).as("logback status "
                + context.getStatusManager().getCopyOfStatusList()).isLessThan(Status.WARN);
        assertThat(Files.readString(log)).contains("file a\\u001b[2J.csv").doesNotContain("\u001b");
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty("jlstm.log.file");
        } else {
            System.setProperty("jlstm.log.file", previous);
        }
    }
}
