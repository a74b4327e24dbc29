"""The run-wide steps out of core (runwide.RunWide) give the rows Aggregates gives in memory,
in the same order, while holding no more than a few rows at a time."""
import hashlib

import pytest

from pipeline import schema as S
from pipeline.records import Document, Mention, Official, Person
from pipeline.runwide import WORK_PREFIX, RunWide
from pipeline.tables import Aggregates

pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def gazetteer():
    from pipeline.gazetteer import Gazetteer

    return Gazetteer.load()


def person(name, first, last, spans, middle="", gender="m", variants=None):
    pid = "P" + hashlib.sha1(name.encode()).hexdigest()[:10]
    return Person(person_id=pid, name=name, first=first, middle=middle, last=last,
                  gender=gender, mentions=[Mention("PER", a, b, name) for a, b in spans],
                  variants=variants or [name])


def official(p, position, role, region_id="", start=0, country="", acting=False, former=False,
             category="head_of_region"):
    return Official(person_id=p.person_id if p else "", person=p.name if p else "",
                    position=position, role=role, region_id=region_id, country=country,
                    start=start, stop=start + len(position), category=category,
                    person_start=-1 if p is None else p.mentions[0].start,
                    person_stop=-1 if p is None else p.mentions[0].stop, acting=acting,
                    former=former, pattern="" if p is None else "apposition")


def place(region_id, sent_id=0):
    return Mention("LOC", 0, 5, "место", entity_id=region_id, sent_id=sent_id)


BABUSHKIN = person("Игорь Бабушкин", "Игорь", "Бабушкин", [(40, 54), (300, 308)],
                   variants=["Игорь Бабушкин", "Бабушкина"])
BABUSHKIN_TYPO = person("Игорь Бабушкен", "Игорь", "Бабушкен", [(10, 24)])
BABUSHKIN_SHORT = person("Бабушкин", "", "Бабушкин", [(120, 128)])
VORONIN = person("Игорь Воронин", "Игорь", "Воронин", [(60, 73), (500, 507)])
TWIN = person("Игорь Воронин", "Игорь", "Воронин", [(900, 913)])  # the same id again
SAKTAGANOV = person("Нурымбет Сактаганов", "Нурымбет", "Сактаганов", [(70, 89)])


def documents():
    """A small run with every case the run-wide steps handle: posts resolved by place and in
    their document, an ambiguous post left open, people merged across documents (a typo with
    a post in common, a surname alone), undated documents, one id used twice."""
    return [
        Document(doc_id="a", text="", published="2024-03-01T10:00",
                 people=[BABUSHKIN, VORONIN],
                 officials=[official(BABUSHKIN, "губернатор Астраханской области", "губернатор",
                                     "RU-AST", 20, "RU"),
                            official(VORONIN, "мэр Волжского", "мэр", "gn:472231", 45, "RU",
                                     category="head_of_municipality")],
                 places=[place("RU-AST"), place("gn:472231", 1), place("RU-AST", 2)]),
        Document(doc_id="b", text="", published="2024-05-02",
                 people=[BABUSHKIN, SAKTAGANOV],
                 open_posts=[official(None, "губернатор Астраханской области", "губернатор",
                                      "RU-AST", 5, "RU"),
                             official(None, "губернатор", "губернатор", "", 200),
                             official(None, "аким", "аким", "", 250, category="head")],
                 places=[place("RU-AST"), place("KZ-63", 3)]),
        Document(doc_id="c", text="", published="",
                 people=[BABUSHKIN_TYPO, BABUSHKIN_SHORT],
                 officials=[official(BABUSHKIN_TYPO, "губернатор Астраханской области",
                                     "губернатор", "RU-AST", 0, "", acting=True)],
                 places=[place("unknown-place")]),
        Document(doc_id="d", text="", published="2023-12-31",
                 people=[VORONIN, TWIN, SAKTAGANOV],
                 officials=[official(SAKTAGANOV, "аким Восточно-Казахстанской области", "аким",
                                     "KZ-63", 30, "KZ", category="head_of_region"),
                            official(VORONIN, "бывший мэр Волжского", "мэр", "gn:472231", 400,
                                     "RU", former=True, category="head_of_municipality")],
                 open_posts=[official(None, "мэр Волжского", "мэр", "gn:472231", 700, "RU")],
                 places=[place("KZ-63"), place("KZ-63")]),
        Document(doc_id="a", text="", published="2024-06-01",  # "a" again: another document
                 people=[VORONIN],
                 open_posts=[official(None, "губернатор", "губернатор", "", 30)]),
    ]


def out_of_core(gazetteer, docs, tmp_path, **options):
    rw = RunWide(gazetteer, tmp_path, **options)
    try:
        for doc in docs:
            rw.add(doc)
        found = {}
        for table, rows in rw.final_chunks():
            found.setdefault(table, []).extend(rows)
        return found
    finally:
        rw.close()


def in_memory(gazetteer, docs):
    agg = Aggregates(gazetteer)
    for doc in docs:
        agg.add(doc)
    return agg.final_rows()


@pytest.mark.parametrize("options", [
    {},
    {"flush_rows": 1, "chunk_rows": 1},  # every row its own row group and chunk
    {"flush_rows": 3, "chunk_rows": 2, "memory_limit": "48MB"},
])
def test_out_of_core_rows_are_the_in_memory_rows(gazetteer, tmp_path, options):
    docs = documents()
    expected = in_memory(gazetteer, docs)
    found = out_of_core(gazetteer, docs, tmp_path, **options)
    for table in (S.OFFICIALS, S.PEOPLE, S.REGIONS, S.POSTS):
        assert found.get(table, []) == expected[table], table


def test_the_cases_are_all_there(gazetteer, tmp_path):
    """The run above does exercise what it claims to (else the comparison proves little)."""
    found = out_of_core(gazetteer, documents(), tmp_path)
    resolved = found[S.OFFICIALS]
    assert {(r["doc_id"], r["role"], r["region_id"], r["person"]) for r in resolved} == {
        # by place, from document a; the bare one after it is the same post: one row
        ("b", "губернатор", "RU-AST", "Игорь Бабушкин"),
        ("d", "мэр", "gn:472231", "Игорь Воронин"),
    }  # "аким" in b: no holder linked in b; "губернатор" in the second a: none either
    people = {r["name"]: r for r in found[S.PEOPLE]}
    assert people["Игорь Бабушкин"]["merged_ids"]  # the typo and the surname joined in
    assert "Игорь Бабушкен" not in people
    assert "Бабушкин" in people  # a surname alone, with no post to agree: apart
    assert people["Игорь Воронин"]["n_docs"] == 2  # "a" twice counts once, as it did
    assert people["Игорь Бабушкин"]["first_seen"] == "2024-03-01"
    regions = {r["region_id"]: r for r in found[S.REGIONS]}
    assert regions["RU-AST"]["n_mentions"] == 3 and regions["RU-AST"]["n_docs"] == 2
    assert "unknown-place" not in regions


def test_empty_run(gazetteer, tmp_path):
    found = out_of_core(gazetteer, [], tmp_path)
    assert all(not rows for rows in found.values())


def test_rows_are_held_only_until_a_row_group_is_full(gazetteer, tmp_path):
    rw = RunWide(gazetteer, tmp_path, flush_rows=10)
    try:
        for i in range(200):
            for doc in documents():
                doc.doc_id = f"{doc.doc_id}{i}"
                rw.add(doc)
            assert sum(len(rows) for rows in rw._rows.values()) < 10 + 12
        assert sum(1 for _ in rw.final_chunks()) > 0
    finally:
        rw.close()
    assert not list(tmp_path.glob(f"{WORK_PREFIX}*"))  # the work folder goes with it


def test_the_cache_forgets_what_a_run_did_not_mark_seen(tmp_path):
    """The run's document keys are kept on disk by the cache (not in a set of the process):
    what the run did not see is forgotten at its end, as before."""
    from pipeline.cache import ResultCache, pack
    from pipeline.records import Document
    from pipeline.runner import DocResult

    def result(key):
        return DocResult(key, "ok", "", {}, Document(doc_id=key, text=""))

    cache = ResultCache(tmp_path)
    try:
        cache.put_many([(k, pack(result(k))) for k in ("old", "kept", "new")])
        cache.mark_seen(["kept", "new"])
        cache.mark_seen(["new"])  # a key marked twice
        cache.keep_only_seen()
        assert set(cache.get_many(["old", "kept", "new"])) == {"kept", "new"}
    finally:
        cache.close()
