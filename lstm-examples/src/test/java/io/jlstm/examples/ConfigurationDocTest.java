package io.jlstm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md in step with the schema. After changing a key, regenerate the table
 * with {@code mvn -pl lstm-examples test -Dtest=ConfigurationDocTest -Djlstm.docs.update=true}.
 */
class ConfigurationDocTest {

    private static final Path PAGE = Path.of("../docs/configuration.md");

    @Test
    void docsPageListsEveryKey() throws Exception {
        String page = Files.readString(PAGE);
        int begin = page.indexOf(ConfigurationDoc.BEGIN);
        int end = page.indexOf(ConfigurationDoc.END);
        assertThat(begin).as("marker line in " + PAGE).isNotNegative();
        assertThat(end).as("marker line in " + PAGE).isGreaterThan(begin);

        String expected = ConfigurationDoc.table(ExampleKeys.schema());
        String current = page.substring(begin + ConfigurationDoc.BEGIN.length() + 1, end);
        if (Boolean.getBoolean("jlstm.docs.update") && !current.equals(expected)) {
            Files.writeString(PAGE, page.substring(0, begin + ConfigurationDoc.BEGIN.length() + 1) + expected
                    + page.substring(end));
            current = expected;
        }

        assertThat(current).as(PAGE + " is out of date; rerun this test with -Djlstm.docs.update=true")
                .isEqualTo(expected);
    }
}
