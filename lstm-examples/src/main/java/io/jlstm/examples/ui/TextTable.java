package io.jlstm.examples.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with a header row and aligned columns. In a numeric table the first column is
 * left-aligned and the others right-aligned, as numbers read best; in a text table all columns are
 * left-aligned.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean numeric;

    /** Creates a numeric table with the given header. */
    public TextTable(String... header) {
        this(true, header);
    }

    private TextTable(boolean numeric, String... header) {
        this.columns = header.length;
        this.numeric = numeric;
        rows.add(header.clone());
    }

    /** Creates a table whose columns are all left-aligned. */
    public static TextTable text(String... header) {
        return new TextTable(false, header);
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if it has a different number of cells than the header
     */
    public TextTable add(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, but the header has " + columns);
        }
        rows.add(cells.clone());
        return this;
    }

    /** Renders the table, one line per row and a rule under the header, each line ending with a newline. */
    public String render() {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 || !numeric ? cell + pad : pad + cell);
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                out.append("-".repeat(total + 2 * (columns - 1))).append('\n');
            }
        }
        return out.toString();
    }
}
