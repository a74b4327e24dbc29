"""Stage 1: read raw inputs into Documents, lazily, one record at a time.

Folders are walked recursively for .txt, .jsonl(.gz), .csv and .html files. A file or record that
cannot be read becomes a Document with status "error" and a one-line reason; the batch goes on.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
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
# Larger files are refused with an error row: a news article is kilobytes, and reading a stray
# multi-gigabyte dump into memory would stop the whole batch.
MAX_FILE_BYTES = 20 * 1024 * 1024


class InputError(ValueError):
    """An input path that does not exist or cannot be read at all."""


@dataclass
class ReadOptions:
    text_column: str = "text"
    id_column: str = "id"
    title_column: str = "title"
    published_column: str = "published"
    url_column: str = "url"
    max_bytes: int = MAX_FILE_BYTES


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 first (exact, fast); otherwise charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "utf_16", "utf_8", "latin_1"]).best()
    if best is None:
        return data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"
    return str(best), best.encoding


def expand(inputs: Iterable) -> Iterator[Path]:
    """Files named by `inputs` (files or folders, walked recursively in a stable order)."""
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(f"input path does not exist: {path}")
        if path.is_dir():
            found = [
                Path(root) / name
                for root, _, files in os.walk(path) for name in files
                if name.lower().endswith(ALL_SUFFIXES) and not name.startswith(".")
            ]
            yield from sorted(found, key=lambda p: p.relative_to(path).parts)
        else:
            yield path


def read_paths(inputs: Iterable, options: ReadOptions | None = None) -> Iterator[Document]:
    options = options or ReadOptions()
    for path in expand(inputs):
        yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Document]:
    name = path.name.lower()
    stem = _stem(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield _error(stem, path, f"file is {size} bytes, over the {options.max_bytes}-byte limit")
            return
        data = path.read_bytes()
    except OSError as e:
        yield _error(stem, path, f"cannot read file: {e.strerror or e}")
        return
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            yield _error(stem, path, f"not a readable gzip file: {e}")
            return
    if name.endswith(JSONL_SUFFIXES):
        yield from _read_jsonl(data, stem, path, options)
    elif name.endswith(CSV_SUFFIXES):
        yield from _read_csv(data, stem, path, options)
    elif name.endswith(HTML_SUFFIXES):
        yield _read_html(data, stem, path)
    else:
        yield _read_text(data, stem, path)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in sorted(ALL_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _error(doc_id: str, path, message: str, stage: str = "read") -> Document:
    return Document(doc_id=doc_id, text="", source=str(path), status="error",
                    error=message, error_stage=stage)


def _read_text(data: bytes, stem: str, path) -> Document:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _error(stem, path, "binary file (NUL bytes), not text")
    text, encoding = decode(data)
    return Document(doc_id=stem, text=text, source=str(path), encoding=encoding)


def from_record(record: dict, default_id: str, source: str, options: ReadOptions,
                encoding: str = "utf-8") -> Document:
    text = record.get(options.text_column)
    if not isinstance(text, str):
        raise ValueError(f"no text field {options.text_column!r}")
    doc_id = record.get(options.id_column)
    doc_id = default_id if doc_id in (None, "") else str(doc_id)

    def field(name):
        value = record.get(name)
        return "" if value is None else str(value)

    return Document(
        doc_id=doc_id, text=text, source=source, encoding=encoding,
        title=field(options.title_column), url=field(options.url_column),
        published_meta=field(options.published_column),
    )


def _read_jsonl(data: bytes, stem: str, path, options: ReadOptions) -> Iterator[Document]:
    text, encoding = decode(data)
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        default_id = f"{stem}:{lineno}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("line is not a JSON object")
            yield from_record(record, default_id, f"{path}:{lineno}", options, encoding)
        except ValueError as e:
            yield _error(default_id, f"{path}:{lineno}", f"bad JSON line: {e}")


def _read_csv(data: bytes, stem: str, path, options: ReadOptions) -> Iterator[Document]:
    text, encoding = decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or options.text_column not in reader.fieldnames:
        yield _error(stem, path, f"CSV has no column {options.text_column!r} "
                                 f"(columns: {', '.join(reader.fieldnames or [])})")
        return
    rowno = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield _error(f"{stem}:{rowno}", f"{path}:{rowno}", f"bad CSV row: {e}")
            break
        rowno += 1
        try:
            yield from_record(record, f"{stem}:{rowno}", f"{path}:{rowno}", options, encoding)
        except ValueError as e:
            yield _error(f"{stem}:{rowno}", f"{path}:{rowno}", f"bad CSV row: {e}")


class _HTMLText(HTMLParser):
    """Visible text of a page, one line per block element; title and published metadata."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "time", "ul", "ol", "table", "blockquote"}
    SKIP = {"script", "style", "noscript", "template", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.title, self.in_title, self.published = [], 0, "", False, ""

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
    text, encoding = decode(data)
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return Document(doc_id=stem, text=parser.text(), source=str(path), encoding=encoding,
                    title=" ".join(parser.title.split()), published_meta=parser.published)


def from_texts(texts: Iterable, prefix: str = "doc") -> Iterator[Document]:
    """Strings (or Documents, passed through) as Documents numbered doc1, doc2, ..."""
    for i, item in enumerate(texts, 1):
        if isinstance(item, Document):
            yield item
        else:
            yield Document(doc_id=f"{prefix}{i}", text=str(item), source="<text>")
