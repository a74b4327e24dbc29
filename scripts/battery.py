"""The hostile-input battery (issue 17): every case run against `cli.py run` as a user would, one
PASS / FAIL line each, the summary last. Slow (a few minutes: long documents, killed runs of two
workers); the fast cases are also in tests/test_hostile.py.

    python scripts/battery.py [--keep DIR]

Exit code 0 when every case passed. Cases that need `mount` (a full disk, a read-only folder)
print SKIP where it is not allowed. The detector's figures on every encoding Russian text comes
in are printed as it goes (docs/robustness.md keeps the last ones).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = ".pipeline-cache.sqlite"
TEXTS = [
    "Губернатор Астраханской области Игорь Бабушкин подписал план сотрудничества на 2025 год.",
    "Аким Атырауской области Серик Шапкенов встретил делегацию Астраханской области.",
    "Стороны обсудили поставки зерна, развитие туризма и строительство пункта пропуска.",
]
results: list[tuple[str, bool | None, str]] = []


def case(name: str, ok: bool | None, detail: str = "") -> None:
    results.append((name, ok, detail))
    word = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
    print(f"{word}  {name}" + (f"  ({detail})" if detail else ""), flush=True)


def cli(*args, timeout=600):
    """(exit code, stderr, None, seconds) of `cli.py run ARGS`."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "run", *map(str, args)],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=timeout)
    return proc.returncode, proc.stderr, None, time.perf_counter() - started


def run_measured(args, timeout=900):
    """(exit code, stderr, max RSS of the process in MB, seconds): wait4 gives the rusage."""
    started = time.perf_counter()
    err = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "run", *map(str, args)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    return proc.returncode, err.read(), usage.ru_maxrss / 1024, time.perf_counter() - started


def corpus(folder: Path, texts=TEXTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i}.txt").write_text(text, encoding="utf-8")
    return folder


def tables(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def documents(folder: Path):
    from pipeline.write import read_table

    return read_table(folder / "documents.csv")


# -- 1, 2: the result cache ---------------------------------------------------------------------
class Boom:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def cache_cases(work: Path) -> None:
    from pipeline.cache import document_key
    from pipeline.read import read_paths

    inputs = corpus(work / "in")
    clean = work / "clean"
    cli(inputs, "--out", clean, "-w", "1")
    expected = tables(clean)
    for variant in ("pickle in the current layout", "pickle in the old layout"):
        out, marker = work / f"crafted-{len(results)}", work / f"ran-{len(results)}"
        out.mkdir()
        keys = [document_key(d, "csv:True") for d in read_paths([inputs])]
        with sqlite3.connect(out / CACHE) as db:
            if variant.endswith("current layout"):
                db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
                db.execute("INSERT INTO meta VALUES ('format', '2')")
            db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload BLOB)")
            db.executemany("INSERT INTO results VALUES (?, ?)",
                           [(k, pickle.dumps(Boom(str(marker)))) for k in keys])
        code, err, *_ = cli(inputs, "--out", out, "-w", "1")
        case(f"1 cache: a crafted {variant} is not run", not marker.exists() and code == 0
             and tables(out) == expected, f"exit {code}")

    def damage(name, how):
        out = work / f"damaged-{name}"
        shutil.copytree(clean, out)
        for extra in ("-wal", "-shm"):
            (out / (CACHE + extra)).unlink(missing_ok=True)
        how(out / CACHE)
        code, err, *_ = cli(inputs, "--out", out, "-w", "1")
        ok = (code == 0 and err.strip().splitlines() == ["warning: cache unreadable: rebuilt"]
              and tables(out) == expected)
        code2, err2, *_ = cli(inputs, "--out", out, "-w", "1")
        case(f"2 cache: {name} -> one warning, the run goes on", ok and code2 == 0 and not err2,
             f"exit {code}, stderr {err.strip()[:80]!r}")

    def truncate(p):
        p.write_bytes(p.read_bytes()[: p.stat().st_size // 3])

    def schema(p):
        p.unlink()
        with sqlite3.connect(p) as db:
            db.execute("CREATE TABLE results (k INTEGER)")

    def folder(p):
        p.unlink()
        p.mkdir()

    def payload(p):
        with sqlite3.connect(p) as db:
            db.execute("UPDATE results SET payload = x'789c00'")

    damage("garbage", lambda p: p.write_bytes(os.urandom(8192)))
    damage("truncated", truncate)
    damage("zero-filled", lambda p: p.write_bytes(bytes(8192)))
    damage("wrong schema", schema)
    damage("a folder in its place", folder)
    damage("bad payload", payload)


# -- 3: long documents --------------------------------------------------------------------------
def long_cases(work: Path) -> None:
    line = " ".join(TEXTS) + " "
    sizes = {}
    for mb in (0.25, 1.0):
        folder = work / f"long-{mb}"
        folder.mkdir()
        (folder / "one-line.txt").write_text(line * int(mb * 1e6 / len(line.encode())),
                                             encoding="utf-8")
        code, err, rss, seconds = run_measured([folder, "--out", work / f"long-out-{mb}",
                                                "-w", "1", "-q"])
        status = documents(work / f"long-out-{mb}")["status"].tolist()
        sizes[mb] = seconds
        case(f"3 memory: a {mb} MB one-line document in at most 600 MB", code == 0
             and rss <= 600 and status == ["ok"], f"{rss:.0f} MB, {seconds:.1f} s")
    ratio = sizes[1.0] / sizes[0.25]
    case("3 time: linear in the length (1 MB / 0.25 MB within 2.5-6x)", 2.5 <= ratio <= 6,
         f"{ratio:.1f}x")
    dense = work / "dense"
    dense.mkdir()
    (dense / "tokens.txt").write_text("а, " * 500_000, encoding="utf-8")  # 1 M tokens, 2 MB
    code, err, rss, seconds = run_measured([dense, "--out", work / "dense-out", "-w", "1", "-q"])
    row = documents(work / "dense-out").iloc[0]
    case("3 memory: a million tokens in 2 MB -> an error row in at most 600 MB",
         code == 0 and rss <= 600 and row["status"] == "error" and "tokens" in row["error"],
         f"{rss:.0f} MB, {seconds:.1f} s: {row['error'][:60]}")
    big = work / "big"
    big.mkdir()
    (big / "five-mb.txt").write_text(line * int(5e6 / len(line.encode())), encoding="utf-8")
    code, err, rss, seconds = run_measured([big, "--out", work / "big-out", "-w", "1", "-q"])
    row = documents(work / "big-out").iloc[0]
    case("3 memory: a 5 MB file -> an error row (over the 2 MiB limit)",
         code == 0 and rss <= 600 and row["status"] == "error", f"{rss:.0f} MB, {seconds:.1f} s")
    cr = work / "cr"
    cr.mkdir()
    (cr / "mac.txt").write_bytes(("Глава региона подписал соглашение\r" + "\r".join(TEXTS * 200) + "\r")
                                 .encode("utf-8"))
    code, err, rss, seconds = run_measured([cr, "--out", work / "cr-out", "-w", "1", "-q"])
    row = documents(work / "cr-out").iloc[0]
    case("3 CR-only line ends split into lines (title is the first line)",
         code == 0 and row["title"] == "Глава региона подписал соглашение"
         and row["n_sentences"] >= 600,
         f"{row['n_sentences']} sentences, title {row['title'][:30]!r}")


# -- 4: output folders ------------------------------------------------------------------------
def output_folder_cases(work: Path) -> None:
    inputs = corpus(work / "nested")
    out = inputs / "tables"
    errs = [cli(inputs, "--out", out, "-w", "1")[1] for _ in range(3)]
    n = len(documents(out))
    case("4 an output folder inside the input is not read (3 runs: 3 documents)", n == 3,
         f"{n} documents")
    case("4 ... and the run says so in one line", all(
        len(e.strip().splitlines()) == 1 and "not reading" in e for e in errs[1:]), errs[-1].strip())


# -- 5: encodings -----------------------------------------------------------------------------
ARTICLE = ("Губернатор Астраханской области Игорь Бабушкин провёл рабочую встречу с делегацией "
           "Атырауской области. Стороны обсудили поставки зерна, развитие туризма и "
           "строительство нового пункта пропуска. Аким области Серик Шапкенов пригласил "
           "предпринимателей на ярмарку в Атырау.")
LENGTHS = {"title (40 chars)": "Глава Астраханской области подписал план",
           "sentence (100)": ARTICLE[:ARTICLE.index(".") + 1],
           "paragraph (270)": ARTICLE,
           "article (2 KB)": "\n".join([ARTICLE] * 8)}
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "cp1251", "koi8-r", "cp866", "mac-cyrillic",
             "iso8859-5"]


def encoding_cases(work: Path) -> None:
    from pipeline.read import read_paths

    folder = work / "enc"
    folder.mkdir()
    print("      encoding       " + "  ".join(f"{k:<17}" for k in LENGTHS))
    for enc in ENCODINGS:
        cells, ok_all = [], True
        for name, text in LENGTHS.items():
            path = folder / f"{enc}-{len(cells)}.txt"
            path.write_bytes(text.encode(enc))
            (doc,) = read_paths([path])
            right = doc.status == "ok" and doc.text == text
            marked = "a guess" in doc.encoding
            cells.append("right" + (" (marked)" if marked else "") if right else
                         ("wrong, marked" if marked else f"WRONG: {doc.encoding}"))
            ok_all &= right or marked
        print(f"      {enc:<14} " + "  ".join(f"{c:<17}" for c in cells))
        case(f"5 encoding {enc}: decoded right (or the guess marked) at every length", ok_all)


# -- 6, 7: records ------------------------------------------------------------------------------
def record_cases(work: Path) -> None:
    folder = work / "records"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    recs = [{"id": "x", "text": TEXTS[0]}, {"id": "x", "text": TEXTS[1]},
            {"id": "a", "text": TEXTS[2]}, {"id": "n" * 1_000_000, "text": TEXTS[0]}]
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs),
                                       encoding="utf-8")
    (folder / "feed2.csv").write_text(f"id,text\nx,{TEXTS[1]}\n", encoding="utf-8")
    out = work / "records-out"
    cli(folder, "--out", out, "-w", "1")
    docs = documents(out)
    ids = list(docs["doc_id"])
    case("6 record ids unique (repeated, equal to a file's name)", len(set(ids)) == len(ids) == 6,
         ", ".join(i[:12] for i in ids))
    size = sum(p.stat().st_size for p in out.glob("*.csv"))
    case("6 a 1 MB id is bounded (tables under 200 KB, ids at most 200 chars)",
         size < 200_000 and max(map(len, ids)) <= 200, f"tables {size / 1e3:.0f} KB")
    case("6 the given id is kept in documents.given_id",
         sorted(docs["given_id"].str[:3]) == ["", "a", "nnn", "x", "x", "x"])

    quoted = work / "quoted"
    quoted.mkdir()
    (quoted / "feed.csv").write_text(
        f'id,text\nr1,"{TEXTS[0]}\nr2,{TEXTS[1]}\nr3,{TEXTS[0]}\n', encoding="utf-8")
    cli(quoted, "--out", work / "quoted-out", "-w", "1")
    docs = documents(work / "quoted-out")
    case("7 an unclosed CSV quote is an error row; the records after it are read",
         list(docs["status"]) == ["error", "ok", "ok"] and "unclosed quote" in docs["error"][0],
         docs["error"][0][:50])
    zwj = work / "zwj"
    zwj.mkdir()
    (zwj / "n.txt").write_text("Губернатор Астраханской области Игорь Бабу\u200dшкин подписал "
                               "план сотрудничества.", encoding="utf-8")
    cli(zwj, "--out", work / "zwj-out", "-w", "1")
    from pipeline.write import read_table

    people = list(read_table(work / "zwj-out" / "people.csv")["name"])
    case("7 a zero-width joiner inside a word does not split the name", people ==
         ["Игорь Бабушкин"], ", ".join(people))


# -- 8: killing the run -------------------------------------------------------------------------
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


def _until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def _committed(out: Path) -> int:
    try:
        with sqlite3.connect(f"file:{out / CACHE}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_cases(work: Path) -> None:
    n = 2000
    inputs = corpus(work / "kill-in", [f"{TEXTS[i % 3]} Новость {i}." for i in range(n)])
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        out, err = work / f"kill-out-{sig.name}", work / f"kill-err-{sig.name}"
        with open(err, "w") as stream:
            proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "run", str(inputs),
                                     "--out", str(out), "-w", "2", "--batch-size", "4"],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stream)
        _until(lambda: len(_children(proc.pid)) == 2 and _committed(out) >= 16
               or proc.poll() is not None, 300)  # the workers busy with their batches
        if proc.poll() is not None:
            case(f"8 {sig.name} of the main process", False, "the run ended before the kill")
            continue
        workers = _children(proc.pid)
        os.kill(proc.pid, sig)
        code = proc.wait(timeout=60)
        gone = _until(lambda: not any(_alive(w) for w in workers), 2)
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        text = err.read_text()
        expected = {signal.SIGKILL: -9, signal.SIGTERM: 143, signal.SIGINT: 130}[sig]
        clean = "Traceback" not in text and len(text.strip().splitlines()) <= 1
        rerun_code, _, _, _ = cli(inputs, "--out", out, "-w", "1")
        done = len(documents(out)) if rerun_code == 0 else -1
        case(f"8 {sig.name} of the main process: workers gone within 2 s, exit {expected}, "
             f"no traceback, resumable", gone and code == expected and clean and done == n,
             f"exit {code}, workers {'gone' if gone else 'ALIVE'}, stderr {text.strip()[:70]!r}")


# -- 9, 10: the output folder -------------------------------------------------------------------
def _mount(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def out_cases(work: Path) -> None:
    inputs = corpus(work / "out-in")
    as_file = work / "a-file"
    as_file.write_text("mine")
    code, err, *_ = cli(inputs, "--out", as_file, "-w", "1")
    case("9 --out is a file: one line, exit 3", code == 3 and len(err.strip().splitlines()) == 1
         and "it is a file" in err and as_file.read_text() == "mine", err.strip())

    ro = work / "ro"
    if _mount(ro, "size=20m"):
        try:
            cli(inputs, "--out", ro / "out", "-w", "1")
            before = tables(ro / "out")
            subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
            code, err, *_ = cli(inputs, "--out", ro / "out", "-w", "1", "--force")
            case("9 --out read-only: one line, exit 3, the tables kept", code == 3
                 and len(err.strip().splitlines()) == 1 and tables(ro / "out") == before,
                 err.strip())
        finally:
            subprocess.run(["umount", str(ro)])
    else:
        case("9 --out read-only", None, "mount not allowed here")

    full = work / "full"
    if _mount(full, "size=600k"):
        try:
            out = full / "out"
            code, err, *_ = cli(inputs, "--out", out, "-w", "1")
            before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
            (inputs / "more.txt").write_text(" ".join(TEXTS * 150), encoding="utf-8")
            filler = full / "filler"
            with open(filler, "wb") as f:  # leave about 20 KB free
                free = os.statvfs(full).f_bavail * os.statvfs(full).f_frsize
                f.write(b"\0" * max(0, free - 20_000))
            code, err, *_ = cli(inputs, "--out", out, "-w", "1")
            after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
            case("9 a full disk: one line, exit 3, the complete run and its _SUCCESS.json kept",
                 code == 3 and len(err.strip().splitlines()) == 1 and after == before
                 and "_SUCCESS.json" in after and not list(out.glob(".*.tmp")), err.strip())
            (inputs / "more.txt").unlink()
        finally:
            subprocess.run(["umount", str(full)])
    else:
        case("9 a full disk", None, "mount not allowed here")

    out = work / "tmp-out"
    out.mkdir()
    mine = [out / ".notes.tmp", out / ".documents.tmp", out / ".draft.csv.1.tmp"]
    for p in mine:
        p.write_text("mine")
    stale = out / ".tokens.csv.99999.tmp"
    stale.write_text("left by a killed run")
    cli(inputs, "--out", out, "-w", "1")
    case("10 a user's own .*.tmp files in --out are left alone",
         all(p.exists() for p in mine) and not stale.exists())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these groups (cache, output_folder, encoding, record, "
                             "out, long, kill)")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="battery-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for group in (cache_cases, output_folder_cases, encoding_cases, record_cases, out_cases,
                      long_cases, kill_cases):
            if args.only is not None and group.__name__.removesuffix("_cases") not in args.only:
                continue
            sub = work / group.__name__
            sub.mkdir()
            try:
                group(sub)
            except Exception as e:  # noqa: BLE001 - a broken case is a failure, not a stop
                case(f"{group.__name__} ran to the end", False, f"{type(e).__name__}: {e}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    passed = sum(ok is True for _, ok, _ in results)
    failed = sum(ok is False for _, ok, _ in results)
    skipped = sum(ok is None for _, ok, _ in results)
    print(f"battery: {passed} passed, {failed} failed, {skipped} skipped of {len(results)} cases")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
