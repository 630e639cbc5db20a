package org.crhsweep.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a Master and two Workers (one core each) as separate
 * JVMs from the Maven-resolved Spark jars, laid out as a SPARK_HOME; drivers are submitted through
 * {@code org.apache.spark.deploy.SparkSubmit} as further JVMs. {@link #close()} stops every process it
 * started, and their children (the executors), by pid.
 */
final class StandaloneCluster implements AutoCloseable {

  /** JVM options Spark's launcher adds on Java 17 (see pom.xml, java17.opens). */
  static final List<String> OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

  /**
   * Every JVM of the test cluster lives seconds: C1 only and the serial collector leave the machine's
   * cores to the work instead of JIT and GC threads (2 cores run seven JVMs here); the JavaCPP flag is
   * the one conf/spark-defaults.conf gives every training JVM. The Vector API's tanh stays off: C1 does not
   * compile it to vector instructions, and uncompiled it is slower than ND4J's.
   */
  static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dcrh.vector=off");

  /** The science stack must reach executors through the application jar, never through SPARK_HOME. */
  private static final List<String> NOT_SPARK = List.of("/org/nd4j/", "/org/bytedeco/", "/org/deeplearning4j/",
      "/org/datavec/", "/info/picocli/", "/org/jfree/");

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Path dir;
  private final Path sparkHome;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private String masterUrl;
  private int logs;

  private StandaloneCluster(Path dir) {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
  }

  /** Lays out SPARK_HOME, starts the master and two workers, and waits until both workers registered. */
  static StandaloneCluster start(Path dir, Path classpathFile) throws IOException, InterruptedException {
    StandaloneCluster c = new StandaloneCluster(dir);
    Runtime.getRuntime().addShutdownHook(new Thread(c::close));
    try {
      c.layOut(classpathFile);
      int port = freePort();
      c.masterUrl = "spark://127.0.0.1:" + port;
      Process master = c.startJvm("master", List.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(port), "--webui-port", "0");
      for (int i = 1; i <= 2; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        c.workers.add(c.startJvm("worker-" + i, List.of(), "org.apache.spark.deploy.worker.Worker", "--host",
            "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "2g", "--work-dir",
            work.toString(), c.masterUrl));
      }
      for (int i = 1; i <= 2; i++) {
        Path log = dir.resolve("logs/worker-" + i + ".log");
        c.await("worker-" + i + " registered with the master", () -> contains(log, "Successfully registered with master"));
      }
      if (!master.isAlive()) {
        throw new IllegalStateException("the master exited: see " + dir.resolve("logs/master.log"));
      }
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /** Starts {@code crh <args>} through SparkSubmit against this cluster; stdout and stderr go to files. */
  Driver submit(String label, Path jar, List<String> conf, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=768m",
        "--conf", "spark.task.cpus=1", "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", SHORT_LIVED),
        "--class", "org.crhsweep.cli.Main"));
    for (String c : conf) {
      cmd.add("--conf");
      cmd.add(c);
    }
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    String name = label + "-" + (++logs);
    Process p = startJvm(name, List.of("-Xmx1g"), "org.apache.spark.deploy.SparkSubmit", cmd.toArray(new String[0]));
    return new Driver(p, dir.resolve("logs/" + name + ".out"), dir.resolve("logs/" + name + ".log"));
  }

  /** The executor JVMs of an application alive now (children of the workers, by their --app-id). */
  List<ProcessHandle> executors(String appId) {
    List<ProcessHandle> out = new ArrayList<>();
    for (Process w : workers) {
      w.toHandle().descendants().filter(h -> {
        String cmd = h.info().commandLine().orElse("");
        return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains("--app-id " + appId);
      }).forEach(out::add);
    }
    return out;
  }

  /** A submitted driver JVM: its pid, exit code and what it printed. */
  record Driver(Process process, Path stdout, Path stderr) {

    int waitFor(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("driver pid " + process.pid() + " still running after " + timeout
            + "; see " + stderr);
      }
      return process.exitValue();
    }

    String out() throws IOException {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The Spark application id, once the driver has connected to the master (else null). */
    String appId() {
      try {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Connected to Spark cluster with app ID (\\S+)")
            .matcher(Files.readString(stderr, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  private void layOut(Path classpathFile) throws IOException {
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    String cp = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
    for (String jar : cp.split(java.io.File.pathSeparator)) {
      if (jar.isBlank() || NOT_SPARK.stream().anyMatch(jar::contains)) {
        continue;
      }
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("local"));
  }

  private Process startJvm(String name, List<String> jvmOptions, String mainClass, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(OPENS);
    cmd.addAll(SHORT_LIVED);
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(dir.resolve("logs/" + name + ".out").toFile())
        .redirectError(dir.resolve("logs/" + name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    // Without it every executor launch fails with "Cannot find any build directories".
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out after " + START_TIMEOUT + " waiting for " + what + "; logs in "
            + dir.resolve("logs"));
      }
      Thread.sleep(200);
    }
  }

  static boolean contains(Path file, String text) {
    try {
      return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops every process this cluster started and their descendants (executors) by pid, drivers first. */
  @Override
  public void close() {
    List<Process> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    java.util.Collections.reverse(all);
    List<ProcessHandle> children = new ArrayList<>();
    for (Process p : all) {
      children.addAll(p.toHandle().descendants().toList());
    }
    for (Process p : all) {
      p.destroy();
    }
    for (Process p : all) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    for (ProcessHandle h : children) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }
}
