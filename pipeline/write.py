"""Writers: tables streamed to CSV or Parquet, chunk by chunk, published atomically.

Formats: `csv` and `parquet` write a file per table (TABLE.csv, TABLE.parquet); `parquet-dataset`
writes a folder per table of Parquet part files of at most `part_rows` rows (TABLE/part-00000.parquet
...), the partitioned layout Dask, DuckDB, Spark and pandas read as one table (read_table too), so
no single file grows with the corpus.

Rows go to hidden temporary files (or folders) in the output folder; only when the run completes
is each renamed over its final name (os.replace is atomic on one filesystem), so a killed run never
leaves a half-written table behind.

CSV is UTF-8 with a header row, "\n" line ends, `true`/`false`, empty cells for missing values.
Spreadsheet safety (`safe_csv=True`, the default; `--unsafe-csv` turns it off): a text cell
starting with = + - @, a tab or a carriage return gets an apostrophe in front, so a spreadsheet
shows it instead of running it as a formula; a cell starting with an apostrophe gets one more.
`read_table` takes exactly one off, so every value reads back as written. Tables are
deterministic: the same rows give the same bytes (CSV and Parquet alike).

Rows can be formatted away from the writer: `format_rows` turns one document's rows into a
`Chunk` (CSV bytes, or an Arrow table for Parquet) in a worker process, and `append_chunk`
writes it as `append` would have written the rows, so the process writing the tables only
concatenates ready-made chunks. pyarrow (and pandas, for `read_table`) load only when needed.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schema as S

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

FORMATS = ("csv", "parquet", "parquet-dataset")
DATASET = "parquet-dataset"
# Rows per part file of a parquet-dataset table: parts of tens of MB, the size Dask and Spark
# read best as one partition each.
PART_ROWS = 1_000_000
# Rows per Parquet row group. Documents' rows are gathered to this many before they are written:
# a row group per document (tens of rows) would make readers slow and the file's footer, which
# the writer holds in memory until it closes, grow with the corpus. Groups break at the same rows
# whatever the chunks, so the bytes do not depend on how documents were batched.
ROW_GROUP_ROWS = 100_000
# Cells starting with these are formulas to a spreadsheet; a leading apostrophe defuses them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# With the apostrophe on, a cell that itself starts with one gets another, so that read_table
# can take exactly one off again and every value reads back as written.
_ESCAPED_START = FORMULA_START + ("'",)
_UNESCAPE = re.compile(r"^'(?=[=+\-@\t\r'])")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _arrow_type(column: str):
    import pyarrow as pa

    return {"int": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}.get(
        S.column_type(column), pa.string())


@lru_cache(maxsize=None)
def arrow_schema(table: str) -> "pa.Schema":
    import pyarrow as pa

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


@dataclass
class Chunk:
    """Rows of one table, formatted for the writer: `data` is UTF-8 CSV lines (no header) or,
    for Parquet, an Arrow table (None when there are no rows)."""
    n_rows: int
    data: Any


def _cell_formatter(kind: str, safe_csv: bool):
    """value -> the cell handed to csv.writer: TableWriter._csv_cell for one column type
    (_clean_value, then true/false, then the spreadsheet-safety apostrophe)."""
    escaped = _ESCAPED_START

    def text(value):
        if value is None or (isinstance(value, float) and value != value):
            return ""
        value = str(value)
        if safe_csv and value.startswith(escaped):
            return "'" + value
        return value

    def other(value):
        if value is None or (isinstance(value, float) and value != value):
            return "false" if kind == "bool" else ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if safe_csv and isinstance(value, str) and value.startswith(escaped):
            return "'" + value
        return value

    return text if kind == "str" else other


@lru_cache(maxsize=None)
def _formatters(table: str, safe_csv: bool) -> tuple:
    return tuple((c, _cell_formatter(S.column_type(c), safe_csv)) for c in S.COLUMNS[table])


def csv_lines(table: str, rows: list[dict], safe_csv: bool = True) -> bytes:
    """`rows` as the UTF-8 CSV lines TableWriter writes for them (no header)."""
    if not rows:
        return b""
    formatters = _formatters(table, safe_csv)
    cells = [[fmt(row.get(c)) for c, fmt in formatters] for row in rows]
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(cells)
    text = buf.getvalue()
    if "\r" in text:
        # Python's csv (3.11 at least) does not quote a field holding a lone "\r" when lines
        # end in "\n", and readers take that "\r" for a line end: such rows (only they can put
        # a "\r" in the output) are written with every field quoted.
        buf = io.StringIO(newline="")
        plain = csv.writer(buf, lineterminator="\n")
        quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for row in cells:
            if any("\r" in cell for cell in row if isinstance(cell, str)):
                quoted.writerow(row)
            else:
                plain.writerow(row)
        text = buf.getvalue()
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (from JSON escapes) become U+FFFD
        return _encodable(text).encode("utf-8")


def arrow_table(table: str, rows: list[dict]) -> "pa.Table":
    """`rows` as the Arrow table TableWriter writes as one Parquet row group."""
    import pyarrow as pa

    columns = S.COLUMNS[table]
    data = {c: [_clean_value(c, r.get(c)) for r in rows] for c in columns}
    try:
        return pa.table(data, schema=arrow_schema(table))
    except UnicodeEncodeError:
        return pa.table({c: [_encodable(v) for v in values] for c, values in data.items()},
                        schema=arrow_schema(table))


def format_rows(table: str, rows: list[dict], fmt: str = "csv", safe_csv: bool = True) -> Chunk:
    """One table's rows ready for TableWriter.append_chunk (any process can do this)."""
    if fmt == "csv":
        return Chunk(len(rows), csv_lines(table, rows, safe_csv))
    if fmt in ("parquet", DATASET):
        return Chunk(len(rows), arrow_table(table, rows) if rows else None)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


class TableWriter:
    """Appends rows to every table of the contract; `close()` publishes them all."""

    def __init__(self, out_dir, fmt: str = "csv", safe_csv: bool = True,
                 part_rows: int = PART_ROWS, row_group_rows: int = ROW_GROUP_ROWS):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        if part_rows < 1 or row_group_rows < 1:
            raise ValueError("part_rows and row_group_rows must be at least 1")
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.safe_csv = safe_csv
        self.part_rows = part_rows
        self.row_group_rows = row_group_rows
        self._pending = {}  # Parquet: table -> ([Arrow tables], rows) not yet written
        self._files, self._writers, self._tmp = {}, {}, {}
        self._parts = {}  # parquet-dataset: table -> [part files written, rows in the open one]
        self.counts = {t: 0 for t in S.TABLES}

    def path(self, table: str) -> Path:
        if self.fmt == DATASET:
            return self.out_dir / table
        return self.out_dir / f"{table}.{self.fmt}"

    def _open(self, table: str):
        if table in self._writers:
            return self._writers[table]
        tmp = self.out_dir / f".{table}.{self.fmt}.{os.getpid()}.tmp"
        self._tmp[table] = tmp
        if self.fmt == DATASET:
            tmp.mkdir()
            self._parts[table] = [0, 0]
            writer = self._open_part(table)
        elif self.fmt == "csv":
            writer = open(tmp, "wb")
            self._files[table] = writer
            writer.write(_header(table))
        else:
            import pyarrow.parquet as pq

            writer = pq.ParquetWriter(tmp, arrow_schema(table), compression="zstd")
        self._writers[table] = writer
        return writer

    def _open_part(self, table: str):
        import pyarrow.parquet as pq

        parts = self._parts[table]
        path = self._tmp[table] / f"part-{parts[0]:05d}.parquet"
        parts[0], parts[1] = parts[0] + 1, 0
        return pq.ParquetWriter(path, arrow_schema(table), compression="zstd")

    def _write_parts(self, table: str, data) -> None:
        """An Arrow table into the open part file, starting the next part where one is full:
        parts break at the same rows whatever the chunks (whatever the number of workers)."""
        parts, done = self._parts[table], 0
        while done < data.num_rows:
            if parts[1] >= self.part_rows:
                self._writers[table].close()
                self._writers[table] = self._open_part(table)
            n = min(self.part_rows - parts[1], data.num_rows - done)
            self._writers[table].write_table(data.slice(done, n), row_group_size=n)
            parts[1] += n
            done += n

    def _gather(self, table: str, data, final: bool = False) -> None:
        """Keep Arrow rows until a row group is full; write the full ones (all, when final)."""
        import pyarrow as pa

        tables, rows = self._pending.get(table, ([], 0))
        if data is not None and data.num_rows:
            tables, rows = tables + [data], rows + data.num_rows
        if rows >= self.row_group_rows or (final and rows):
            whole = pa.concat_tables(tables)
            size = self.row_group_rows
            full = rows if final else rows - rows % size
            for start in range(0, full, size):
                group = whole.slice(start, min(size, full - start))
                if self.fmt == DATASET:
                    self._write_parts(table, group)
                else:
                    self._writers[table].write_table(group, row_group_size=size)
            tables, rows = ([whole.slice(full)] if full < rows else []), rows - full
        self._pending[table] = (tables, rows)

    def append(self, table: str, rows: list[dict]) -> None:
        self.append_chunk(table, format_rows(table, rows, self.fmt, self.safe_csv))

    def append_chunk(self, table: str, chunk: Chunk) -> None:
        """Rows formatted by `format_rows` (with this writer's format and safe_csv)."""
        writer = self._open(table)
        if not chunk.n_rows:
            return
        if self.fmt == "csv":
            if not isinstance(chunk.data, bytes):
                raise TypeError(f"a CSV writer needs CSV lines, got {type(chunk.data).__name__}")
            writer.write(chunk.data)
        else:
            self._gather(table, chunk.data)
        self.counts[table] += chunk.n_rows

    def close(self, before_replace=None) -> dict[str, Path]:
        """Finish every table (empty ones get their header) and move them into place;
        `before_replace()` is called once every table is written, before the first is moved."""
        for table in S.TABLES:
            self._open(table)
            if self.fmt != "csv":
                self._gather(table, None, final=True)
        for table, writer in self._writers.items():
            if self.fmt == "csv":
                self._files[table].flush()
                os.fsync(self._files[table].fileno())
                self._files[table].close()
            else:
                writer.close()
                tmp = self._tmp[table]
                # a dataset's part files, then its folder (their names in it)
                for path in ([*tmp.iterdir(), tmp] if self.fmt == DATASET else [tmp]):
                    _fsync(path)
        if before_replace is not None:
            before_replace()
        paths = {}
        for table, tmp in self._tmp.items():
            final = self.path(table)
            if self.fmt == DATASET:
                _replace_folder(tmp, final)
            else:
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
            remove_temporary(tmp)
        self._writers.clear()


def remove_temporary(path: Path) -> None:
    """A temporary table: a file, or a parquet-dataset's folder of parts."""
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _replace_folder(new: Path, final: Path) -> None:
    """Put folder `new` in the place of `final`. A folder cannot be renamed over a full one: an
    earlier run's is first renamed aside, then deleted once the new one is in place (a crash
    in between leaves it as a hidden .old folder, never a mix of two runs' parts)."""
    old = None
    if final.is_dir() and not final.is_symlink():
        old = final.with_name(f".{final.name}.{os.getpid()}.old.tmp")
        os.replace(final, old)
    elif final.exists():
        final.unlink()
    os.replace(new, final)
    if old is not None:
        remove_temporary(old)


@lru_cache(maxsize=None)
def _header(table: str) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerow(S.COLUMNS[table])
    return buf.getvalue().encode("utf-8")


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
    if path.is_dir():  # a parquet-dataset table: its parts in order
        import pyarrow as pa
        import pyarrow.parquet as pq

        parts = sorted(path.glob("part-*.parquet"))
        if not parts:
            raise ValueError(f"no part-*.parquet files in {path}")
        return pa.concat_tables([pq.read_table(p) for p in parts]).to_pandas()
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
