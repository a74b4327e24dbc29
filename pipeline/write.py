"""Writers: tables streamed to CSV or Parquet, chunk by chunk, published atomically.

Rows go to hidden temporary files in the output folder; only when the run completes is each
renamed over its final name (os.replace is atomic on one filesystem), so a killed run never
leaves a half-written table behind.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import schema as S

FORMATS = ("csv", "parquet")
# Cells starting with these are formulas to a spreadsheet; a leading apostrophe defuses them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _arrow_type(column: str):
    return {"int": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}.get(
        S.column_type(column), pa.string())


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c, _arrow_type(c)) for c in S.COLUMNS[table]])


def _clean_value(column: str, value):
    kind = S.column_type(column)
    if value is None or (isinstance(value, float) and value != value):
        return None if kind in ("float", "int") else ("" if kind == "str" else False)
    if kind == "str":
        return str(value)
    return value


class TableWriter:
    """Appends rows to every table of the contract; `close()` publishes them all."""

    def __init__(self, out_dir, fmt: str = "csv", safe_csv: bool = True):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.safe_csv = safe_csv
        self._files, self._writers, self._tmp = {}, {}, {}
        self.counts = {t: 0 for t in S.TABLES}

    def path(self, table: str) -> Path:
        return self.out_dir / f"{table}.{self.fmt}"

    def _open(self, table: str):
        if table in self._writers:
            return self._writers[table]
        tmp = self.out_dir / f".{table}.{self.fmt}.{os.getpid()}.tmp"
        self._tmp[table] = tmp
        if self.fmt == "csv":
            f = open(tmp, "w", encoding="utf-8", newline="")
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(S.COLUMNS[table])
            self._files[table] = f
        else:
            writer = pq.ParquetWriter(tmp, arrow_schema(table), compression="zstd")
        self._writers[table] = writer
        return writer

    def append(self, table: str, rows: list[dict]) -> None:
        writer = self._open(table)
        if not rows:
            return
        columns = S.COLUMNS[table]
        if self.fmt == "csv":
            for row in rows:
                writer.writerow([self._csv_cell(c, row.get(c)) for c in columns])
        else:
            data = {c: [_clean_value(c, r.get(c)) for r in rows] for c in columns}
            writer.write_table(pa.table(data, schema=arrow_schema(table)))
        self.counts[table] += len(rows)

    def _csv_cell(self, column: str, value):
        value = _clean_value(column, value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if self.safe_csv and isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    def close(self) -> dict[str, Path]:
        """Finish every table (empty ones get their header) and move them into place."""
        for table in S.TABLES:
            self._open(table)
        for table, writer in self._writers.items():
            if self.fmt == "csv":
                self._files[table].flush()
                os.fsync(self._files[table].fileno())
                self._files[table].close()
            else:
                writer.close()
        paths = {}
        for table, tmp in self._tmp.items():
            final = self.path(table)
            os.replace(tmp, final)
            paths[table] = final
        self._writers.clear()
        return paths

    def abort(self) -> None:
        for table, writer in self._writers.items():
            try:
                (self._files[table] if self.fmt == "csv" else writer).close()
            except Exception:  # noqa: BLE001 - best effort while failing anyway
                pass
        for tmp in self._tmp.values():
            tmp.unlink(missing_ok=True)
        self._writers.clear()


def read_table(path) -> "pd.DataFrame":
    """A table written by TableWriter back as a DataFrame with the contract's dtypes."""
    import pandas as pd

    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    table = path.name.split(".")[0]
    columns = S.COLUMNS.get(table, [])
    dtypes = {c: "string" for c in columns if S.column_type(c) == "str"}
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values={
        c: [""] for c in columns if S.column_type(c) in ("int", "float")})
    for c in columns:
        if c not in df:
            continue
        if S.column_type(c) == "bool":
            df[c] = df[c].map({"true": True, "false": False, True: True, False: False})
        elif S.column_type(c) == "str":  # undo the spreadsheet-safety apostrophe
            df[c] = df[c].str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)
    return df
