"""CLI: thin commands over the library, clear errors, exit codes scripts can rely on."""
import json

from click.testing import CliRunner

from cli import cli
from tests.conftest import RAW


def test_run_writes_tables_and_summary(tmp_path, nlp):
    result = CliRunner().invoke(cli, ["run", str(RAW / "002_2cf5135a9f6ab4d7.txt"),
                                      "--out", str(tmp_path), "--format", "parquet",
                                      "--verbose"])
    assert result.exit_code == 0, result.output
    assert "officials" in result.output and "documents" in result.output
    assert (tmp_path / "officials.parquet").exists()


def test_run_parquet_dataset_is_read_back_by_show(tmp_path, nlp):
    """--format parquet-dataset: a folder of part files per table, which the commands that
    read tables (show, report) take like the single files."""
    out = tmp_path / "tables"
    result = CliRunner().invoke(cli, ["run", str(RAW), "--out", str(out), "-w", "1",
                                      "--format", "parquet-dataset", "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "officials" / "part-00000.parquet").is_file()
    assert not (out / "officials.parquet").exists()
    shown = CliRunner().invoke(cli, ["show", "002_2cf5135a9f6ab4d7", "--tables", str(out)])
    assert shown.exit_code == 0, shown.output
    assert "Бабушкин" in shown.output


def test_run_missing_input_is_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["run", "/no/such/path", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_run_strict_fails_on_bad_documents(tmp_path, nlp):
    bad = tmp_path / "in" / "bad.jsonl"
    bad.parent.mkdir()
    bad.write_text('{"id": "ok", "text": "Текст новости."}\n{not json\n', encoding="utf-8")
    runner = CliRunner()
    relaxed = runner.invoke(cli, ["run", str(bad), "--out", str(tmp_path / "o1")])
    strict = runner.invoke(cli, ["run", str(bad), "--out", str(tmp_path / "o2"), "--strict"])
    assert relaxed.exit_code == 0 and "1 failed" in relaxed.output
    assert strict.exit_code == 1


def test_extract_prints_json(nlp):
    result = CliRunner().invoke(cli, ["extract", "Аким ВКО Нурымбет Сактаганов встретил гостей."])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [o["person"] for o in data["officials"]] == ["Нурымбет Сактаганов"]


def test_extract_reads_stdin(nlp):
    result = CliRunner().invoke(cli, ["extract"], input="Мэр Волжского Игорь Воронин приехал.")
    assert result.exit_code == 0
    assert json.loads(result.output)["people"][0]["name"] == "Игорь Воронин"


def test_help_has_examples():
    for command in ("run", "extract", "evaluate", "quality"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


def test_evaluate_missing_corpus_is_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", "nerel", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "absent" in result.output
