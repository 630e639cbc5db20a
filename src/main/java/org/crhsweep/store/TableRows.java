package org.crhsweep.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows bound for one table, each checked against the table's schema when added: right arity, and
 * each value null or of the column's Java type (String, Integer, Long, Double, Boolean).
 */
public final class TableRows {

  private final Table table;
  private final Provenance provenance;
  private final List<Object[]> rows = new ArrayList<>();

  public TableRows(Table table, Provenance provenance) {
    this.table = table;
    this.provenance = provenance;
  }

  public Table table() {
    return table;
  }

  /** Adds a row given the table's own columns; provenance is appended. */
  public TableRows add(Object... values) {
    List<Column> cols = table.columns();
    int own = cols.size() - Table.PROVENANCE.size();
    if (values.length != own) {
      throw new IllegalArgumentException("table " + table.label() + " takes " + own + " values, got " + values.length);
    }
    Object[] row = new Object[cols.size()];
    System.arraycopy(values, 0, row, 0, own);
    System.arraycopy(provenance.values(), 0, row, own, Table.PROVENANCE.size());
    for (int i = 0; i < row.length; i++) {
      check(cols.get(i), row[i]);
    }
    rows.add(row);
    return this;
  }

  /** Adds a whole row, provenance included (rows read back from files of earlier versions). */
  TableRows addRow(Object[] row) {
    List<Column> cols = table.columns();
    if (row.length != cols.size()) {
      throw new IllegalArgumentException("table " + table.label() + " has " + cols.size() + " columns, got "
          + row.length);
    }
    for (int i = 0; i < row.length; i++) {
      check(cols.get(i), row[i]);
    }
    rows.add(row.clone());
    return this;
  }

  public List<Object[]> rows() {
    return Collections.unmodifiableList(rows);
  }

  public int size() {
    return rows.size();
  }

  private void check(Column c, Object v) {
    if (v == null) {
      return;
    }
    boolean ok = switch (c.type()) {
      case STRING -> v instanceof String;
      case INT -> v instanceof Integer;
      case LONG -> v instanceof Long;
      case DOUBLE -> v instanceof Double;
      case BOOLEAN -> v instanceof Boolean;
    };
    if (!ok) {
      throw new IllegalArgumentException("table " + table.label() + " column " + c.name() + " is " + c.type()
          + ", got " + v.getClass().getSimpleName() + " " + v);
    }
  }
}
