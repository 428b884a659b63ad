package io.jlstm.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesReaderTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("series.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsQuotedColumnWithLineNumbers() throws Exception {
        Path file = write("\"Date\",\"Count\"\n\"1949-01\",112\n\"1949-02\", 118 \n\n\n");

        CsvSeries series = new CsvSeriesReader("Count", null, null).read(file);

        assertThat(series.values()).containsExactly(112.0, 118.0);
        assertThat(series.lines()).containsExactly(2, 3);
        assertThat(series.missingCount()).isZero();
    }

    @Test
    void blankLineBetweenRowsIsRejected() throws Exception {
        Path file = write("Date,Count\n1949-01,112\n\n1949-02,118\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 3: blank line between data rows");
    }

    @Test
    void markerAndQualityColumnMarkMissing() throws Exception {
        Path file = write("co2,quality\n315.7,1\n-99.990,0\n316.0,0\n,1\n317.1,1\n");

        CsvSeries series = new CsvSeriesReader("co2", "-99.99", "quality").read(file);

        assertThat(series.values()[0]).isEqualTo(315.7);
        assertThat(series.values()[1]).isNaN();
        assertThat(series.values()[2]).isNaN();
        assertThat(series.values()[3]).isNaN();
        assertThat(series.missingCount()).isEqualTo(3);
    }

    @Test
    void doubledQuoteInsideQuotesIsOneQuote() throws Exception {
        Path file = write("name,value\n\"a \"\"b\"\", c\",5\n");

        assertThat(new CsvSeriesReader("value", null, null).read(file).values()).containsExactly(5.0);
    }

    @Test
    void nonNumericCellNamesFileLineAndValue() throws Exception {
        Path file = write("Date,Count\n1949-01,112\n1949-02,abc\n");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file + ", line 3")
                .hasMessageContaining("'abc'")
                .hasMessageContaining("expected a finite number");
    }

    @Test
    void nonFiniteNumberRejected() throws Exception {
        Path file = write("Count\nNaN\n");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .hasMessageContaining("line 2").hasMessageContaining("'NaN'");
    }

    @Test
    void missingColumnListsColumns() throws Exception {
        Path file = write("Date,Count\n1949-01,112\n");

        assertThatThrownBy(() -> new CsvSeriesReader("Passengers", null, null).read(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("no column 'Passengers'")
                .hasMessageContaining("columns: Date, Count");
    }

    @Test
    void missingQualityColumnNamed() throws Exception {
        Path file = write("co2\n315.7\n");

        assertThatThrownBy(() -> new CsvSeriesReader("co2", null, "quality").read(file))
                .hasMessageContaining("no column 'quality' (key data.quality-column)");
    }

    @Test
    void nonNumericQualityRejected() throws Exception {
        Path file = write("co2,quality\n315.7,good\n");

        assertThatThrownBy(() -> new CsvSeriesReader("co2", null, "quality").read(file))
                .hasMessageContaining("line 2").hasMessageContaining("'good'");
    }

    @Test
    void emptyFileRejected() throws Exception {
        Path file = write("\n  \n");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the file is empty");
    }

    @Test
    void headerOnlyRejected() throws Exception {
        Path file = write("Date,Count\n");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .hasMessageContaining("line 1").hasMessageContaining("at least one data row");
    }

    @Test
    void raggedRowRejected() throws Exception {
        Path file = write("Date,Count\n1949-01,112,7\n");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .hasMessageContaining("line 2").hasMessageContaining("found 3 cells");
    }

    @Test
    void unterminatedQuoteRejected() throws Exception {
        Path file = write("Date,Count\n\"1949-01,112\n");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .hasMessageContaining("line 2").hasMessageContaining("unterminated quote");
    }

    @Test
    void missingFileRejected() {
        Path file = dir.resolve("nope.csv");

        assertThatThrownBy(() -> new CsvSeriesReader("Count", null, null).read(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("data file not found: " + file);
    }

    @Test
    void invalidUtf8Rejected() throws Exception {
        Path file = dir.resolve("bin.csv");
        Files.write(file, new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe, '\n'});

        assertThatThrownBy(() -> new CsvSeriesReader("a", null, null).read(file))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void unsetColumnRejected() {
        assertThatThrownBy(() -> new CsvSeriesReader(null, null, null))
                .isInstanceOf(DataException.class).hasMessageContaining("data.column");
    }
}
