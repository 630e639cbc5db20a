package org.crhsweep.model.interop;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.crhsweep.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's parameters at one step together with the probe set it was measured on: enough to
 * rebuild the exact probe of that measurement (the network is rebuilt from {@code pointJson}, its
 * parameters replaced, and its seeded conv/token observation subsets follow from the point's seed and
 * the probe set's size). Stored as an .npz: {@code params/NAME}, {@code probe_x}, {@code probe_y}, plus
 * {@code point.json} and {@code checkpoint.properties} (step, network input and output widths).
 */
public record NetworkCheckpoint(String pointJson, long step, int inputDim, int outputDim,
    Map<String, INDArray> params, INDArray probeX, INDArray probeY) {

  private static final String PARAM = "params/";
  private static final String POINT = "point.json";
  private static final String META = "checkpoint.properties";

  public NetworkCheckpoint {
    if (pointJson == null || params == null || params.isEmpty() || probeX == null || probeY == null) {
      throw new IllegalArgumentException("a checkpoint needs the point, its parameters and its probe set");
    }
    if (probeX.rows() != probeY.rows()) {
      throw new IllegalArgumentException("probe inputs and targets differ in rows: " + probeX.rows() + " vs "
          + probeY.rows());
    }
    params = Map.copyOf(params);
  }

  /**
   * A copy of the live parameters of {@code net} (weights, then the rest, then state such as batch norm's
   * running statistics, as the network lists them).
   */
  public static NetworkCheckpoint of(String pointJson, long step, Network net, int inputDim, int outputDim,
      INDArray probeX, INDArray probeY) {
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (String name : names(net)) {
      params.put(name, net.param(name).dup());
    }
    return new NetworkCheckpoint(pointJson, step, inputDim, outputDim, params, probeX, probeY);
  }

  private static List<String> names(Network net) {
    List<String> names = new ArrayList<>(net.decayedParams());
    names.addAll(net.undecayedParams());
    names.addAll(net.stateVariables());
    return names;
  }

  /** Replaces every parameter of {@code net} by the stored one; the names and shapes must match. */
  public void loadInto(Network net) {
    List<String> names = names(net);
    if (!params.keySet().equals(new java.util.HashSet<>(names))) {
      throw new IllegalArgumentException("checkpoint parameters " + params.keySet().stream().sorted().toList()
          + " do not match the rebuilt network's " + names.stream().sorted().toList());
    }
    for (String name : names) {
      INDArray live = net.param(name);
      INDArray stored = params.get(name);
      if (!Arrays.equals(live.shape(), stored.shape())) {
        throw new IllegalArgumentException("checkpoint parameter " + name + " has shape "
            + Arrays.toString(stored.shape()) + ", the rebuilt network " + Arrays.toString(live.shape()));
      }
      live.assign(stored.castTo(live.dataType()));
    }
  }

  public byte[] toBytes() {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    params.keySet().stream().sorted().forEach(name -> arrays.put(PARAM + name, params.get(name)));
    arrays.put("probe_x", probeX);
    arrays.put("probe_y", probeY);
    Properties meta = new Properties();
    meta.setProperty("step", Long.toString(step));
    meta.setProperty("input_dim", Integer.toString(inputDim));
    meta.setProperty("output_dim", Integer.toString(outputDim));
    StringWriter text = new StringWriter();
    try {
      meta.store(text, "crh-sweep checkpoint");
      return NpyZip.toBytes(arrays, Map.of(POINT, pointJson, META, text.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static NetworkCheckpoint fromBytes(byte[] bytes) {
    try {
      NpyZip.Contents c = NpyZip.read(new ByteArrayInputStream(bytes));
      String point = c.texts().get(POINT);
      String metaText = c.texts().get(META);
      if (point == null || metaText == null) {
        throw new IllegalArgumentException("not a crh-sweep checkpoint: " + POINT + " or " + META + " is missing");
      }
      Properties meta = new Properties();
      meta.load(new StringReader(metaText));
      Map<String, INDArray> params = new LinkedHashMap<>();
      c.arrays().forEach((name, a) -> {
        if (name.startsWith(PARAM)) {
          params.put(name.substring(PARAM.length()), a);
        }
      });
      return new NetworkCheckpoint(point, Long.parseLong(meta.getProperty("step")),
          Integer.parseInt(meta.getProperty("input_dim")), Integer.parseInt(meta.getProperty("output_dim")), params,
          c.arrays().get("probe_x"), c.arrays().get("probe_y"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
