package org.crhsweep.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a sweep spec from YAML into a validated {@link SweepSpec}. Every problem, from a missing
 * file to a value out of range, is a one-line {@link SpecException}; unknown keys are errors in
 * every section, so a typo never silently falls back to a default. A {@link DatasetInspector} lets the parser look
 * at a Parquet dataset's files: its loss then comes from the labels and {@link DataFit} checks the rest.
 */
public final class SpecParser {
  private static final YAMLMapper YAML =
      YAMLMapper.builder(new YamlFloats()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final List<String> TOP_KEYS =
      List.of("name", "dataset", "grid", "training", "probe", "phase", "execution");
  private static final List<String> GRID_KEYS =
      List.of("architecture", "learning_rate", "batch_size", "weight_decay", "seed");

  private SpecParser() {}

  /** Parses and validates the spec in {@code file} (UTF-8); SpecException on any problem. */
  public static SweepSpec parse(Path file) {
    return parse(file, DatasetInspector.NONE);
  }

  /** As {@link #parse(Path)}, with a look at the data of a Parquet dataset through {@code inspector}. */
  public static SweepSpec parse(Path file, DatasetInspector inspector) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw SpecException.notFound(file.toString());
    } catch (CharacterCodingException e) {
      throw SpecException.file(file.toString(), "cannot read: not valid UTF-8");
    } catch (IOException e) {
      throw SpecException.file(file.toString(), "cannot read: " + e);
    }
    return parseString(yaml, file.toString(), inspector);
  }

  /** Parses and validates YAML text; {@code sourceName} names it in file-level errors. */
  public static SweepSpec parseString(String yaml, String sourceName) {
    return parseString(yaml, sourceName, DatasetInspector.NONE);
  }

  /** As {@link #parseString(String, String)}, with a look at a Parquet dataset's data. */
  public static SweepSpec parseString(String yaml, String sourceName, DatasetInspector inspector) {
    JsonNode tree = readTree(yaml, sourceName);
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw SpecException.file(sourceName, "is empty (expected the keys " + keys(TOP_KEYS) + ")");
    }
    if (!tree.isObject()) {
      throw SpecException.file(
          sourceName,
          "must be a map with keys " + keys(TOP_KEYS) + ", got " + NodeReader.show(tree));
    }
    return read(new NodeReader(tree, "").map(TOP_KEYS), inspector);
  }

  /** The one YAML document in {@code yaml}; a second one would otherwise be silently ignored. */
  private static JsonNode readTree(String yaml, String sourceName) {
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonNode tree = YAML.readTree(parser);
      if (parser.nextToken() != null) {
        throw SpecException.file(
            sourceName,
            "must hold one YAML document, found another at line "
                + parser.getCurrentLocation().getLineNr());
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw SpecException.file(sourceName, "YAML syntax error" + where(e) + ": " + reason(e));
    } catch (IOException e) {
      throw SpecException.file(sourceName, "cannot read: " + e);
    }
  }

  private static SweepSpec read(NodeReader root, DatasetInspector inspector) {
    String name = root.required("name").asString();
    Check.safeName("name", name);
    DatasetSpec dataset = DatasetJson.readDataset(root.required("dataset"));
    DatasetShape shape = dataset.kind() == DatasetKind.PARQUET ? inspector.inspect(dataset) : null;
    NodeReader grid = root.required("grid").map(GRID_KEYS);
    List<ArchConfig> architectures = new ArrayList<>();
    for (NodeReader arch : grid.required("architecture").list("maps")) {
      architectures.add(ArchJson.readArch(arch));
    }
    List<Double> learningRates = Axis.doubles(grid.required("learning_rate"));
    List<Integer> batchSizes = Axis.ints(grid.required("batch_size"));
    List<Double> weightDecays = Axis.doubles(grid.required("weight_decay"));
    List<Long> seeds = grid.has("seed") ? Axis.longs(grid.get("seed")) : List.of(0L);
    TrainingSpec training = TrainingJson.readTraining(root.get("training"),
        shape == null ? dataset.defaultLoss() : shape.loss());
    ProbeSpec probe = ProbeJson.readProbe(root.get("probe"));
    if (shape != null) {
      DataFit.check(shape, dataset, training, probe, batchSizes);
    }
    PhaseSpec phase = ProbeJson.readPhase(root.get("phase"));
    List<Execution> executions = TrainingJson.readExecutions(root.get("execution"));
    return new SweepSpec(
        name, architectures, learningRates, batchSizes, weightDecays, seeds, dataset, training,
        probe, phase, executions);
  }

  private static String where(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * SnakeYAML's message spans several lines: context, problem and source excerpts (indented). The
   * unindented lines are the words; the last of them is the problem, the first the context.
   */
  static String reason(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
    List<String> words =
        original
            .lines()
            .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
            .collect(Collectors.toList());
    if (words.isEmpty()) {
      return original.strip().replaceAll("\\s+", " ");
    }
    String problem = words.get(words.size() - 1);
    return words.size() == 1 ? problem : problem + " (" + words.get(0) + ")";
  }

  private static String keys(List<String> keys) {
    return String.join(", ", keys);
  }
}
