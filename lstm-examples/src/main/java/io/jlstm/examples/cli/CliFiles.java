package io.jlstm.examples.cli;

import io.jlstm.training.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the files named on the command line, reported as bad input before any work starts. */
final class CliFiles {

    /** File name extension of safetensors files, which select the tensor-file mode of train and predict. */
    static final String SAFETENSORS = ".safetensors";

    private CliFiles() {
    }

    /** Returns whether {@code file} is named {@code *.safetensors}, ignoring case. */
    static boolean isSafetensors(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(SAFETENSORS);
    }

    /**
     * Checks that {@code file}, the value of {@code option}, is an existing regular file.
     *
     * @throws ParameterException naming the option and the file otherwise
     */
    static void requireFile(CommandSpec spec, String option, Path file) {
        if (!Files.exists(file)) {
            throw new ParameterException(spec.commandLine(), "file not found for option '" + option + "': " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "option '" + option + "' needs a file, but " + file
                    + " is a directory or another kind of file");
        }
    }

    /**
     * Checks the model directory {@code dir} that a command writes, named by {@code --out}, before
     * any work starts. The directory may be new or empty. An existing non-empty one is replaced only
     * with {@code force}, and then file by file as {@link io.jlstm.training.io.ModelDirectory#save}
     * does, so the old model stays loadable if the save fails.
     *
     * @throws ParameterException if {@code dir} or one of its parents is not a directory, or if
     *     {@code dir} is not empty and {@code force} is false
     */
    static void requireModelOutput(CommandSpec spec, Path dir, boolean force) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        for (Path p = absolute; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new ParameterException(spec.commandLine(), "option '--out' needs a model directory, but " + p
                        + " exists and is not a directory; choose another --out");
            }
        }
        if (force || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new ParameterException(spec.commandLine(), "output directory " + dir + " already exists and is"
                        + " not empty; pass --force to replace the model in it, or choose another --out");
            }
        }
    }

    /**
     * Rejects an output directory that cannot be created: an existing path that is not a directory,
     * or one below an existing regular file. Checked before training so that no run is lost at the end.
     *
     * @throws ConfigException naming the key and the path
     */
    static void requireWritableDirectory(Path dir, String key) {
        Path absolute = dir.toAbsolutePath().normalize();
        for (Path p = absolute; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new ConfigException("invalid value '" + dir + "' for key '" + key + "': " + p
                        + " exists and is not a directory; choose another output directory");
            }
        }
    }
}
