package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crhsweep.SparkTestSession;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.junit.jupiter.api.Test;

/** The counts crh phases prints from the rows in hand are, to the character, what Spark's show printed of the table. */
class PhaseCountsTextTest {

  private static final List<String> KEYS = List.of("stat", "phase", "phase_significant", "phase_one_way");

  @Test
  void theCountsAreSparksShowOfTheGroupedQuery() {
    String[][] values = {
        {"raw", "CRH", "CRH", "CRH"}, {"raw", "CRH", "CRH", "CRH"}, {"raw", "unaligned", null, "PAH"},
        {"normalized", "diverged", "diverged", "diverged"}, {"raw", "PAH", "unaligned", "PAH"},
        {"normalized", "CRH", "unaligned", "CRH"}, {"raw", "unaligned", "unaligned", "unaligned"},
        {"normalized", "unaligned", null, null}, {"raw", "CRH", "CRH", "CRH"}};
    TableRows rows = new TableRows(Table.PHASES, new Provenance("h", "v", "cpu", "host"));
    List<Row> sparkRows = new ArrayList<>();
    for (String[] v : values) {
      Object[] row = new Object[Table.PHASES.columns().size() - Table.PROVENANCE.size()];
      for (int i = 0; i < KEYS.size(); i++) {
        row[Table.PHASES.index(KEYS.get(i))] = v[i];
      }
      rows.add(row);
      sparkRows.add(RowFactory.create((Object[]) v));
    }
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      PhaseCountsText.print(out, new PhaseJob.Finals(List.of(), rows));
    }

    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType();
    for (String k : KEYS) {
      schema = schema.add(k, DataTypes.StringType);
    }
    spark.createDataFrame(sparkRows, schema).createOrReplaceTempView("counted_phases");
    Dataset<Row> counts = spark.sql("SELECT stat, phase, phase_significant, phase_one_way, COUNT(*) AS layers "
        + "FROM counted_phases GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
    assertThat(text.toString()).isEqualTo(counts.showString(100, 0, false) + System.lineSeparator());
    assertThat(Arrays.asList(text.toString().split("\n"))).contains("|raw       |unaligned|NULL             |PAH          |1     |");
  }

  @Test
  void noRowsGiveTheHeaderAlone() {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      PhaseCountsText.print(out, new PhaseJob.Finals(List.of(), null));
    }
    assertThat(text.toString()).isEqualTo("""
        +----+-----+-----------------+-------------+------+
        |stat|phase|phase_significant|phase_one_way|layers|
        +----+-----+-----------------+-------------+------+
        +----+-----+-----------------+-------------+------+

        """.replace("\n", System.lineSeparator()));
  }
}
