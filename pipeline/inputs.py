"""Which documents a run takes, and how many there are: standard input, --limit, --sample, the
total the progress display shows.

    docs = select(read_inputs(["corpus/"]), limit=1000)           # the first 1,000
    docs = select(read_inputs(["-"]), sample=500, seed=1)        # 500 of stdin's JSONL, at random
    count_documents(["corpus/"])  -> 9200, or None when it cannot be known cheaply

`-` names standard input, read as JSONL (the fields of a .jsonl file). Every selection keeps
the input order, so a sample's tables are the same however the input is split.
"""
from __future__ import annotations

import gzip
import heapq
import itertools
import json
import random
import sys
import time
from pathlib import Path
from typing import IO, Iterable, Iterator

from .read import (CSV_SUFFIXES, JSONL_SUFFIXES, ReadOptions, expand, from_record, read_paths)
from .records import Document

STDIN = "-"
COUNT_SECONDS = 3.0  # counting the records of .jsonl/.csv files up front gives up after this


def read_inputs(inputs: Iterable, options: ReadOptions | None = None,
                stdin: IO[bytes] | None = None) -> Iterator[Document]:
    """The documents of `inputs` (files, folders, or "-" for JSONL on standard input), in
    order. `stdin`: the byte stream "-" reads (default sys.stdin.buffer)."""
    options = options or ReadOptions()
    taken: set = set()
    for item in inputs:
        if str(item) == STDIN:
            yield from read_jsonl_stream(stdin if stdin is not None else sys.stdin.buffer,
                                         options)
        else:
            yield from read_paths([item], options, taken)


def read_jsonl_stream(stream: IO[bytes], options: ReadOptions, name: str = "stdin"
                      ) -> Iterator[Document]:
    """One document per JSON line of a byte stream (UTF-8); a line that is not a JSON object
    with a text field becomes an error row, and the stream goes on."""
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        default_id, source = f"{name}:{lineno}", f"<{name}>:{lineno}"
        if len(raw) > options.max_bytes:
            yield _error(default_id, source,
                         f"record too large: JSON line over the {options.max_bytes}-byte limit")
            continue
        try:
            record = json.loads(raw.decode("utf-8", errors="replace"))
            if not isinstance(record, dict):
                raise ValueError(f"line is a JSON {type(record).__name__}, not an object")
            yield from_record(record, default_id, source, options)
        except (ValueError, RecursionError) as e:
            yield _error(default_id, source, f"bad JSON line: {str(e).splitlines()[0][:300]}")


def _error(doc_id: str, source: str, message: str) -> Document:
    return Document(doc_id=doc_id, text="", source=source, status="error", error=message,
                    error_stage="read")


def select(docs: Iterable[Document], limit: int | None = None, sample: int | None = None,
           seed: int = 0) -> Iterator[Document]:
    """`limit`: the first N documents (reading stops there). `sample`: N documents drawn at
    random (reproducibly for a `seed`) from all of them, in input order; the input is read to
    its end and only the N drawn are held in memory. Both: a sample of the first `limit`."""
    if limit is not None:
        docs = itertools.islice(docs, limit)
    if sample is None:
        yield from docs
        return
    # each document gets a random key; the `sample` smallest keys win (a uniform sample)
    rng = random.Random(seed)
    kept: list = []  # a heap of (-key, index, doc): the largest kept key on top
    for index, doc in enumerate(docs):
        key = rng.random()
        if len(kept) < sample:
            heapq.heappush(kept, (-key, index, doc))
        elif -kept[0][0] > key:
            heapq.heapreplace(kept, (-key, index, doc))
    for _, _, doc in sorted(kept, key=lambda item: item[1]):
        yield doc


def count_documents(inputs: Iterable, options: ReadOptions | None = None,
                    limit: int | None = None, sample: int | None = None,
                    seconds: float = COUNT_SECONDS) -> int | None:
    """How many documents a run of `inputs` will take, or None when that cannot be known
    cheaply: standard input, or .jsonl/.csv files whose lines take longer than `seconds` to
    count. Each .txt/.html file is one document; a .jsonl file's non-blank lines are its
    records; a .csv file's records are counted by parsing it (quoted texts span lines)."""
    caps = [n for n in (limit, sample) if n is not None]
    cap = min(caps) if caps else None
    total = _count(inputs, options or ReadOptions(), time.monotonic() + seconds)
    if total is None:
        return cap if sample is not None else None  # a sample of N is N unless input is shorter
    return min(total, cap) if cap is not None else total


def _count(inputs, options: ReadOptions, deadline: float) -> int | None:
    total = 0
    paths = []
    for item in inputs:
        if str(item) == STDIN:
            return None
        paths.append(item)
    try:
        for path in expand(paths):
            name = path.name.lower()
            if name.endswith(JSONL_SUFFIXES):
                n = _count_lines(path, deadline)
            elif name.endswith(CSV_SUFFIXES):
                n = _count_csv(path, options, deadline)
            else:
                n = 1
            if n is None:
                return None
            total += n
    except (OSError, EOFError, ValueError):
        return None
    return total


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _count_lines(path: Path, deadline: float) -> int | None:
    n = 0
    with _open(path) as f:
        for i, line in enumerate(f):
            if line.strip():
                n += 1
            if i % 1000 == 0 and time.monotonic() > deadline:
                return None
    return max(n, 1)  # an empty file is one error row


def _count_csv(path: Path, options: ReadOptions, deadline: float) -> int | None:
    import csv
    import io

    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    n = 0
    with _open(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        for i, _ in enumerate(csv.reader(text)):
            n += 1
            if i % 1000 == 0 and time.monotonic() > deadline:
                return None
    return max(n - 1, 1)  # less the header row
