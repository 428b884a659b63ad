package io.jlstm.examples;

import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;

/**
 * Renders the key table of {@code docs/configuration.md} from a schema; a test compares the page
 * with this output, so the page lists exactly the keys the command accepts.
 */
public final class ConfigurationDoc {

    /** Line before the generated table in the docs page. */
    public static final String BEGIN = "<!-- BEGIN GENERATED KEY TABLE: edit ExampleKeys or CoreKeys, not this table -->";
    /** Line after the generated table. */
    public static final String END = "<!-- END GENERATED KEY TABLE -->";

    private ConfigurationDoc() {
    }

    /** Renders a Markdown table with one row per key: name, type, default, allowed values, description. */
    public static String table(ConfigSchema schema) {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | allowed | description |\n");
        out.append("|---|---|---|---|---|\n");
        for (ConfigKey key : schema.keys()) {
            Object d = key.defaultValue();
            out.append("| `").append(key.name()).append("` | ")
                    .append(key.type().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(d == null ? "unset" : "`" + d + "`").append(" | ")
                    .append(escape(key.rangeText())).append(" | ")
                    .append(escape(key.description())).append(" |\n");
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
