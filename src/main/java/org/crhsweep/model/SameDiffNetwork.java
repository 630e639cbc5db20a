package org.crhsweep.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link Network} built as one SameDiff graph shares: the graph, its data type, the seeded
 * random source its initialisation draws from, and which parameters weight decay applies to (subclasses
 * add names as they create variables, in forward order).
 */
abstract class SameDiffNetwork implements Network {

  static final String X = "x";
  static final String Y = "y";
  static final String SCALE = "scale";

  protected final SameDiff sd = SameDiff.create();
  protected final DataType dtype;
  protected final long seed;
  protected final Random rng;
  protected final List<String> decayed = new ArrayList<>();
  protected final List<String> undecayed = new ArrayList<>();

  SameDiffNetwork(DataType dtype, long seed) {
    this.dtype = dtype;
    this.seed = seed;
    this.rng = new Random(seed);
  }

  @Override
  public DataType dtype() {
    return dtype;
  }

  @Override
  public List<String> decayedParams() {
    return List.copyOf(decayed);
  }

  @Override
  public List<String> undecayedParams() {
    return List.copyOf(undecayed);
  }

  @Override
  public INDArray param(String name) {
    return sd.getArrForVarName(name);
  }
}
