package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's file:// file system sets Hadoop's permissions (umask included) without forking chmod. */
class NioLocalFileSystemTest {

  @TempDir
  Path dir;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theStoreWritesLocalFilesWithHadoopsPermissions() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "027");
    ResultStore store = new ResultStore(dir.toString(), conf);
    FileSystem fs = store.fileSystem();
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    // Uncached: Spark's own (cached) local file system stays Hadoop's.
    assertThat(FileSystem.get(new Configuration()).getClass()).isNotEqualTo(NioLocalFileSystem.class);

    org.apache.hadoop.fs.Path sub = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "a/b");
    assertThat(fs.mkdirs(sub)).isTrue();
    // Directory default 777 under umask 027; a file's default 666 likewise, its checksum file too.
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwxr-x---");
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwxr-x---");
    try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(sub, "f.bin"))) {
      out.write(new byte[] {1, 2, 3});
    }
    assertThat(mode(dir.resolve("a/b/f.bin"))).isEqualTo("rw-r-----");
    assertThat(mode(dir.resolve("a/b/.f.bin.crc"))).isEqualTo("rw-r-----");
    fs.setPermission(new org.apache.hadoop.fs.Path(sub, "f.bin"), new FsPermission((short) 0604));
    assertThat(mode(dir.resolve("a/b/f.bin"))).isEqualTo("rw----r--");
    assertThat(Files.readAllBytes(dir.resolve("a/b/f.bin"))).containsExactly(1, 2, 3);
  }

  @Test
  void aLocalFileSystemTheUserNamedIsKept() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    assertThat(new ResultStore(dir.toString(), conf).fileSystem()).isExactlyInstanceOf(RawLocalFileSystem.class);
  }
}
