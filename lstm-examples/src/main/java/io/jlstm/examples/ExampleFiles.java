package io.jlstm.examples;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSource;
import io.jlstm.training.config.JlstmConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates configuration and data files. The shipped example configurations and data sets
 * ({@code examples/} in the repository) are also packed into the jar, so {@code --config airline}
 * works from any directory: a built-in file is copied on first use into a temporary directory with
 * the same layout, where relative data paths resolve as they do in the repository.
 */
public final class ExampleFiles {

    /** Names of the built-in configurations, {@code examples/configs/<name>.properties}. */
    public static final List<String> BUILTIN_CONFIGS = List.of("airline", "co2", "text-shakespeare");

    /** The configuration {@code jlstm train} uses without {@code --config}. */
    public static final String DEFAULT_CONFIG = "airline";

    private static final String RESOURCE_ROOT = "examples/";
    private static final String BUILTIN_PREFIX = "builtin:";

    private static Path extractedRoot;

    private ExampleFiles() {
    }

    /**
     * Resolves the value of {@code --config}: an existing file, or else the name of a built-in
     * configuration (with or without {@code .properties}).
     *
     * @throws ConfigException if it is neither, listing the built-in names
     */
    public static Path config(String value) {
        Path file = Path.of(value);
        if (Files.exists(file)) {
            return file;
        }
        String name = value.endsWith(".properties") ? value.substring(0, value.length() - ".properties".length())
                : value;
        if (BUILTIN_CONFIGS.contains(name)) {
            return extract("configs/" + name + ".properties");
        }
        throw new ConfigException("configuration file not found: " + value + "; give a properties file or one of the"
                + " built-in configurations: " + String.join(", ", BUILTIN_CONFIGS));
    }

    /**
     * Resolves the file named by {@code key}: absolute paths as they are, a relative path from the
     * configuration file against that file's directory, and any other relative path (from a flag,
     * a system property or the environment) against the working directory.
     *
     * @throws ConfigException if the key is unset
     */
    public static Path dataFile(JlstmConfig config, ConfigKey key) {
        String value = config.getString(key);
        if (value == null) {
            throw new ConfigException("missing value for key '" + key.name() + "': " + key.description());
        }
        Path path = Path.of(value);
        if (path.isAbsolute()) {
            return path;
        }
        boolean fromFile = config.source(key) == ConfigSource.FILE;
        Path base = config.file() == null || !fromFile ? null : config.file().toAbsolutePath().getParent();
        if (base == null) {
            return path;
        }
        Path resolved = base.resolve(path).normalize();
        if (!Files.exists(resolved) && extractedRoot != null && resolved.startsWith(extractedRoot)) {
            String resource = extractedRoot.relativize(resolved).toString().replace('\\', '/');
            if (ExampleFiles.class.getClassLoader().getResource(RESOURCE_ROOT + resource) != null) {
                return extract(resource);
            }
        }
        return resolved;
    }

    /**
     * Returns how to record {@code file} in a model document so that a later run finds it again:
     * {@code builtin:<path>} for a copied built-in file, else the absolute path.
     */
    public static String recordable(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (extractedRoot != null && absolute.startsWith(extractedRoot)) {
            return BUILTIN_PREFIX + extractedRoot.relativize(absolute).toString().replace('\\', '/');
        }
        return absolute.toString();
    }

    /** Resolves a path written by {@link #recordable}, copying a built-in file out of the jar. */
    public static Path recorded(String text) {
        if (text.startsWith(BUILTIN_PREFIX)) {
            String relative = text.substring(BUILTIN_PREFIX.length());
            Path normalized = Path.of(relative).normalize();
            if (relative.isEmpty() || normalized.isAbsolute() || normalized.startsWith("..")
                    || relative.contains("\\")) {
                throw new ConfigException("built-in file '" + text + "' points outside the built-in examples; expected"
                        + " a path such as builtin:data/airline-passengers.csv");
            }
            if (ExampleFiles.class.getClassLoader().getResource(RESOURCE_ROOT + relative) == null) {
                throw new ConfigException("built-in file '" + text + "' does not exist in this jLSTM version; give the"
                        + " data file explicitly");
            }
            return extract(relative);
        }
        return Path.of(text);
    }

    /** Copies the built-in resource {@code examples/<relative>} into the temporary tree, once. */
    private static synchronized Path extract(String relative) {
        try {
            if (extractedRoot == null) {
                extractedRoot = Files.createTempDirectory("jlstm-examples-").toRealPath();
                extractedRoot.toFile().deleteOnExit();
            }
            Path target = extractedRoot.resolve(relative).normalize();
            if (!target.startsWith(extractedRoot) || target.equals(extractedRoot)) {
                throw new IllegalStateException("built-in file " + relative + " resolves outside " + extractedRoot);
            }
            if (Files.exists(target)) {
                return target;
            }
            try (InputStream in = ExampleFiles.class.getClassLoader().getResourceAsStream(RESOURCE_ROOT + relative)) {
                if (in == null) {
                    throw new IllegalStateException("built-in file " + RESOURCE_ROOT + relative
                            + " is missing from the class path; rebuild lstm-examples");
                }
                Path parent = target.getParent();
                for (Path p = parent; p != null && !p.equals(extractedRoot) && !Files.exists(p); p = p.getParent()) {
                    // Registered before its files, so deleteOnExit removes it after them.
                    p.toFile().deleteOnExit();
                }
                Files.createDirectories(parent);
                Files.copy(in, target);
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy built-in file " + relative + " to a temporary directory", e);
        }
    }
}
