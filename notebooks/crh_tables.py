"""Read crh-sweep's tables into pandas, with PySpark when it is importable, else without Spark: one
`jobs/crh export --format parquet` writes every table of the current snapshot as a Parquet file (the first
time a table or query is asked for), and DuckDB runs `sql()` and `table()` over those files. Needs pandas and
duckdb (`python3 -m pip install pandas duckdb`; docs/offline.md).

Settings come from the environment:
  CRH_OUT    the output root a sweep wrote (default: <repo>/runs, what jobs/quickstart.sh writes)
  CRH_SWEEP  the sweep to read (default: the first sweep found under CRH_OUT)
  CRH_HOME   the crh-sweep checkout whose jobs/crh runs the queries (default: this file's repository)
"""
import os
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

HOME = Path(os.environ.get("CRH_HOME", Path(__file__).resolve().parent.parent))
OUT = os.environ.get("CRH_OUT", str(HOME / "runs"))
RELATIONS = ["f-RWA", "f-GWA", "f-RGA", "b-RWA", "b-GWA", "b-RGA"]
COLUMNS = ["f_rwa", "f_gwa", "f_rga", "b_rwa", "b_gwa", "b_rga"]
TABLES = ["points", "alignment", "exponents", "training", "moments", "phases"]

_spark = None


def backend():
    """'pyspark' when PySpark is importable (a cluster, or pip install pyspark), else 'duckdb' (over the
    Parquet files of `crh export --format parquet`)."""
    try:
        import pyspark  # noqa: F401
        return "pyspark"
    except ImportError:
        return "duckdb"


def _spark_session():
    global _spark
    if _spark is None:
        from pyspark.sql import SparkSession
        _spark = SparkSession.builder.appName("crh-notebook").getOrCreate()
        fs_views(_spark)
    return _spark


def fs_views(spark):
    """The same views as `crh sql`: every Iceberg table under OUT/results (the session needs Iceberg's Spark
    runtime, docs/tables.md), measurement rows of points the points table does not list left out."""
    points = None
    for table in TABLES:
        path = OUT.rstrip("/") + "/results/" + table
        try:
            df = spark.read.format("iceberg").load(path)
        except Exception:  # an absent table: no view (queries naming it fail)
            continue
        if table == "points":
            points = df.select("sweep", "point_id")
        elif table != "phases" and points is not None:
            df = df.join(points, ["sweep", "point_id"], "left_semi")
        df.createOrReplaceTempView(table)


def sql(query):
    """The result of a SQL query over the tables (Spark SQL with PySpark, else DuckDB's), as pandas."""
    if backend() == "pyspark":
        return _spark_session().sql(query).toPandas()
    return _duckdb().execute(query).df()


_duck = None


def _duckdb():
    """A DuckDB connection with a view per table over one `crh export --format parquet` of every sweep."""
    global _duck
    if _duck is None:
        import duckdb
        to = Path(tempfile.mkdtemp(prefix="crh-export-"))
        cmd = [str(HOME / "jobs" / "crh"), "export", "--format", "parquet", "--out", OUT, "--to", str(to)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=str(HOME))
        if done.returncode != 0:
            raise RuntimeError("crh export failed (exit %d): %s" % (done.returncode, done.stderr.strip()[-2000:]))
        con = duckdb.connect()
        for name in TABLES:
            f = to / (name + ".parquet")
            if f.exists():
                con.execute("CREATE VIEW %s AS SELECT * FROM read_parquet(%s)" % (name, quote(str(f))))
        _duck = con
    return _duck


def sweep():
    """The sweep to read: CRH_SWEEP, else the first one with committed points."""
    name = os.environ.get("CRH_SWEEP")
    if name:
        return name
    local = Path(OUT[len("file:"):] if OUT.startswith("file:") else OUT) / "results" / "points" / "data"
    if "://" not in OUT.replace("file://", "") and local.is_dir():
        # A local output root: read the sweep names off the table's partition directories, no JVM needed
        # (a directory may remain after its rows were deleted; the query below is the exact answer).
        names = sorted(d.name[len("sweep="):] for d in local.iterdir() if d.name.startswith("sweep="))
        if names:
            return names[0]
    found = sql("SELECT DISTINCT sweep FROM points ORDER BY sweep")
    if found.empty:
        raise RuntimeError("no committed points under %s: run jobs/crh sweep first, or set CRH_OUT" % OUT)
    return str(found["sweep"].iloc[0])


# The summary tables (what `crh export --format csv` writes): table name -> the query that makes it.
EXPORTS = {
    "points": "SELECT * FROM points WHERE sweep = {s} ORDER BY point_id",
    "phases": "SELECT * FROM phases WHERE sweep = {s} ORDER BY point_id, layer, stat",
    "training": "SELECT * FROM training WHERE sweep = {s} ORDER BY point_id, step",
}
for _t in ["alignment", "exponents", "moments"]:
    EXPORTS[_t + "_final"] = ("SELECT t.* FROM " + _t + " t JOIN (SELECT point_id, MAX(step) AS step FROM " + _t
                              + " WHERE sweep = {s} GROUP BY point_id) f ON t.point_id = f.point_id AND t.step = f.step"
                              + " WHERE t.sweep = {s} ORDER BY t.point_id, t.layer, t.stat")


def table(name, sweep_name=None):
    """One of the summary tables of a sweep (points, phases, training, alignment_final, exponents_final,
    moments_final) as pandas."""
    sweep_name = sweep_name or sweep()
    if name not in EXPORTS:
        raise ValueError("unknown summary table %r (allowed: %s)" % (name, ", ".join(EXPORTS)))
    return sql(EXPORTS[name].format(s=quote(sweep_name)))


def quote(text):
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def mean_alignment(phases):
    """The mean of the six final alignments of each phases row."""
    return phases[COLUMNS].mean(axis=1, skipna=True)


# Two-sided 95% Student t quantiles for small degrees of freedom (then the normal's 1.96 is close).
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
         2.042]


def t975(df):
    if df < 1:
        return float("nan")
    return _T975[df - 1] if df <= len(_T975) else 1.96 + 2.4 / df


def grouped_slope(frame, group_cols, x, y):
    """Least-squares slope of y on x with one intercept per group (as the report's GroupedSlope):
    returns (slope, lo, hi, points, groups); groups with a single distinct x are left out."""
    import numpy as np
    f = frame[np.isfinite(frame[x]) & np.isfinite(frame[y])]
    cx, cy, groups = [], [], 0
    by = group_cols[0] if len(group_cols) == 1 else list(group_cols)
    for _, g in f.groupby(by):
        if g[x].nunique() < 2:
            continue
        groups += 1
        cx.extend(g[x] - g[x].mean())
        cy.extend(g[y] - g[y].mean())
    if groups == 0:
        return (float("nan"),) * 3 + (0, 0)
    cx, cy = np.array(cx), np.array(cy)
    sxx = (cx * cx).sum()
    slope = (cx * cy).sum() / sxx
    df = len(cx) - groups - 1
    half = t975(df) * np.sqrt(((cy - slope * cx) ** 2).sum() / df / sxx) if df >= 1 else float("nan")
    return slope, slope - half, slope + half, len(cx), groups
