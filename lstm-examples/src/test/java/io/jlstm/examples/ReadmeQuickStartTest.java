package io.jlstm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeQuickStartTest {

    @Test
    void readmeShowsQuickStartBody() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> source = Files.readAllLines(
                Path.of("src", "main", "java", "io", "jlstm", "examples", "QuickStart.java"));
        int start = source.indexOf("    public static TrainingSummary run(String backend) {") + 1;
        int end = source.subList(start, source.size()).indexOf("    }") + start;
        StringBuilder body = new StringBuilder();
        for (String line : source.subList(start, end)) {
            body.append(line.substring(Math.min(8, line.length()))).append('\n');
        }

        assertThat(start).as("QuickStart.run found").isGreaterThan(0);
        assertThat(readme).contains("```java\n" + body + "```");
    }
}
