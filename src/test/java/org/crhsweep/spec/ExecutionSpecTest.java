package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code execution} section: grid expansion, ids, the JSON round trip and one-line errors. */
class ExecutionSpecTest {

  private static final String BASE = """
      name: ex
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 3, train_size: 128}
      grid:
        architecture: [%s]
        learning_rate: [0.05, 0.1]
        batch_size: [16]
        weight_decay: [0.01]
      training: {steps: 20, probe_every: 10%s}
      """;
  private static final String MLP = "{type: mlp, depth: 3, width: 8, activation: tanh}";

  private static SweepSpec parse(String execution) {
    return parse(MLP, "", execution);
  }

  private static SweepSpec parse(String arch, String training, String execution) {
    return SpecParser.parseString(BASE.formatted(arch, training) + execution, "ex.yaml");
  }

  @Test
  void workersAndFrequencyAreAxesOfTheDataParallelPoints() {
    SweepSpec spec = parse("execution: {mode: [task, data_parallel], workers: [2, 4], averaging_frequency: [1, 8]}\n");
    List<Point> points = spec.points();
    // 2 learning rates x (task + 2 workers x 2 frequencies), execution fastest.
    assertThat(points).hasSize(10);
    assertThat(points.subList(0, 5)).extracting(p -> p.execution().label()).containsExactly("task",
        "data_parallel w2 f1", "data_parallel w2 f8", "data_parallel w4 f1", "data_parallel w4 f8");
    assertThat(points.stream().map(Point::id).distinct()).hasSize(10);
    assertThat(points.get(3).execution().perWorkerBatch(points.get(3).batchSize())).isEqualTo(4);
  }

  @Test
  void taskModeKeepsIdsAndHashOfASpecWithoutExecution() {
    SweepSpec without = parse("");
    SweepSpec task = parse("execution: {mode: task}\n");
    assertThat(task.points()).extracting(Point::id).isEqualTo(without.points().stream().map(Point::id).toList());
    assertThat(task.hash()).isEqualTo(without.hash());
    SweepSpec both = parse("execution: {mode: [task, data_parallel], workers: 2}\n");
    assertThat(both.points().get(0).id()).isEqualTo(without.points().get(0).id());
    assertThat(both.hash()).isNotEqualTo(without.hash());
  }

  @Test
  void aDataParallelPointSurvivesItsJson() {
    Point p = parse("execution: {mode: data_parallel, workers: 4, averaging_frequency: 5}\n").points().get(1);
    Point back = Point.fromJson(p.toJson());
    assertThat(back).isEqualTo(p);
    assertThat(back.id()).isEqualTo(p.id());
    assertThat(back.execution()).isEqualTo(new Execution(ExecutionMode.DATA_PARALLEL, 4, 5, 0));
    assertThat(p.describe()).endsWith("seed=0 data_parallel w4 f5");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{mode: task, workers: 2}|spec field 'execution.workers': applies to mode data_parallel only (remove it or set"
          + " execution.mode: data_parallel)",
      "{mode: data_parallel}|spec field 'execution.workers': is required by mode data_parallel: how many Spark tasks"
          + " train one point together, e.g. workers: 2",
      "{mode: parallel, workers: 2}|spec field 'execution.mode': must be one of task, data_parallel, got 'parallel'",
      "{mode: data_parallel, workers: 0}|spec field 'execution.workers': must be between 1 and 4096, got 0",
      "{mode: data_parallel, workers: 2, averaging_frequency: 0}|spec field 'execution.averaging_frequency': must be"
          + " >= 1, got 0",
      "{mode: data_parallel, workers: 3}|spec field 'grid.batch_size[0]': must be divisible by execution.workers (3:"
          + " a worker takes batch_size / workers samples per step), got 16",
      "{mode: data_parallel, workers: 2, batch_size_per_worker: 16}|spec field 'execution.batch_size_per_worker':"
          + " must be batch_size / workers = 16 / 2 (it is a check; leave it out to take that default), got 16",
      "{mode: data_parallel, workers: 2, speed: 3}|spec field 'execution.speed': unknown key (allowed: mode, workers,"
          + " averaging_frequency, batch_size_per_worker)",
      "{mode: [task, task]}|spec field 'execution.mode[1]': duplicate value 'task' (each value must appear once)",
  })
  void malformedExecutionIsAOneLineErrorNamingTheField(String execution, String message) {
    assertThatThrownBy(() -> parse("execution: " + execution + "\n")).isInstanceOf(SpecException.class)
        .hasMessage(message);
  }

  @Test
  void dataParallelNeedsAnArchitectureAndOptimizerWithADl4jTwin() {
    String dp = "execution: {mode: data_parallel, workers: 2}\n";
    assertThatThrownBy(() -> parse("{type: mlp, depth: 3, width: 8, activation: gelu}", "", dp))
        .hasMessageStartingWith("spec field 'execution.mode': data_parallel has no exact DL4J twin of activation gelu");
    assertThatThrownBy(() -> parse(MLP, ", momentum: 0.9", dp))
        .hasMessage("spec field 'execution.mode': data_parallel needs training.momentum 0 (DL4J has no update equal"
            + " to ours with momentum), got 0.9 (grid.architecture[0])");
    assertThatThrownBy(() -> parse(MLP, ", optimizer: adamw", dp))
        .hasMessageContaining("data_parallel trains with plain sgd only, got training.optimizer adamw");
    assertThat(parse(MLP, ", momentum: 0.9", "execution: {mode: task}\n").points()).hasSize(2);
  }
}
