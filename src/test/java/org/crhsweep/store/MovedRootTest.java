package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root whose tables were written under another path is refused with one message that names both paths and
 * what to do: a renamed root would find none of its files, a copied one would read and write the original's.
 */
class MovedRootTest {

  @TempDir Path dir;

  @Test
  void aRenamedOrCopiedRootIsRefusedAndOneMovedBackOpens() throws Exception {
    Path written = dir.resolve("runs");
    try (ResultTables tables = ResultTables.open(new ResultStore(written.toString(), null))) {
      assertThat(tables.hasPoints()).isFalse();
    }
    Path renamed = dir.resolve("renamed");
    Files.move(written, renamed);

    assertThatThrownBy(() -> ResultTables.open(new ResultStore(renamed.toString(), null)))
        .isInstanceOf(MovedRootException.class)
        .hasMessageContaining("the tables under file:" + renamed)
        .hasMessageContaining("were written at file:" + written + ",")
        .hasMessageContaining("crh export --format parquet");

    Path copy = dir.resolve("copy");
    FileUtils.copyDirectory(renamed.toFile(), copy.toFile());
    Files.move(renamed, written);
    assertThatThrownBy(() -> ResultTables.open(new ResultStore(copy.toString(), null)))
        .isInstanceOf(MovedRootException.class).hasMessageContaining("were written at file:" + written + ",");
    try (ResultTables tables = ResultTables.open(new ResultStore(written.toString(), null))) {
      assertThat(tables.hasPoints()).isFalse();
    }
    // The same directory through a symbolic link is the same root.
    Path link = Files.createSymbolicLink(dir.resolve("link"), written);
    try (ResultTables tables = ResultTables.open(new ResultStore(link.toString(), null))) {
      assertThat(tables.hasPoints()).isFalse();
    }
  }
}
