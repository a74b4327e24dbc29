"""Every table of a run in one DuckDB file, with the contract's schema and a few ready views.

    write_duckdb(tables, "tables.duckdb")                         # {name: DataFrame}
    write_duckdb_from_dir("data/processed/", "data/processed/tables.duckdb")
    run_duckdb(["data/raw/"], "data/processed/")                   # `cli.py run --format duckdb`

DuckDB is optional (`pip install -e '.[duckdb]'`); without it these raise `DuckDBMissing`.

Tables keep the columns and types of `pipeline/schema.py` (text VARCHAR with "" for missing as in
the CSV and Parquet files; counts and offsets BIGINT; flags BOOLEAN; lat/lon DOUBLE). Views:

- `officials_named`: each officials row with its document's title and publication date
  (`published_date` DATE, `year`), the person's canonical name and the place's gazetteer name,
  kind and parent;
- `region_pairs_by_year`: region_links summed per pair and publication year (NULL year for
  undated documents): documents, documents naming both in one sentence, sentences;
- `place_mentions`: every linked place mention with the gazetteer entry and the document's
  date, for counting mentions per region, month or year.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import schema as S

EXTRA = "duckdb"
DUCKDB_FILE = "tables.duckdb"
MANIFEST = "_SUCCESS.json"  # as the runner's: written last, in OUT/ beside tables.duckdb
WORK_DIR = ".duckdb-run"  # the Parquet tables and result cache behind tables.duckdb
SQL_TYPES = {"int": "BIGINT", "bool": "BOOLEAN", "float": "DOUBLE", "str": "VARCHAR"}


class DuckDBMissing(RuntimeError):
    """DuckDB output asked for, but the optional `duckdb` package is not installed."""


def require_duckdb():
    """The duckdb module, or DuckDBMissing with how to install it."""
    try:
        import duckdb
    except ImportError as e:
        raise DuckDBMissing(
            "DuckDB output needs the optional `duckdb` package: "
            "pip install -e '.[duckdb]' (or pip install duckdb)") from e
    return duckdb


# A date from the ISO text of `published` ("" when unknown; may carry a time).
_PUBLISHED_DATE = "TRY_CAST(NULLIF(substr({col}, 1, 10), '') AS DATE)"

VIEWS = {
    "officials_named": f"""
        CREATE VIEW officials_named AS
        SELECT o.doc_id,
               d.title,
               {_PUBLISHED_DATE.format(col="d.published")} AS published_date,
               year({_PUBLISHED_DATE.format(col="d.published")}) AS year,
               o.person_id,
               coalesce(NULLIF(p.name, ''), o.person) AS person,
               o.position, o.role, o.category,
               o.region_id,
               r.name AS region, r.kind AS region_kind, r.parent_id AS region_parent,
               o.organisation,
               o.country, o.acting, o.former, o.pattern, o.sent_id, o.start, o.stop
        FROM officials o
        LEFT JOIN documents d USING (doc_id)
        LEFT JOIN people p ON p.person_id = o.person_id AND o.person_id <> ''
        LEFT JOIN regions r ON r.region_id = o.region_id AND o.region_id <> ''
    """,
    "region_pairs_by_year": f"""
        CREATE VIEW region_pairs_by_year AS
        SELECT year({_PUBLISHED_DATE.format(col="published")}) AS year,
               region_id_a, name_a, country_a,
               region_id_b, name_b, country_b,
               count(DISTINCT doc_id) AS n_docs,
               count(DISTINCT doc_id) FILTER (WHERE scope = 'sentence') AS n_docs_sentence,
               CAST(sum(n_sentences) AS BIGINT) AS n_sentences,
               min({_PUBLISHED_DATE.format(col="published")}) AS first_published,
               max({_PUBLISHED_DATE.format(col="published")}) AS last_published
        FROM region_links
        GROUP BY ALL
    """,
    # Region pairs x year x event type: two sides of one event (a participant's region or a
    # place acting for a side), ids sorted; the year of the event's date, else of publication.
    "region_pair_events": f"""
        CREATE VIEW region_pair_events AS
        WITH sides AS (
            SELECT DISTINCT doc_id, event_id, region_id
            FROM event_participants WHERE region_id <> ''
        )
        SELECT coalesce(TRY_CAST(NULLIF(substr(e.date, 1, 4), '') AS INTEGER),
                        year({_PUBLISHED_DATE.format(col="d.published")})) AS year,
               e.type AS event_type,
               a.region_id AS region_id_a, ra.name AS name_a, ra.country AS country_a,
               b.region_id AS region_id_b, rb.name AS name_b, rb.country AS country_b,
               count(*) AS n_events,
               count(DISTINCT e.doc_id) AS n_docs,
               min(NULLIF(e.date, '')) AS first_date,
               max(NULLIF(e.date, '')) AS last_date
        FROM events e
        JOIN sides a ON a.doc_id = e.doc_id AND a.event_id = e.event_id
        JOIN sides b ON b.doc_id = e.doc_id AND b.event_id = e.event_id
                    AND a.region_id < b.region_id
        LEFT JOIN regions ra ON ra.region_id = a.region_id
        LEFT JOIN regions rb ON rb.region_id = b.region_id
        LEFT JOIN documents d ON d.doc_id = e.doc_id
        WHERE e.status = 'happened'
        GROUP BY ALL
    """,
    "place_mentions": f"""
        CREATE VIEW place_mentions AS
        SELECT m.doc_id,
               {_PUBLISHED_DATE.format(col="d.published")} AS published_date,
               year({_PUBLISHED_DATE.format(col="d.published")}) AS year,
               m.mention_id, m.sent_id, m.start, m.stop, m.text, m.normal,
               m.entity_id AS region_id,
               r.name AS region, r.kind, r.country, r.iso_code, r.parent_id, r.lat, r.lon,
               m.in_boilerplate
        FROM mentions m
        JOIN regions r ON r.region_id = m.entity_id
        LEFT JOIN documents d USING (doc_id)
        WHERE m.type = 'LOC' AND m.entity_id <> ''
    """,
}


def create_statement(table: str) -> str:
    columns = ", ".join(f'"{c}" {SQL_TYPES[S.column_type(c)]}' for c in S.COLUMNS[table])
    return f'CREATE TABLE "{table}" ({columns})'


def write_duckdb(tables: dict, path) -> Path:
    """Write every table of the contract (absent ones empty) and the views into a new DuckDB
    file at `path`, replacing any file there only when the new one is complete."""
    duckdb = require_duckdb()
    import pandas as pd

    from .results import conform

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            for table in S.TABLES:
                df = tables.get(table)
                df = conform(table, df if df is not None else pd.DataFrame())
                con.execute(create_statement(table))
                if len(df):
                    _insert(con, table, df)
            for sql in VIEWS.values():
                con.execute(sql)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    return path


def _insert(con, table: str, df) -> None:
    import pyarrow as pa

    columns = S.COLUMNS[table]
    arrays = {}
    for c in columns:
        kind = S.column_type(c)
        values = df[c].tolist()
        if kind == "str":
            values = ["" if _missing(v) else str(v) for v in values]
            arrays[c] = pa.array(values, type=pa.string())
        elif kind == "int":
            arrays[c] = pa.array([None if _missing(v) else int(v) for v in values], pa.int64())
        elif kind == "float":
            arrays[c] = pa.array([None if _missing(v) else float(v) for v in values],
                                 pa.float64())
        else:
            arrays[c] = pa.array([None if _missing(v) else bool(v) for v in values], pa.bool_())
    data = pa.table(arrays)  # noqa: F841 - read by DuckDB's replacement scan below
    con.register("_incoming", data)
    try:
        con.execute(f'INSERT INTO "{table}" SELECT * FROM _incoming')
    finally:
        con.unregister("_incoming")


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_duckdb_from_dir(tables_dir, path=None) -> Path:
    """The tables of a finished run (CSV or Parquet in `tables_dir`) into one DuckDB file
    (default `tables_dir/tables.duckdb`)."""
    require_duckdb()
    from .results import load_tables

    path = Path(path) if path else Path(tables_dir) / DUCKDB_FILE
    return write_duckdb(load_tables(tables_dir), path)


def run_duckdb(inputs, out_dir, path=None, **run_options):
    """`run_files` writing one DuckDB file (default `out_dir/tables.duckdb`) instead of one file
    per table. The run writes Parquet tables into `out_dir/.duckdb-run/` (kept, with the run's
    result cache, so that a rerun only processes new or changed documents), then loads them
    into DuckDB. Checks for duckdb before reading anything. `run_options` go to `run_files`
    (options, progress, workers, force, ...). Returns the run's Summary, with
    `paths` = {"duckdb": path} and `out_dir` the DuckDB file."""
    require_duckdb()
    from .runner import run_files

    out_dir = Path(out_dir)
    path = Path(path) if path else out_dir / DUCKDB_FILE
    work = out_dir / WORK_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)  # the DuckDB file is being replaced
    summary = run_files(inputs, work, "parquet", **run_options)
    write_duckdb_from_dir(work, path)
    _write_manifest(work / MANIFEST, out_dir / MANIFEST, path)
    summary.out_dir = str(path)
    summary.paths = {"duckdb": path}
    return summary


def _write_manifest(run_manifest: Path, manifest: Path, duckdb_path: Path) -> None:
    """OUT/_SUCCESS.json, written last as a table run's is: the Parquet run's row counts, every
    table naming the DuckDB file that now holds it."""
    import json
    import os

    body = json.loads(run_manifest.read_text(encoding="utf-8"))
    for entry in body.get("tables", {}).values():
        entry["file"] = duckdb_path.name
    tmp = manifest.with_name(f".{manifest.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.replace(tmp, manifest)
