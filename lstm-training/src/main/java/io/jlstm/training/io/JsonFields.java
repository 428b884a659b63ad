package io.jlstm.training.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Typed reads of fields of a JSON document such as {@code model.json}. A missing field and a field
 * of the wrong type get different messages, so the error shows the reader whether to add the field
 * or to fix its value.
 */
public final class JsonFields {

    /** Maximum length of the JSON text of a value quoted in a message. Longer values are cut and end in "...". */
    private static final int MAX_QUOTED_CHARS = 60;

    private JsonFields() {
    }

    /**
     * Returns the string {@code parent.field}.
     *
     * @param path the field's full name for messages, such as {@code architecture.cell}
     * @throws ModelFileException if the field is missing or not a string
     */
    public static String requireText(JsonNode parent, String field, Path file, String path)
            throws ModelFileException {
        JsonNode value = require(parent, field, file, path, "string");
        if (!value.isTextual()) {
            throw wrongType(file, path, "a string", value);
        }
        return value.asText();
    }

    /**
     * Returns the number {@code parent.field} as a double.
     *
     * @throws ModelFileException if the field is missing or not a number
     */
    public static double requireNumber(JsonNode parent, String field, Path file, String path)
            throws ModelFileException {
        JsonNode value = require(parent, field, file, path, "number");
        if (!value.isNumber()) {
            throw wrongType(file, path, "a number", value);
        }
        return value.asDouble();
    }

    /**
     * Returns the integer {@code parent.field}. The caller checks its range.
     *
     * @throws ModelFileException if the field is missing or not an integer
     */
    public static long requireInteger(JsonNode parent, String field, Path file, String path)
            throws ModelFileException {
        JsonNode value = require(parent, field, file, path, "integer");
        if (!value.isIntegralNumber()) {
            throw wrongType(file, path, "an integer", value);
        }
        return value.asLong();
    }

    /**
     * Returns the object {@code parent.field}.
     *
     * @throws ModelFileException if the field is missing or not an object
     */
    public static ObjectNode requireObject(JsonNode parent, String field, Path file, String path)
            throws ModelFileException {
        JsonNode value = require(parent, field, file, path, "object");
        if (!value.isObject()) {
            throw wrongType(file, path, "an object", value);
        }
        return (ObjectNode) value;
    }

    /** Returns the JSON type of {@code node} for messages: object, array, string, number, boolean or null. */
    public static String typeName(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static JsonNode require(JsonNode parent, String field, Path file, String path, String type)
            throws ModelFileException {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null) {
            throw new ModelFileException(file + ": missing " + type + " field \"" + path + "\"");
        }
        return value;
    }

    private static ModelFileException wrongType(Path file, String path, String expected, JsonNode value) {
        String text = value.toString();
        if (text.length() > MAX_QUOTED_CHARS) {
            text = text.substring(0, MAX_QUOTED_CHARS) + "...";
        }
        return new ModelFileException(file + ": field \"" + path + "\" has the wrong type: expected " + expected
                + ", got " + (value.isNull() ? "null" : article(typeName(value)) + " (" + text + ")"));
    }

    private static String article(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
