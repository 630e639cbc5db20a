package org.crhsweep.sweep;

import org.crhsweep.data.Dataset;
import org.crhsweep.model.Architectures;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.Network;
import org.crhsweep.model.interop.NetworkCheckpoint;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.spec.Checkpoint;
import org.crhsweep.spec.DType;
import org.crhsweep.spec.Loss;
import org.crhsweep.spec.Point;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code training.checkpoint: final}: what a finished point stores (its parameters after the last step,
 * which is its last measurement, and its probe set), and the network rebuilt from it. Only points that
 * end {@code done} store one: a diverged point's parameters are not finite or its last measurement has
 * no layer rows to reproduce.
 */
final class FinalCheckpoint {

  private FinalCheckpoint() {}

  /** The checkpoint bytes of a done point, or null when the point keeps none. */
  static byte[] of(Point point, Network model, Dataset data, int outputs, long step) {
    if (point.training().checkpoint() == Checkpoint.NONE) {
      return null;
    }
    return NetworkCheckpoint.of(point.toJson(), step, model, data.inputDim(), outputs, data.probeX(),
        data.probeY()).toBytes();
  }

  /** Member {@code k} of a pack, copied into the plain MLP its probe measured. */
  static byte[] ofMember(Point point, PackedMlp pack, int k, Dataset data, long step) {
    if (point.training().checkpoint() == Checkpoint.NONE) {
      return null;
    }
    Mlp member = Mlp.build(pack.shape(), pack.dtype(), point.seed());
    pack.copyTo(k, member);
    return of(point, member, data, pack.shape().outputDim(), step);
  }

  /** The point's network as the checkpoint left it: built from the point's spec, parameters replaced. */
  static Network rebuild(Point point, NetworkCheckpoint ck) {
    DataType dtype = point.training().dtype() == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    Network model = Architectures.builder(point.arch(), dtype, point.seed())
        .setInputDim(ck.inputDim())
        .setOutputDim(ck.outputDim())
        .optImage(point.dataset().imageShape())
        .optCrossEntropy(point.training().loss() == Loss.CROSS_ENTROPY)
        .optConvObservations(point.probe().convObservations())
        .build();
    ck.loadInto(model);
    return model;
  }
}
