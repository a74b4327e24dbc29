"""Property-based tests: any text through each extractor, any value through the writers.

Every stage, run on any Unicode text (plain junk, and Russian news fragments glued together
with junk), raises nothing and keeps the records' promise: every offset lies inside the text
and `text[start:stop]` is the span's text. The stages are called directly, not through
Pipeline.process_many, which would turn an exception into an error row.
"""
import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import STAGES
from pipeline import schema as S
from pipeline.records import Document
from pipeline.write import TableWriter, read_table
from pipeline.segment import as_read, normal_text

PROPERTY = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Pieces of regional news: titles, places, names, dates, posts, datelines, punctuation.
FRAGMENTS = [
    "Губернатор", "губернатор", "Астраханской области", "Игорь Бабушкин", "аким", "акима",
    "ВКО", "Нурымбет Сактаганов", "мэр Волжского", "Игорь Воронин", "заместитель",
    "Восточно-Казахстанской области", "Казахстан", "Россия", "Республики Казахстан",
    "консул", "посол", "врио", "бывший", "глава", "Палласовского района", "г. Астрахань",
    "11 мая 2014 г.", "12.05.2020", "в 2018 году", "вчера", "в прошлом году", "XX века",
    "1990-х", "с 1 по 5 июня", "21 апреля 2025, 14:30", "Сегодня", "им.", "Е.И. Борисова",
    "«Алтай»", "ООО «Ромашка»", "МИД РФ", "АСТРАХАНЬ,", "—", "-", ".", ",", "!", "?", ":", ";",
    "(", ")", "«", "»", '"', "'", "\n", "\n\n", "\r\n", "\t", " ", "  ", "\u00a0", "\u2028",
    "\x00", "\ufffd", "Ё", "ё", "İ", "ß", "ﬁ", "😀", "а\u0301", "x" * 40,
]
news = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map(
    lambda parts: " ".join(parts))
texts = st.one_of(st.text(max_size=200), news)


def assert_spans(doc: Document) -> None:
    """Every span a stage filled indexes doc.text exactly."""
    text, n = doc.text, len(doc.text)

    def inside(start, stop, what):
        assert 0 <= start <= stop <= n, (what, start, stop, n)

    inside(doc.body_start, doc.body_stop, "body")
    for start, stop in doc.boilerplate:
        inside(start, stop, "boilerplate")
    for what in ("title", "published"):
        start, stop = getattr(doc, f"{what}_start"), getattr(doc, f"{what}_stop")
        if start != -1 or stop != -1:
            inside(start, stop, what)
    for s in doc.sentences:
        inside(s.start, s.stop, "sentence")
        assert text[s.start:s.stop] == s.text
        assert 0 <= s.token_start <= s.token_stop <= len(doc.tokens)
    for i, t in enumerate(doc.tokens):
        inside(t.start, t.stop, "token")
        # look-alike letters mended; joiners and soft hyphens inside a word left out
        assert as_read(normal_text(text)[t.start:t.stop]) == t.text
        assert t.token_id == i
    spans = list(doc.ner) + doc.mentions  # people, places, organisations, dates, positions
    for m in spans:
        inside(m.start, m.stop, m.type)
        assert text[m.start:m.stop] == m.text, (m.type, m.start, m.stop, m.text)
    for o in doc.officials + doc.open_posts:
        inside(o.start, o.stop, "official")
        if o.person_start != -1 or o.person_stop != -1:
            inside(o.person_start, o.person_stop, "official person")


@pytest.mark.parametrize("upto", [s.name for s in STAGES])
@PROPERTY
@given(text=texts)
def test_each_stage_on_any_text(models, upto, text):
    doc = Document(doc_id="d", text=text)
    for stage in STAGES:
        stage([doc], models)
        if stage.name == upto:
            break
    assert doc.status == "ok"
    assert_spans(doc)


@PROPERTY
@given(text=texts)
def test_pipeline_process_on_any_text(nlp, text):
    doc = nlp.process(text)
    assert doc.status == "ok", (doc.error_stage, doc.error)
    assert doc.text == text
    assert_spans(doc)
    assert [m.mention_id for m in doc.mentions] == [f"M{i}" for i in
                                                    range(1, len(doc.mentions) + 1)]


@settings(max_examples=40, deadline=None, database=None)
@given(text=texts)
def test_dates_scan_on_any_text(text):
    from pipeline.dates import scan

    for m in scan(text):
        assert 0 <= m.start <= m.stop <= len(text)
        assert text[m.start:m.stop] == m.text


# -- writers ----------------------------------------------------------------------------------
# Any string a document can hold (no lone surrogates: decoding never yields them), including
# the characters CSV and spreadsheets care about.
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "=1+1", "+7 (999)", "-5", "@user", "'", "'=x", "''", "\t=x", "\r",
                     '"', '""', ",", "\n", "\r\n", "NA", "nan", "null", "None", "True",
                     "false", "1e5", "007", " ", "\x00", "\ufeff", "\u2028"]),
    st.text(alphabet=st.sampled_from("=+-@'\"\t\r\n, аяAz0"), max_size=6),
)
ints = st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1)
floats = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def table_rows(draw, table):
    kinds = {"str": cells, "int": ints, "bool": st.booleans(), "float": floats}
    return draw(st.lists(st.fixed_dictionaries(
        {c: kinds[S.column_type(c)] for c in S.COLUMNS[table]}), min_size=1, max_size=4))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("table", [S.MENTIONS, S.REGIONS, S.DOCUMENTS])
@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_values_read_back_the_same(tmp_path_factory, fmt, table, data):
    rows = data.draw(table_rows(table))
    out = tmp_path_factory.mktemp("t")
    writer = TableWriter(out, fmt)
    writer.append(table, rows)
    back = read_table(writer.close()[table]).to_dict("records")
    assert len(back) == len(rows)
    for got, want in zip(back, rows):
        for column, value in want.items():
            assert got[column] == value, (column, got[column], value)


def test_unsafe_csv_reads_back_as_written(tmp_path):
    rows = [{"doc_id": "d", "source": "s", "stage": "read", "error_type": "E",
             "message": "'=kept as is"}]
    writer = TableWriter(tmp_path, "csv", safe_csv=False)
    writer.append(S.ERRORS, rows)
    path = writer.close()[S.ERRORS]
    assert path.read_text(encoding="utf-8").splitlines()[1] == "d,s,read,E,'=kept as is"
    assert read_table(path, safe_csv=False).loc[0, "message"] == "'=kept as is"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_lone_surrogates_do_not_stop_the_writer(tmp_path, fmt):
    writer = TableWriter(tmp_path, fmt)
    writer.append(S.ERRORS, [{"doc_id": "d\ud800", "source": "s", "stage": "read",
                              "error_type": "E", "message": "x\udfff"}])
    df = read_table(writer.close()[S.ERRORS])
    assert (df.loc[0, "doc_id"], df.loc[0, "message"]) == ("d\ufffd", "x\ufffd")


def test_letters_without_a_unicode_name(nlp):
    """pymorphy3 asks unicodedata for the name of every letter it shapes; some letters (Tangut,
    U+17000...) have none in Python's tables, and it raised ValueError in the segment stage."""
    doc = nlp.process("Губернатор \U00017000 Игорь Бабушкин \U00017001 прибыл.")
    assert doc.status == "ok", (doc.error_stage, doc.error)
    assert [p.name for p in doc.people] == ["Игорь Бабушкин"]


# -- reader -----------------------------------------------------------------------------------
raw_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=100).map(lambda s: s.encode("utf-8", "surrogatepass")),
    news.map(lambda s: s.encode("cp1251", "replace")),
    news.map(lambda s: s.encode("utf-16")),
    st.lists(st.sampled_from([b'{"id": "a", "text": "\xd0\xa2\xd0\xb5"}', b"{", b'"x"', b"\n",
                              b"id,text\n", b'1,"', b'"', b",", b"\r\n", b"\x00", b"\xff",
                              b"\xef\xbb\xbf", b'{"text": "\\ud800"}']),
             max_size=12).map(b"".join),
)


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html", ".jsonl.gz"])
@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=raw_bytes)
def test_any_bytes_read_without_exception(tmp_path_factory, suffix, data):
    from pipeline.read import ReadOptions, read_paths

    path = tmp_path_factory.mktemp("r") / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    docs = list(read_paths([path], ReadOptions(max_bytes=200)))
    assert docs  # every file gives at least one row: a document or the reason it has none
    for doc in docs:
        assert doc.status in ("ok", "error")
        if doc.status == "ok":
            assert doc.text.strip() and doc.encoding and not doc.error
            assert "\x00" not in doc.text
            doc.text.encode("utf-8")  # no lone surrogates left for the writers
        else:
            assert doc.error and "\n" not in doc.error and doc.error_stage == "read"
