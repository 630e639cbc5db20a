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
 * The spark-submit wrappers assemble the command a cluster runs: a stand-in spark-submit under a temporary
 * SPARK_HOME prints the arguments it was given, one per line (the real one is tested in ClusterIT).
 */
class SubmitScriptsTest {

  @TempDir
  Path home;

  private record Run(int exit, List<String> args, String err) {}

  private Run run(String... command) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.writeString(home.resolve("app.jar"), "");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("CRH_JAR", jar.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out.lines().toList(), err.strip());
  }

  /**
   * JavaCPP's physical-memory check (a read of /proc/self/statm per native allocation) is off, and the JDK's
   * Vector API (tanh, model/kernel/VectorSteps) is on, in every JVM that trains: the local launcher, the bench, the
   * driver spark-submit starts, every properties file's executors and driver, and the test JVMs.
   */
  @Test
  void everyTrainingJvmGetsTheJavaCppAndVectorFlags() throws Exception {
    for (String flag : List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "--add-modules=jdk.incubator.vector")) {
      for (String file : List.of("jobs/crh", "jobs/bench.sh", "jobs/submit.sh", "pom.xml")) {
        assertThat(Files.readString(Path.of(file))).as(file).contains(flag);
      }
      for (String conf : List.of("conf/spark-defaults.conf", "conf/cluster/standalone.conf",
          "conf/cluster/yarn.conf", "conf/cluster/kubernetes.conf")) {
        List<String> lines = Files.readAllLines(Path.of(conf));
        for (String key : List.of("spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions")) {
          assertThat(lines).as(conf + " " + key).anySatisfy(l -> assertThat(l).startsWith(key).contains(flag));
        }
      }
    }
    String flag = "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0 --add-modules=jdk.incubator.vector";
    Run r = run("jobs/submit.sh", "--", "sweep", "--spec", "s.yaml", "--out", "o");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.args().get(r.args().indexOf("--driver-java-options") + 1)).contains(flag);
  }

  @Test
  void submitSweepUsesTheTemplateAndRunsSweep() throws Exception {
    Run r = run("jobs/submit-sweep.sh", "conf/cluster/yarn.conf", "--conf", "spark.executor.instances=16", "--",
        "--spec", "conf/sweeps/tiny.yaml", "--out", "hdfs:///crh/runs");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> a = r.args();
    assertThat(a.get(a.indexOf("--class") + 1)).isEqualTo("org.crhsweep.cli.Main");
    assertThat(a.get(a.indexOf("--properties-file") + 1)).isEqualTo("conf/cluster/yarn.conf");
    assertThat(a.subList(a.indexOf("--conf"), a.size()))
        .containsExactly("--conf", "spark.executor.instances=16", home.resolve("app.jar").toString(), "sweep",
            "--spec", "conf/sweeps/tiny.yaml", "--out", "hdfs:///crh/runs");
  }

  @Test
  void submitReportRunsReportWithoutExtraOptions() throws Exception {
    Run r = run("jobs/submit-report.sh", "conf/cluster/standalone.conf", "--", "--out", "o", "--sweep", "s", "--to",
        "d");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.args().subList(r.args().size() - 8, r.args().size()))
        .containsExactly(home.resolve("app.jar").toString(), "report", "--out", "o", "--sweep", "s", "--to", "d");
    assertThat(r.args().get(r.args().indexOf("--properties-file") + 1)).isEqualTo("conf/cluster/standalone.conf");
  }

  @Test
  void aMissingTemplateOrSeparatorIsAOneLineErrorWithExitTwo() throws Exception {
    Run missing = run("jobs/submit-sweep.sh", "conf/cluster/nope.conf", "--", "--spec", "x");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("submit-sweep: properties file conf/cluster/nope.conf not found: use "
        + "conf/cluster/standalone.conf, yarn.conf, kubernetes.conf or your own");
    Run noSeparator = run("jobs/submit-sweep.sh", "conf/cluster/standalone.conf", "--spec", "x");
    assertThat(noSeparator.exit()).isEqualTo(2);
    assertThat(noSeparator.err()).startsWith("submit-sweep: put -- before the sweep options");
  }

  @Test
  void templatesAreCompleteForTheirClusterManager() throws Exception {
    for (String t : List.of("standalone", "yarn", "kubernetes")) {
      String text = Files.readString(Path.of("conf/cluster", t + ".conf"));
      assertThat(text).as(t).contains("spark.master", "spark.task.cpus", "spark.executor.memoryOverhead",
          "spark.task.resource.gpu.amount", "gpu-discovery.sh");
    }
  }
}
