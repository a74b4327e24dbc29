"""The edges a user trips on: a path-like string that names nothing, bad dates, help texts,
the gold corpora a user does not have, where a DuckDB run's _SUCCESS.json goes."""
import json

import pytest
from click.testing import CliRunner

from cli import cli
from pipeline import InputError
from tests.conftest import RAW


@pytest.mark.parametrize("item", ["data/raw/", "corpus.jsonl.gz", "news/a.txt", "C:\\news\\"])
def test_a_path_like_string_that_names_nothing_is_an_error_naming_it(nlp, tmp_path,
                                                                     monkeypatch, item):
    monkeypatch.chdir(tmp_path)  # "from another folder"
    with pytest.raises(InputError, match="does not exist: " + item.replace("\\", "\\\\")):
        nlp.run([item])


@pytest.mark.parametrize("text", ["Губернатор Игорь Бабушкин встретился с акимом.",
                                  "Бабушкин", "ВКО."])
def test_texts_are_still_texts(nlp, text):
    tables = nlp.run([text])
    assert len(tables["documents"]) == 1 and tables["documents"]["status"][0] == "ok"


def test_run_paths_and_run_texts_say_which(nlp, tmp_path, monkeypatch):
    tables = nlp.run_paths([RAW / "002_2cf5135a9f6ab4d7.txt"])
    assert list(tables["documents"]["doc_id"]) == ["002_2cf5135a9f6ab4d7"]
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="does not exist: data/raw"):
        nlp.run_paths(["data/raw/"])
    tables = nlp.run_texts(["data/raw/", "Аким ВКО Нурымбет Сактаганов встретил гостей."])
    assert len(tables["documents"]) == 2  # both processed as texts
    assert "Нурымбет Сактаганов" in set(tables["officials"]["person"])


@pytest.mark.parametrize("bad", ["2024-13-45", "2024-02-30", "yesterday", "20240102"])
def test_extract_bad_published_date_is_a_usage_error(bad):
    result = CliRunner().invoke(cli, ["extract", "--published", bad, "Текст."])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_extract_good_published_date_resolves_relative_dates(nlp):
    result = CliRunner().invoke(cli, ["extract", "--published", "2024-03-05",
                                      "Вчера губернатор Игорь Бабушкин провёл совещание."])
    assert result.exit_code == 0, result.output
    values = {d["value"] for d in json.loads(result.output)["dates"]}
    assert "2024-03-04" in values


def test_help_top_level_example_and_run_lists_every_table():
    top = CliRunner().invoke(cli, ["--help"])
    assert top.exit_code == 0 and "Example" in top.output and "cli.py run" in top.output
    run = CliRunner().invoke(cli, ["run", "--help"], terminal_width=200)
    from pipeline import schema as S

    text = " ".join(run.output.split())
    for table in S.TABLES:
        assert table in text, table


def test_commands_say_when_the_default_corpora_are_absent(tmp_path, monkeypatch):
    import pipeline.bench
    import pipeline.evaluation.corpora as corpora

    absent = tmp_path / "shared" / "corpora"
    monkeypatch.setattr(corpora, "SHARED_CORPORA", absent)
    monkeypatch.setattr(pipeline.bench, "NEWS", absent / "news" / "news.jsonl.gz")
    for args, hint in ((["evaluate", "nerel"], "pass its folder"),
                       (["bench", "-n", "5"], "as PATH"),
                       (["quality"], "--corpora DIR")):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        message = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(message) == 1 and "absent" in message[0] and hint in message[0], message


def test_duckdb_run_writes_success_in_out(tmp_path, nlp):
    pytest.importorskip("duckdb")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(RAW), "--out", str(out), "--format", "duckdb",
                                      "-w", "1", "-q"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "_SUCCESS.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == 5
    assert manifest["tables"]["officials"]["file"] == "tables.duckdb"
    assert manifest["tables"]["officials"]["rows"] > 0
    assert (out / "_SUCCESS.json").stat().st_mtime >= (out / "tables.duckdb").stat().st_mtime
