package io.jlstm.backend.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludovic.netlib.blas.JavaBLAS;
import org.junit.jupiter.api.Test;

class BlasLibraryTest {

    @Test
    void blasPathsRecognized() {
        assertThat(BlasLibrary.isBlasLibraryPath("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")).isTrue();
        assertThat(BlasLibrary.isBlasLibraryPath("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0")).isTrue();
        assertThat(BlasLibrary.isBlasLibraryPath("/opt/lib/libopenblas.so.0")).isTrue();
    }

    @Test
    void otherPathsIgnored() {
        assertThat(BlasLibrary.isBlasLibraryPath("/tmp/jni-123/libnetlibblasjni.so")).isFalse();
        assertThat(BlasLibrary.isBlasLibraryPath("/usr/lib/x86_64-linux-gnu/libc.so.6")).isFalse();
        assertThat(BlasLibrary.isBlasLibraryPath("/usr/lib/openblas-pthread/libblas.txt")).isFalse();
    }

    @Test
    void openBlasCountsAsOptimized() {
        BlasLibrary library = nativeAt("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3");

        assertThat(library.isOptimizedNative()).isTrue();
        assertThat(library.isFast()).isTrue();
    }

    @Test
    void referenceBlasIsNotOptimized() {
        BlasLibrary library = nativeAt("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0");

        assertThat(library.isOptimizedNative()).isFalse();
        assertThat(library.isFast()).isFalse();
    }

    @Test
    void unknownNativeFileTrusted() {
        assertThat(nativeAt(null).isOptimizedNative()).isTrue();
    }

    @Test
    void javaSelectionLoadsJavaImplementation() {
        BlasLibrary library = BlasLibrary.select("java");

        assertThat(library.kind()).isNotEqualTo(BlasLibrary.Kind.NATIVE);
        assertThat(library.describe()).contains(library.implementationName());
    }

    @Test
    void vectorApiLoadsUnderTestFlags() {
        // The module's surefire configuration adds jdk.incubator.vector.
        assertThat(BlasLibrary.select("java").kind()).isEqualTo(BlasLibrary.Kind.VECTOR);
    }

    @Test
    void autoSelectionNeverPicksReferenceBlas() {
        BlasLibrary library = BlasLibrary.select("auto");

        if (library.kind() == BlasLibrary.Kind.NATIVE) {
            assertThat(library.isOptimizedNative()).isTrue();
        }
    }

    @Test
    void invalidSelectionRejected() {
        assertThatThrownBy(() -> BlasLibrary.select("fast"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jlstm.blas.implementation=fast")
                .hasMessageContaining("expected auto, native or java");
    }

    @Test
    void nativeThreadMismatchDetected() {
        assertThat(BlasBackendProvider.warnOnNativeThreadMismatch(1, "2")).isTrue();
        assertThat(BlasBackendProvider.warnOnNativeThreadMismatch(2, "2")).isFalse();
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(BlasBackendProvider.warnOnNativeThreadMismatch(processors, null)).isFalse();
    }

    private static BlasLibrary nativeAt(String path) {
        return new BlasLibrary(JavaBLAS.getInstance(), BlasLibrary.Kind.NATIVE, path);
    }
}
