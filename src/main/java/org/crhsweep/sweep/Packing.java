package org.crhsweep.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.spec.MlpConfig;
import org.crhsweep.spec.OptimizerKind;
import org.crhsweep.spec.Point;

/**
 * Splits a sweep's points into Spark tasks: one point per task, or with {@code training.pack: K} up to K
 * points that differ only in learning rate, weight decay and seed (same architecture, data, batch size,
 * training and probe) per task; architectures other than {@code mlp}, and AdamW, always run one per task. Groups are balanced (20 points at K = 16 give two tasks of 10, not 16 + 4)
 * so that packing does not starve the cluster of parallel tasks.
 */
public final class Packing {

  private Packing() {}

  public static List<List<Point>> groups(List<Point> points, int pack) {
    List<List<Point>> out = new ArrayList<>();
    if (pack <= 1) {
      points.forEach(p -> out.add(List.of(p)));
      return out;
    }
    Map<String, List<Point>> byKey = new LinkedHashMap<>();
    for (Point p : points) {
      if (p.arch() instanceof MlpConfig && p.training().optimizer() == OptimizerKind.SGD) {
        byKey.computeIfAbsent(key(p), k -> new ArrayList<>()).add(p);
      } else {
        out.add(List.of(p)); // only SGD-trained MLPs have a packed implementation
      }
    }
    for (List<Point> same : byKey.values()) {
      int chunks = (same.size() + pack - 1) / pack;
      int base = same.size() / chunks;
      int extra = same.size() % chunks;
      int from = 0;
      for (int c = 0; c < chunks; c++) {
        int size = base + (c < extra ? 1 : 0);
        out.add(List.copyOf(same.subList(from, from + size)));
        from += size;
      }
    }
    return out;
  }

  /** What packed points must share: everything but learning rate, weight decay and seed. */
  static String key(Point p) {
    return p.arch().toJson() + "|" + p.batchSize() + "|" + p.dataset() + "|" + p.training() + "|" + p.probe();
  }
}
