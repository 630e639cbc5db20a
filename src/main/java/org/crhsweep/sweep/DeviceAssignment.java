package org.crhsweep.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which device a task's model lives on. On the CPU backend always {@code cpu}. On CUDA, the GPU Spark
 * assigned to the task ({@code spark.task.resource.gpu.amount}; a fractional amount puts several tasks on
 * one GPU), translated from Spark's address (the physical index its discovery script reported) to the
 * CUDA ordinal this JVM sees: the position in {@code CUDA_VISIBLE_DEVICES} when the cluster manager
 * isolates GPUs that way, else the address itself. Without GPU scheduling, tasks spread over the visible
 * devices by partition.
 *
 * @param device  what the {@code points.device} column records: {@code cpu} or {@code cuda:<address>}
 * @param ordinal the CUDA device ordinal to bind ND4J to, or -1 on CPU
 */
public record DeviceAssignment(String device, int ordinal) {

  /** Spark's resource name for GPUs. */
  public static final String GPU = "gpu";

  public static final DeviceAssignment CPU = new DeviceAssignment("cpu", -1);

  /**
   * @param resources    the task's resources ({@code TaskContext.resourcesJMap()}), empty when none
   * @param backend      {@code cpu} or {@code cuda}
   * @param visible      the value of {@code CUDA_VISIBLE_DEVICES}, or null when unset
   * @param deviceCount  CUDA devices this JVM sees
   * @param partition    the task's partition id (spreads unscheduled tasks over devices)
   */
  public static DeviceAssignment choose(Map<String, ResourceInformation> resources, String backend, String visible,
      int deviceCount, int partition) {
    if (!"cuda".equals(backend)) {
      return CPU;
    }
    if (deviceCount < 1) {
      throw new IllegalStateException("backend cuda but no CUDA device is visible to this executor "
          + "(CUDA_VISIBLE_DEVICES=" + visible + "): check the driver and spark.executor.resource.gpu.amount");
    }
    ResourceInformation gpu = resources.get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      int ordinal = Math.floorMod(partition, deviceCount);
      return new DeviceAssignment("cuda:" + ordinal, ordinal);
    }
    String address = gpu.addresses()[0].trim();
    int ordinal = ordinalOf(address, visible);
    if (ordinal >= deviceCount) {
      throw new IllegalStateException("Spark assigned GPU address " + address + " but this executor sees only "
          + deviceCount + " CUDA device(s) (CUDA_VISIBLE_DEVICES=" + visible
          + "): make the discovery script report the addresses CUDA uses");
    }
    return new DeviceAssignment("cuda:" + address, ordinal);
  }

  private static int ordinalOf(String address, String visible) {
    if (visible != null && !visible.isBlank()) {
      List<String> ids = Arrays.stream(visible.split(",")).map(String::trim).toList();
      int at = ids.indexOf(address);
      if (at >= 0) {
        return at;
      }
    }
    try {
      int n = Integer.parseInt(address);
      if (n < 0) {
        throw new NumberFormatException(address);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("GPU address '" + address + "' is not a device index (0, 1, ...) and not in "
          + "CUDA_VISIBLE_DEVICES=" + visible + ": make the discovery script print indices, e.g. conf/gpu-discovery.sh");
    }
  }

  public boolean onGpu() {
    return ordinal >= 0;
  }

  /**
   * Binds the calling thread's ND4J work to this device; call before building the model, in the thread that
   * trains it. Spark reuses task threads, so every task binds again. A no-op on CPU.
   */
  public void bind() {
    if (onGpu()) {
      Nd4j.getAffinityManager().unsafeSetDevice(ordinal);
    }
  }
}
