"""CLI of the results: show, report, run --format duckdb, --quiet / --verbose.

Skipped until these commands are wired into cli.py."""
import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import RAW

DOC = "002_2cf5135a9f6ab4d7"


def _run_has(opt: str, choice: str | None = None) -> bool:
    """Whether `run` has option `opt` (and, given `choice`, that choice for it)."""
    for p in getattr(cli.commands.get("run"), "params", []):
        if opt in p.opts:
            return choice is None or choice in getattr(p.type, "choices", ())
    return False


def _needs(command):
    return pytest.mark.skipif(command not in cli.commands, reason=f"`{command}` not in cli.py yet")


@pytest.fixture(scope="module")
def tables_dir(tmp_path_factory):
    from pipeline import run_files

    out = tmp_path_factory.mktemp("tables")
    run_files([RAW], out, "csv")
    return out


@_needs("show")
def test_show_a_file_and_a_doc_id(tables_dir, nlp):
    runner = CliRunner()
    by_file = runner.invoke(cli, ["show", str(RAW / f"{DOC}.txt")])
    assert by_file.exit_code == 0, by_file.output
    assert "Игорь Бабушкин" in by_file.output and "Officials" in by_file.output
    by_id = runner.invoke(cli, ["show", DOC, "--tables", str(tables_dir)])
    assert by_id.exit_code == 0, by_id.output
    assert "Серик Шапкенов" in by_id.output
    assert "\x1b[" not in by_id.output  # no colour codes when stdout is not a terminal


@_needs("show")
def test_show_unknown_is_usage_error(tables_dir, tmp_path):
    runner = CliRunner()
    unknown = runner.invoke(cli, ["show", "no-such-doc", "--tables", str(tables_dir)])
    assert unknown.exit_code == 2 and "not in the tables" in unknown.output
    no_tables = runner.invoke(cli, ["show", "no-such-doc", "--tables", str(tmp_path / "x")])
    assert no_tables.exit_code == 2 and "tables folder" in no_tables.output


@_needs("report")
def test_report_from_tables_and_from_inputs(tables_dir, tmp_path, nlp):
    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", "--tables", str(tables_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # not a terminal: quiet
    assert "Игорь Бабушкин" in out.read_text(encoding="utf-8")
    out2 = tmp_path / "r2.html"
    result = runner.invoke(cli, ["report", str(RAW / f"{DOC}.txt"), "--out", str(out2), "-v"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out2}" in result.output
    missing = runner.invoke(cli, ["report", "--tables", str(tmp_path / "absent")])
    assert missing.exit_code == 2 and "not found" in missing.output
    both = runner.invoke(cli, ["report", "-q", "-v", "--tables", str(tables_dir)])
    assert both.exit_code == 2


@_needs("run")
def test_run_quiet_in_a_pipe_and_verbose_on_request(tmp_path, nlp):
    if not _run_has("--verbose"):
        pytest.skip("run --verbose not wired yet")
    runner = CliRunner()
    args = ["run", str(RAW / f"{DOC}.txt"), "--workers", "1"]
    plain = runner.invoke(cli, args + ["--out", str(tmp_path / "a")])
    assert plain.exit_code == 0 and plain.output == ""
    verbose = runner.invoke(cli, args + ["--out", str(tmp_path / "b"), "--verbose"])
    assert verbose.exit_code == 0 and "officials" in verbose.output
    quiet = runner.invoke(cli, args + ["--out", str(tmp_path / "c"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


@_needs("run")
def test_run_format_duckdb(tmp_path, nlp):
    if not _run_has("--format", "duckdb"):
        pytest.skip("run --format duckdb not wired yet")
    duckdb = pytest.importorskip("duckdb")
    result = CliRunner().invoke(cli, ["run", str(RAW / f"{DOC}.txt"), "--out", str(tmp_path),
                                      "--format", "duckdb", "--workers", "1"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(tmp_path / "tables.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM officials_named").fetchone()[0] > 0
    con.close()


def test_help_has_examples_for_the_new_commands():
    for command in ("show", "report"):
        if command not in cli.commands:
            continue
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output
