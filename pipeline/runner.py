"""Batch runs: inputs on disk -> tables in an output folder.

- Streaming: documents are read lazily and written batch by batch; memory does not grow with
  the corpus (only the people / places / posts aggregates do, and they are small).
- Workers: `workers` processes each load the models once and process the batches (each split
  into up to `workers` tasks, so that all stay busy to the end); results come back in input
  order, so the tables are byte-identical whatever the number of workers. A worker also turns
  each document into its table rows and formats them (CSV lines, or Arrow tables for Parquet:
  write.format_rows), so the process writing the tables only appends ready-made chunks in
  order and does not become the bottleneck.
- Incremental and resumable: every processed batch is committed to a result cache beside the
  tables (cache.py); a rerun, or a run restarted after being killed, reuses every document
  whose content and pipeline code are unchanged (`force=True` redoes all). Tables are written
  to temporary files and renamed only when the run completes.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from . import schema as S
from .cache import ResultCache, document_key, pack, unpack
from .read import ReadOptions, read_paths
from .records import Document
from .stage import fewer_collections
from .tables import Aggregates, document_rows
from .write import Chunk, TableWriter, format_rows, remove_temporary

BATCH = 16


@dataclass
class DocResult:
    """What the writer and the aggregates need of one processed document."""
    doc_id: str
    status: str
    error: str
    chunks: dict[str, Chunk]  # table -> its rows of this document, formatted for the writer
    slim: Document  # the document without text, tokens and sentences: for the aggregates


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    reused: int = 0
    people: int = 0
    officials: int = 0
    posts: int = 0
    regions: int = 0
    dates: int = 0
    mentions: int = 0
    seconds: float = 0.0
    workers: int = 1
    out_dir: str = ""
    paths: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (doc_id, message), the first few

    def lines(self) -> list[str]:
        rate = self.documents / self.seconds if self.seconds else 0.0
        lines = [
            f"documents  {self.documents:>8}   ({self.failed} failed, {self.reused} reused "
            f"from an earlier run)",
            f"people     {self.people:>8}",
            f"officials  {self.officials:>8}",
            f"posts      {self.posts:>8}",
            f"regions    {self.regions:>8}",
            f"dates      {self.dates:>8}",
            f"mentions   {self.mentions:>8}",
            f"time       {self.seconds:>8.1f} s   ({rate:.1f} documents/s, "
            f"{self.workers} worker{'s' if self.workers > 1 else ''})",
            f"tables in  {self.out_dir}",
        ]
        for doc_id, message in self.errors[:5]:
            lines.append(f"error      {doc_id}: {message}")
        if self.failed > 5:
            lines.append(f"           ... and {self.failed - 5} more in the errors table")
        return lines


def slim(doc: Document) -> Document:
    """A copy holding only what Aggregates reads (cheap to pickle between processes)."""
    return Document(doc_id=doc.doc_id, text="", published=doc.published, status=doc.status,
                    people=doc.people, places=[p for p in doc.places if p.entity_id],
                    officials=doc.officials, open_posts=doc.open_posts)


@lru_cache(maxsize=1)
def _worker_pipeline():
    from .core import Pipeline

    return Pipeline()


def process_batch(docs: list[Document], fmt: str = "csv", safe_csv: bool = True
                  ) -> list[DocResult]:
    """Process one batch in this process (a worker's task); models load once per process.
    Each document's rows come back formatted for a `fmt` TableWriter (write.format_rows)."""
    pipeline = _worker_pipeline()
    gazetteer = pipeline.models.gazetteer
    results = []
    with fewer_collections():  # the rows made for the tables too (stage.py says why)
        for d in pipeline.process_many(docs):
            chunks = {table: format_rows(table, rows, fmt, safe_csv)
                      for table, rows in document_rows(d, gazetteer).items()}
            results.append(DocResult(d.doc_id, d.status, d.error, chunks, slim(d)))
    return results


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_files(inputs: Iterable, out_dir, fmt: str = "csv", options: ReadOptions | None = None,
              progress: Callable | None = None, safe_csv: bool = True, workers: int = 1,
              force: bool = False, batch_size: int = BATCH, engine: str = "local",
              scheduler: str | None = None, documents: Iterable[Document] | None = None
              ) -> Summary:
    """Read `inputs`, process every document, write every table under `out_dir`.
    `documents`: the documents to process, already read (inputs.select's); `inputs` is then
    not read.

    engine "local": `workers` processes on this machine; engine "dask": the batches run on a
    Dask distributed cluster (`scheduler` address, or a local cluster of `workers` processes
    when None) while this process reads the inputs and writes the tables, so the tables are
    the same as the local engine's. `progress(n_done)` is called after each batch.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out_dir)
    (out_dir / MANIFEST).unlink(missing_ok=True)  # the tables are being replaced
    cache = ResultCache(out_dir)
    writer = TableWriter(out_dir, fmt, safe_csv=safe_csv)
    from .gazetteer import Gazetteer

    aggregates = Aggregates(Gazetteer.load())
    summary = Summary(out_dir=str(out_dir), workers=max(1, workers))
    seen_keys = set()
    try:
        pool = _executor(engine, scheduler, workers)
    except BaseException:
        cache.close()
        raise
    try:
        if documents is None:
            documents = read_paths(list(inputs), options)
        batches = _batches(documents, batch_size)
        in_flight = pool.workers if isinstance(pool, DaskExecutor) else workers
        task = (fmt, safe_csv)
        for keys, results, fresh in _results(batches, cache, pool, in_flight, force, task):
            seen_keys.update(keys)
            if fresh:
                cache.put_many(fresh)
            for result in results:
                for table, chunk in result.chunks.items():
                    writer.append_chunk(table, chunk)
                aggregates.add(result.slim)
                summary.documents += 1
                if result.status != "ok":
                    summary.failed += 1
                    summary.errors.append((result.doc_id, result.error))
            summary.reused += len(results) - len(fresh)
            if progress:
                progress(summary.documents)
        if pool is not None and not isinstance(pool, DaskExecutor):
            pool.close()  # every batch is done: the workers exit while the last tables are made
        for table, rows in aggregates.final_rows().items():
            writer.append(table, rows)
        summary.paths = writer.close()
        cache.keep_only(seen_keys)
        _write_manifest(out_dir, summary, writer.counts)
    except BaseException:
        writer.abort()
        raise
    finally:
        if pool is not None:
            pool.terminate()
        cache.close()
    summary.people, summary.regions = writer.counts[S.PEOPLE], writer.counts[S.REGIONS]
    summary.officials = writer.counts[S.OFFICIALS]
    summary.posts = writer.counts[S.POSTS]
    summary.dates = writer.counts[S.DATES]
    summary.mentions = writer.counts[S.MENTIONS]
    summary.seconds = time.perf_counter() - started
    return summary


# Written last, when every table is in place: tables in a folder without it (or older than it)
# come from a run that did not finish; starting the run again completes them.
MANIFEST = "_SUCCESS.json"


def _write_manifest(out_dir: Path, summary: Summary, counts: dict) -> None:
    import json

    body = {"documents": summary.documents, "failed": summary.failed,
            "tables": {t: {"file": Path(p).name, "rows": counts.get(t, 0)}
                       for t, p in sorted(summary.paths.items())}}
    tmp = out_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.replace(tmp, out_dir / MANIFEST)


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary tables a killed run left behind (TableWriter names them .NAME.pid.tmp)."""
    for path in out_dir.glob(".*.tmp"):
        remove_temporary(path)


def _batches(docs, size):
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


class DaskExecutor:
    """The part of multiprocessing.Pool's interface the runner uses, on a Dask cluster.

    Each Dask worker process loads the models once (process_batch caches its Pipeline)."""

    def __init__(self, scheduler: str | None, workers: int):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise ImportError("the dask engine needs the `dask` extra: "
                              "pip install 'ru-officials-pipeline[dask]'") from e
        if scheduler:
            self.cluster, self.client = None, Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def apply_async(self, fn, args):
        return _Job(self.client.submit(fn, *args, pure=False))

    def terminate(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class _Job:
    """A Dask future with the Pool's AsyncResult.get."""

    def __init__(self, future):
        self.future = future

    def get(self):
        return self.future.result()


def _executor(engine: str, scheduler: str | None, workers: int):
    if engine == "dask":
        return DaskExecutor(scheduler, workers)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: choose local or dask")
    return _pool(workers) if workers > 1 else None


def _pool(workers: int):
    # fork: workers inherit the loaded code; each loads its models on its first batch
    return multiprocessing.get_context("fork").Pool(workers)


# A batch goes to a pool as up to `workers` tasks of at least this many documents: smaller
# tasks keep every worker busy to the end of a run (with whole batches one worker can be left
# with the last one alone); the stages are as fast on 4 to 16 documents at a time.
MIN_TASK = 4


def _tasks(docs: list, workers: int) -> list[list]:
    if workers <= 1 or len(docs) <= MIN_TASK:
        return [docs]
    size = max(MIN_TASK, -(-len(docs) // workers))
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def process_batch_packed(docs: list[Document], fmt: str = "csv", safe_csv: bool = True
                         ) -> list[bytes]:
    """process_batch as a worker's task: the results packed as the cache stores them (a quarter
    of the bytes to send; the writing process stores them without packing them again)."""
    return [pack(r) for r in process_batch(docs, fmt, safe_csv)]


def _results(batches, cache, pool, workers, force, task=("csv", True)):
    """(keys, results in input order, fresh (key, packed result) pairs) per batch. With a pool, up to
    2 x workers batches are in flight, each as a few tasks (_tasks); they are taken back in
    the order they were sent.
    `task`: (fmt, safe_csv), what the results are formatted for; it is part of the cache key,
    so a folder's cache never hands CSV lines to a Parquet run."""
    variant = "%s:%s" % task
    pending = deque()

    def finish(item):
        keys, hits, miss_keys, jobs = item
        if pool is not None:
            packed = [blob for job in jobs for blob in job.get()]
            done = [unpack(blob) for blob in packed]
        else:
            done, packed = jobs, [pack(r) for r in jobs]
        fresh = dict(zip(miss_keys, done))
        results = [hits.get(k) or fresh[k] for k in keys]
        return keys, results, list(dict(zip(miss_keys, packed)).items())

    for batch in batches:
        keys = [document_key(d, variant) for d in batch]
        hits = {} if force else cache.get_many(keys)
        misses = [d for d, k in zip(batch, keys) if k not in hits]
        miss_keys = [k for k in keys if k not in hits]
        if pool is None:
            job = process_batch(misses, *task) if misses else []
            yield finish((keys, hits, miss_keys, job))
            continue
        jobs = [pool.apply_async(process_batch_packed, (part, *task))
                for part in _tasks(misses, workers)]
        pending.append((keys, hits, miss_keys, jobs))
        while len(pending) >= 2 * workers:
            yield finish(pending.popleft())
    while pending:
        yield finish(pending.popleft())
