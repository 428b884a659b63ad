package io.jlstm.training.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves relative file names taken from files or users against a base directory, rejecting any
 * name that would reach outside it: absolute paths, {@code ..} segments that climb above the base,
 * and symbolic links that point elsewhere.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * Resolves {@code name} inside {@code base}.
     *
     * @param what the name's origin for the error message, such as {@code "model.json field weights.file"}
     * @return the normalised path inside {@code base}; the file need not exist
     * @throws ModelFileException if {@code name} is empty, absolute, not a valid path, or resolves
     *     (lexically or through a symbolic link) to a location outside {@code base}
     */
    public static Path resolveInside(Path base, String name, String what) throws ModelFileException {
        if (name == null || name.isBlank()) {
            throw new ModelFileException(what + " is empty; expected a file name inside " + base);
        }
        Path relative;
        try {
            relative = base.getFileSystem().getPath(name);
        } catch (InvalidPathException e) {
            throw new ModelFileException(what + " '" + name + "' is not a valid path: " + e.getReason(), e);
        }
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw new ModelFileException(what + " '" + name + "' is an absolute path; expected a name relative to "
                    + base);
        }
        Path root = base.toAbsolutePath().normalize();
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new ModelFileException(what + " '" + name + "' points outside " + base
                    + "; expected a file name inside it, without '..'");
        }
        if (Files.exists(resolved)) {
            try {
                Path real = resolved.toRealPath();
                if (!real.startsWith(root.toRealPath())) {
                    throw new ModelFileException(what + " '" + name + "' is a link to " + real + ", outside " + base
                            + "; expected a file inside it");
                }
            } catch (ModelFileException e) {
                throw e;
            } catch (IOException e) {
                throw new ModelFileException(what + " '" + name + "' cannot be resolved: " + e.getMessage(), e);
            }
        }
        return resolved;
    }
}
