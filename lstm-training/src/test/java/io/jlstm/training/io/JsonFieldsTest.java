package io.jlstm.training.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static final Path FILE = Path.of("model.json");

    private static JsonNode parse(String json) throws Exception {
        return ModelDirectory.json().readTree(json);
    }

    @Test
    void readsFieldsOfTheRightType() throws Exception {
        JsonNode node = parse("{\"s\": \"text\", \"x\": 2.5, \"n\": 7, \"o\": {\"k\": 1}}");

        assertThat(JsonFields.requireText(node, "s", FILE, "a.s")).isEqualTo("text");
        assertThat(JsonFields.requireNumber(node, "x", FILE, "a.x")).isEqualTo(2.5);
        assertThat(JsonFields.requireNumber(node, "n", FILE, "a.n")).isEqualTo(7.0);
        assertThat(JsonFields.requireInteger(node, "n", FILE, "a.n")).isEqualTo(7L);
        assertThat(JsonFields.requireObject(node, "o", FILE, "a.o").get("k").asInt()).isEqualTo(1);
    }

    @Test
    void missingFieldIsCalledMissing() throws Exception {
        JsonNode node = parse("{}");

        assertThatThrownBy(() -> JsonFields.requireText(node, "cell", FILE, "architecture.cell"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("model.json: missing string field \"architecture.cell\"");
        assertThatThrownBy(() -> JsonFields.requireObject(node, "architecture", FILE, "architecture"))
                .hasMessage("model.json: missing object field \"architecture\"");
    }

    @Test
    void wrongTypeNamesExpectedAndActual() throws Exception {
        JsonNode node = parse("{\"s\": 42, \"x\": \"1.5\", \"n\": 1.5, \"o\": [1, 2], \"b\": true, \"z\": null}");

        assertThatThrownBy(() -> JsonFields.requireText(node, "s", FILE, "a.s"))
                .hasMessage("model.json: field \"a.s\" has the wrong type: expected a string, got a number (42)");
        assertThatThrownBy(() -> JsonFields.requireNumber(node, "x", FILE, "a.x"))
                .hasMessage("model.json: field \"a.x\" has the wrong type: expected a number, got a string (\"1.5\")");
        assertThatThrownBy(() -> JsonFields.requireInteger(node, "n", FILE, "a.n"))
                .hasMessage("model.json: field \"a.n\" has the wrong type: expected an integer, got a number (1.5)");
        assertThatThrownBy(() -> JsonFields.requireObject(node, "o", FILE, "a.o"))
                .hasMessage("model.json: field \"a.o\" has the wrong type: expected an object, got an array ([1,2])");
        assertThatThrownBy(() -> JsonFields.requireText(node, "b", FILE, "a.b"))
                .hasMessage("model.json: field \"a.b\" has the wrong type: expected a string, got a boolean (true)");
        assertThatThrownBy(() -> JsonFields.requireText(node, "z", FILE, "a.z"))
                .hasMessage("model.json: field \"a.z\" has the wrong type: expected a string, got null");
    }

    @Test
    void longValueIsCut() throws Exception {
        JsonNode node = parse("{\"s\": [" + "1,".repeat(100) + "1]}");

        assertThatThrownBy(() -> JsonFields.requireText(node, "s", FILE, "s"))
                .hasMessageEndingWith("got an array ([" + "1,".repeat(29) + "1...)");
    }
}
