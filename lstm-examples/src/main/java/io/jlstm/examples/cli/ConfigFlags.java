package io.jlstm.examples.cli;

import io.jlstm.examples.ExampleFiles;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.config.JlstmConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * One command-line option per configuration key ({@code --model.hidden 16} sets
 * {@code model.hidden}), generated from the schema so that the help text lists every key with its
 * range and default, and a flag overrides the configuration file.
 */
public final class ConfigFlags {

    private ConfigFlags() {
    }

    /** Adds an option {@code --<key>} for every key of {@code schema} to {@code spec}. */
    public static void addTo(CommandSpec spec, ConfigSchema schema) {
        for (ConfigKey key : schema.keys()) {
            spec.addOption(OptionSpec.builder("--" + key.name())
                    .paramLabel(label(key))
                    .type(String.class)
                    .description(description(key))
                    .build());
        }
    }

    /** Returns the keys set on the command line, by key name, in schema order. */
    public static Map<String, String> values(CommandSpec spec, ConfigSchema schema) {
        Map<String, String> values = new LinkedHashMap<>();
        ParseResult parsed = spec.commandLine().getParseResult();
        for (ConfigKey key : schema.keys()) {
            String name = "--" + key.name();
            if (parsed.hasMatchedOption(name)) {
                values.put(key.name(), parsed.matchedOptionValue(name, (String) null));
            }
        }
        return values;
    }

    /**
     * Builds the configuration: the file named by {@code configValue} (a path or a built-in name,
     * see {@link ExampleFiles#config}), overridden by the flags given.
     */
    public static JlstmConfig build(CommandSpec spec, ConfigSchema schema, String configValue) {
        Path file = configValue == null ? null : ExampleFiles.config(configValue);
        JlstmConfig.Builder builder = JlstmConfig.builder(schema).file(file);
        values(spec, schema).forEach(builder::set);
        return builder.build();
    }

    /** Help text of {@code key}: its description, range or choices, and default. */
    public static String description(ConfigKey key) {
        String range = key.rangeText();
        Object d = key.defaultValue();
        return key.description() + " (" + (range.isEmpty() ? "" : range + "; ") + "default: "
                + (d == null ? "unset" : d) + ")";
    }

    private static String label(ConfigKey key) {
        return switch (key.type()) {
            case INT, LONG -> "N";
            case DOUBLE -> "X";
            case BOOLEAN -> "true|false";
            case STRING -> key.choices().isEmpty() ? "TEXT" : String.join("|", key.choices());
        };
    }
}
