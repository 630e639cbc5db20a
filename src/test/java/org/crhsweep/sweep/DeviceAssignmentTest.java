package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU a task binds to, from resource maps built here as Spark would hand them to a task. */
class DeviceAssignmentTest {

  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of("gpu", new ResourceInformation("gpu", addresses));
  }

  @Test
  void cpuBackendIgnoresGpuResources() {
    assertThat(DeviceAssignment.choose(gpus("1"), "cpu", null, 0, 3)).isEqualTo(DeviceAssignment.CPU);
    assertThat(DeviceAssignment.CPU.onGpu()).isFalse();
  }

  @Test
  void sparkAddressIsTheCudaOrdinalWithoutIsolation() {
    DeviceAssignment d = DeviceAssignment.choose(gpus("1"), "cuda", null, 2, 0);
    assertThat(d).isEqualTo(new DeviceAssignment("cuda:1", 1));
    assertThat(d.onGpu()).isTrue();
  }

  @Test
  void fractionalSharingGivesEveryTaskOnTheGpuTheSameDevice() {
    // spark.task.resource.gpu.amount=0.25: four tasks are handed the same address.
    for (int partition = 0; partition < 4; partition++) {
      assertThat(DeviceAssignment.choose(gpus("0"), "cuda", null, 1, partition).ordinal()).isZero();
    }
  }

  @Test
  void isolatedExecutorsTranslateAddressThroughCudaVisibleDevices() {
    assertThat(DeviceAssignment.choose(gpus("3"), "cuda", "2,3", 2, 0)).isEqualTo(new DeviceAssignment("cuda:3", 1));
    assertThat(DeviceAssignment.choose(gpus("2"), "cuda", " 2, 3 ", 2, 0).ordinal()).isZero();
  }

  @Test
  void unscheduledTasksSpreadOverVisibleDevicesByPartition() {
    assertThat(DeviceAssignment.choose(Map.of(), "cuda", null, 2, 5)).isEqualTo(new DeviceAssignment("cuda:1", 1));
    assertThat(DeviceAssignment.choose(Map.of(), "cuda", null, 2, 4).ordinal()).isZero();
  }

  @Test
  void addressBeyondVisibleDevicesIsAClearError() {
    assertThatThrownBy(() -> DeviceAssignment.choose(gpus("3"), "cuda", null, 2, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Spark assigned GPU address 3 but this executor sees only 2 CUDA device(s) "
            + "(CUDA_VISIBLE_DEVICES=null): make the discovery script report the addresses CUDA uses");
  }

  @Test
  void nonIndexAddressIsAClearError() {
    assertThatThrownBy(() -> DeviceAssignment.choose(gpus("GPU-8f2a"), "cuda", null, 2, 0))
        .hasMessageStartingWith("GPU address 'GPU-8f2a' is not a device index");
  }

  @Test
  void cudaWithoutDevicesIsAClearError() {
    assertThatThrownBy(() -> DeviceAssignment.choose(gpus("0"), "cuda", null, 0, 0))
        .hasMessageContaining("no CUDA device is visible");
  }

  @Test
  void bindOnCpuIsANoOp() {
    DeviceAssignment.CPU.bind();
  }

  /** The shipped discovery script's output parses with Spark's own parser (nvidia-smi faked on PATH). */
  @Test
  void discoveryScriptPrintsWhatSparkParses(@TempDir Path dir) throws IOException, InterruptedException {
    Path fake = dir.resolve("nvidia-smi");
    Files.writeString(fake, "#!/bin/sh\nprintf '0\\n1\\n 2\\n'\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("bash", Paths.get("conf/gpu-discovery.sh").toAbsolutePath().toString());
    pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).isZero();
    ResourceInformation info = ResourceInformation.parseJson(out);
    assertThat(info.name()).isEqualTo("gpu");
    assertThat(info.addresses()).containsExactly("0", "1", "2");
  }
}
