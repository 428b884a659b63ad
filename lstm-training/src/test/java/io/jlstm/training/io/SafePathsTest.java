package io.jlstm.training.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafePathsTest {

    @TempDir
    Path dir;

    @Test
    void plainNameResolvesInside() throws Exception {
        Path base = dir.resolve("model");

        assertThat(SafePaths.resolveInside(base, "weights.safetensors", "name"))
                .isEqualTo(base.toAbsolutePath().resolve("weights.safetensors"));
        assertThat(SafePaths.resolveInside(base, "sub/../w.bin", "name")).isEqualTo(base.toAbsolutePath().resolve("w.bin"));
        assertThat(SafePaths.resolveInside(base, "sub/w.bin", "name")).startsWithRaw(base.toAbsolutePath());
    }

    @Test
    void parentSegmentIsRejected() {
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, "../x.safetensors", "field weights.file"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("field weights.file '../x.safetensors' points outside");
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, "a/../../x", "name")).hasMessageContaining("points outside");
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, "..", "name")).hasMessageContaining("points outside");
    }

    @Test
    void baseItselfIsRejected() {
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, ".", "name")).hasMessageContaining("points outside");
    }

    @Test
    void absolutePathIsRejected() {
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, dir.resolve("x").toAbsolutePath().toString(), "name"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("is an absolute path");
    }

    @Test
    void emptyNameIsRejected() {
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, " ", "name")).hasMessageContaining("name is empty");
    }

    @Test
    void invalidPathIsRejected() {
        assertThatThrownBy(() -> SafePaths.resolveInside(dir, "a\u0000b", "name")).hasMessageContaining("not a valid path");
    }

    @Test
    void linkOutsideIsRejected() throws Exception {
        Path base = Files.createDirectory(dir.resolve("model"));
        Path outside = Files.writeString(dir.resolve("secret.txt"), "x");
        Files.createSymbolicLink(base.resolve("weights.safetensors"), outside);

        assertThatThrownBy(() -> SafePaths.resolveInside(base, "weights.safetensors", "name"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("is a link to");
    }
}
