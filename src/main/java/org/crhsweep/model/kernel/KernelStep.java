package org.crhsweep.model.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One computation of {@link MlpKernel}, prepared once per batch size and run on every call; input i can be
 * re-pointed between runs (a no-op when it already points there). For ops this small, what costs in ND4J is
 * its Java layer building an op and a native context per call, so both are built once here.
 */
interface KernelStep {

  /** Re-points input i; a step whose inputs are fixed when it is built refuses. */
  default void input(int i, INDArray a) {
    throw new IllegalArgumentException("this kernel step has no inputs to re-point, got input " + i);
  }

  void run();

  /** A custom op whose native context (inputs, outputs, arguments) is built once. */
  static KernelStep custom(DynamicCustomOp op) {
    OpContext ctx = Nd4j.getExecutioner().buildContext();
    INDArray[] inputs = op.inputArguments().toArray(new INDArray[0]);
    ctx.setIArguments(op.iArgs());
    ctx.setTArguments(op.tArgs());
    ctx.setBArguments(op.bArgs());
    ctx.setDArguments(op.dArgs());
    ctx.setInputArrays(inputs);
    ctx.setOutputArrays(op.outputArguments());
    return new KernelStep() {
      @Override
      public void input(int i, INDArray a) {
        if (inputs[i] != a) {
          inputs[i] = a;
          ctx.setInputArray(i, a);
        }
      }

      @Override
      public void run() {
        Nd4j.getExecutioner().exec(op, ctx);
      }
    };
  }

  /**
   * A legacy ND4J op (an elementwise transform), built once: it runs through libnd4j's direct loops, without
   * the op registry, shape-function and context work of a custom op. Inputs are fixed.
   */
  static KernelStep legacy(org.nd4j.linalg.api.ops.Op op) {
    return () -> Nd4j.getExecutioner().exec(op);
  }

  /** Per-member BLAS gemm calls; input 0 is A, 1 is B. */
  static KernelStep gemm(BatchedGemm g) {
    return new KernelStep() {
      @Override
      public void input(int i, INDArray a) {
        g.operand(i, a);
      }

      @Override
      public void run() {
        g.run();
      }
    };
  }
}
