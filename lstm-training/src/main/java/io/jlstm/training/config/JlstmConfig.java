package io.jlstm.training.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable, validated configuration: one typed value per key of its {@link ConfigSchema},
 * with the source each value came from.
 *
 * <p>Files use the Java properties format, one {@code key = value} per line and {@code #} for
 * comments. Precedence, highest first: flags (or values set in code), system properties
 * {@code jlstm.<key>}, environment variables {@code JLSTM_<KEY>}, the file, the built-in default.
 *
 * <pre>{@code
 * JlstmConfig config = JlstmConfig.builder().set("backend", "scalar").set("model.hidden", "16").build();
 * }</pre>
 */
public final class JlstmConfig {

    private final ConfigSchema schema;
    private final Map<String, Object> values;
    private final Map<String, ConfigSource> sources;
    private final Path file;

    private JlstmConfig(ConfigSchema schema, Map<String, Object> values, Map<String, ConfigSource> sources,
            Path file) {
        this.schema = schema;
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
        this.file = file;
    }

    /** A builder over the core schema that reads system properties and the environment. */
    public static Builder builder() {
        return new Builder(ConfigSchema.core());
    }

    /** A builder over {@code schema} that reads system properties and the environment. */
    public static Builder builder(ConfigSchema schema) {
        return new Builder(schema);
    }

    /** The schema this configuration was validated against. */
    public ConfigSchema schema() {
        return schema;
    }

    /** The configuration file read, or {@code null}. */
    public Path file() {
        return file;
    }

    /** Returns whether {@code key} has a value (defaults count). */
    public boolean isSet(ConfigKey key) {
        return values.get(key.name()) != null;
    }

    /** Returns the source of the value of {@code key}. */
    public ConfigSource source(ConfigKey key) {
        return sources.getOrDefault(key.name(), ConfigSource.DEFAULT);
    }

    /** Returns a string value, or {@code null} when unset. */
    public String getString(ConfigKey key) {
        return (String) value(key, ConfigKey.Type.STRING);
    }

    /** Returns an int value. */
    public int getInt(ConfigKey key) {
        return (Integer) required(key, ConfigKey.Type.INT);
    }

    /** Returns a long value. */
    public long getLong(ConfigKey key) {
        return (Long) required(key, ConfigKey.Type.LONG);
    }

    /** Returns a double value. */
    public double getDouble(ConfigKey key) {
        return (Double) required(key, ConfigKey.Type.DOUBLE);
    }

    /** Returns a boolean value. */
    public boolean getBoolean(ConfigKey key) {
        return (Boolean) required(key, ConfigKey.Type.BOOLEAN);
    }

    /** All values by key name, sorted, for logs and model metadata. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Returns a builder that starts from this configuration's values, keeping their sources. The
     * file, system properties and environment are not read again, so only values set on the builder
     * change. A file value therefore never replaces a flag of the original configuration.
     */
    public Builder toBuilder() {
        Builder b = new Builder(schema);
        b.inherited.putAll(values);
        b.inheritedSources.putAll(sources);
        b.file = file;
        return b;
    }

    private Object value(ConfigKey key, ConfigKey.Type type) {
        if (schema.find(key.name()) == null) {
            throw new IllegalArgumentException("key '" + key.name() + "' is not part of this configuration's schema");
        }
        if (key.type() != type) {
            throw new IllegalArgumentException("key '" + key.name() + "' is of type " + key.type() + ", not " + type);
        }
        return values.get(key.name());
    }

    private Object required(ConfigKey key, ConfigKey.Type type) {
        Object v = value(key, type);
        if (v == null) {
            throw new ConfigException("missing value for key '" + key.name() + "': " + key.description());
        }
        return v;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Collects values from all sources and validates them together. */
    public static final class Builder {
        private final ConfigSchema schema;
        private final Map<String, String> flags = new LinkedHashMap<>();
        private final Map<String, Object> inherited = new LinkedHashMap<>();
        private final Map<String, ConfigSource> inheritedSources = new LinkedHashMap<>();
        private Map<String, String> environment = System.getenv();
        private Properties systemProperties = System.getProperties();
        private Path file;

        private Builder(ConfigSchema schema) {
            this.schema = schema;
        }

        /** Sets {@code key} as a flag would; flags take precedence over every other source. */
        public Builder set(String key, String value) {
            flags.put(key, value);
            return this;
        }

        /** Sets {@code key} as a flag would. */
        public Builder set(ConfigKey key, Object value) {
            return set(key.name(), String.valueOf(value));
        }

        /** Reads {@code path} as a properties file; {@code null} reads no file. */
        public Builder file(Path path) {
            this.file = path;
            return this;
        }

        /** Replaces the environment variables consulted (for tests); the default is the process's. */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** Replaces the system properties consulted (for tests); the default is the JVM's. */
        public Builder systemProperties(Properties properties) {
            this.systemProperties = properties;
            return this;
        }

        /**
         * Resolves every key by precedence and validates all values.
         *
         * @throws ConfigException listing every unknown key (with the closest known key) at once, or
         *     naming the first invalid value, or a file that cannot be read
         */
        public JlstmConfig build() {
            Map<String, String> fileValues = file == null || !inherited.isEmpty() ? Map.of() : readFile(file);
            List<String> unknown = new ArrayList<>();
            collectUnknown(fileValues.keySet(), "file " + file, unknown);
            collectUnknown(flags.keySet(), "flags", unknown);
            if (!unknown.isEmpty()) {
                throw new ConfigException("unknown configuration " + (unknown.size() == 1 ? "key" : "keys") + ": "
                        + String.join("; ", unknown));
            }

            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, ConfigSource> sources = new LinkedHashMap<>();
            for (ConfigKey key : schema.keys()) {
                resolve(key, fileValues, values, sources);
            }
            return new JlstmConfig(schema, values, sources, file);
        }

        private void resolve(ConfigKey key, Map<String, String> fileValues, Map<String, Object> values,
                Map<String, ConfigSource> sources) {
            String name = key.name();
            if (flags.containsKey(name)) {
                put(key, flags.get(name), ConfigSource.FLAG, "flag --" + name, values, sources);
                return;
            }
            if (inherited.containsKey(name)) {
                // A value from toBuilder() was already resolved by precedence; only a new flag overrides it.
                values.put(name, inherited.get(name));
                sources.put(name, inheritedSources.getOrDefault(name, ConfigSource.DEFAULT));
                return;
            }
            String property = systemProperties.getProperty(key.systemProperty());
            if (property != null) {
                put(key, property, ConfigSource.SYSTEM_PROPERTY, "system property " + key.systemProperty(), values,
                        sources);
                return;
            }
            String env = environment.get(key.environmentVariable());
            if (env != null) {
                put(key, env, ConfigSource.ENVIRONMENT, "environment variable " + key.environmentVariable(), values,
                        sources);
                return;
            }
            if (fileValues.containsKey(name)) {
                put(key, fileValues.get(name), ConfigSource.FILE, "file " + file, values, sources);
                return;
            }
            values.put(name, key.defaultValue());
            sources.put(name, ConfigSource.DEFAULT);
        }

        private static void put(ConfigKey key, String raw, ConfigSource source, String origin,
                Map<String, Object> values, Map<String, ConfigSource> sources) {
            if (raw.isBlank() && key.type() == ConfigKey.Type.STRING && key.choices().isEmpty()) {
                values.put(key.name(), null);
            } else if (raw.isBlank()) {
                throw new ConfigException("empty value for key '" + key.name() + "' (from " + origin + "): expected "
                        + expectedForm(key));
            } else {
                values.put(key.name(), key.parse(raw, origin));
            }
            sources.put(key.name(), source);
        }

        private static String expectedForm(ConfigKey key) {
            String range = key.rangeText();
            return key.type().name().toLowerCase(java.util.Locale.ROOT) + (range.isEmpty() ? "" : " " + range);
        }

        private void collectUnknown(Iterable<String> names, String origin, List<String> unknown) {
            for (String name : names) {
                if (schema.find(name) == null) {
                    unknown.add("'" + name + "' in " + origin + " (did you mean '" + schema.closest(name) + "'?)");
                }
            }
        }

        private static Map<String, String> readFile(Path path) {
            if (!Files.exists(path)) {
                throw new ConfigException("configuration file not found: " + path);
            }
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("configuration path is not a regular file: " + path);
            }
            String text;
            try (InputStream in = Files.newInputStream(path)) {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException("configuration file " + path + " is not valid UTF-8 text", e);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(), e);
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            List<String> duplicates = new ArrayList<>();
            Properties properties = new Properties() {
                private static final long serialVersionUID = 1L;

                @Override
                public synchronized Object put(Object key, Object value) {
                    Object previous = super.put(key, value);
                    if (previous != null) {
                        duplicates.add(key + " (values '" + previous + "' and '" + value + "')");
                    }
                    return previous;
                }
            };
            try {
                properties.load(new java.io.StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("configuration file " + path + " is not in properties format (key = value): "
                        + e.getMessage(), e);
            }
            if (!duplicates.isEmpty()) {
                throw new ConfigException("configuration file " + path + " sets " + String.join(", ", duplicates)
                        + " more than once; keep one line per key");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (String name : new TreeMap<>(properties).keySet().stream().map(Object::toString).toList()) {
                map.put(name, properties.getProperty(name));
            }
            return map;
        }
    }
}
