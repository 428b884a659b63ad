package io.jlstm.examples.data;

import io.jlstm.training.Plural;
import io.jlstm.training.config.ConfigKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one numeric column of a comma-separated file with a header line.
 *
 * <p>Format: UTF-8 text, the first non-empty line names the columns, each further non-empty line
 * has as many cells. A cell may be quoted with {@code "} (a doubled {@code ""} inside quotes is one
 * quote); surrounding spaces are trimmed. A value is missing when its cell is empty, equals the
 * missing-value marker, or the quality column contains 0 on its row. Every other cell must be a finite
 * decimal number. Any violation raises a {@link DataException} naming the file, line and value.
 */
public final class CsvSeriesReader {

    private final String column;
    private final String missingMarker;
    private final String qualityColumn;

    /**
     * Creates a reader.
     *
     * @param column header name of the value column
     * @param missingMarker cell text marking a missing value (compared as a number when it parses
     *     as one, so {@code -99.99} also matches {@code -99.990}), or {@code null}
     * @param qualityColumn header name of a column whose value 0 marks a missing value, or {@code null}
     */
    public CsvSeriesReader(String column, String missingMarker, String qualityColumn) {
        if (column == null || column.isBlank()) {
            throw new DataException("no CSV column chosen: set data.column to the header name of the series");
        }
        this.column = column.trim();
        this.missingMarker = missingMarker == null || missingMarker.isBlank() ? null : missingMarker.trim();
        this.qualityColumn = qualityColumn == null || qualityColumn.isBlank() ? null : qualityColumn.trim();
    }

    /**
     * Reads {@code file}.
     *
     * @throws DataException if the file is missing, unreadable, empty, lacks a column, has a row
     *     with the wrong number of cells, or has a cell that is neither a number nor missing
     */
    public CsvSeries read(Path file) {
        List<String> lines = readLines(file);

        int headerIndex = firstNonEmpty(lines);
        if (headerIndex < 0) {
            throw new DataException(file + ": the file is empty; expected a header line with column names, such as"
                    + " \"Date,Count\", then one line per time step");
        }
        List<String> header = split(lines.get(headerIndex), file, headerIndex + 1);
        int valueIndex = columnIndex(header, column, file, headerIndex + 1, "data.column");
        int qualityIndex = qualityColumn == null ? -1
                : columnIndex(header, qualityColumn, file, headerIndex + 1, "data.quality-column");
        Double markerNumber = parseOrNull(missingMarker);

        List<Double> values = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int lastDataLine = lines.size() - 1;
        while (lastDataLine > headerIndex && lines.get(lastDataLine).isBlank()) {
            lastDataLine--;
        }
        for (int i = headerIndex + 1; i <= lastDataLine; i++) {
            if (lines.get(i).isBlank()) {
                // A skipped row would shift every later value by one time step.
                throw DataException.at(file, i + 1, "blank line between data rows; remove it, or give the missing"
                        + " value as an empty cell or the data.missing-marker so the time steps stay aligned");
            }
            int lineNumber = i + 1;
            List<String> cells = split(lines.get(i), file, lineNumber);
            if (cells.size() != header.size()) {
                throw DataException.at(file, lineNumber, "found " + Plural.count(cells.size(), "cell") + " in '"
                        + lines.get(i)
                        + "', expected " + header.size() + " as in the header (" + String.join(",", header) + ")");
            }
            boolean missing = isMissing(cells.get(valueIndex), markerNumber)
                    || qualityIndex >= 0 && isBadQuality(cells.get(qualityIndex), file, lineNumber);
            values.add(missing ? Double.NaN : number(cells.get(valueIndex), file, lineNumber));
            lineNumbers.add(lineNumber);
        }
        if (values.isEmpty()) {
            throw DataException.at(file, headerIndex + 1, "the header is the last line; expected at least one data"
                    + " row after it");
        }

        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        int[] l = lineNumbers.stream().mapToInt(Integer::intValue).toArray();
        return new CsvSeries(file, column, v, l);
    }

    private boolean isMissing(String cell, Double markerNumber) {
        if (cell.isEmpty()) {
            return true;
        }
        if (missingMarker == null) {
            return false;
        }
        if (cell.equals(missingMarker)) {
            return true;
        }
        Double value = parseOrNull(cell);
        return markerNumber != null && value != null && value.doubleValue() == markerNumber.doubleValue();
    }

    private boolean isBadQuality(String cell, Path file, int lineNumber) {
        Double q = parseOrNull(cell);
        if (q == null) {
            throw DataException.at(file, lineNumber, "invalid value '" + cell + "' in quality column '" + qualityColumn
                    + "': expected a number (0 marks a missing value)");
        }
        return q == 0.0;
    }

    private double number(String cell, Path file, int lineNumber) {
        Double v = parseOrNull(cell);
        if (v == null || !Double.isFinite(v)) {
            String markerHint = missingMarker == null ? "" : " or the missing-value marker '" + missingMarker + "'";
            String policyHint = v != null && missingMarker == null
                    ? "; set data.missing-marker = " + cell + " to treat such cells as missing" : "";
            throw DataException.at(file, lineNumber, "invalid value '" + cell + "' in column '" + column
                    + "': expected a finite number" + markerHint + policyHint);
        }
        return v;
    }

    private static Double parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (!ConfigKey.DECIMAL.matcher(trimmed).matches()) {
            return null;
        }
        try {
            return Double.valueOf(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int columnIndex(List<String> header, String name, Path file, int lineNumber, String key) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw DataException.at(file, lineNumber, "no column '" + name + "' (key " + key + ") in the header;"
                    + " columns: " + String.join(", ", header));
        }
        return index;
    }

    private static int firstNonEmpty(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> readLines(Path file) {
        if (!Files.exists(file)) {
            throw new DataException("data file not found: " + file + "; check data.path or --data");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException("data path is not a regular file: " + file);
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataException(file + ": not valid UTF-8 text; expected a CSV file", e);
        } catch (IOException e) {
            throw new DataException("cannot read data file " + file + ": " + e, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.lines().toList();
    }

    /** Splits one line into trimmed cells, removing quotes. */
    static List<String> split(String line, Path file, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
                wasQuoted = false;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw DataException.at(file, lineNumber, "unterminated quote in '" + line + "'; expected a closing \"");
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
