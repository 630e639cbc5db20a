package org.crhsweep.sweep;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.crhsweep.store.Column;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;

/** What the row-record tests compare: a record's components as column names, a table's own columns. */
final class RowColumns {

  private RowColumns() {}

  /** The record's component names in snake_case ({@code qNEig} is {@code q_n_eig}), in declaration order. */
  static List<String> components(Class<? extends Record> row) {
    return Arrays.stream(row.getRecordComponents())
        .map(RecordComponent::getName)
        .map(n -> n.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT))
        .toList();
  }

  /** The table's columns before the provenance that {@link TableRows} appends. */
  static List<String> own(Table table) {
    List<Column> columns = table.columns();
    return columns.subList(0, columns.size() - Table.PROVENANCE.size()).stream().map(Column::name).toList();
  }

  /**
   * The values of a row's own columns by name, as stored: through {@link TableRows#add}, which checks their
   * number and types against the table.
   */
  static Map<String, Object> stored(Table table, Object[] values) {
    Object[] row = new TableRows(table, new Provenance("spec", "code", "cpu", "host")).add(values).rows().get(0);
    Map<String, Object> byName = new LinkedHashMap<>();
    for (String column : own(table)) {
      byName.put(column, row[table.index(column)]);
    }
    return byName;
  }
}
