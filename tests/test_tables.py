"""Tables: the contract's columns, streamed writers, CSV and Parquet read back equal."""
import pytest

from pipeline import schema as S
from pipeline.write import TableWriter, read_table
from pipeline.segment import normal_text


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
        assert normal_text(text)[t.start:t.stop] == t.text


@pytest.mark.parametrize("fmt", ["csv", "parquet", "parquet-dataset"])
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


@pytest.mark.parametrize("fmt", ["csv", "parquet", "parquet-dataset"])
def test_aborted_writer_leaves_nothing(tmp_path, fmt):
    writer = TableWriter(tmp_path, fmt)
    writer.append(S.DOCUMENTS, [{"doc_id": "d"}])
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def _mention(i):
    return {"doc_id": f"d{i // 3}", "mention_id": f"M{i}", "sent_id": 0, "type": "PER",
            "start": i, "stop": i + 1, "text": f"т{i}", "normal": "", "entity_id": "",
            "in_boilerplate": False}


@pytest.mark.parametrize("chunk_sizes", [[10], [1] * 10, [3, 3, 4], [7, 0, 3]])
def test_dataset_parts_break_at_the_same_rows_whatever_the_chunks(tmp_path, chunk_sizes):
    """parquet-dataset: a folder of parts of at most part_rows rows, in order, the same bytes
    however the rows were chunked."""
    from pipeline.write import format_rows

    rows = [_mention(i) for i in range(10)]

    def write(folder, sizes):
        writer, start = TableWriter(folder, "parquet-dataset", part_rows=4), 0
        for size in sizes:
            writer.append_chunk(S.MENTIONS,
                                format_rows(S.MENTIONS, rows[start:start + size], "parquet-dataset"))
            start += size
        return writer.close()[S.MENTIONS]

    reference, path = write(tmp_path / "ref", [10]), write(tmp_path / "run", chunk_sizes)
    assert path == tmp_path / "run" / S.MENTIONS and path.is_dir()
    assert [p.name for p in sorted(path.iterdir())] == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [p.read_bytes() for p in sorted(path.iterdir())] == [
        p.read_bytes() for p in sorted(reference.iterdir())]
    assert read_table(path).to_dict("records") == rows


def test_dataset_tables_are_read_by_pandas_and_replace_an_earlier_run(tmp_path):
    import pandas as pd

    first = TableWriter(tmp_path, "parquet-dataset", part_rows=2)
    first.append(S.MENTIONS, [_mention(i) for i in range(5)])  # three parts
    first.close()
    again = TableWriter(tmp_path, "parquet-dataset", part_rows=2)
    again.append(S.MENTIONS, [_mention(i) for i in range(3)])  # two parts: none of the old left
    paths = again.close()
    assert len(list(paths[S.MENTIONS].iterdir())) == 2
    assert pd.read_parquet(paths[S.MENTIONS]).to_dict("records") == [_mention(i) for i in range(3)]
    assert read_table(paths[S.ERRORS]).empty  # an empty table: one part holding the columns
    assert list(read_table(paths[S.ERRORS]).columns) == S.COLUMNS[S.ERRORS]
    assert not list(tmp_path.glob(".*"))  # no temporary or set-aside folder left


# Rows a CSV writer has to be careful with: formulas, apostrophes, "\r" and "\n" in cells,
# quotes, lone surrogates (from JSON escapes), missing values of every column type.
TRICKY = [
    {"doc_id": "d1", "mention_id": "M1", "sent_id": 0, "type": "PER", "start": 0, "stop": 5,
     "text": "=SUM(A1)", "normal": "'апостроф", "entity_id": "P1", "in_boilerplate": False},
    {"doc_id": "d1", "mention_id": "M2", "sent_id": 1, "type": "LOC", "start": 7, "stop": 9,
     "text": "a\rb", "normal": "say \"hi\", then\nleave", "entity_id": None,
     "in_boilerplate": True},
    {"doc_id": "d\ud800", "mention_id": "M3", "sent_id": None, "type": "\tORG",
     "start": float("nan"), "stop": 3, "text": "x\udc00\ry", "normal": float("nan"),
     "entity_id": "+7", "in_boilerplate": None},
    {"doc_id": "d2", "mention_id": 4, "sent_id": 2, "type": "-", "start": 1, "stop": 2,
     "text": "@user", "normal": "", "entity_id": "E", "in_boilerplate": False},
]


def _reference_csv(path, table, rows, safe_csv):
    """The CSV a plain row-by-row writer gives (what TableWriter wrote before rows were
    formatted in chunks): the bytes the chunked formatting must reproduce."""
    import csv

    from pipeline.write import _ESCAPED_START, _clean_value, _encodable

    def cell(column, value):
        value = _clean_value(column, value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if safe_csv and isinstance(value, str) and value.startswith(_ESCAPED_START):
            return "'" + value
        return value

    with open(path, "w", encoding="utf-8", newline="") as f:
        plain = csv.writer(f, lineterminator="\n")
        quoted = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
        plain.writerow(S.COLUMNS[table])
        for row in rows:
            cells = [cell(c, row.get(c)) for c in S.COLUMNS[table]]
            out = quoted if any("\r" in c for c in cells if isinstance(c, str)) else plain
            try:
                out.writerow(cells)
            except UnicodeEncodeError:
                out.writerow([_encodable(c) for c in cells])
    return path.read_bytes()


@pytest.mark.parametrize("safe_csv", [True, False])
def test_chunks_formatted_elsewhere_write_the_plain_writers_bytes(tmp_path, safe_csv):
    """Workers format rows (format_rows) and the writer only appends the chunks: the bytes are
    those of a plain row-by-row CSV writer, however the rows are split into chunks."""
    from pipeline.write import format_rows

    expected = _reference_csv(tmp_path / "reference.csv", S.MENTIONS, TRICKY, safe_csv)
    writer = TableWriter(tmp_path / "chunks", "csv", safe_csv=safe_csv)
    writer.append(S.MENTIONS, TRICKY[:1])
    for row in TRICKY[1:]:
        writer.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, [row], "csv", safe_csv))
    writer.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, [], "csv", safe_csv))
    one = TableWriter(tmp_path / "one", "csv", safe_csv=safe_csv)
    one.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, TRICKY, "csv", safe_csv))
    assert writer.close()[S.MENTIONS].read_bytes() == expected
    assert one.close()[S.MENTIONS].read_bytes() == expected
    assert writer.counts[S.MENTIONS] == one.counts[S.MENTIONS] == len(TRICKY)


def test_parquet_chunks_are_the_rows_row_groups(tmp_path):
    import pyarrow.parquet as pq

    from pipeline.write import format_rows

    rows = [r for r in TRICKY if "\ud800" not in r["doc_id"]]
    direct = TableWriter(tmp_path / "direct", "parquet")
    chunked = TableWriter(tmp_path / "chunked", "parquet")
    for row in rows:
        direct.append(S.MENTIONS, [row])
        chunked.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, [row], "parquet"))
    chunked.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, [], "parquet"))
    a, b = direct.close()[S.MENTIONS], chunked.close()[S.MENTIONS]
    assert a.read_bytes() == b.read_bytes()
    assert pq.ParquetFile(b).num_row_groups == 1  # gathered, not a row group per document


@pytest.mark.parametrize("fmt", ["parquet", "parquet-dataset"])
@pytest.mark.parametrize("chunk_sizes", [[10], [1] * 10, [3, 3, 4], [7, 0, 3]])
def test_row_groups_break_at_the_same_rows_whatever_the_chunks(tmp_path, fmt, chunk_sizes):
    """Documents' rows are gathered into row groups of row_group_rows (the last one shorter):
    the same bytes however the rows came in chunks, and a footer that does not grow with the
    number of documents."""
    import pyarrow.parquet as pq

    from pipeline.write import format_rows

    rows = [_mention(i) for i in range(10)]

    def write(folder, sizes):
        writer, start = TableWriter(folder, fmt, row_group_rows=3), 0
        for size in sizes:
            writer.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, rows[start:start + size], fmt))
            start += size
        path = writer.close()[S.MENTIONS]
        return sorted(path.iterdir()) if path.is_dir() else [path]

    reference, files = write(tmp_path / "ref", [10]), write(tmp_path / "run", chunk_sizes)
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in reference]
    (only,) = files
    meta = pq.ParquetFile(only).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [3, 3, 3, 1]
    assert read_table(only).to_dict("records") == rows


def test_a_csv_writer_refuses_parquet_chunks(tmp_path):
    from pipeline.write import format_rows

    writer = TableWriter(tmp_path, "csv")
    with pytest.raises(TypeError):
        writer.append_chunk(S.MENTIONS, format_rows(S.MENTIONS, TRICKY[:1], "parquet"))
    writer.abort()
