package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs committing into one table of the embedded catalog on a local disk at once lose no commit:
 * the Hadoop catalog checks and renames in two steps there, and only the store's file lock makes that one.
 */
class ConcurrentCommitsTest {

  static final int PROCESSES = 4;
  static final int COMMITS = 8;

  @TempDir
  Path dir;

  @Test
  void fourProcessesAppendingAtOnceLoseNothing() throws Exception {
    ResultStore store = new ResultStore(dir.toString(), null);
    try (ResultTables t = ResultTables.open(store)) {
      // created before the writers start, as a sweep's driver does
    }
    Path go = dir.resolve("go");
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      children.add(new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), Child.class.getName(), dir.toString(), go.toString(),
          String.valueOf(i)).redirectErrorStream(true).start());
    }
    Thread.sleep(3000);
    Files.writeString(go, "go");
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(out).isZero();
    }
    try (ResultTables t = ResultTables.open(store)) {
      org.apache.iceberg.Table table = t.table(Table.TRAINING);
      table.refresh();
      int appends = 0;
      for (Snapshot s : table.snapshots()) {
        appends += "append".equals(s.operation()) ? 1 : 0;
      }
      assertThat(appends).isEqualTo(PROCESSES * COMMITS);
      List<String> ids = new ArrayList<>();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("point_id").build()) {
        rows.forEach(r -> ids.add((String) r.getField("point_id")));
      }
      assertThat(ids).hasSize(PROCESSES * COMMITS).doesNotHaveDuplicates();
    }
  }

  /** One writer: stages its files, waits for the start file, then commits them one append each. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      ResultStore store = new ResultStore(args[0], null);
      Path go = Path.of(args[1]);
      int id = Integer.parseInt(args[2]);
      try (ResultTables t = ResultTables.open(store)) {
        org.apache.iceberg.Table table = t.table(Table.TRAINING);
        List<org.apache.iceberg.DataFile> files = new ArrayList<>();
        for (int i = 0; i < COMMITS; i++) {
          TableRows rows = new TableRows(Table.TRAINING, new Provenance("h", "v", "cpu", "host"));
          rows.add(String.format("%08d%08d", id, i), 0L, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "task", 1, 1);
          files.add(RowFiles.write(table, "s", rows, "w" + id));
        }
        while (!Files.exists(go)) {
          Thread.sleep(2);
        }
        for (org.apache.iceberg.DataFile f : files) {
          table.newAppend().appendFile(f).commit();
        }
      }
    }
  }
}
