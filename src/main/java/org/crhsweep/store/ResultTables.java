package org.crhsweep.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The six result tables as Apache Iceberg tables, partitioned by sweep, in the embedded default catalog: a
 * Hadoop catalog whose warehouse is the output root ({@code OUT/results/<table>}), with commits serialized
 * across processes by {@link FileLockManager}. Executors only write data files ({@link RowFiles}); the
 * driver commits them here. A point's rows go to the four measurement tables first and to {@code points}
 * last, so the points table says which points are committed, and readers ({@link TableViews}) keep only
 * the measurement rows of points it lists.
 */
public final class ResultTables implements AutoCloseable {

  /** The namespace of the tables inside the catalog. */
  public static final String NAMESPACE = "results";
  /** Snapshot summary key: how many points a commit made visible. */
  public static final String POINTS_PROPERTY = "crh.points";

  private static final Logger LOG = LoggerFactory.getLogger(ResultTables.class);

  /** The measurement tables, committed before the points table. */
  static final List<Table> MEASUREMENTS = List.of(Table.ALIGNMENT, Table.EXPONENTS, Table.TRAINING,
      Table.MOMENTS);

  /** Spark conf naming the Iceberg catalog (a {@code spark.sql.catalog.<name>}) that holds the tables. */
  public static final String CATALOG_CONF = "spark.crh.catalog";
  /** Spark conf: the namespace of the tables in that catalog. */
  public static final String NAMESPACE_CONF = "spark.crh.namespace";
  /** The namespace in a catalog the user names, unless {@link #NAMESPACE_CONF} says otherwise. */
  public static final String DEFAULT_USER_NAMESPACE = "crh";

  private final Catalog catalog;
  private final Namespace namespace;
  /** {@code <catalog>.<namespace>} for Spark SQL, or null for the embedded catalog (read by location). */
  private final String sparkPrefix;
  private final Map<Table, org.apache.iceberg.Table> tables = new EnumMap<>(Table.class);

  private ResultTables(Catalog catalog, Namespace namespace, String sparkPrefix) {
    this.catalog = catalog;
    this.namespace = namespace;
    this.sparkPrefix = sparkPrefix;
  }

  /**
   * The tables in the Iceberg catalog the session names with {@code spark.crh.catalog} (Hive metastore,
   * REST, JDBC, Glue: any catalog configured as {@code spark.sql.catalog.<name>}), created where missing;
   * null when the session names none (the embedded catalog at OUT is used then).
   */
  public static ResultTables fromSession(org.apache.spark.sql.SparkSession spark) {
    String name = spark.conf().get(CATALOG_CONF, "").trim();
    if (name.isEmpty()) {
      return null;
    }
    org.apache.spark.sql.connector.catalog.CatalogPlugin plugin;
    try {
      plugin = spark.sessionState().catalogManager().catalog(name);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(CATALOG_CONF + "=" + name + ": no such Spark catalog (set spark.sql.catalog."
          + name + "=org.apache.iceberg.spark.SparkCatalog and its type or catalog-impl): " + e.getMessage(), e);
    }
    Catalog iceberg;
    if (plugin instanceof org.apache.iceberg.spark.SparkCatalog c) {
      iceberg = c.icebergCatalog();
    } else if (plugin instanceof org.apache.iceberg.spark.SparkSessionCatalog<?> c) {
      iceberg = c.icebergCatalog();
    } else {
      throw new IllegalArgumentException(CATALOG_CONF + "=" + name + " is not an Iceberg catalog ("
          + plugin.getClass().getName() + "): set spark.sql.catalog." + name + "=org.apache.iceberg.spark.SparkCatalog");
    }
    String ns = spark.conf().get(NAMESPACE_CONF, DEFAULT_USER_NAMESPACE).trim();
    if (iceberg instanceof org.apache.iceberg.catalog.SupportsNamespaces n && !n.namespaceExists(Namespace.of(ns))) {
      try {
        n.createNamespace(Namespace.of(ns));
      } catch (org.apache.iceberg.exceptions.AlreadyExistsException raced) {
        // another driver created it a moment ago
      }
    }
    ResultTables t = new ResultTables(iceberg, Namespace.of(ns), name + "." + ns);
    for (Table table : Table.values()) {
      t.tables.put(table, t.loadOrCreate(table));
    }
    return t;
  }

  /** How Spark SQL names a table here ({@code catalog.namespace.table}), or null when it is read by location. */
  public String sparkName(Table t) {
    return sparkPrefix == null ? null : sparkPrefix + "." + t.label();
  }

  /** Whether any point was ever committed here. */
  public boolean hasPoints() {
    org.apache.iceberg.Table points = tables.get(Table.POINTS);
    points.refresh();
    return points.currentSnapshot() != null;
  }

  /** The tables under {@code store}'s root, created where missing. */
  public static ResultTables open(ResultStore store) {
    return open(store, Map.of());
  }

  /** The same, with further Iceberg catalog properties (a metrics reporter, lock timeouts). */
  public static ResultTables open(ResultStore store, Map<String, String> catalogProperties) {
    HadoopCatalog catalog = new HadoopCatalog();
    catalog.setConf(store.conf());
    Map<String, String> props = new LinkedHashMap<>();
    props.put(CatalogProperties.WAREHOUSE_LOCATION, store.qualifiedRoot());
    props.put(CatalogProperties.LOCK_IMPL, FileLockManager.class.getName());
    props.putAll(catalogProperties);
    catalog.initialize("crh", props);
    ResultTables t = new ResultTables(catalog, Namespace.of(NAMESPACE), null);
    for (Table table : Table.values()) {
      org.apache.iceberg.Table loaded = t.loadOrCreate(table);
      refuseMoved(store, table, loaded);
      t.tables.put(table, loaded);
    }
    return t;
  }

  /** Whether two paths of a local root name one directory (a root opened through a symbolic link). */
  private static boolean sameLocalDirectory(String here, String herePath, String therePath) {
    if (!"file".equals(new org.apache.hadoop.fs.Path(here).toUri().getScheme())) {
      return false;
    }
    try {
      return java.nio.file.Files.isSameFile(java.nio.file.Path.of(herePath), java.nio.file.Path.of(therePath));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Ends with {@link MovedRootException} when a table of the embedded catalog was written under another path than
   * where the catalog found it (the root was copied or renamed). Paths are compared without the file system's
   * authority, so one HDFS root addressed through its nameservice or one of its namenodes is the same root, and a
   * local root opened through a symbolic link is the directory it links to.
   */
  private static void refuseMoved(ResultStore store, Table table, org.apache.iceberg.Table loaded) {
    String here = tableLocation(store, table);
    String there = loaded.location();
    String herePath = new org.apache.hadoop.fs.Path(here).toUri().getPath();
    String therePath = new org.apache.hadoop.fs.Path(there).toUri().getPath();
    if (!herePath.equals(therePath) && !sameLocalDirectory(here, herePath, therePath)) {
      String suffix = "/" + NAMESPACE + "/" + table.label();
      throw new MovedRootException(store.qualifiedRoot(),
          there.endsWith(suffix) ? there.substring(0, there.length() - suffix.length()) : there);
    }
  }

  /** Whether the store's root holds the tables already (without creating them). */
  public static boolean exists(ResultStore store) throws IOException {
    return store.fileSystem().exists(new org.apache.hadoop.fs.Path(tableLocation(store, Table.POINTS), "metadata"));
  }

  /** Where the Hadoop catalog keeps a table: {@code OUT/results/<table>}. */
  public static String tableLocation(ResultStore store, Table table) {
    return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(store.qualifiedRoot(), NAMESPACE),
        table.label()).toString();
  }

  public org.apache.iceberg.Table table(Table t) {
    return tables.get(t);
  }

  /** Read-only copies of the per-point tables for executors: enough to write data files, not to commit. */
  public Map<Table, org.apache.iceberg.Table> forExecutors() {
    Map<Table, org.apache.iceberg.Table> copies = new EnumMap<>(Table.class);
    for (Table t : Table.perPoint()) {
      copies.put(t, SerializableTable.copyOf(tables.get(t)));
    }
    return copies;
  }

  /** The Iceberg schema of a table: {@code sweep} first, then the table's columns; every field optional. */
  public static Schema schema(Table table) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    fields.add(Types.NestedField.optional(id++, "sweep", Types.StringType.get()));
    for (Column c : table.columns()) {
      fields.add(Types.NestedField.optional(id++, c.name(), switch (c.type()) {
        case STRING -> Types.StringType.get();
        case INT -> Types.IntegerType.get();
        case LONG -> Types.LongType.get();
        case DOUBLE -> Types.DoubleType.get();
        case BOOLEAN -> Types.BooleanType.get();
      }));
    }
    return new Schema(fields);
  }

  public static PartitionSpec spec(Schema schema) {
    return PartitionSpec.builderFor(schema).identity("sweep").build();
  }

  private org.apache.iceberg.Table loadOrCreate(Table t) {
    TableIdentifier id = TableIdentifier.of(namespace, t.label());
    try {
      return withNewColumns(catalog.loadTable(id), t);
    } catch (NoSuchTableException missing) {
      Schema schema = schema(t);
      Map<String, String> props = new LinkedHashMap<>();
      props.put(TableProperties.FORMAT_VERSION, "2");
      props.put(TableProperties.PARQUET_COMPRESSION, "snappy");
      // Many drivers may commit into one root (different sweeps); each retries on conflict.
      props.put(TableProperties.COMMIT_NUM_RETRIES, "30");
      props.put(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "20");
      props.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "2000");
      // Old vN.metadata.json files stay until housekeeping removes them as orphans (an hour old): the Hadoop
      // catalog names the next version from a committer's possibly stale base, and a deleted vN would let a
      // long-stalled committer write a lower version over newer ones (seen with 64 committers at once).
      props.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "false");
      props.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
      // Exact bounds of point_id per file (ids are 16 characters, the default truncation length): a point's
      // own files are found and deleted from metadata alone.
      props.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "point_id", "full");
      try {
        return catalog.buildTable(id, schema).withPartitionSpec(spec(schema)).withProperties(props).create();
      } catch (AlreadyExistsException raced) {
        return catalog.loadTable(id); // another driver created it a moment ago
      }
    }
  }

  /**
   * A table written by an older version gains the columns added since (all optional, so its existing files
   * read them as null); rows are written by column name ({@link RowFiles}), so the order they land in does
   * not matter. Two drivers adding the same column at once: the loser's commit fails, and it reloads.
   */
  private org.apache.iceberg.Table withNewColumns(org.apache.iceberg.Table table, Table t) {
    Schema want = schema(t);
    List<Types.NestedField> missing = want.columns().stream()
        .filter(f -> table.schema().findField(f.name()) == null).toList();
    if (missing.isEmpty()) {
      return table;
    }
    try {
      var update = table.updateSchema();
      missing.forEach(f -> update.addColumn(f.name(), f.type()));
      update.commit();
      LOG.info("Table {}: added columns {}", t.label(), missing.stream().map(Types.NestedField::name).toList());
    } catch (org.apache.iceberg.exceptions.CommitFailedException raced) {
      LOG.info("Table {}: another driver added columns first ({})", t.label(), raced.getMessage());
    }
    table.refresh();
    return table;
  }

  /** Point id to status ({@code done}, {@code diverged}, {@code failed}) of a sweep's committed points. */
  public Map<String, String> pointStatuses(String sweep) {
    org.apache.iceberg.Table points = tables.get(Table.POINTS);
    points.refresh();
    Map<String, String> out = new LinkedHashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(points).where(Expressions.equal("sweep", sweep))
        .select("point_id", "status").build()) {
      for (Record r : rows) {
        out.put((String) r.getField("point_id"), (String) r.getField("status"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Makes staged points visible: one append per measurement table, then one to {@code points}. A driver
   * killed in between leaves measurement rows of points that {@code points} does not list; readers skip
   * them and the next run of the sweep deletes them ({@link #deletePoints}) before running those points.
   */
  public void commit(Collection<StagedPoint> staged) {
    if (staged.isEmpty()) {
      return;
    }
    List<Table> order = new ArrayList<>(MEASUREMENTS);
    order.add(Table.POINTS);
    for (int i = 0; i < order.size(); i++) {
      try {
        append(order.get(i), staged);
      } catch (RuntimeException e) {
        // The files of the tables not reached are named by no snapshot: the driver's own leftovers, removed
        // now. So are the refused table's, unless Iceberg cannot tell whether its commit went through.
        int from = e instanceof CommitStateUnknownException ? i + 1 : i;
        discard(staged, order.subList(from, order.size()));
        throw e;
      }
    }
  }

  /**
   * Deletes staged points' data files that no snapshot names (points never committed), so that a stopped or
   * failed driver leaves none of its own files behind. Never call it for files a commit may have named.
   */
  public void discard(Collection<StagedPoint> staged) {
    discard(staged, Table.perPoint());
  }

  private void discard(Collection<StagedPoint> staged, Collection<Table> which) {
    int n = 0;
    for (StagedPoint p : staged) {
      for (Table t : which) {
        DataFile f = p.files().get(t);
        if (f == null) {
          continue;
        }
        try {
          tables.get(t).io().deleteFile(f.path().toString());
          n++;
        } catch (RuntimeException e) {
          LOG.warn("could not delete the uncommitted file {} (housekeeping removes it later): {}", f.path(),
              e.toString());
        }
      }
    }
    LOG.info("deleted {} uncommitted data file(s) of {} point(s)", n, staged.size());
  }

  private void append(Table t, Collection<StagedPoint> staged) {
    AppendFiles append = tables.get(t).newAppend();
    int files = 0;
    for (StagedPoint p : staged) {
      DataFile f = p.files().get(t);
      if (f != null) {
        append.appendFile(f);
        files++;
      }
    }
    if (files > 0) {
      append.set(POINTS_PROPERTY, String.valueOf(staged.size())).commit();
    }
  }

  /**
   * Points of a sweep with rows in a measurement table but none in {@code points} (a driver died between a
   * batch's commits); see {@link RowDeletes#uncommitted}.
   */
  public Set<String> uncommitted(String sweep) {
    return RowDeletes.uncommitted(this, sweep);
  }

  /** The same, given the ids of the sweep's committed points ({@link #pointStatuses}, read just before). */
  public Set<String> uncommitted(String sweep, Set<String> committed) {
    return RowDeletes.uncommitted(this, sweep, committed);
  }

  /** Removes every row of the given points of a sweep, points table first; see {@link RowDeletes#delete}. */
  public void deletePoints(String sweep, Collection<String> ids) {
    RowDeletes.delete(this, sweep, ids);
  }

  /** Damaged data files of the current snapshots (see {@link Damage#find}); {@code sweep} null: every sweep. */
  public List<Damage> damaged(ResultStore store, String sweep, boolean full) throws IOException {
    return Damage.find(this, store, sweep, full);
  }

  /** Removes damaged files and every row of the points they held; see {@link RowDeletes#repair}. */
  public Set<String> repair(List<Damage> damages) {
    return RowDeletes.repair(this, damages);
  }

  /** Replaces the sweep's rows of the phases table with {@code rows}, their source unknown (so never current). */
  public void replacePhases(String sweep, TableRows rows) {
    replacePhases(sweep, rows, null);
  }

  /**
   * Replaces the sweep's rows of the phases table with {@code rows} and records what they were computed from
   * ({@link PhasesSource}; null: unknown), in one commit, so the record and the rows never disagree.
   */
  public void replacePhases(String sweep, TableRows rows, PhasesSource source) {
    org.apache.iceberg.Table phases = tables.get(Table.PHASES);
    phases.refresh();
    Transaction tx = phases.newTransaction();
    var overwrite = tx.newOverwrite().overwriteByRowFilter(Expressions.equal("sweep", sweep));
    if (rows.size() > 0) {
      overwrite.addFile(RowFiles.write(phases, sweep, rows, "phases"));
    }
    overwrite.commit();
    PhasesSource.record(tx, sweep, source);
    tx.commitTransaction();
  }

  @Override
  public void close() {
    if (catalog instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("closing the catalog: {}", e.toString());
      }
    }
  }
}
