"""Tables: the contract's columns, streamed writers, CSV and Parquet read back equal."""
import pandas as pd
import pytest

from pipeline import schema as S
from pipeline.write import TableWriter, read_table


def test_every_table_has_the_contract_columns(nlp):
    tables = nlp.run(["Губернатор Астраханской области Игорь Бабушкин подписал план 11 мая 2014 г."])
    assert set(tables) == set(S.TABLES)
    for name, df in tables.items():
        assert list(df.columns) == S.COLUMNS[name]
    assert tables[S.OFFICIALS].loc[0, "person"] == "Игорь Бабушкин"


def test_offsets_index_the_text_as_decoded(nlp):
    text = "Строка один.\r\nГубернатор Астраханской области Игорь Бабушкин\tподписал план."
    doc = nlp.process(text)
    for m in doc.mentions:
        assert text[m.start:m.stop] == m.text
    for t in doc.tokens:
        assert text[t.start:t.stop] == t.text


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_written_tables_read_back_with_same_values(tmp_path, fmt):
    rows = [{"doc_id": "d1", "mention_id": "M1", "sent_id": 0, "type": "PER", "start": 0,
             "stop": 5, "text": "=SUM(A1)", "normal": "-минус", "entity_id": "P1",
             "in_boilerplate": False}]
    writer = TableWriter(tmp_path, fmt)
    writer.append(S.MENTIONS, rows)
    paths = writer.close()
    assert set(paths) == set(S.TABLES)  # empty tables still get written
    df = read_table(paths[S.MENTIONS])
    assert df.to_dict("records") == rows
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left


def test_csv_cells_are_spreadsheet_safe(tmp_path):
    writer = TableWriter(tmp_path, "csv")
    writer.append(S.ERRORS, [{"doc_id": "d", "source": "s", "stage": "read",
                              "error_type": "E", "message": "=HYPERLINK(1)"}])
    path = writer.close()[S.ERRORS]
    assert "'=HYPERLINK(1)" in path.read_text(encoding="utf-8")
    assert read_table(path).loc[0, "message"] == "=HYPERLINK(1)"


def test_aborted_writer_leaves_nothing(tmp_path):
    writer = TableWriter(tmp_path, "csv")
    writer.append(S.DOCUMENTS, [{"doc_id": "d"}])
    writer.abort()
    assert list(tmp_path.iterdir()) == []
