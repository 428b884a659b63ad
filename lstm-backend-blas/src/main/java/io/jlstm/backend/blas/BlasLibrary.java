package io.jlstm.backend.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BLAS implementation the backend calls, chosen once per JVM from the three that
 * {@code dev.ludovic.netlib:blas} offers: native BLAS through JNI (the system's
 * {@code libblas.so.3}), {@code VectorBLAS} on the JDK Vector API (needs
 * {@code --add-modules jdk.incubator.vector}), and plain Java.
 *
 * <p>The system property {@value #IMPLEMENTATION_PROPERTY} selects {@code auto} (the default),
 * {@code native} or {@code java}. {@code auto} takes the native library when it is an optimized
 * one (OpenBLAS, MKL, BLIS, ATLAS) or when its file cannot be identified, and the best Java one
 * otherwise. That skips Debian's reference {@code libblas3}, a plain Fortran loop nest that is
 * slower than {@code VectorBLAS}.
 */
public final class BlasLibrary {

    /** System property that selects the implementation: {@code auto}, {@code native} or {@code java}. */
    public static final String IMPLEMENTATION_PROPERTY = "jlstm.blas.implementation";

    private static final Logger LOG = LoggerFactory.getLogger(BlasLibrary.class);

    private static final List<String> OPTIMIZED_NAMES = List.of("openblas", "mkl", "blis", "atlas");

    private static volatile BlasLibrary selected;

    private final BLAS blas;
    private final Kind kind;
    private final String nativePath;

    /** The kinds of implementation, fastest first on a typical x86-64 machine. */
    public enum Kind {
        /** Native BLAS through JNI. */
        NATIVE,
        /** {@code VectorBLAS} on the JDK Vector API. */
        VECTOR,
        /** Plain Java loops. */
        JAVA
    }

    BlasLibrary(BLAS blas, Kind kind, String nativePath) {
        this.blas = blas;
        this.kind = kind;
        this.nativePath = nativePath;
    }

    /**
     * Returns the implementation selected by {@value #IMPLEMENTATION_PROPERTY}, loading it on the
     * first call and logging which one loaded.
     *
     * @throws IllegalStateException if the property has another value, or names {@code native} and
     *     no native BLAS loads
     */
    public static BlasLibrary get() {
        BlasLibrary library = selected;
        if (library == null) {
            synchronized (BlasLibrary.class) {
                library = selected;
                if (library == null) {
                    library = select(System.getProperty(IMPLEMENTATION_PROPERTY, "auto"));
                    LOG.info("BLAS implementation: {}", library.describe());
                    selected = library;
                }
            }
        }
        return library;
    }

    static BlasLibrary select(String request) {
        String choice = request.trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "native":
                return loadNative().orElseThrow(() -> new IllegalStateException("native BLAS requested by -D"
                        + IMPLEMENTATION_PROPERTY + "=native, but it failed to load; install an optimized BLAS"
                        + " (on Debian: apt-get install libopenblas0) or use 'auto' or 'java'"));
            case "java":
                return loadJava();
            case "auto":
                Optional<BlasLibrary> nativeLibrary = loadNative();
                if (nativeLibrary.isPresent() && nativeLibrary.get().isOptimizedNative()) {
                    return nativeLibrary.get();
                }
                BlasLibrary java = loadJava();
                nativeLibrary.ifPresent(n -> LOG.info("native BLAS {} is the unoptimized reference build; using {}"
                        + " instead (install OpenBLAS for the native path: apt-get install libopenblas0)",
                        n.nativePath, java.implementationName()));
                return java;
            default:
                throw new IllegalStateException("invalid -D" + IMPLEMENTATION_PROPERTY + "=" + request
                        + "; expected auto, native or java");
        }
    }

    private static Optional<BlasLibrary> loadNative() {
        NativeBLAS blas;
        try {
            blas = NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("native BLAS failed to load", e);
            return Optional.empty();
        }
        return Optional.of(new BlasLibrary(blas, Kind.NATIVE, findLoadedBlas().orElse(null)));
    }

    private static BlasLibrary loadJava() {
        JavaBLAS blas = JavaBLAS.getInstance();
        Kind kind = blas.getClass().getSimpleName().equals("VectorBLAS") ? Kind.VECTOR : Kind.JAVA;
        return new BlasLibrary(blas, kind, null);
    }

    /**
     * Finds the BLAS shared library mapped into this process, from {@code /proc/self/maps}; empty
     * where that file does not exist (not Linux) or lists none.
     */
    static Optional<String> findLoadedBlas() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(maps).stream()
                    .map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')))
                    .filter(BlasLibrary::isBlasLibraryPath)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + maps + " to identify the native BLAS", e);
        }
    }

    static boolean isBlasLibraryPath(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return file.contains("blas") && file.contains(".so") && !file.contains("netlibblasjni");
    }

    /** Whether this is native BLAS from an optimized library, or native BLAS whose file is unknown. */
    boolean isOptimizedNative() {
        if (kind != Kind.NATIVE) {
            return false;
        }
        if (nativePath == null) {
            return true;
        }
        String lower = nativePath.toLowerCase(Locale.ROOT);
        return OPTIMIZED_NAMES.stream().anyMatch(lower::contains);
    }

    /** Whether this implementation is faster than plain Java loops: optimized native BLAS or {@code VectorBLAS}. */
    public boolean isFast() {
        return kind == Kind.VECTOR || isOptimizedNative();
    }

    /** The BLAS instance. */
    public BLAS blas() {
        return blas;
    }

    /** Kind of implementation. */
    public Kind kind() {
        return kind;
    }

    /** Simple class name of the netlib implementation, such as {@code VectorBLAS}. */
    public String implementationName() {
        return blas.getClass().getSimpleName();
    }

    /** One line for logs: implementation class and, for native BLAS, the library file. */
    public String describe() {
        if (kind == Kind.NATIVE) {
            return implementationName() + " (native, " + (nativePath == null ? "library file unknown" : nativePath)
                    + ")";
        }
        return implementationName() + (kind == Kind.VECTOR ? " (JDK Vector API)"
                : " (plain Java; start the JVM with --add-modules jdk.incubator.vector for VectorBLAS)");
    }
}
