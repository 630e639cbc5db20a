package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output root written before columns were added (the reverse fit's q, q_lo, q_hi, q_r2, q_n_eig) is
 * opened, gains them at the end of its schema, and takes new rows by column name.
 */
class OlderTablesTest {

  private static final List<String> NEW = List.of("q", "q_lo", "q_hi", "q_r2", "q_n_eig");

  @TempDir Path dir;

  @Test
  void anOlderTableGainsTheNewColumnsAndTakesRowsByName() throws Exception {
    ResultStore older = new ResultStore(dir.toString(), new org.apache.hadoop.conf.Configuration());
    try (ResultTables tables = ResultTables.open(older)) {
      var update = tables.table(Table.EXPONENTS).updateSchema();
      NEW.forEach(update::deleteColumn);
      update.commit();
      assertThat(tables.table(Table.EXPONENTS).schema().findField("q")).isNull();
    }

    ResultStore store = new ResultStore(dir.toString(), new org.apache.hadoop.conf.Configuration());
    org.apache.iceberg.Table exponents = store.tables().table(Table.EXPONENTS);
    List<String> names = exponents.schema().columns().stream().map(f -> f.name()).toList();
    assertThat(names.subList(names.size() - NEW.size(), names.size())).containsExactlyElementsOf(NEW);

    TableRows rows = new TableRows(Table.EXPONENTS, new Provenance("h", "v", "cpu", "host"));
    rows.add("p1", 10L, 1, "fc1", "dense", "Z_a~H_a", "f-RWA", "raw", 2.0, 1.9, 2.1, 0.95, 8, 0.9, 2.0,
        0.5, 0.45, 0.55, 0.93, 7, "task", 1, 1);
    store.tables().commit(List.of(store.stagePoint("s", "p1", Map.of(Table.EXPONENTS, rows))));

    exponents.refresh();
    List<Record> read = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(exponents).build()) {
      it.forEach(read::add);
    }
    assertThat(read).hasSize(1);
    Record r = read.get(0);
    assertThat(r.getField("p")).isEqualTo(2.0);
    assertThat(r.getField("q")).isEqualTo(0.5);
    assertThat(r.getField("q_r2")).isEqualTo(0.93);
    assertThat(r.getField("q_n_eig")).isEqualTo(7);
    assertThat(r.getField("execution_mode")).isEqualTo("task");
    assertThat(r.getField("host")).isEqualTo("host");
  }
}
