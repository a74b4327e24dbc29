"""Writers: tables streamed to CSV or Parquet, chunk by chunk, published atomically.

Rows go to hidden temporary files in the output folder; only when the run completes is each
renamed over its final name (os.replace is atomic on one filesystem), so a killed run never
leaves a half-written table behind.

CSV is UTF-8 with a header row, "\n" line ends, `true`/`false`, empty cells for missing values.
Spreadsheet safety (`safe_csv=True`, the default; `--unsafe-csv` turns it off): a text cell
starting with = + - @, a tab or a carriage return gets an apostrophe in front, so a spreadsheet
shows it instead of running it as a formula; a cell starting with an apostrophe gets one more.
`read_table` takes exactly one off, so every value reads back as written. Tables are
deterministic: the same rows give the same bytes (CSV and Parquet alike).
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from . import schema as S

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "parquet")
# Cells starting with these are formulas to a spreadsheet; a leading apostrophe defuses them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# With the apostrophe on, a cell that itself starts with one gets another, so that read_table
# can take exactly one off again and every value reads back as written.
_ESCAPED_START = FORMULA_START + ("'",)
_UNESCAPE = re.compile(r"^'(?=[=+\-@\t\r'])")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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


def _encodable(value):
    """A string UTF-8 can encode: lone surrogates (from JSON escapes) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


class TableWriter:
    """Appends rows to every table of the contract; `close()` publishes them all."""

    def __init__(self, out_dir, fmt: str = "csv", safe_csv: bool = True):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.safe_csv = safe_csv
        self._files, self._writers, self._tmp, self._quoting = {}, {}, {}, {}
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
            # Python's csv (3.11 at least) does not quote a field holding a lone "\r" when
            # lines end in "\n", and readers take that "\r" for a line end: such rows are
            # written with every field quoted.
            self._quoting[table] = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
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
                cells = [self._csv_cell(c, row.get(c)) for c in columns]
                out = writer
                if any("\r" in cell for cell in cells if isinstance(cell, str)):
                    out = self._quoting[table]
                try:
                    out.writerow(cells)
                except UnicodeEncodeError:  # nothing was written: the line is encoded whole
                    out.writerow([_encodable(cell) for cell in cells])
        else:
            data = {c: [_clean_value(c, r.get(c)) for r in rows] for c in columns}
            try:
                batch = pa.table(data, schema=arrow_schema(table))
            except UnicodeEncodeError:
                batch = pa.table({c: [_encodable(v) for v in values] for c, values in data.items()},
                                 schema=arrow_schema(table))
            writer.write_table(batch)
        self.counts[table] += len(rows)

    def _csv_cell(self, column: str, value):
        value = _clean_value(column, value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if self.safe_csv and isinstance(value, str) and value.startswith(_ESCAPED_START):
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
                _fsync(self._tmp[table])
        paths = {}
        for table, tmp in self._tmp.items():
            final = self.path(table)
            os.replace(tmp, final)
            paths[table] = final
        _fsync(self.out_dir)  # the renames themselves survive a crash of the machine
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


def _fsync(path: Path) -> None:
    """Flush a file's (or a folder's entries') data to disk; best effort where unsupported."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_table(path, safe_csv: bool = True) -> "pd.DataFrame":
    """A table written by TableWriter back as a DataFrame with the contract's dtypes.

    `safe_csv`: the CSV was written with the spreadsheet-safety apostrophe (the default); pass
    False for tables written with `--unsafe-csv`, whose cells are read exactly as they are."""
    import pandas as pd

    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    table = path.name.split(".")[0]
    columns = S.COLUMNS.get(table, [])
    dtypes = {c: str for c in columns if S.column_type(c) == "str"}  # pandas default strings
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values={
        c: [""] for c in columns if S.column_type(c) in ("int", "float")})
    for c in columns:
        if c not in df:
            continue
        if S.column_type(c) == "bool":
            df[c] = df[c].map({"true": True, "false": False, True: True, False: False})
        elif S.column_type(c) == "str" and safe_csv:  # undo the spreadsheet-safety apostrophe
            df[c] = df[c].str.replace(_UNESCAPE, "", regex=True)
    return df
