"""What a stage is: a function of a document, with the fields it needs and the fields it fills.

The pipeline checks the chain once, when it is built (like spaCy's and stanza's processors), so a
mis-ordered run fails at construction with a clear message rather than deep inside a batch.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from .records import Document

# Fields a freshly read Document already has.
READ_PROVIDES = ("doc_id", "text", "source", "url", "published_meta", "encoding", "given_id")


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable  # run(doc: Document, models: Models) -> None, fills `provides` in place
    requires: tuple = ()
    provides: tuple = ()
    # run_batch(docs, models): the same over many documents at once, where batching pays
    # (the neural taggers); None means run() is called per document.
    run_batch: Callable | None = None

    def __call__(self, docs, models) -> None:
        with fewer_collections():
            if self.run_batch is not None:
                self.run_batch(docs, models)
            else:
                for doc in docs:
                    self.run(doc, models)


# A stage makes and drops millions of small objects (tokens, parses, rows), nearly all freed by
# reference counting; CPython's young-generation collector still scans them every 700 allocations
# (2.4 s of a 28 s run over 300 news articles; 0.8 s with this). Within a stage it runs every
# YOUNG_GC allocations, so cycles are still collected, and the host program's setting comes back
# after the stage.
YOUNG_GC = 20_000


@contextmanager
def fewer_collections():
    first, *older = gc.get_threshold()
    if first == 0 or first >= YOUNG_GC:  # collection off, or already as rare
        yield
        return
    gc.set_threshold(YOUNG_GC, *older)
    try:
        yield
    finally:
        gc.set_threshold(first, *older)


class StageOrderError(ValueError):
    pass


def check_chain(stages) -> None:
    """Raise StageOrderError when a stage needs a field no earlier stage provides."""
    available = set(READ_PROVIDES)
    for stage in stages:
        missing = [f for f in stage.requires if f not in available]
        if missing:
            raise StageOrderError(
                f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage provides"
            )
        unknown = [f for f in stage.provides if not hasattr(Document("", ""), f)]
        if unknown:
            raise StageOrderError(f"stage {stage.name!r} provides unknown fields {unknown}")
        available.update(stage.provides)
