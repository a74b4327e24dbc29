"""The result cache of a run: each document's table rows, keyed by what could change them.

The rows are stored as the run's writer takes them (CSV lines or Arrow tables: runner.DocResult),
so the key includes that output variant too.

It lives beside the tables (`OUT/.pipeline-cache.sqlite`). A rerun processes only documents
whose content, metadata or pipeline code changed; a run killed at any moment keeps every batch
it committed, and the next run starts from there. SQLite commits are atomic, so a half-written
batch is never read back.

Output folders are shared, copied and unpacked from archives, so the cache holds data only,
nothing a reader could execute (no pickle): an entry is a format byte, a checksum (BLAKE2b of
what follows) and a zlib-compressed body (level 1): a JSON header (the document's status, the
aggregates' records as plain lists of fields, the byte length of every table's chunk) followed
by the chunks themselves, CSV lines as written, or Arrow IPC streams for Parquet. Decoding
builds only the few record types it knows, checks every type and size, and validates Arrow
data against the table's schema. A result is packed where it is made: a worker sends the parent
only the packed bytes, which the parent stores as they are.

A cache that cannot be read (not SQLite, truncated, another layout or format, a folder in its
place) is set aside as `.pipeline-cache.sqlite.unreadable` and a new one started; an entry
that does not decode is a miss. Either way the run warns once (`cache unreadable: rebuilt`)
and redoes what it must.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import zlib
from functools import lru_cache
from pathlib import Path

CACHE_NAME = ".pipeline-cache.sqlite"
ASIDE_SUFFIX = ".unreadable"
PACKAGE = Path(__file__).resolve().parent
# The entry format; a cache holding another is set aside whole.
FORMAT = 2
_MAGIC = b"PRC"
_DIGEST = 16
# An entry larger than this once decompressed is refused (a crafted entry cannot fill memory).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
UNREADABLE = "cache unreadable: rebuilt"


class CacheEntryError(ValueError):
    """A cached entry that is not one this code wrote: treated as a miss."""


class CacheWriteError(OSError):
    """The cache cannot be written (a full disk, a read-only folder)."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the pipeline's code and data: results of other code are never reused."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".csv") and "evaluation" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def document_key(doc, variant: str = "") -> str:
    """`variant`: what else the cached result depends on (the output format of the run)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(b"\x00" + variant.encode())
    for part in (doc.doc_id, doc.source, doc.title, doc.url, doc.published_meta, doc.status,
                 doc.error, doc.encoding, doc.given_id, doc.text):
        digest.update(b"\x00" + (part or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# -- entries: data only -----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _record_types() -> dict:
    """The only record types an entry may hold (the aggregates' part of a document)."""
    from .records import DateMention, Mention, Official, Person

    return {cls.__name__: (cls, tuple(f.name for f in dataclasses.fields(cls)))
            for cls in (Person, Mention, DateMention, Official)}


def _encode(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    name = type(value).__name__
    known = _record_types().get(name)
    if known is None or type(value) is not known[0]:
        raise TypeError(f"cannot cache a {name}")
    return {"t": name, "f": [_encode(getattr(value, f)) for f in known[1]]}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _decode(value, depth: int = 0):
    """JSON values back, dicts {"t": record type, "f": fields} as those records (scalars are
    passed through where they are met: most values are)."""
    if depth > 8:
        raise CacheEntryError("records nested too deep")
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else _decode(v, depth + 1) for v in value]
    if kind is dict and len(value) == 2 and "t" in value and "f" in value:
        known = _record_types().get(value["t"])
        fields = value["f"]
        if known is None or type(fields) is not list or len(fields) != len(known[1]):
            raise CacheEntryError(f"unknown record {str(value.get('t'))[:40]!r}")
        return known[0](*[v if type(v) in _SCALARS else _decode(v, depth + 1)
                          for v in fields])
    raise CacheEntryError("unexpected value")


def _arrow_bytes(data) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, data.schema) as writer:
        writer.write_table(data)
    return sink.getvalue().to_pybytes()


def _arrow_table(table: str, blob: bytes):
    import pyarrow as pa

    from .write import arrow_schema

    try:
        data = pa.ipc.open_stream(pa.py_buffer(blob)).read_all()
        if not data.schema.equals(arrow_schema(table)):
            raise CacheEntryError(f"{table}: not the table's columns")
        data.validate(full=True)
    except (pa.ArrowException, ValueError, TypeError) as e:
        raise CacheEntryError(f"{table}: bad Arrow data ({e})") from None
    return data


def pack(result) -> bytes:
    """A runner.DocResult as a cache entry (bytes)."""
    chunks, blobs = [], []
    for table, chunk in result.chunks.items():
        if chunk.data is None:
            kind, blob = "none", b""
        elif isinstance(chunk.data, bytes):
            kind, blob = "csv", chunk.data
        else:
            kind, blob = "arrow", _arrow_bytes(chunk.data)
        chunks.append([table, chunk.n_rows, kind, len(blob)])
        blobs.append(blob)
    slim = result.slim
    header = json.dumps({
        "doc_id": result.doc_id, "status": result.status, "error": result.error,
        "chunks": chunks,
        "slim": {"doc_id": slim.doc_id, "published": slim.published, "status": slim.status,
                 "people": _encode(slim.people), "places": _encode(slim.places),
                 "officials": _encode(slim.officials), "open_posts": _encode(slim.open_posts)},
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    body = zlib.compress(b"".join([struct.pack(">I", len(header)), header, *blobs]), 1)
    return _MAGIC + bytes([FORMAT]) + hashlib.blake2b(body, digest_size=_DIGEST).digest() + body


def unpack(blob):
    """A cache entry back as a runner.DocResult; CacheEntryError when it is not one."""
    from . import schema as S
    from .records import Document
    from .runner import DocResult
    from .write import Chunk

    if not isinstance(blob, bytes) or len(blob) < 4 + _DIGEST or blob[:3] != _MAGIC:
        raise CacheEntryError("not a cache entry")
    if blob[3] != FORMAT:
        raise CacheEntryError(f"entry format {blob[3]}, not {FORMAT}")
    body = blob[4 + _DIGEST:]
    if hashlib.blake2b(body, digest_size=_DIGEST).digest() != blob[4:4 + _DIGEST]:
        raise CacheEntryError("checksum mismatch")
    try:
        inflate = zlib.decompressobj()
        data = inflate.decompress(body, MAX_ENTRY_BYTES)
        if inflate.unconsumed_tail:
            raise CacheEntryError("entry too large")
        (size,) = struct.unpack(">I", data[:4])
        header = json.loads(data[4:4 + size].decode("utf-8", "surrogatepass"))
        offset = 4 + size
        chunks = {}
        for table, n_rows, kind, length in header["chunks"]:
            if table not in S.COLUMNS or not isinstance(n_rows, int) or n_rows < 0 \
                    or not isinstance(length, int) or length < 0 or offset + length > len(data):
                raise CacheEntryError("bad chunk list")
            piece = data[offset:offset + length]
            offset += length
            if kind == "csv":
                chunks[table] = Chunk(n_rows, piece)
            elif kind == "arrow":
                chunks[table] = Chunk(n_rows, _arrow_table(table, piece))
            elif kind == "none" and not length:
                chunks[table] = Chunk(n_rows, None)
            else:
                raise CacheEntryError("bad chunk kind")
        if offset != len(data):
            raise CacheEntryError("trailing bytes")
        s = header["slim"]
        slim = Document(doc_id=_text(s["doc_id"]), text="", published=_text(s["published"]),
                        status=_text(s["status"]), people=_records(s["people"]),
                        places=_records(s["places"]), officials=_records(s["officials"]),
                        open_posts=_records(s["open_posts"]))
        return DocResult(_text(header["doc_id"]), _text(header["status"]),
                         _text(header["error"]), chunks, slim)
    except CacheEntryError:
        raise
    except (zlib.error, struct.error, ValueError, TypeError, KeyError, IndexError,
            RecursionError) as e:
        raise CacheEntryError(f"damaged entry ({type(e).__name__})") from None


def _text(value) -> str:
    if not isinstance(value, str):
        raise CacheEntryError("a text field is not text")
    return value


def _records(value) -> list:
    found = _decode(value)
    if not isinstance(found, list):
        raise CacheEntryError("a record list is not a list")
    return found


# -- the SQLite file --------------------------------------------------------------------------
def _full(error: BaseException, folder: Path | None = None) -> bool:
    """A full disk (SQLite may call it only "disk I/O error": then the folder's free space
    tells), not a damaged cache."""
    if "full" in str(error).lower() or getattr(error, "errno", None) == 28:
        return True
    if folder is not None and "i/o" in str(error).lower():
        try:
            stats = os.statvfs(folder)
            return stats.f_bavail * stats.f_frsize < 1024 * 1024
        except OSError:
            return False
    return False


class ResultCache:
    """`warn(message)` is told, once, when the cache or an entry could not be read."""

    def __init__(self, out_dir, warn=None):
        self.path = Path(out_dir) / CACHE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._warn = warn
        self.warned = False
        self.db = None
        try:
            self._open()
        except sqlite3.Error as e:
            if _full(e, self.path.parent):
                raise CacheWriteError(28, f"cannot write the result cache: {e}") from None
            self._set_aside()
            try:
                self._open()
            except sqlite3.Error as e2:
                raise CacheWriteError(
                    0, f"cannot write the result cache {self.path}: {e2}") from None

    def _open(self) -> None:
        if self.path.is_dir() and not self.path.is_symlink():
            raise sqlite3.DatabaseError("a folder where the cache should be")
        db = sqlite3.connect(self.path)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            tables = {name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                with db:
                    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
                    db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload BLOB)")
                    db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
            else:
                found = dict(db.execute("SELECT name, value FROM meta")) \
                    if tables == {"meta", "results"} else {}
                columns = [row[1] for row in db.execute("PRAGMA table_info(results)")]
                if found.get("format") != str(FORMAT) or columns != ["key", "payload"]:
                    raise sqlite3.DatabaseError("not this version's result cache")
        except BaseException:
            db.close()
            raise
        self.db = db

    def _set_aside(self) -> None:
        """Move an unreadable cache (and its WAL files) aside, replacing an earlier one."""
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None
        aside = self.path.with_name(CACHE_NAME + ASIDE_SUFFIX)
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)
        if self.path.exists() or self.path.is_symlink():
            os.replace(self.path, aside)
        for extra in ("-wal", "-shm"):
            Path(f"{self.path}{extra}").unlink(missing_ok=True)
        self.warn_unreadable()

    def warn_unreadable(self) -> None:
        if not self.warned:
            self.warned = True
            if self._warn is not None:
                self._warn(UNREADABLE)

    def _rebuild(self) -> None:
        self._set_aside()
        self._open()

    def get_many(self, keys: list[str]) -> dict:
        found = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = self.db.execute(
                    f"SELECT key, payload FROM results WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall()
                for key, payload in rows:
                    try:
                        found[key] = unpack(payload)
                    except CacheEntryError:
                        self.warn_unreadable()  # a miss: the document is processed again
        except sqlite3.Error as e:
            if _full(e, self.path.parent):
                raise CacheWriteError(28, f"cannot read the result cache: {e}") from None
            self._rebuild()
            return {}
        return found

    def put_many(self, items) -> None:
        """Store (key, packed result) pairs (`pack`) in one transaction."""
        items = list(items)
        for attempt in (0, 1):
            try:
                with self.db:
                    self.db.executemany(
                        "INSERT OR REPLACE INTO results (key, payload) VALUES (?, ?)", items)
                return
            except sqlite3.Error as e:
                full = _full(e, self.path.parent)
                if full or isinstance(e, sqlite3.OperationalError) and attempt:
                    raise CacheWriteError(28 if full else 0,
                                          f"cannot write the result cache: {e}") from None
                if attempt:
                    raise CacheWriteError(0, f"cannot write the result cache: {e}") from None
                self._rebuild()

    def mark_seen(self, keys) -> None:
        """Remember `keys` as this run's documents, on disk (a temporary table of this
        connection), so the process holds no set of them however long the run."""
        with self.db:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY)")
            self.db.executemany("INSERT OR IGNORE INTO seen (key) VALUES (?)",
                                [(k,) for k in keys])

    def keep_only_seen(self) -> None:
        """Forget results of documents not marked seen by this run (`keep_only` for them)."""
        with self.db:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM results WHERE key NOT IN (SELECT key FROM seen)")

    def keep_only(self, keys: set) -> None:
        """Forget results no longer in the folder's tables (changed or removed documents)."""
        try:
            stale = [k for (k,) in self.db.execute("SELECT key FROM results") if k not in keys]
            with self.db:
                self.db.executemany("DELETE FROM results WHERE key = ?", [(k,) for k in stale])
        except sqlite3.Error as e:
            if _full(e, self.path.parent):
                raise CacheWriteError(28, f"cannot write the result cache: {e}") from None
            self._rebuild()  # the tables are complete; the next run redoes what it must

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
