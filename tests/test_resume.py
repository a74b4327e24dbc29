"""Runs are incremental, resumable after kill -9, and identical whatever the worker count."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from pipeline.cache import CACHE_NAME
from tests.conftest import RAW, ROOT

SENTENCES = [
    "Губернатор Астраханской области Игорь Бабушкин подписал план на 2025-2027 годы.",
    "Аким ВКО Нурымбет Сактаганов встретил делегацию Алтайского края 21.04.2025.",
    "Мэр Волжского Игорь Воронин посетил Жанибекский район Казахстана в 2018 году.",
]


def corpus(folder, n=48):
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(
            f"Новость номер {i}\n\n" + " ".join(SENTENCES[j % 3] for j in range(i, i + 3)),
            encoding="utf-8")
    return folder


def run_cli(*args, **kwargs):
    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "run", *args, "-q"],
                            cwd=ROOT, **kwargs)


def tables(folder):
    """Every table file's bytes (a parquet-dataset table: each of its part files)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).parts[0].startswith((".", "_"))}


def committed(out):
    try:
        with sqlite3.connect(out / CACHE_NAME) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_run_resumes_to_the_same_tables(tmp_path):
    inputs = corpus(tmp_path / "in")
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    assert run_cli(str(inputs), "--out", str(clean), "-w", "1", "--batch-size", "4").wait() == 0

    proc = run_cli(str(inputs), "--out", str(killed), "-w", "1", "--batch-size", "4")
    deadline = time.monotonic() + 120
    while committed(killed) < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "documents.csv").exists()  # nothing published half-way
    assert not (killed / "_SUCCESS.json").exists()

    assert run_cli(str(inputs), "--out", str(killed), "-w", "1", "--batch-size", "4").wait() == 0
    assert tables(killed) == tables(clean)
    assert not list(killed.glob(".*.tmp"))


def test_rerun_reuses_and_force_redoes(tmp_path):
    from pipeline import run_files

    first = run_files([RAW], tmp_path, workers=1)
    again = run_files([RAW], tmp_path, workers=1)
    forced = run_files([RAW], tmp_path, workers=1, force=True)
    assert (first.reused, again.reused, forced.reused) == (0, 5, 0)


def test_changed_document_is_processed_again(tmp_path):
    from pipeline import run_files

    inputs = corpus(tmp_path / "in", n=3)
    run_files([inputs], tmp_path / "out", workers=1)
    (inputs / "doc001.txt").write_text("Мэр Волжского Игорь Воронин уехал.", encoding="utf-8")
    summary = run_files([inputs], tmp_path / "out", workers=1)
    assert summary.reused == 2


@pytest.mark.parametrize("fmt", ["csv", "parquet-dataset"])
def test_two_workers_write_the_same_bytes_as_one(tmp_path, fmt):
    from pipeline import run_files

    run_files([RAW], tmp_path / "one", fmt, workers=1, batch_size=2)
    run_files([RAW], tmp_path / "two", fmt, workers=2, batch_size=2)
    assert tables(tmp_path / "one") == tables(tmp_path / "two")


def test_dask_engine_writes_the_same_tables(tmp_path):
    """A LocalCluster of 2 workers writes the partitioned Parquet (part files) of the local
    engine byte for byte, and its tables read back equal to the local CSV run's."""
    pytest.importorskip("distributed")
    from pandas.testing import assert_frame_equal

    from pipeline import run_files
    from pipeline.results import load_tables

    run_files([RAW], tmp_path / "local", "parquet-dataset", workers=1, batch_size=2)
    run_files([RAW], tmp_path / "csv", "csv", workers=1, batch_size=2)
    run_files([RAW], tmp_path / "dask", "parquet-dataset", workers=2, batch_size=2,
              engine="dask")
    written = tables(tmp_path / "dask")
    assert "tokens/part-00000.parquet" in written
    assert written == tables(tmp_path / "local")
    dask, csv = load_tables(tmp_path / "dask"), load_tables(tmp_path / "csv")
    for name in csv:
        assert_frame_equal(dask[name], csv[name], check_dtype=False, obj=name)


def test_results_cached_for_one_format_are_not_reused_for_another(tmp_path):
    """Workers hand back rows formatted for the run's writer (CSV lines, Arrow tables), and
    the cache keeps them so: a run in another format (or CSV safety) redoes the documents."""
    from pipeline import run_files

    run_files([RAW], tmp_path / "fresh", "parquet", workers=1)
    run_files([RAW], tmp_path / "fresh_unsafe", "csv", workers=1, safe_csv=False)
    mixed = tmp_path / "mixed"
    run_files([RAW], mixed, "csv", workers=1)
    summary = run_files([RAW], mixed, "parquet", workers=1)
    assert summary.reused == 0
    for name, data in tables(tmp_path / "fresh").items():
        assert (mixed / name).read_bytes() == data, name
    assert run_files([RAW], mixed, "parquet", workers=1).reused == 5
    assert run_files([RAW], mixed, "csv", workers=1, safe_csv=False).reused == 0
    for name, data in tables(tmp_path / "fresh_unsafe").items():
        assert (mixed / name).read_bytes() == data, name


def test_a_worker_never_loads_pandas():
    """A batch run's worker formats its own rows; pandas (about 90 MB per process) is for
    reading tables back and for the library's DataFrames only."""
    code = (
        "import sys\n"
        "from pipeline.records import Document\n"
        "from pipeline.runner import process_batch\n"
        "done = process_batch([Document(doc_id='d', text='Губернатор Астраханской области "
        "Игорь Бабушкин подписал план 11 мая 2014 г.')])\n"
        "assert done[0].chunks['officials'].n_rows, done\n"
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cached_results_are_stored_packed(tmp_path):
    """Workers send, and the cache keeps, results pickled and compressed (a quarter of the
    size on news); they unpack to the results the tables were written from."""
    import pickle

    from pipeline import run_files
    from pipeline.cache import unpack
    from pipeline.runner import DocResult

    run_files([RAW], tmp_path, workers=2, batch_size=2)
    with sqlite3.connect(tmp_path / CACHE_NAME) as db:
        payloads = [p for (p,) in db.execute("SELECT payload FROM results")]
    assert len(payloads) == 5
    for payload in payloads:
        result = unpack(payload)
        assert isinstance(result, DocResult)
        assert len(payload) < len(pickle.dumps(result)) / 2
