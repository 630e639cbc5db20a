package org.crhsweep.report;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.crhsweep.probe.RelationValues;

/**
 * Text of a tree of records, lists, maps and arrays, one leaf a line with its path, doubles in their
 * shortest round-trip form: a golden file of it pins every number. Values per relation print in
 * relation order, however they are held. A type it does not know
 * fails, so a changed type is a visible edit here, not a silent change of the text.
 */
final class Dump {

  private Dump() {}

  static String of(String name, Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, name, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String path, Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
        || v instanceof Enum<?>) {
      sb.append(path).append(" = ").append(v).append('\n');
    } else if (v instanceof double[] a) {
      sb.append(path).append(" = ").append(Arrays.toString(a)).append('\n');
    } else if (v instanceof long[] a) {
      sb.append(path).append(" = ").append(Arrays.toString(a)).append('\n');
    } else if (v instanceof double[][] a) {
      for (int i = 0; i < a.length; i++) {
        append(sb, path + "[" + i + "]", a[i]);
      }
    } else if (v instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        append(sb, path + "[" + i++ + "]", e);
      }
    } else if (v instanceof RelationValues r) {
      append(sb, path, r.stream().toArray());
    } else if (v instanceof Map<?, ?> m) {
      // An enum key by its ordinal: values per relation read the same whether held in an array or a map.
      m.forEach((k, e) -> append(sb, path + "[" + (k instanceof Enum<?> en ? en.ordinal() : k) + "]", e));
    } else if (v instanceof Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          c.getAccessor().setAccessible(true);
          append(sb, path + "." + c.getName(), c.getAccessor().invoke(r));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + path + "." + c.getName(), e);
        }
      }
    } else {
      throw new IllegalArgumentException("Dump: unknown type " + v.getClass().getName() + " at " + path);
    }
  }
}
