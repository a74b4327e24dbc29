"""`cli.py serve OUT`: the run's tables in SQLite for Datasette (facets, full-text search, the
DuckDB views as SQL views), each doc_id linked to its document highlighted as in the report;
and in a real headless Chromium: typing a search, following a link. The browser part is
skipped where Chromium is not installed (apt-get install chromium)."""
import re
import select
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from cli import cli
from tests.cdp import CHROMIUM, Browser
from tests.conftest import RAW, ROOT

pytest.importorskip("datasette")
pytest.importorskip("sqlite_utils")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, nlp):
    from pipeline import run_files

    out = tmp_path_factory.mktemp("serve") / "tables"
    run_files([RAW], out, "csv", workers=1)
    return out


@pytest.fixture(scope="module")
def database(run_dir):
    from pipeline.serve import build_database

    return build_database(run_dir)


def test_database_has_tables_views_search_and_facet_columns(database):
    con = sqlite3.connect(database)
    names = dict(con.execute("SELECT name, type FROM sqlite_master"))
    for table in ("documents", "officials", "people", "posts", "regions", "region_links"):
        assert names.get(table) == "table"
    assert "tokens" not in names  # for programs, not for browsing
    for view in ("officials_named", "region_pairs_by_year", "place_mentions"):
        assert names.get(view) == "view"
    for fts in ("officials_fts", "people_fts", "documents_fts"):
        assert fts in names
    found = con.execute("SELECT o.person, o.region, o.role, o.country, o.year FROM officials o "
                        "JOIN officials_fts f ON f.rowid = o.rowid "
                        "WHERE officials_fts MATCH 'Шапкенов'").fetchall()
    assert found and all(r[0] == "Серик Шапкенов" and r[3] == "KZ" for r in found)
    assert {r[1] for r in found} == {"Атырауская область"}
    assert con.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH "
                       "'Астраханской'").fetchone()[0] >= 1
    year = con.execute("SELECT year FROM officials WHERE doc_id = '001_5f9bf97b76e61b5f' "
                       "LIMIT 1").fetchone()[0]
    assert year == 2014


def test_database_is_rebuilt_only_when_the_run_is_newer(run_dir, database):
    import os

    from pipeline.serve import build_database

    before = database.stat().st_mtime_ns
    assert build_database(run_dir).stat().st_mtime_ns == before
    marker = run_dir / "_SUCCESS.json"
    os.utime(marker, ns=(before + 10**9, before + 10**9))
    assert build_database(run_dir).stat().st_mtime_ns != before


def test_document_page_highlights_entities(database, run_dir):
    from pipeline.serve import document_html_page

    page = document_html_page(sqlite3.connect(database), "002_2cf5135a9f6ab4d7", run_dir)
    assert "<span class='m PER' title='person: Игорь Бабушкин" in page
    assert "class='m LOC'" in page and "Серик Шапкенов" in page
    assert document_html_page(sqlite3.connect(database), "no-such-doc", run_dir) is None


def test_serve_without_a_run_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "tables folder not found" in result.output


def _start_server(run_dir):
    """`cli.py serve` on a free port; returns (process, URL) once it accepts connections
    (the URL line is printed after the socket listens). Bounded wait, no sleeping."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", str(run_dir),
                             "--port", "0"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    line = ""
    while "serving" not in line:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([proc.stderr], [], [], max(left, 0))
        if not ready or proc.poll() is not None:
            proc.kill()
            raise AssertionError(f"server did not start: {line}")
        line = proc.stderr.readline()
    url = re.search(r"http://\S+", line).group(0)
    return proc, url


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_search_facets_and_document_link_in_chromium(run_dir, database, tmp_path):
    proc, url = _start_server(run_dir)
    try:
        assert url.startswith("http://127.0.0.1:")  # this machine only
        with Browser(CHROMIUM, tmp_path / "profile") as b:
            b.goto(f"{url}/officials")
            facets = b.evaluate("Array.from(document.querySelectorAll('.facet-info'))"
                                ".map(f => f.getAttribute('data-column'))")
            assert {"country", "region", "role", "year"} <= set(facets)
            b.type("input[name=_search]", "Шапкенов")
            b.press_enter()
            assert "_search=" in b.evaluate("location.href")
            people = b.evaluate("Array.from(document.querySelectorAll('td.col-person'))"
                                ".map(td => td.textContent.trim())")
            assert people and set(people) == {"Серик Шапкенов"}
            b.then_wait_for_load("document.querySelector('td.col-doc_id a').click()")
            assert "/-/document/" in b.evaluate("location.pathname")
            spans = b.evaluate("Array.from(document.querySelectorAll('.text span.m.PER'))"
                               ".map(s => s.textContent)")
            assert any("Шапкенов" in s for s in spans)
            assert b.evaluate("document.querySelector('ul.officials').textContent").count(
                "Шапкенов") >= 1
            b.goto(f"{url}/people?_search=Бабушкин")
            assert b.evaluate("document.querySelectorAll('td.col-name').length") >= 1
            b.goto(f"{url}/documents?_search=Астраханской")
            assert b.evaluate("document.querySelectorAll('td.col-title').length") >= 1
    finally:
        _stop(proc)
    assert proc.returncode is not None

