package org.crhsweep.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of docs/development.md, checked on the compiled classes (imports, fully qualified names and
 * calls alike): packages without cycles, the science core free of Spark and the storage stack, user Parquet
 * read in {@code store} only, and the result side running one way, phase and analysis to report, never back.
 */
@AnalyzeClasses(packages = "org.crhsweep", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  private static final String[] SCIENCE_CORE =
      {"org.crhsweep.data..", "org.crhsweep.model..", "org.crhsweep.train..", "org.crhsweep.probe..",
          "org.crhsweep.linalg.."};
  private static final String[] SPARK_AND_STORAGE =
      {"org.apache.spark..", "org.apache.parquet..", "org.apache.hadoop..", "org.apache.iceberg.."};

  /** Every package and subpackage (model.kernel, model.interop apart from model) is a slice. */
  @ArchTest
  static final ArchRule packagesHaveNoCycles = slices().matching("org.crhsweep.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule scienceCoreIsFreeOfSparkAndStorage = noClasses().that().resideInAnyPackage(SCIENCE_CORE)
      .should().dependOnClassesThat().resideInAnyPackage(SPARK_AND_STORAGE);

  @ArchTest
  static final ArchRule scienceCoreKnowsNothingAbove = noClasses().that().resideInAnyPackage(SCIENCE_CORE)
      .should().dependOnClassesThat().resideInAnyPackage("org.crhsweep.store..", "org.crhsweep.sweep..",
          "org.crhsweep.phase..", "org.crhsweep.analysis..", "org.crhsweep.report..", "org.crhsweep.cli..");

  @ArchTest
  static final ArchRule specKnowsNeitherSparkNorNd4j = noClasses().that().resideInAPackage("org.crhsweep.spec..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.nd4j..", "org.apache.hadoop..",
          "org.apache.parquet..", "org.apache.iceberg..");

  /** Where user Parquet datasets live (docs/development.md): read in store, handed on as a data.Dataset. */
  @ArchTest
  static final ArchRule onlyStoreReadsParquet = noClasses().that().resideOutsideOfPackage("org.crhsweep.store..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.parquet..");

  /** Rendering only: report draws what analysis computed and never reaches into the jobs or the store. */
  @ArchTest
  static final ArchRule reportOnlyRenders = noClasses().that().resideInAPackage("org.crhsweep.report..")
      .should().dependOnClassesThat().resideInAnyPackage("org.crhsweep.phase..", "org.crhsweep.store..",
          "org.crhsweep.sweep..", "org.crhsweep.train..", "org.crhsweep.model..", "org.apache.spark..",
          "org.nd4j..");

  @ArchTest
  static final ArchRule analysisDoesNotRender = noClasses().that().resideInAPackage("org.crhsweep.analysis..")
      .should().dependOnClassesThat().resideInAPackage("org.crhsweep.report..");

  @ArchTest
  static final ArchRule phaseKnowsNeitherAnalysisNorReport = noClasses().that()
      .resideInAPackage("org.crhsweep.phase..")
      .should().dependOnClassesThat().resideInAnyPackage("org.crhsweep.analysis..", "org.crhsweep.report..");
}
