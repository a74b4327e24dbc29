"""Nothing a user feeds the pipeline can corrupt the tables, run code or take the machine down
(issue 17): one test, or a small table of them, per class of hostile input. The slow cases
(memory and time of long documents, killing runs of two workers) are in scripts/battery.py."""
import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from cli import cli
from pipeline import run_files
from pipeline.cache import CACHE_NAME, document_key
from pipeline.read import read_paths
from pipeline.write import read_table
from tests.conftest import ROOT

TEXTS = [
    "Губернатор Астраханской области Игорь Бабушкин подписал план сотрудничества на 2025 год.",
    "Аким Атырауской области Серик Шапкенов встретил делегацию Астраханской области.",
]


def corpus(folder, texts=TEXTS):
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i}.txt").write_text(text, encoding="utf-8")
    return folder


def tables(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


# -- 1. the result cache holds data only ----------------------------------------------------
class Boom:
    """What a crafted cache would hold: unpickling it runs code (here: writes a file)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_crafted_pickle_in_the_cache_is_never_run(tmp_path):
    inputs, out = corpus(tmp_path / "in"), tmp_path / "out"
    marker = tmp_path / "ran"
    keys = [document_key(d, "csv:True") for d in read_paths([inputs])]
    out.mkdir()
    with sqlite3.connect(out / CACHE_NAME) as db:  # the layout of this and earlier versions
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('format', '2')")
        db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload BLOB)")
        db.executemany("INSERT INTO results VALUES (?, ?)",
                       [(k, pickle.dumps(Boom(marker))) for k in keys])
    warnings = []
    summary = run_files([inputs], out, workers=1, warn=warnings.append)
    assert not marker.exists()
    assert summary.documents == 2 and summary.reused == 0
    assert warnings == ["cache unreadable: rebuilt"]
    run_files([inputs], tmp_path / "fresh", workers=1)
    assert tables(out) == tables(tmp_path / "fresh")


def test_cache_entries_are_data_with_a_version_and_a_checksum(tmp_path):
    from pipeline.cache import FORMAT, CacheEntryError, unpack

    inputs, out = corpus(tmp_path / "in"), tmp_path / "out"
    run_files([inputs], out, "parquet", workers=1)
    with sqlite3.connect(out / CACHE_NAME) as db:
        payloads = [p for (p,) in db.execute("SELECT payload FROM results")]
    assert len(payloads) == 2
    for payload in payloads:
        assert payload[:4] == b"PRC" + bytes([FORMAT])
        assert unpack(payload).chunks["tokens"].n_rows > 0
        flipped = payload[:-1] + bytes([payload[-1] ^ 1])
        with pytest.raises(CacheEntryError, match="checksum"):
            unpack(flipped)
        with pytest.raises(CacheEntryError):
            unpack(pickle.dumps("a pickle"))


# -- 2. a damaged cache is set aside, the run goes on ------------------------------------------
def _garbage(path):
    path.write_bytes(os.urandom(4096))


def _truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _wrong_schema(path):
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE results (k INTEGER, v INTEGER)")


def _a_folder(path):
    path.unlink()
    path.mkdir()
    (path / "x").write_text("not a cache")


def _bad_payload(path):
    with sqlite3.connect(path) as db:
        db.execute("UPDATE results SET payload = ?", (b"\x78\x9c garbage",))


def _old_pickle_format(path):
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload BLOB)")


@pytest.mark.parametrize("damage", [_garbage, _truncated, _wrong_schema, _a_folder,
                                    _bad_payload, _old_pickle_format])
def test_a_damaged_cache_is_set_aside_with_one_warning(tmp_path, damage):
    inputs, out = corpus(tmp_path / "in"), tmp_path / "out"
    run_files([inputs], out, workers=1)
    before = tables(out)
    for extra in ("-wal", "-shm"):
        (out / (CACHE_NAME + extra)).unlink(missing_ok=True)
    damage(out / CACHE_NAME)
    result = CliRunner().invoke(cli, ["run", str(inputs), "--out", str(out), "-w", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == ["warning: cache unreadable: rebuilt"]
    assert tables(out) == before
    assert run_files([inputs], out, workers=1).reused == 2  # the new cache works


# -- 3. long documents: bounded windows, titles, line ends --------------------------------------
def test_the_ner_tagger_reads_bounded_windows_cut_at_sentence_ends():
    from pipeline.ner import _windows

    tokens = [(i * 2, i * 2 + 1, "w") for i in range(2500)]
    ends = {t[1] for t in tokens[99::100]}  # a sentence every 100 tokens
    windows = _windows(tokens, ends, size=1000)
    assert [len(w) for w in windows] == [1000, 1000, 500]
    assert sum(windows, []) == tokens
    assert _windows(tokens[:10], set(), size=1000) == [tokens[:10]]
    no_ends = _windows(tokens, set(), size=1000)
    assert max(len(w) for w in no_ends) == 1000 and sum(no_ends, []) == tokens


def test_a_one_line_document_has_no_document_long_title(nlp):
    text = " ".join(TEXTS * 40)  # one line of 80 sentences
    doc = nlp.process(text)
    assert doc.status == "ok" and doc.title == ""
    assert len(doc.sentences) >= 80


def test_cr_only_line_ends_still_split_lines(nlp):
    text = "Глава региона подписал соглашение\r" + "\r".join(TEXTS) + "\r"
    doc = nlp.process(text)
    assert doc.title == "Глава региона подписал соглашение"
    assert all("\r" not in s.text for s in doc.sentences)
    crlf = nlp.process(text.replace("\r", "\r\n"))  # \r\n files read as they always were
    assert [(s.start, s.stop) for s in crlf.sentences] == [
        (s.start + i, s.stop + i) for i, s in enumerate(doc.sentences)]


def test_a_document_over_the_token_limit_is_an_error_row(nlp, monkeypatch):
    from pipeline import segment

    monkeypatch.setattr(segment, "MAX_DOCUMENT_TOKENS", 50)
    docs = list(nlp.process_many([" ".join(TEXTS * 5), TEXTS[0]]))
    assert (docs[0].status, docs[0].error_stage) == ("error", "segment")
    assert "over 50 tokens" in docs[0].error
    assert docs[1].status == "ok" and docs[1].officials


# -- 4. an output folder is never input ----------------------------------------------------
def test_an_output_folder_inside_the_input_is_not_read(tmp_path):
    inputs = corpus(tmp_path / "in")
    out = inputs / "tables"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["run", str(inputs), "--out", str(out), "-w", "1"])
        assert result.exit_code == 0, result.output
    assert len(read_table(out / "documents.csv")) == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"warning: not reading {out}")
    other = tmp_path / "in2"
    corpus(other)
    (other / "old").mkdir()
    (other / "old" / "_SUCCESS.json").write_text("{}")
    (other / "old" / "sentences.csv").write_text("doc_id,text\nx,Текст\n")
    assert len(list(read_paths([other]))) == 2


# -- 5. encodings -----------------------------------------------------------------------------
ARTICLE = ("Губернатор Астраханской области Игорь Бабушкин провёл встречу с делегацией "
           "Атырауской области. Стороны обсудили поставки зерна и развитие туризма.")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1251", "koi8-r", "cp866",
                                      "mac-cyrillic", "iso8859-5"])
@pytest.mark.parametrize("text", [ARTICLE, "Глава Астраханской области подписал план"])
def test_russian_text_is_decoded_right_or_marked_a_guess(tmp_path, encoding, text):
    path = tmp_path / "news.txt"
    path.write_bytes(text.encode(encoding))
    (doc,) = read_paths([path])
    assert doc.status == "ok"
    assert doc.text == text or "a guess" in doc.encoding, (doc.encoding, doc.text)


# -- 6. record ids ------------------------------------------------------------------------------
def test_record_ids_are_unique_and_bounded_the_given_id_kept(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    records = [{"id": "x", "text": TEXTS[0]}, {"id": "x", "text": TEXTS[1]},
               {"id": "a", "text": TEXTS[1]}, {"id": "n" * 100_000, "text": TEXTS[0]}]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (folder / "more.csv").write_text(f"id,text\nx,{TEXTS[1]}\n", encoding="utf-8")
    out = tmp_path / "out"
    run_files([folder], out, workers=1)
    docs = read_table(out / "documents.csv")
    ids = list(docs["doc_id"])
    assert len(set(ids)) == len(ids) == 6
    assert max(len(i) for i in ids) <= 200
    given = dict(zip(docs["doc_id"], docs["given_id"]))
    assert given["a"] == "" and given["x"] == "x" and given["x~2"] == "x"
    assert given["x~3"] == "x" and given["a~2"] == "a"
    long_id = next(i for i in ids if i.startswith("nnn"))
    assert given[long_id].startswith("n" * 900) and len(given[long_id]) == 1000
    mentions = read_table(out / "mentions.csv")
    assert set(mentions["doc_id"]) <= set(ids)
    assert (out / "mentions.csv").stat().st_size < 100_000


# -- 7. CSV quotes; joiners inside words --------------------------------------------------------
def test_an_unclosed_csv_quote_is_an_error_row_and_swallows_nothing(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(f'id,text\nr1,"{TEXTS[0]}\nr2,{TEXTS[1]}\nr3,{TEXTS[0]}\n', encoding="utf-8")
    docs = list(read_paths([path]))
    assert [(d.doc_id, d.status) for d in docs] == [
        ("feed:2", "error"), ("r2", "ok"), ("r3", "ok")]
    assert "unclosed quote" in docs[0].error


@pytest.mark.parametrize("joiner", ["\u200d", "\u200c", "\u2060", "\u00ad"])
def test_an_invisible_joiner_inside_a_name_keeps_it_whole(nlp, joiner):
    text = f"Губернатор Астраханской области Игорь Бабу{joiner}шкин подписал план."
    doc = nlp.process(text)
    assert [p.name for p in doc.people] == ["Игорь Бабушкин"]
    assert [o.person for o in doc.officials] == ["Игорь Бабушкин"]
    (mention,) = [m for p in doc.people for m in p.mentions]
    assert mention.text == f"Игорь Бабу{joiner}шкин" == text[mention.start:mention.stop]


# -- 8. killing the run ---------------------------------------------------------------------
def _children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found += [int(c) for c in f.read().split()]
    return found


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _committed(out) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{out / CACHE_NAME}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


def _wait(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_main_process_ends_its_workers(tmp_path, sig):
    inputs = corpus(tmp_path / "in", [f"{TEXTS[i % 2]} Новость {i}." for i in range(200)])
    out, err = tmp_path / "out", tmp_path / "stderr"
    with open(err, "w") as stream:  # a file: workers left alive cannot hold a pipe open
        proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "run", str(inputs),
                                 "--out", str(out), "-w", "2", "--batch-size", "4"],
                                cwd=ROOT, stderr=stream)
    # both workers past their start (where each asks to die with its parent): 16 documents in
    # the cache, not just the cache file (under load one worker may still be starting)
    assert _wait(lambda: len(_children(proc.pid)) == 2 and _committed(out) >= 16
                 or proc.poll() is not None)
    workers = _children(proc.pid)
    assert proc.poll() is None, "the run ended before it could be killed"
    if sig == signal.SIGKILL:  # stopped workers cannot notice a closed pipe: only the kernel
        for w in workers:      # (told to kill them with their parent) can end them
            os.kill(w, signal.SIGSTOP)
    os.kill(proc.pid, sig)
    code = proc.wait(timeout=60)
    try:
        assert _wait(lambda: not any(_alive(w) for w in workers), 30), "workers outlived the run"
    finally:
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
    stderr = err.read_text()
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr
    if sig == signal.SIGTERM:
        assert code == 143
        assert stderr.strip().splitlines() == [
            "error: interrupted (SIGTERM): every finished batch is kept; run the same command "
            "again to resume"]
        assert not list(out.glob(".*.tmp"))
        summary = run_files([inputs], out, workers=1, batch_size=4)
        assert summary.documents == 200


# -- 9. --out that cannot be written ---------------------------------------------------------
def test_out_that_is_a_file_is_one_line_and_exit_3(tmp_path):
    inputs, out = corpus(tmp_path / "in"), tmp_path / "out.txt"
    out.write_text("mine")
    result = CliRunner().invoke(cli, ["run", str(inputs), "--out", str(out), "-w", "1"])
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        f"error: cannot write the tables to {out}: it is a file, not a folder"]
    assert out.read_text() == "mine"


@pytest.mark.parametrize("errno_, why", [(28, "no space left on the device"),
                                         (13, "permission denied (a read-only folder?)")])
def test_a_failed_rerun_keeps_the_complete_run_and_its_manifest(tmp_path, monkeypatch, errno_,
                                                                 why):
    from pipeline import write

    inputs, out = corpus(tmp_path / "in"), tmp_path / "out"
    run_files([inputs], out, workers=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    real_open = write.TableWriter._open

    def failing_open(self, table):
        if table == "tokens":
            raise OSError(errno_, os.strerror(errno_), str(self.out_dir / ".tokens.tmp"))
        return real_open(self, table)

    monkeypatch.setattr(write.TableWriter, "_open", failing_open)
    (inputs / "doc9.txt").write_text(TEXTS[1] + " Ещё одна новость.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(inputs), "--out", str(out), "-w", "1"])
    assert result.exit_code == 3, result.output
    assert result.output.strip().splitlines() == [
        f"error: cannot write the tables to {out}: {why}"]
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert after == before and "_SUCCESS.json" in after
    assert not list(out.glob(".*.tmp"))


# -- 10. temporaries ------------------------------------------------------------------------
def test_only_this_programs_temporaries_are_removed(tmp_path):
    inputs, out = corpus(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    mine = [out / ".notes.tmp", out / ".documents.tmp", out / ".backup.csv.12.tmp"]
    for path in mine:
        path.write_text("a user's own file")
    stale = [out / ".tokens.csv.99999.tmp", out / "._SUCCESS.json.99999.tmp"]
    for path in stale:
        path.write_text("left by a killed run")
    run_files([inputs], out, workers=1)
    assert all(p.read_text() == "a user's own file" for p in mine)
    assert not any(p.exists() for p in stale)
