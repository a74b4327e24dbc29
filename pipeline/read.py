"""Stage 1: read raw inputs into Documents, lazily, one record at a time.

Folders are walked recursively for .txt, .jsonl(.gz), .csv and .html files. A file or record that
cannot be read becomes a Document with status "error" and a one-line reason; the batch goes on.

The rules, for dirty corpora:

- Size: a document is at most `ReadOptions.max_bytes` (MAX_FILE_BYTES, 20 MiB): a .txt or .html
  file over it is refused unread (its size is checked first); .jsonl(.gz) and .csv files are
  streamed line by line, whatever their size, and a JSONL line or CSV record over the limit
  becomes an error row while the rest of the file is read. Memory stays flat: no more than one
  document (at most the limit) is held at a time.
- Encodings: a BOM (UTF-8, UTF-16, UTF-32) decides; then UTF-16 without a BOM (its telltale
  zero bytes); then UTF-8; then UTF-8 with a few stray bytes (at most 2% of the non-ASCII bytes
  invalid); then charset-normalizer among cp1251, koi8-r, UTF-16, UTF-8 and Latin-1. The codec
  used is the document's `encoding`.
- Undecodable bytes are replaced by U+FFFD and counted: the document stays `ok` and its
  `encoding` says so ("utf-8 (3 undecodable bytes replaced by U+FFFD)"; a run of bad bytes
  that forms one broken character counts once); when there are more of them than 10% of the
  bytes (MAX_UNDECODABLE) the document is an error row instead.
- Binary data (more than 5% control characters once decoded: MAX_CONTROL) is an error row. Fewer
  NUL characters are replaced by spaces (noted in `encoding`), as they would glue words together.
- Empty and whitespace-only files, records and pages are error rows ("empty document"): nothing
  can be extracted from them, and an analyst should see them.
- Malformed JSONL lines (bad JSON, not an object, no text field) and CSV rows (a field count
  other than the header's, a record over the limit) are error rows; the rest of the file is read.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import stat
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from .records import Document

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
CSV_SUFFIXES = (".csv",)
HTML_SUFFIXES = (".html", ".htm")
ALL_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES
# The largest document: a .txt / .html file, or one JSONL line or CSV record. A news article is
# kilobytes; a stray multi-gigabyte dump read into memory would stop the whole batch.
MAX_FILE_BYTES = 20 * 1024 * 1024
# More undecodable bytes (sequences) than this share of the bytes: not text in any encoding
# we know -> an error row.
MAX_UNDECODABLE = 0.10
# More control characters than this share of the decoded text: binary data -> an error row.
MAX_CONTROL = 0.05
# Bytes looked at to choose the encoding of a streamed (.jsonl, .csv) file.
HEAD_BYTES = 64 * 1024
# The encodings charset-normalizer chooses among when the text is not UTF-8.
CANDIDATES = ["cp1251", "koi8_r", "utf_16", "utf_8", "latin_1"]

_BOMS = (  # (BOM, codec for the rest, name recorded); UTF-32 before UTF-16 (same first bytes)
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_ASCII = bytes(range(128))
# C0 controls but tab, newlines, vertical tab and form feed; DEL; C1 controls (Latin-1 junk)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _decode_counting(data: bytes, codec: str) -> tuple[str, int]:
    """data decoded, every undecodable byte sequence replaced by U+FFFD: (text, sequences
    replaced). U+FFFD characters the bytes themselves encode are not counted."""
    text = data.decode(codec, "replace")
    return text, _replacements(text, data, codec)


def _replacements(text: str, data: bytes, codec: str) -> int:
    found = text.count("\ufffd")
    if found:
        try:
            found -= data.count("\ufffd".encode(codec))
        except (LookupError, UnicodeError):
            pass
    return max(found, 0)


class InputError(ValueError):
    """An input path that does not exist or cannot be read at all."""


@dataclass
class ReadOptions:
    text_column: str = "text"
    id_column: str = "id"
    title_column: str = "title"
    published_column: str = "published"
    url_column: str = "url"
    max_bytes: int = MAX_FILE_BYTES  # the largest .txt/.html file, JSONL line or CSV record


# -- decoding ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used ("utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16", ...)
    replaced: int = 0  # undecodable byte sequences, each replaced by one U+FFFD


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding); see decode_bytes."""
    found = decode_bytes(data)
    return found.text, found.encoding


def decode_bytes(data: bytes) -> Decoded:
    """Bytes -> Decoded: BOM, UTF-16 without BOM, UTF-8, nearly UTF-8, then charset-normalizer."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data[len(bom):], codec)
            return Decoded(text, name, bad)
    wide = _utf16_without_bom(data)
    if wide:
        text, bad = _decode_counting(data, wide)
        return Decoded(text, wide, bad)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, bad = _decode_counting(data, "utf-8")
    non_ascii = len(data) - len(data.translate(None, _ASCII))
    if bad <= 0.02 * non_ascii:  # UTF-8 with a few stray bytes, not another encoding
        return Decoded(text, "utf-8", bad)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=CANDIDATES).best()
        if best is not None:
            return Decoded(str(best), codecs.lookup(best.encoding).name)
    except Exception:  # noqa: BLE001 - detection is best effort; UTF-8 with replacements below
        pass
    return Decoded(text, "utf-8", bad)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when the bytes look like UTF-16 text without a BOM: one byte
    of each pair almost always 0x00 (ASCII, Latin) or 0x04 (Cyrillic), the other rarely 0x00."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4 or (b"\x00" not in sample and b"\x04" not in sample):
        return None
    for codec, high, low in (("utf-16-le", sample[1::2], sample[0::2]),
                             ("utf-16-be", sample[0::2], sample[1::2])):
        typical = high.count(0) + high.count(4)
        if typical < 0.9 * len(high) or low.count(0) > 0.05 * len(low):
            continue
        try:
            text = data[: len(data) // 2 * 2].decode(codec)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:4096])) <= MAX_CONTROL * min(len(text), 4096):
            return codec
    return None


def _describe(encoding: str, replaced: int, nuls: int = 0, surrogates: int = 0) -> str:
    """The `encoding` recorded for a document, with what was replaced in it."""
    notes = []
    if replaced:
        notes.append(f"{replaced} undecodable byte{'s' if replaced > 1 else ''} "
                     f"replaced by U+FFFD")
    if nuls:
        notes.append(f"{nuls} NUL character{'s' if nuls > 1 else ''} replaced by spaces")
    if surrogates:
        notes.append(f"{surrogates} lone surrogate{'s' if surrogates > 1 else ''} "
                     f"replaced by U+FFFD")
    return f"{encoding} ({'; '.join(notes)})" if notes else encoding


def _check(text: str, encoding: str, replaced: int, n_bytes: int) -> tuple[str, str, str]:
    """(text, encoding as recorded, error or "") for a decoded text, by the rules above."""
    if n_bytes and replaced > MAX_UNDECODABLE * n_bytes:
        return text, encoding, (
            f"undecodable: {replaced} bad byte sequences in {n_bytes} bytes "
            f"({100 * replaced / n_bytes:.0f}%), not text in {encoding} or any other supported "
            f"encoding (binary data?)")
    if text:
        controls = len(_CONTROL.findall(text))
        if controls > max(MAX_CONTROL * len(text), 3):
            return text, encoding, (f"binary data, not text: {100 * controls / len(text):.0f}% "
                                    f"control characters")
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", " ")
    text, surrogates = _SURROGATE.subn("\ufffd", text)
    recorded = _describe(encoding, replaced, nuls, surrogates)
    if not text.strip():
        return text, recorded, ("empty document: no text" if not text else
                                "empty document: only whitespace")
    return text, recorded, ""


def _clean_field(value) -> str:
    """A metadata field as a string writers can encode (lone surrogates from JSON replaced)."""
    if value is None:
        return ""
    return _SURROGATE.sub("\ufffd", str(value))


# -- paths ------------------------------------------------------------------------------------
def expand(inputs: Iterable, problems: list | None = None) -> Iterator[Path]:
    """Files named by `inputs` (files or folders, walked recursively in a stable order).

    Folders that cannot be listed are appended to `problems` as (path, reason) when given."""
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(f"input path does not exist: {path}")
        if path.is_dir():
            def failed(error: OSError, root=path):
                if problems is not None:
                    problems.append((Path(error.filename or root),
                                     f"cannot list folder: {error.strerror or error}"))

            found = [
                Path(root) / name
                for root, _, files in os.walk(path, onerror=failed) for name in files
                if name.lower().endswith(ALL_SUFFIXES) and not name.startswith(".")
            ]
            yield from sorted(found, key=lambda p: p.relative_to(path).parts)
        else:
            yield path


def read_paths(inputs: Iterable, options: ReadOptions | None = None,
               taken: set | None = None) -> Iterator[Document]:
    """The documents of every file `inputs` name. `taken`: ids already given (updated)."""
    options = options or ReadOptions()
    problems: list = []
    taken = set() if taken is None else taken
    for path in expand(inputs, problems):
        yield from read_file(path, options, _unique_stem(path, taken))
    for where, reason in problems:  # folders that could not be listed, after the files
        yield _error(where.name, where, reason)


def read_file(path: Path, options: ReadOptions, stem: str = "") -> Iterator[Document]:
    """The documents of one file; `stem` (default: the file name without its suffix) is the
    document id, or the prefix of its records' ids."""
    path = Path(path)
    name = path.name.lower()
    stem = stem or _stem(path)
    try:
        info = path.stat()
    except OSError as e:
        yield _error(stem, path, f"cannot read file: {e.strerror or e}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield _error(stem, path, "not a regular file: a folder, device, pipe or socket")
        return
    if info.st_size == 0:
        yield _error(stem, path, "empty file: 0 bytes")
        return
    if name.endswith(JSONL_SUFFIXES):
        yield from _guarded(_read_jsonl(path, stem, options), stem, path)
    elif name.endswith(CSV_SUFFIXES):
        yield from _guarded(_read_csv(path, stem, options), stem, path)
    else:
        if info.st_size > options.max_bytes:
            yield _error(stem, path, f"file too large: {info.st_size} bytes, over the "
                                     f"{options.max_bytes}-byte limit")
            return
        try:
            data = path.read_bytes()
        except OSError as e:
            yield _error(stem, path, f"cannot read file: {e.strerror or e}")
            return
        if name.endswith(HTML_SUFFIXES):
            yield _read_html(data, stem, path)
        else:
            yield _read_text(data, stem, path)


def _guarded(records: Iterator[Document], stem: str, path) -> Iterator[Document]:
    """A streamed file's records; a read failure midway (a truncated .gz, an I/O error) ends
    the file with one error row after the records read so far."""
    n = 0
    try:
        for doc in records:
            n += 1
            yield doc
    except (OSError, EOFError, zlib.error) as e:
        where = f"after {n} record{'s' if n != 1 else ''}" if n else "at the start"
        gz = str(path).lower().endswith(".gz")
        kind = "not a readable gzip file" if gz else "cannot read file"
        yield _error(f"{stem}:error" if n else stem, path,
                     f"{kind}: {getattr(e, 'strerror', None) or e} ({where})")


def _unique_stem(path: Path, taken: set) -> str:
    """The file's stem as its id; a stem an earlier file of the run already has ("a/x.txt",
    "b/x.txt") takes its folders in front ("b/x"), so every file keeps its own rows."""
    stem = _stem(path)
    candidate, parents = stem, path.parent.parts[::-1]
    for n in range(len(parents) + 1):
        candidate = "/".join([*parents[:n][::-1], stem])
        if candidate not in taken:
            break
    else:
        n = 2
        while f"{stem}~{n}" in taken:
            n += 1
        candidate = f"{stem}~{n}"
    taken.add(candidate)
    return candidate


def _stem(path: Path) -> str:
    name = path.name
    for suffix in sorted(ALL_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _error(doc_id: str, path, message: str, stage: str = "read") -> Document:
    return Document(doc_id=doc_id, text="", source=str(path), status="error",
                    error=" ".join(message.split())[:500], error_stage=stage)


# -- whole files: .txt and .html --------------------------------------------------------------
def _read_text(data: bytes, stem: str, path) -> Document:
    sample = data[:HEAD_BYTES]
    if sample.count(0) > MAX_CONTROL * len(sample) and not data.startswith(
            (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) and not _utf16_without_bom(data):
        return _error(stem, path, "binary data, not text: NUL bytes")
    found = decode_bytes(data)
    text, encoding, problem = _check(found.text, found.encoding, found.replaced, len(data))
    if problem:
        doc = _error(stem, path, problem)
        doc.encoding = encoding
        return doc
    return Document(doc_id=stem, text=text, source=str(path), encoding=encoding)


class _HTMLText(HTMLParser):
    """Visible text of a page, one line per block element; title and published metadata."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "time", "ul", "ol", "table", "blockquote"}
    SKIP = {"script", "style", "noscript", "template", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.title, self.in_title, self.published = [], 0, "", False, ""
        self.url = ""

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            a = dict(attrs)
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in ("article:published_time", "datepublished", "pubdate", "date") and not self.published:
                self.published = a.get("content") or ""
            elif key == "og:url" and not self.url:  # the address may carry the date (/2017/04/18/)
                self.url = a.get("content") or ""
        elif tag == "link" and (dict(attrs).get("rel") or "").lower() == "canonical" and not self.url:
            self.url = dict(attrs).get("href") or ""
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(" ".join(data.split()) if "\n" in data else data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        return "\n".join(line for line in lines if line)


def _read_html(data: bytes, stem: str, path) -> Document:
    found = decode_bytes(data)
    text, encoding, problem = _check(found.text, found.encoding, found.replaced, len(data))
    if problem and not problem.startswith("empty"):
        doc = _error(stem, path, problem)
        doc.encoding = encoding
        return doc
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as e:  # noqa: BLE001 - html.parser is lenient; anything else is reported
        return _error(stem, path, f"unreadable HTML: {type(e).__name__}: {e}")
    visible = parser.text()
    if not visible.strip():
        doc = _error(stem, path, "empty document: no visible text in the page")
        doc.encoding = encoding
        return doc
    return Document(doc_id=stem, text=visible, source=str(path), encoding=encoding,
                    title=_clean_field(" ".join(parser.title.split())),
                    published_meta=_clean_field(parser.published), url=_clean_field(parser.url))


# -- streamed files: .jsonl(.gz) and .csv -----------------------------------------------------
class _RecordTooLarge(Exception):
    pass


class _Lines:
    """Decoded lines of a binary stream, for JSONL and CSV readers, with bounded memory.

    Lines end at "\\n" (UTF-16/32 streams: any newline). A record is the lines read since the
    last `new_record()`; when it grows over `limit` bytes, `_RecordTooLarge` is raised (the rest
    of an over-long line is skipped unread into memory). Per record it keeps the bytes read,
    the undecodable byte sequences replaced and the encoding used.
    """

    def __init__(self, stream, encoding: str, limit: int):
        self.stream, self.limit = stream, limit
        self.encoding = encoding  # the file's, from its first bytes
        self.codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}.get(
            encoding, encoding)
        self.fallback = None  # the encoding of a non-UTF-8 line in a UTF-8 file, once seen
        self.text_stream = None
        if encoding.startswith(("utf-16", "utf-32")):
            self.text_stream = io.TextIOWrapper(stream, encoding=self.codec, errors="replace",
                                                newline="")
        self.first = True
        self.lineno = 0
        self.new_record()

    def new_record(self) -> None:
        self.record_bytes = 0
        self.record_replaced = 0
        self.record_encoding = self.encoding

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.text_stream is not None:
            line = self.text_stream.readline(self.limit + 1)
            self.record_replaced += line.count("\ufffd")
            size, ended = len(line.encode("utf-8", "surrogatepass")), line.endswith("\n")
        else:
            raw = self.stream.readline(self.limit + 1)
            size, ended = len(raw), raw.endswith(b"\n")
        if not size:
            raise StopIteration
        self.lineno += 1
        self.record_bytes += size
        if not ended and size > self.limit:
            self._skip_rest_of_line()
            raise _RecordTooLarge()
        if self.record_bytes > self.limit:
            raise _RecordTooLarge()
        if self.text_stream is not None:
            return line
        if self.first and self.encoding == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        self.first = False
        return self._decode(raw)

    def _decode(self, raw: bytes) -> str:
        if self.codec == "utf-8":
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
            if self.fallback:
                try:
                    text = raw.decode(self.fallback)
                    self.record_encoding = self.fallback
                    return text
                except UnicodeDecodeError:
                    pass
            found = decode_bytes(raw)
            if found.encoding not in ("utf-8", "utf-16-le", "utf-16-be") and not found.replaced:
                self.fallback = found.encoding
            self.record_encoding = found.encoding
            self.record_replaced += found.replaced
            return found.text
        text, bad = _decode_counting(raw, self.codec)
        self.record_replaced += bad
        return text

    def _skip_rest_of_line(self) -> None:
        if self.text_stream is not None:
            while (chunk := self.text_stream.readline(HEAD_BYTES)) and not chunk.endswith("\n"):
                pass
        else:
            while (chunk := self.stream.readline(HEAD_BYTES)) and not chunk.endswith(b"\n"):
                pass


def _open_stream(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _stream_encoding(stream) -> str:
    """The encoding of a streamed file, from its first HEAD_BYTES bytes (then rewound)."""
    head = stream.read(HEAD_BYTES + 1)
    stream.seek(0)
    complete = len(head) <= HEAD_BYTES
    for bom, _, name in _BOMS:
        if head.startswith(bom):
            return name
    wide = _utf16_without_bom(head)
    if wide:
        return wide
    if not complete and b"\n" in head:  # whole lines only: no character cut in two
        head = head[: head.rindex(b"\n") + 1]
    return decode_bytes(head[:HEAD_BYTES]).encoding


def _record_text(lines: _Lines, text: str, n_bytes: int) -> tuple[str, str, str]:
    return _check(text, lines.record_encoding, lines.record_replaced, n_bytes)


def _read_jsonl(path: Path, stem: str, options: ReadOptions) -> Iterator[Document]:
    with _open_stream(path) as stream:
        lines = _Lines(stream, _stream_encoding(stream), options.max_bytes)
        records = 0
        while True:
            lines.new_record()
            try:
                line = next(lines)
            except StopIteration:
                break
            except _RecordTooLarge:
                records += 1
                lineno = lines.lineno
                yield _error(f"{stem}:{lineno}", f"{path}:{lineno}",
                             f"record too large: JSON line over the {options.max_bytes}-byte "
                             f"limit")
                continue
            lineno = lines.lineno
            if not line.strip():
                continue
            records += 1
            default_id, source = f"{stem}:{lineno}", f"{path}:{lineno}"
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError(f"line is a JSON {type(record).__name__}, not an object")
                doc = from_record(record, default_id, source, options, lines.record_encoding)
            except (ValueError, RecursionError) as e:
                yield _error(default_id, source, f"bad JSON line: {_first_line(e)}")
                continue
            yield _finish(doc, lines, lines.record_bytes)
        if not records:
            yield _error(stem, path, "empty file: no JSON lines")


CSV_DELIMITERS = (",", ";", "\t", "|")  # the first that puts the text column in the header


def _read_csv(path: Path, stem: str, options: ReadOptions) -> Iterator[Document]:
    # csv refuses fields over field_size_limit() characters (131072 by default): raise it to
    # the record limit, which _Lines enforces itself. (A process-wide setting, only raised.)
    if csv.field_size_limit() < options.max_bytes:
        csv.field_size_limit(options.max_bytes)
    with _open_stream(path) as stream:
        lines = _Lines(stream, _stream_encoding(stream), options.max_bytes)
        try:
            first = ""
            while not first.strip():  # the header: the first line that is not blank
                lines.new_record()
                first = next(lines)
        except StopIteration:
            yield _error(stem, path, "empty file: no CSV header")
            return
        except _RecordTooLarge:
            yield _error(stem, path, f"bad CSV header: over the {options.max_bytes}-byte limit")
            return
        header = delimiter = None
        for delimiter in CSV_DELIMITERS:
            try:
                header = next(csv.reader([first], delimiter=delimiter))
            except csv.Error as e:
                yield _error(stem, path, f"bad CSV header: {_first_line(e)}")
                return
            if options.text_column in header:
                break
        else:
            header = next(csv.reader([first]))
            yield _error(stem, path, f"no text column: the CSV has no column "
                                     f"{options.text_column!r} (columns {', '.join(header)})")
            return
        reader = csv.reader(lines, delimiter=delimiter)
        rowno = 1  # the header is row 1; the first record row 2 (record ids stem:2, stem:3 ...)
        while True:
            lines.new_record()
            try:
                row = next(reader)
            except StopIteration:
                break
            except (_RecordTooLarge, csv.Error) as e:
                rowno += 1
                yield _error(f"{stem}:{rowno}", f"{path}:{rowno}", (
                    f"record too large: CSV record over the {options.max_bytes}-byte limit "
                    f"(or an unclosed quote)" if isinstance(e, _RecordTooLarge)
                    else f"bad CSV row: {_first_line(e)}"))
                continue
            if not any(field.strip() for field in row):
                continue  # a blank line (or a row of empty fields)
            rowno += 1
            default_id, source = f"{stem}:{rowno}", f"{path}:{rowno}"
            if len(row) != len(header):
                yield _error(default_id, source, f"bad CSV row: {len(row)} fields where the "
                                                 f"header has {len(header)}")
                continue
            try:
                doc = from_record(dict(zip(header, row)), default_id, source, options,
                                  lines.record_encoding)
            except ValueError as e:
                yield _error(default_id, source, f"bad CSV row: {_first_line(e)}")
                continue
            yield _finish(doc, lines, lines.record_bytes)
        if rowno == 1:
            yield _error(stem, path, "empty file: a CSV header but no rows")


def _finish(doc: Document, lines: _Lines, n_bytes: int) -> Document:
    """A record's Document checked like a file's text (empty, binary, NULs, undecodable)."""
    text, encoding, problem = _record_text(lines, doc.text, n_bytes)
    doc.encoding = encoding
    if problem:
        error = _error(doc.doc_id, doc.source, problem)
        error.encoding = encoding
        return error
    doc.text = text
    return doc


def _first_line(error: BaseException) -> str:
    message = str(error).strip()
    return (message.splitlines()[0] if message else type(error).__name__)[:300]


def from_record(record: dict, default_id: str, source: str, options: ReadOptions,
                encoding: str = "utf-8") -> Document:
    text = record.get(options.text_column)
    if not isinstance(text, str):
        raise ValueError(f"no text field {options.text_column!r}")
    doc_id = record.get(options.id_column)
    doc_id = default_id if doc_id in (None, "") else _clean_field(doc_id)

    def field(name):
        return _clean_field(record.get(name))

    return Document(
        doc_id=doc_id, text=text, source=source, encoding=encoding,
        title=field(options.title_column), url=field(options.url_column),
        published_meta=field(options.published_column) or _published_field(record),
    )


# Where feeds and scrapers put the publication date when there is no `published` field
# (RSS `pubDate`, schema.org `datePublished`, ...), compared case-insensitively.
PUBLISHED_FIELDS = ("published", "date", "pubdate", "pub_date", "published_at", "publishedat",
                    "datepublished", "publication_date", "publish_date")


def _published_field(record: dict) -> str:
    named = {str(k).lower(): k for k in record}
    for name in PUBLISHED_FIELDS:
        if name in named and record[named[name]] not in (None, ""):
            return _clean_field(record[named[name]])
    return ""


def from_texts(texts: Iterable, prefix: str = "doc") -> Iterator[Document]:
    """Strings (or Documents, passed through) as Documents numbered doc1, doc2, ..."""
    for i, item in enumerate(texts, 1):
        if isinstance(item, Document):
            yield item
        else:
            yield Document(doc_id=f"{prefix}{i}", text=str(item), source="<text>")
