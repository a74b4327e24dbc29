"""Batch runs: inputs on disk -> tables in an output folder, streamed, with a summary."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import schema as S
from .core import Pipeline
from .read import ReadOptions, read_paths
from .tables import Aggregates, document_rows
from .write import TableWriter


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    people: int = 0
    officials: int = 0
    posts: int = 0
    regions: int = 0
    dates: int = 0
    mentions: int = 0
    seconds: float = 0.0
    out_dir: str = ""
    paths: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (doc_id, message), the first few

    def lines(self) -> list[str]:
        rate = self.documents / self.seconds if self.seconds else 0.0
        lines = [
            f"documents  {self.documents:>8}   ({self.failed} failed)",
            f"people     {self.people:>8}",
            f"officials  {self.officials:>8}",
            f"posts      {self.posts:>8}",
            f"regions    {self.regions:>8}",
            f"dates      {self.dates:>8}",
            f"mentions   {self.mentions:>8}",
            f"time       {self.seconds:>8.1f} s   ({rate:.1f} documents/s)",
            f"tables in  {self.out_dir}",
        ]
        for doc_id, message in self.errors[:5]:
            lines.append(f"error      {doc_id}: {message}")
        if self.failed > 5:
            lines.append(f"           ... and {self.failed - 5} more in errors.{{csv,parquet}}")
        return lines


def run_files(inputs: Iterable, out_dir, fmt: str = "csv", options: ReadOptions | None = None,
              pipeline: Pipeline | None = None, progress: Callable | None = None,
              safe_csv: bool = True) -> Summary:
    """Read `inputs`, process every document, write every table under `out_dir`.

    `progress(doc)` is called after each document (for a progress bar).
    """
    started = time.perf_counter()
    pipeline = pipeline or Pipeline()
    docs = read_paths(list(inputs), options)
    writer = TableWriter(out_dir, fmt, safe_csv=safe_csv)
    aggregates = Aggregates(pipeline.models.gazetteer)
    summary = Summary(out_dir=str(Path(out_dir)))
    try:
        for doc in pipeline.process_many(docs):
            for table, rows in document_rows(doc).items():
                writer.append(table, rows)
            aggregates.add(doc)
            summary.documents += 1
            if doc.status != "ok":
                summary.failed += 1
                summary.errors.append((doc.doc_id, doc.error))
            if progress:
                progress(doc)
        writer.append(S.OFFICIALS, aggregates.resolve_open_posts())
        people, regions = aggregates.people_rows(), aggregates.region_rows()
        writer.append(S.PEOPLE, people)
        writer.append(S.REGIONS, regions)
        writer.append(S.POSTS, aggregates.post_rows())
        summary.paths = writer.close()
    except BaseException:
        writer.abort()
        raise
    summary.people, summary.regions = len(people), len(regions)
    summary.officials = writer.counts[S.OFFICIALS]
    summary.posts = writer.counts[S.POSTS]
    summary.dates = writer.counts[S.DATES]
    summary.mentions = writer.counts[S.MENTIONS]
    summary.seconds = time.perf_counter() - started
    return summary
