package org.crhsweep.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.Function0;
import scala.Function1;
import scala.Function2;
import scala.collection.JavaConverters;
import scala.runtime.BoxedUnit;

/**
 * One Spark job with a task per element, whose results reach the driver one task at a time as tasks
 * finish (Spark's {@code submitJob} with a result handler), not all at the end: the driver can commit
 * finished points while the others still run.
 */
final class TaskJob {

  /** What a task computes from its element; shipped to executors, so serializable. */
  interface Work<T, R> extends Serializable {
    R apply(T element);
  }

  private final SimpleFutureAction<Object> future;

  private TaskJob(SimpleFutureAction<Object> future) {
    this.future = future;
  }

  /** Submits the job; {@code onResult} runs on the driver for each task that finishes, in Spark's event thread. */
  static <T, R> TaskJob submit(JavaSparkContext jsc, List<T> elements, Work<T, R> work, Consumer<R> onResult) {
    RDD<T> rdd = jsc.parallelize(elements, Math.max(1, elements.size())).rdd();
    Function1<scala.collection.Iterator<T>, List<R>> process = new Process<>(work);
    List<Object> partitions = new ArrayList<>();
    for (int i = 0; i < rdd.getNumPartitions(); i++) {
      partitions.add(i);
    }
    Function2<Object, List<R>, BoxedUnit> handler = new scala.runtime.AbstractFunction2<>() {
      @Override
      public BoxedUnit apply(Object partition, List<R> results) {
        results.forEach(onResult);
        return BoxedUnit.UNIT;
      }
    };
    Function0<Object> none = new scala.runtime.AbstractFunction0<>() {
      @Override
      public Object apply() {
        return null;
      }
    };
    return new TaskJob(jsc.sc().submitJob(rdd, process,
        JavaConverters.asScalaBuffer(partitions).toSeq(), handler, none));
  }

  boolean done() {
    return future.isCompleted();
  }

  /** Why the job failed (one line), or null if it succeeded or still runs. */
  String failure() {
    if (!future.isCompleted()) {
      return null;
    }
    scala.util.Try<Object> t = future.value().get();
    return t.isFailure() ? String.valueOf(t.failed().get().getMessage()) : null;
  }

  /** A task: applies the work to each element of its partition. */
  private static final class Process<T, R> extends scala.runtime.AbstractFunction1<scala.collection.Iterator<T>, List<R>>
      implements Serializable {
    private final Work<T, R> work;

    Process(Work<T, R> work) {
      this.work = work;
    }

    @Override
    public List<R> apply(scala.collection.Iterator<T> it) {
      List<R> out = new ArrayList<>();
      while (it.hasNext()) {
        out.add(work.apply(it.next()));
      }
      return out;
    }
  }
}
