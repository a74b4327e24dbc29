"""Tables of a finished run read back, and the texts their offsets point into."""
import json

import pytest

from pipeline import run_files
from pipeline.results import (SENTENCES, SOURCE, ResultsError, document_texts, load_tables,
                              texts_from_sentences)
from tests.conftest import RAW


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("tables")
    run_files([RAW], out, "csv")
    return out


def test_load_tables_has_every_table_with_its_columns(run_dir):
    from pipeline import schema as S

    tables = load_tables(run_dir)
    assert set(tables) == set(S.TABLES)
    for name, df in tables.items():
        assert list(df.columns) == S.COLUMNS[name]
    assert len(tables["documents"]) == 5


def test_missing_folder_or_documents_table(tmp_path):
    with pytest.raises(ResultsError, match="not found"):
        load_tables(tmp_path / "absent")
    with pytest.raises(ResultsError, match="no documents table"):
        load_tables(tmp_path)


def test_texts_come_from_the_sources_exactly(run_dir, samples):
    tables = load_tables(run_dir)
    texts, how = document_texts(tables)
    assert set(how.values()) == {SOURCE}
    for doc_id, doc in samples.items():
        assert texts[doc_id] == doc.text
    m = tables["mentions"].iloc[0]
    assert texts[m.doc_id][m.start:m.stop] == m.text


def test_rebuilt_texts_keep_every_offset(run_dir, samples):
    tables = load_tables(run_dir)
    ids = list(samples)
    lengths = {d: len(samples[d].text) for d in ids}
    rebuilt = texts_from_sentences(tables["sentences"], ids, lengths)
    for doc_id in ids:
        assert len(rebuilt[doc_id]) == lengths[doc_id]
    for m in tables["mentions"].itertuples():
        assert rebuilt[m.doc_id][m.start:m.stop] == m.text


def test_changed_source_falls_back_to_sentences(tmp_path, nlp):
    src = tmp_path / "in" / "news.jsonl"
    src.parent.mkdir()
    records = [{"id": "a", "text": "Аким ВКО Нурымбет Сактаганов встретил гостей."},
               {"id": "b", "text": "Мэр Волжского Игорь Воронин приехал."}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                   encoding="utf-8")
    run_files([src], tmp_path / "out", "csv")
    tables = load_tables(tmp_path / "out")
    texts, how = document_texts(tables)
    assert how == {"a": SOURCE, "b": SOURCE}  # jsonl sources name file:line
    records[1]["text"] = "Совсем другой текст."
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                   encoding="utf-8")
    texts, how = document_texts(tables)
    assert how == {"a": SOURCE, "b": SENTENCES}
    assert "Игорь Воронин" in texts["b"]
