"""The pipeline: the run order of the stages, in one place, checked once when built.

    Pipeline().process(text)          -> Document with its entities
    Pipeline().process_many(texts)    -> iterator of Documents (batched through the models)
    Pipeline().run(paths_or_texts)    -> dict of pandas DataFrames, one per table
    Pipeline().run_paths(paths)       -> the same, every item a file or folder
    Pipeline().run_texts(texts)       -> the same, every item a text
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from . import (clean, dates, events, ner, officials, organisations, people, regions, segment,
               served)
from .models import Models, default_models
from .read import ALL_SUFFIXES, InputError, ReadOptions, from_texts, read_paths
from .records import Document
from .stage import check_chain

STAGES = [
    clean.STAGE,     # title, publication date, body, boilerplate
    segment.STAGE,   # sentences, tokens, POS, features, lemmas
    ner.STAGE,       # natasha's PER / LOC / ORG spans
    dates.STAGE,     # dates, resolved against the publication date
    regions.STAGE,   # places linked to the gazetteer
    organisations.STAGE,  # organisations, nominative
    people.STAGE,    # people, nominative names, one per name within the document
    officials.STAGE,  # person + position + place
    served.STAGE,    # the place each post serves, from the whole document; one row per post
    events.STAGE,    # meetings, visits, agreements, appointments, dismissals, forums
]
DEFAULT_BATCH = 16


class Pipeline:
    def __init__(self, stages=None, models: Models | None = None, batch_size: int = DEFAULT_BATCH):
        self.stages = list(STAGES if stages is None else stages)
        check_chain(self.stages)
        self.models = models or default_models()
        self.batch_size = batch_size

    # -- one document ------------------------------------------------------------------------
    def process(self, text_or_doc) -> Document:
        """One text (or Document) through every stage."""
        return next(self.process_many([text_or_doc]))

    # -- many documents ----------------------------------------------------------------------
    def process_many(self, items: Iterable) -> Iterator[Document]:
        """Texts or Documents through every stage, in batches; order is kept.

        A document that fails in a stage gets status "error" with the stage and reason; the
        others in its batch go on.
        """
        batch = []
        for doc in from_texts(items):
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _process_batch(self, docs: list[Document]) -> list[Document]:
        live = [d for d in docs if d.status == "ok"]
        for stage in self.stages:
            try:
                stage(live, self.models)
            except Exception:  # isolate the failing documents, keep the rest
                for doc in live:
                    try:
                        stage.run(doc, self.models)
                    except Exception as e:  # noqa: BLE001 - any failure is reported per document
                        _fail(doc, stage.name, e)
            live = [d for d in live if d.status == "ok"]
        for doc in live:
            _assign_mention_ids(doc)
        return docs

    def read(self, inputs: Iterable, options: ReadOptions | None = None) -> Iterator[Document]:
        return read_paths(inputs, options)

    def run(self, items: Iterable, options: ReadOptions | None = None) -> dict:
        """Paths (files, folders) or texts -> the output tables as pandas DataFrames.

        A string naming an existing file or folder is read; a string that looks like a path
        (one line, no spaces, ending with a separator or a readable file's extension) but
        names nothing raises InputError naming it; any other string is a text. `run_paths`
        and `run_texts` say which, for strings that could be either."""
        return self._tables(_documents(items, options))

    def run_paths(self, paths: Iterable, options: ReadOptions | None = None) -> dict:
        """Files and folders -> tables; a path that does not exist raises InputError."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        return self._tables(read_paths(list(paths), options))

    def run_texts(self, texts: Iterable[str]) -> dict:
        """Texts (never read as paths, whatever they look like) -> tables."""
        if isinstance(texts, str):
            texts = [texts]
        return self._tables(from_texts(texts))

    def _tables(self, docs: Iterable) -> dict:
        from .tables import TableBuilder

        builder = TableBuilder(self.models.gazetteer)
        for doc in self.process_many(docs):
            builder.add(doc)
        return builder.frames()


def looks_like_path(text: str) -> bool:
    """One line, no spaces, ending with a path separator or a readable file's extension:
    "data/raw/", "corpus.jsonl.gz", "C:\\news\\"."""
    if not text or len(text) > 4096 or any(c.isspace() for c in text):
        return False
    return text.endswith(("/", "\\", os.sep)) or text.lower().endswith(ALL_SUFFIXES)


def _documents(items, options) -> Iterator:
    """Strings that name existing files or folders are read; other strings are texts."""
    if isinstance(items, (str, Path)):
        items = [items]
    taken: set = set()  # file ids given so far (two folders' "x.txt" get two ids)
    for item in items:
        if isinstance(item, Document):
            yield item
        elif isinstance(item, Path) or (isinstance(item, str) and "\n" not in item
                                        and len(item) < 4096 and Path(item).exists()):
            yield from read_paths([item], options, taken)
        elif isinstance(item, str) and looks_like_path(item):
            raise InputError(f"input path does not exist: {item} (relative to "
                             f"{os.getcwd()}; use run_texts() to process it as a text)")
        else:
            yield item


def _fail(doc: Document, stage: str, error: Exception) -> None:
    doc.status = "error"
    doc.error_stage = stage
    message = str(error).splitlines()[0] if str(error) else ""
    doc.error = f"{type(error).__name__}: {message}"[:500]


def _assign_mention_ids(doc: Document) -> None:
    """Number every mention in text order: M1, M2, ... (stable for the same text)."""
    for n, m in enumerate(doc.mentions, 1):
        m.mention_id = f"M{n}"
