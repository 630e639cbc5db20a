package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the tables' column names and types to src/test/resources/schema.json, so a change to a
 * table (which breaks users' queries and notebooks) is always a deliberate edit of both.
 */
class SchemaTest {

  static String current() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    for (Table t : Table.values()) {
      ArrayNode cols = root.putArray(t.label());
      for (Column c : t.columns()) {
        cols.add(c.name() + ":" + c.type().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  @Test
  void schemasMatchTheGoldenFile() throws Exception {
    String golden;
    try (InputStream in = SchemaTest.class.getResourceAsStream("/schema.json")) {
      assertThat(in).as("src/test/resources/schema.json").isNotNull();
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(current()).isEqualTo(golden);
  }

  @Test
  void icebergTablesHaveSweepFirstEveryColumnOnceAndArePartitionedBySweep(@TempDir java.nio.file.Path dir) {
    ResultStore store = new ResultStore(dir.toString(), new org.apache.hadoop.conf.Configuration());
    try (ResultTables tables = ResultTables.open(store)) {
      for (Table t : Table.values()) {
        org.apache.iceberg.Table table = tables.table(t);
        assertThat(table.location()).isEqualTo(ResultTables.tableLocation(store, t));
        assertThat(table.schema().columns()).extracting(f -> f.name()).first().isEqualTo("sweep");
        assertThat(table.schema().columns()).hasSize(t.columns().size() + 1);
        assertThat(table.spec().fields()).hasSize(1);
        assertThat(table.spec().fields().get(0).transform().toString()).isEqualTo("identity");
        assertThat(table.schema().findColumnName(table.spec().fields().get(0).sourceId())).isEqualTo("sweep");
        assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
      }
    }
  }

  @Test
  void everyColumnOnceWithProvenanceLast() {
    for (Table t : Table.values()) {
      assertThat(t.columns().stream().map(Column::name).distinct().count()).isEqualTo(t.columns().size());
      assertThat(t.columns().subList(t.columns().size() - 4, t.columns().size()))
          .extracting(Column::name).containsExactly("spec_hash", "code_version", "backend", "host");
    }
  }

  @Test
  void rowsOfTheWrongTypeAreRejectedWithTheColumnName() {
    TableRows rows = new TableRows(Table.TRAINING, new Provenance("h", "v", "cpu", "host"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rows.add("p", 1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, "task", 1, 1))
        .hasMessage("table training column step is LONG, got Integer 1");
  }
}
