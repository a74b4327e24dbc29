"""Documents as JSON objects: what `cli.py extract` prints and `cli.py run --format jsonl`
streams, one line per document, for pipes.

    run_jsonl(select(read_inputs(["-"])), sys.stdout, workers=2)
"""
from __future__ import annotations

import json
import multiprocessing
from collections import deque
from dataclasses import asdict
from typing import IO, Callable, Iterable

from .records import Document


def document_json(doc: Document, with_tokens: bool = False) -> dict:
    """One processed document's entities as plain JSON-able data."""
    out = {
        "doc_id": doc.doc_id, "title": doc.title, "published": doc.published,
        "status": doc.status, "error": doc.error,
        "people": [{k: v for k, v in asdict(p).items() if k != "mentions"}
                   | {"mentions": [m.text for m in p.mentions]} for p in doc.people],
        "officials": [{k: v for k, v in asdict(o).items() if k != "evidence"}
                      for o in doc.officials],
        "places": [asdict(m) for m in doc.places],
        "dates": [asdict(d) for d in doc.dates],
        "organisations": [asdict(m) for m in doc.organisations],
        "boilerplate": doc.boilerplate,
    }
    if with_tokens:
        out["sentences"] = [asdict(s) for s in doc.sentences]
        out["tokens"] = [asdict(t) for t in doc.tokens]
    return out


def json_lines(docs: list[Document]) -> list[tuple[str, str]]:
    """A batch processed in this process: (status, JSON line) per document."""
    from .runner import _worker_pipeline

    return [(d.status, json.dumps(document_json(d), ensure_ascii=False))
            for d in _worker_pipeline().process_many(docs)]


def run_jsonl(documents: Iterable[Document], stream: IO[str], workers: int = 1,
              batch_size: int = 16, progress: Callable | None = None) -> tuple[int, int]:
    """Process `documents` and write one JSON object per document to `stream`, in input
    order, as each batch is done. With `workers` > 1, up to 2 x workers batches are in flight
    (memory stays bounded whatever the input). Returns (documents, failed)."""
    from .runner import _batches

    done = failed = 0

    def emit(lines):
        nonlocal done, failed
        for status, line in lines:
            stream.write(line + "\n")
            done += 1
            failed += status != "ok"
        stream.flush()
        if progress:
            progress(done)

    if workers <= 1:
        for batch in _batches(documents, batch_size):
            emit(json_lines(batch))
        return done, failed
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        pending: deque = deque()
        for batch in _batches(documents, batch_size):
            pending.append(pool.apply_async(json_lines, (batch,)))
            while len(pending) >= 2 * workers:
                emit(pending.popleft().get())
        while pending:
            emit(pending.popleft().get())
        pool.close()
    finally:
        pool.terminate()
    return done, failed
