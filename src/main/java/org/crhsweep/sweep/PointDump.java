package org.crhsweep.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.model.Network;
import org.crhsweep.model.interop.NetworkCheckpoint;
import org.crhsweep.model.interop.NpyZip;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.spec.Point;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code crh dump}: a point's raw probe matrices at its final weights, one NumPy .npz per probe site
 * ({@code W} d_out x d_in in the paper's orientation, {@code h_a}, {@code h_b}, {@code g_a}, {@code g_b}
 * with observations as rows and g = -∂ℓ/∂h of the per-sample loss), plus {@code manifest.json}.
 * The arrays are those the last measurement's alignments were computed from (same network, parameters,
 * probe set and seeded observation subsets), in the point's dtype.
 */
public final class PointDump {

  public static final String MANIFEST = "manifest.json";

  /** One written site: its place in the network, its file and its shapes. */
  public record Site(int layer, String name, String kind, String file, long observations, long dIn, long dOut,
      String dtype) {}

  /** What was dumped: the point, the step of the checkpoint and the sites in forward order. */
  public record Result(String sweep, String pointId, long step, String arch, List<Site> sites) {}

  private PointDump() {}

  /** Rebuilds the checkpoint's network, probes it and writes the files into {@code to} (created). */
  public static Result write(byte[] checkpoint, String pointId, Path to) throws IOException {
    SameDiffNoise.silence();
    NetworkCheckpoint ck = NetworkCheckpoint.fromBytes(checkpoint);
    Point point = Point.fromJson(ck.pointJson());
    if (!point.id().equals(pointId)) {
      throw new IllegalStateException("checkpoint of point " + pointId + " holds point " + point.id());
    }
    Network model = FinalCheckpoint.rebuild(point, ck);
    Files.createDirectories(to);
    List<Site> sites = new ArrayList<>();
    for (LayerSample s : model.probe(ck.probeX(), ck.probeY())) {
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      arrays.put("W", s.w());
      arrays.put("h_a", s.hA());
      arrays.put("h_b", s.hB());
      arrays.put("g_a", s.gA());
      arrays.put("g_b", s.gB());
      String file = s.name() + ".npz";
      try (OutputStream out = Files.newOutputStream(to.resolve(file))) {
        NpyZip.write(arrays, Map.of(), out);
      }
      sites.add(new Site(s.layer(), s.name(), s.kind().label(), file, s.hA().rows(), s.dIn(), s.dOut(),
          s.hA().dataType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    Result result = new Result(point.sweep(), pointId, ck.step(), point.arch().label(), List.copyOf(sites));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("sweep", result.sweep());
    manifest.put("point_id", pointId);
    manifest.put("step", ck.step());
    manifest.put("arch", result.arch());
    manifest.put("convention", "h_b = W h_a for column vectors; W is d_out x d_in; rows of h_a, h_b, g_a, g_b are "
        + "probe observations (a sample, a sample-position pair of a conv site, or a token); g = -dloss/dh of the "
        + "per-sample loss");
    List<Map<String, Object>> siteRows = new ArrayList<>();
    for (Site site : sites) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("layer", site.layer());
      row.put("layer_name", site.name());
      row.put("site_kind", site.kind());
      row.put("file", site.file());
      row.put("observations", site.observations());
      row.put("d_in", site.dIn());
      row.put("d_out", site.dOut());
      row.put("dtype", site.dtype());
      siteRows.add(row);
    }
    manifest.put("sites", siteRows);
    manifest.put("point", new ObjectMapper().readTree(ck.pointJson()));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(to.resolve(MANIFEST).toFile(), manifest);
    return result;
  }
}
