package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/build.sh, which jobs/crh and jobs/submit.sh use to build: it says what is happening and how long it may
 * take, and shows where Maven is while it runs. A stand-in mvn on the PATH prints Maven's kind of lines.
 */
class BuildScriptTest {

  @TempDir
  Path dir;

  private record Run(int exit, List<String> err) {}

  private Run build(String mvnBody) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\n" + mvnBody);
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path project = Files.createDirectories(dir.resolve("project"));
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source jobs/build.sh; crh_build \"$1\"",
        "_", project.toString());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("HOME", dir.toString()); // an empty ~/.m2: a first build
    pb.environment().put("TMPDIR", dir.toString());
    pb.environment().put("CRH_BUILD_HEARTBEAT", "1");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), err.lines().toList());
  }

  @Test
  void aFirstBuildSaysWhatItDoesAndShowsWhereMavenIs() throws Exception {
    Run r = build("""
        echo '[INFO] Downloading from central: https://repo/a.pom'
        echo '[INFO] Downloaded from central: https://repo/a.pom (1 kB at 1 kB/s)'
        echo '[INFO] Downloading from central: https://repo/org/big/1.0/big-1.0.jar'
        sleep 2.5
        echo '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ crh-sweep ---'
        sleep 2
        """);
    assertThat(r.exit()).isZero();
    assertThat(r.err().get(0)).isEqualTo("crh: building crh-sweep: a first build downloads its dependencies (Spark, "
        + "ND4J; about 460 MB) into ~/.m2 and takes a few minutes (5.5 on 2 cores here); a line every 1 s shows "
        + "where Maven is ...");
    // Timings are whole seconds of a loaded machine: the order and the words are what is pinned.
    assertThat(r.err()).anySatisfy(l -> assertThat(l).matches("crh: \\.\\.\\. 0:0\\d downloading dependencies "
        + "\\(1 files so far; now big-1\\.0\\.jar\\)"));
    assertThat(r.err()).anySatisfy(l -> assertThat(l).matches("crh: \\.\\.\\. \\d:\\d\\d compiling"));
    assertThat(r.err().get(r.err().size() - 1)).matches("crh: built in \\d:\\d\\d");
  }

  @Test
  void aFailedBuildShowsMavensErrorsAndKeepsTheLog() throws Exception {
    Run r = build("""
        echo '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ crh-sweep ---'
        echo '[ERROR] /p/src/main/java/A.java:[3,1] class, interface, enum, or record expected'
        exit 1
        """);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("[ERROR] /p/src/main/java/A.java:[3,1] class, interface, enum, or record expected");
    assertThat(r.err().get(r.err().size() - 1))
        .matches("crh: the build failed after \\d:\\d\\d \\(Maven exit 1\\); full log: .*/crh-build\\..*");
  }
}
