"""Batch runs: inputs on disk -> tables in an output folder.

- Streaming: documents are read lazily and written batch by batch; the run-wide steps (people,
  posts, regions, posts resolved across documents) go out of core (runwide.RunWide: staging
  Parquet files, DuckDB at the end), so memory does not grow with the corpus.
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
import re
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from . import schema as S
from .cache import CacheWriteError, ResultCache, document_key, pack, unpack
from .read import ReadOptions, read_paths
from .records import Document
from .stage import fewer_collections
from .runwide import RunWide
from .tables import document_rows
from .write import Chunk, TableWriter, format_rows, remove_temporary

BATCH = 16
MAX_ERRORS = 5  # failed documents a Summary names (lines() shows them)


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
    warnings: list = field(default_factory=list)  # one line each, as they were given

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
    """A copy holding only what the run-wide steps read (cheap to pickle between processes)."""
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


class OutputError(Exception):
    """The output folder cannot be written: `--out` is a file, not writable, or the disk is
    full. One line saying so; the tables and `_SUCCESS.json` of an earlier complete run in
    that folder are left as they were."""


def _output_error(out_dir: Path, error: OSError) -> OutputError:
    import errno

    code = getattr(error, "errno", None)
    if code == errno.ENOSPC or (isinstance(error, CacheWriteError) and code == 28):
        why = "no space left on the device"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied (a read-only folder?)"
    elif code in (errno.ENOTDIR, errno.EEXIST) and out_dir.exists() and not out_dir.is_dir():
        why = "it is a file, not a folder"
    else:
        why = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return OutputError(f"cannot write the tables to {out_dir}: {why}")


def run_files(inputs: Iterable, out_dir, fmt: str = "csv", options: ReadOptions | None = None,
              progress: Callable | None = None, safe_csv: bool = True, workers: int = 1,
              force: bool = False, batch_size: int = BATCH, engine: str = "local",
              scheduler: str | None = None, documents: Iterable[Document] | None = None,
              warn: Callable | None = None) -> Summary:
    """Read `inputs`, process every document, write every table under `out_dir`.
    `documents`: the documents to process, already read (inputs.select's); `inputs` is then
    not read.

    engine "local": `workers` processes on this machine; engine "dask": the batches run on a
    Dask distributed cluster (`scheduler` address, or a local cluster of `workers` processes
    when None) while this process reads the inputs and writes the tables, so the tables are
    the same as the local engine's. `progress(n_done)` is called after each batch; `warn(line)`
    with each warning (a damaged cache set aside, an output folder not read as input), which
    also land in `Summary.warnings`. OutputError when the tables cannot be written.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    summary = Summary(out_dir=str(out_dir), workers=max(1, workers))

    def note(line: str) -> None:
        summary.warnings.append(line)
        if warn is not None:
            warn(line)

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if not out_dir.is_dir():
            raise NotADirectoryError(20, "not a folder", str(out_dir))
        remove_stale_temporaries(out_dir)
        cache = ResultCache(out_dir, warn=note)
    except OSError as e:
        raise _output_error(out_dir, e) from None
    try:
        writer = TableWriter(out_dir, fmt, safe_csv=safe_csv)
    except OSError as e:
        cache.close()
        raise _output_error(out_dir, e) from None
    except BaseException:
        cache.close()
        raise
    from .gazetteer import Gazetteer

    aggregates = RunWide(Gazetteer.load(), out_dir)  # run-wide steps, out of core
    try:
        pool = _executor(engine, scheduler, workers)
    except BaseException:
        cache.close()
        aggregates.close()
        raise
    try:
        options = options or ReadOptions()
        if documents is None:
            documents = read_paths(list(inputs), options, skip=[out_dir], warn=note)
        batches = _batches(documents, batch_size)
        in_flight = pool.workers if isinstance(pool, DaskExecutor) else workers
        task = (fmt, safe_csv)
        for keys, results, fresh in _results(batches, cache, pool, in_flight, force, task):
            cache.mark_seen(keys)
            if fresh:
                cache.put_many(fresh)
            for result in results:
                for table, chunk in result.chunks.items():
                    writer.append_chunk(table, chunk)
                aggregates.add(result.slim)
                summary.documents += 1
                if result.status != "ok":
                    summary.failed += 1
                    if len(summary.errors) < MAX_ERRORS:  # the errors table has them all
                        summary.errors.append((result.doc_id, result.error))
            summary.reused += len(results) - len(fresh)
            if progress:
                progress(summary.documents)
        if pool is not None and not isinstance(pool, DaskExecutor):
            pool.close()  # every batch is done: the workers exit while the last tables are made
        for table, rows in aggregates.final_chunks():
            writer.append(table, rows)
        # the earlier run's manifest goes only when its tables start being replaced: a run
        # failing before (a full disk) leaves that run's tables and manifest as they were
        summary.paths = writer.close(
            before_replace=lambda: (out_dir / MANIFEST).unlink(missing_ok=True))
        cache.keep_only_seen()
        _write_manifest(out_dir, summary, writer.counts)
    except OSError as e:
        writer.abort()
        if _is_output_error(e, out_dir):
            raise _output_error(out_dir, e) from None
        raise
    except BaseException:
        writer.abort()
        raise
    finally:
        if pool is not None:
            pool.terminate()
        cache.close()
        aggregates.close()
    summary.people, summary.regions = writer.counts[S.PEOPLE], writer.counts[S.REGIONS]
    summary.officials = writer.counts[S.OFFICIALS]
    summary.posts = writer.counts[S.POSTS]
    summary.dates = writer.counts[S.DATES]
    summary.mentions = writer.counts[S.MENTIONS]
    summary.seconds = time.perf_counter() - started
    return summary


def _is_output_error(error: OSError, out_dir: Path) -> bool:
    """An OSError of writing (the cache, a table, the manifest) rather than of anything else."""
    import errno

    if isinstance(error, CacheWriteError):
        return True
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                       errno.EFBIG):
        return True
    name = getattr(error, "filename", None)
    return bool(name) and Path(name).resolve().parent == out_dir.resolve()


# Written last, when every table is in place: tables in a folder without it (or older than it)
# come from a run that did not finish; starting the run again completes them.
MANIFEST = "_SUCCESS.json"


def _write_manifest(out_dir: Path, summary: Summary, counts: dict) -> None:
    import json

    body = {"documents": summary.documents, "failed": summary.failed,
            "tables": {t: {"file": Path(p).name, "rows": counts.get(t, 0)}
                       for t, p in sorted(summary.paths.items())}}
    tmp = out_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")
        os.replace(tmp, out_dir / MANIFEST)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# The temporary names this program gives in an output folder (write.py, _write_manifest and
# the run-wide steps' work folder): .TABLE.FORMAT.PID.tmp, .TABLE.PID.old.tmp,
# ._SUCCESS.json.PID.tmp, .runwide.PID.tmp/. Any other .*.tmp there is someone else's and is
# left alone.
_OUR_TEMPORARY = re.compile(
    r"^\.(?:(?:%s)\.(?:csv|parquet|parquet-dataset)\.\d+|(?:%s)\.\d+\.old|%s\.\d+|runwide\.\d+)"
    r"\.tmp$"
    % ("|".join(map(re.escape, S.TABLES)), "|".join(map(re.escape, S.TABLES)),
       re.escape(MANIFEST)))


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary tables a killed run of this program left behind (named as _OUR_TEMPORARY);
    a user's own .*.tmp files are never touched."""
    for path in out_dir.glob(".*.tmp"):
        if _OUR_TEMPORARY.match(path.name):
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
    return multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init,
                                                    initargs=(os.getpid(),))


def _worker_init(parent: int) -> None:
    """A worker dies with the process that started it, however that one ends (kill -9
    included: the kernel sends SIGKILL to the worker when its parent dies); Ctrl-C and SIGTERM
    are the parent's to handle: it ends the workers itself (Pool.terminate)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):  # another system: workers end when their pipe closes
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


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
