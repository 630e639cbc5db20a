package org.crhsweep.store;

/** One column of a table: its name and Parquet/Spark type. Every column is nullable. */
public record Column(String name, Type type) {

  /** The few value types the tables use. */
  public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN }

  public static Column str(String name) {
    return new Column(name, Type.STRING);
  }

  public static Column i32(String name) {
    return new Column(name, Type.INT);
  }

  public static Column i64(String name) {
    return new Column(name, Type.LONG);
  }

  public static Column f64(String name) {
    return new Column(name, Type.DOUBLE);
  }

  public static Column bool(String name) {
    return new Column(name, Type.BOOLEAN);
  }
}
