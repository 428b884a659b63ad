package io.jlstm.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's backend-contract example equal to the test class it quotes. */
class ReadmeExampleTest {

    @Test
    void readmeQuotesContractClassVerbatim() throws IOException {
        // Surefire runs tests in the module directory, so the README is one level up.
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(
                Path.of("src/test/java/io/jlstm/backend/ejml/EjmlBackendContractProperties.java"));

        String classText = source.substring(source.indexOf("class EjmlBackendContractProperties")).strip();

        assertThat(readme).contains("```java\n" + classText + "\n```");
    }
}
