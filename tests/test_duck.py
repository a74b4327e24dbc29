"""DuckDB output: every table with the contract's types, and the ready views."""
import pytest

from pipeline import schema as S
from pipeline.duck import (DUCKDB_FILE, DuckDBMissing, require_duckdb, run_duckdb, write_duckdb,
                           write_duckdb_from_dir)
from pipeline.results import documents_tables
from tests.conftest import RAW

try:
    import duckdb
except ImportError:  # the optional extra is not installed: only the error message is tested
    duckdb = None
needs_duckdb = pytest.mark.skipif(duckdb is None,
                                  reason="duckdb (the `duckdb` extra) is not installed")


@pytest.fixture(scope="module")
def db(tmp_path_factory, samples, nlp):
    tables, _ = documents_tables(samples.values(), nlp.models.gazetteer)
    path = write_duckdb(tables, tmp_path_factory.mktemp("duck") / "t.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield con, tables
    con.close()


@needs_duckdb
def test_every_table_with_the_contract_types(db):
    con, tables = db
    types = {"int": "BIGINT", "bool": "BOOLEAN", "float": "DOUBLE", "str": "VARCHAR"}
    for table in S.TABLES:
        described = con.execute(f'DESCRIBE "{table}"').fetchall()
        assert [(r[0], r[1]) for r in described] == \
            [(c, types[S.column_type(c)]) for c in S.COLUMNS[table]]
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(tables[table])


@needs_duckdb
def test_officials_named_joins_names_places_and_dates(db):
    con, _ = db
    rows = con.execute("""
        SELECT person, position, region, region_kind, published_date::VARCHAR, year
        FROM officials_named WHERE person = 'Андрей Бочаров' ORDER BY start""").fetchall()
    assert ("Андрей Бочаров", "глава Волгоградской области", "Волгоградская область",
            "region", "2014-05-11", 2014) in rows
    undated = con.execute("""SELECT count(*) FROM officials_named
                             WHERE doc_id = '002_2cf5135a9f6ab4d7' AND published_date IS NULL""")
    assert undated.fetchone()[0] > 0


@needs_duckdb
def test_region_pairs_by_year(db):
    con, _ = db
    rows = con.execute("""
        SELECT year, name_a, name_b, n_docs, n_docs_sentence
        FROM region_pairs_by_year WHERE country_a = 'KZ' AND country_b = 'RU'
        ORDER BY year NULLS LAST, name_a, name_b""").fetchall()
    assert (2025, "Восточно-Казахстанская область", "Алтайский край", 1, 1) in rows
    assert (None, "Атырауская область", "Астраханская область", 1, 1) in rows
    assert (2014, "Казахстан", "Волгоградская область", 1, 1) in rows


@needs_duckdb
def test_place_mentions(db):
    con, tables = db
    n = con.execute("SELECT count(*) FROM place_mentions").fetchone()[0]
    m = tables["mentions"]
    assert n == int(((m["type"] == "LOC") & (m["entity_id"] != "")).sum())
    top = con.execute("""SELECT region FROM place_mentions WHERE kind = 'region'
                         GROUP BY region ORDER BY count(*) DESC, region LIMIT 1""").fetchone()
    assert top == ("Восточно-Казахстанская область",)


@needs_duckdb
def test_from_a_folder_of_csv_and_parquet(tmp_path):
    from pipeline import run_files

    for fmt in ("csv", "parquet"):
        run_files([RAW / "004_e14b758417d2576f.txt"], tmp_path / fmt, fmt)
        path = write_duckdb_from_dir(tmp_path / fmt)
        assert path == tmp_path / fmt / DUCKDB_FILE
        con = duckdb.connect(str(path), read_only=True)
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert con.execute("SELECT bool_or(NOT acting) FROM officials").fetchone()[0] is True
        con.close()


@needs_duckdb
def test_run_duckdb_writes_one_file(tmp_path):
    summary = run_duckdb([RAW / "002_2cf5135a9f6ab4d7.txt"], tmp_path)
    path = tmp_path / DUCKDB_FILE
    assert summary.paths == {"duckdb": path} and summary.documents == 1
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        ["_SUCCESS.json", DUCKDB_FILE]
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM officials_named").fetchone()[0] == summary.officials
    con.close()
    again = run_duckdb([RAW / "002_2cf5135a9f6ab4d7.txt"], tmp_path)  # incremental rerun
    assert again.reused == 1


@needs_duckdb
def test_a_failed_write_leaves_the_old_file(tmp_path, db):
    _, tables = db
    path = write_duckdb(tables, tmp_path / "t.duckdb")
    before = path.read_bytes()
    broken = dict(tables, people=tables["people"].assign(n_mentions="many"))
    with pytest.raises(ValueError):
        write_duckdb(broken, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.duckdb"]


def test_missing_duckdb_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_duckdb(name, *args, **kwargs):
        if name == "duckdb":
            raise ImportError("No module named 'duckdb'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    with pytest.raises(DuckDBMissing, match=r"pip install -e '\.\[duckdb\]'"):
        require_duckdb()


@needs_duckdb
def test_the_readme_queries_run(db):
    import re
    from pathlib import Path

    con, _ = db
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Looking at the results.*?```sql\n(.*?)```", readme, re.S).group(1)
    queries = [q for q in block.split(";\n") if q.strip()]
    assert len(queries) == 4
    results = [con.execute(q).fetchall() for q in queries]
    assert all(results)
    pairs, events, posts, top = results
    assert (2025, "Алтайский край", "Восточно-Казахстанская область", 1, 1) in pairs
    # the Astrakhan–Atyrau plan signed (an undated article: year NULL)
    assert (None, "agreement", "Атырауская область", "Астраханская область", 1) in events
    assert any(r[0] == "Андрей Бочаров" and r[1] == "глава" for r in posts)
    assert top[0][0] == "Игорь Бабушкин"
