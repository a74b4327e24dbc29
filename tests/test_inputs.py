"""Trying a big corpus first: --limit, --sample with a seed, JSONL on standard input, one JSON
object per document on standard output, and a progress display that knows its total."""
import gzip
import io
import json

import pytest
from click.testing import CliRunner

from cli import cli
from pipeline.feedback import Feedback, progress_text
from pipeline.inputs import count_documents, read_inputs, select
from pipeline.read import ReadOptions
from tests.conftest import RAW

NEWS = [
    "Губернатор Астраханской области Игорь Бабушкин встретился с акимом Атырауской области.",
    "Аким ВКО Нурымбет Сактаганов принял делегацию Алтайского края.",
    "Мэр Волжского Игорь Воронин открыл новый сквер.",
    "Глава Волгоградской области Андрей Бочаров провёл совещание.",
    "Консул Казахстана Асхат Сыздыков посетил выставку в Волгограде.",
]


def _jsonl(records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


@pytest.fixture()
def corpus(tmp_path):
    """A folder of two .txt files, a .jsonl.gz of five records and a .csv of two records
    (one text spanning lines): nine documents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(2):
        (folder / f"a{i}.txt").write_text(NEWS[i], encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wb") as f:
        f.write(_jsonl({"id": f"n{i}", "text": t} for i, t in enumerate(NEWS)) + b"\n")
    (folder / "c.csv").write_text('id,text\nc1,"Первая строка\nвторая строка"\nc2,Текст.\n',
                                  encoding="utf-8")
    return folder


def test_count_documents_files_records_and_caps(corpus):
    assert count_documents([corpus]) == 9
    assert count_documents([corpus], limit=4) == 4
    assert count_documents([corpus], sample=20) == 9
    assert count_documents(["-"]) is None  # standard input: unknown
    assert count_documents(["-"], sample=3) == 3
    # records that take longer than the budget to count: unknown, not a guess
    assert count_documents([corpus / "b.jsonl.gz"], seconds=-1) is None
    assert count_documents([corpus / "a0.txt"], seconds=-1) == 1  # files need no reading


def test_limit_and_sample_keep_input_order_and_are_reproducible(corpus):
    docs = list(read_inputs([corpus]))
    ids = [d.doc_id for d in docs]
    assert len(ids) == 9
    assert [d.doc_id for d in select(iter(docs), limit=3)] == ids[:3]
    first = [d.doc_id for d in select(iter(docs), sample=4, seed=7)]
    again = [d.doc_id for d in select(iter(docs), sample=4, seed=7)]
    other = [d.doc_id for d in select(iter(docs), sample=4, seed=8)]
    assert first == again and len(first) == 4
    assert first == [i for i in ids if i in first]  # input order
    assert other != first
    assert [d.doc_id for d in select(iter(docs), sample=50, seed=1)] == ids


def test_stdin_jsonl_bad_lines_are_error_rows():
    stream = io.BytesIO(_jsonl([{"id": "x", "text": NEWS[0]}]) + b"{broken\n\n[1]\n"
                        + _jsonl([{"text": NEWS[1]}]))
    docs = list(read_inputs(["-"], ReadOptions(), stdin=stream))
    assert [(d.doc_id, d.status) for d in docs] == [
        ("x", "ok"), ("stdin:2", "error"), ("stdin:4", "error"), ("stdin:5", "ok")]
    assert "bad JSON line" in docs[1].error


def test_run_stdin_to_jsonl_stdout_has_extracts_shape(nlp):
    data = _jsonl({"id": f"n{i}", "text": t} for i, t in enumerate(NEWS))
    result = CliRunner().invoke(
        cli, ["run", "-", "--format", "jsonl", "-w", "1", "--limit", "3"], input=data)
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["doc_id"] for d in lines] == ["n0", "n1", "n2"]
    extract = CliRunner().invoke(cli, ["extract", NEWS[0]])
    assert set(lines[0]) == set(json.loads(extract.stdout))
    assert lines[0]["officials"][0]["person"] == "Игорь Бабушкин"


def test_run_limit_and_sample_write_tables_of_those_documents(tmp_path, corpus, nlp):
    import pandas as pd

    for args, expected in ((["--limit", "2"], ["a0", "a1"]),
                           (["--sample", "3", "--seed", "5"], None)):
        out = tmp_path / "-".join(args)
        result = CliRunner().invoke(cli, ["run", str(corpus), "--out", str(out), "-w", "1",
                                          "-q", *args])
        assert result.exit_code == 0, result.output
        ids = list(pd.read_csv(out / "documents.csv")["doc_id"])
        if expected:
            assert ids == expected
        else:
            assert len(ids) == 3
            assert ids == [d.doc_id for d in select(read_inputs([corpus]), sample=3, seed=5)]


def test_progress_text_says_total_rate_and_time_left():
    assert progress_text(48, 9200, 16.0) == \
        "48/9200 documents (0.5%), 3.0 documents/s, 0:50:50 left"
    assert progress_text(48, None, 16.0) == "48 documents (total unknown), 3.0 documents/s"
    assert progress_text(10, 10, 5.0) == "10/10 documents (100.0%), 2.0 documents/s"


def test_verbose_progress_lines_carry_the_counted_total(tmp_path, corpus, nlp):
    result = CliRunner().invoke(
        cli, ["run", str(corpus), "--out", str(tmp_path / "o"), "-w", "1", "-v",
              "--batch-size", "4"])
    assert result.exit_code == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("processing")]
    assert progress[0].startswith("processing: 4/9 documents (44.4%)")
    assert progress[-1].startswith("processing: 9/9 documents (100.0%)")
    piped = CliRunner().invoke(
        cli, ["run", "-", "--format", "jsonl", "-w", "1", "-v"], input=_jsonl([{"text": NEWS[2]}]))
    assert "1 documents (total unknown)" in piped.stderr


def test_terminal_progress_shows_a_bar_with_percentage_and_rate():
    stream = io.StringIO()
    feedback = Feedback(stream=stream, interactive=True)
    with feedback.progress("processing", total=200) as advance:
        advance(50)
        advance(100)
    with feedback.progress("processing", total=None) as advance:
        advance(7)
    out = stream.getvalue()  # every frame rich drew, then erased (the display is transient)
    assert "100/200 documents" in out and "50%" in out and "documents/s" in out
    assert "7 documents (total unknown)" in out and "%" not in out.split("total unknown")[-1]


def test_run_counts_raw_folder_for_the_display(nlp):
    assert count_documents([RAW]) == 5
