"""The region_links table: pairs of places of different countries named in one document."""
from __future__ import annotations

import pytest

from pipeline import schema as S
from pipeline.gazetteer import Gazetteer
from pipeline.records import Document, Mention
from pipeline.tables import document_rows, first_level, region_link_rows


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def doc_with(places, doc_id="d1", published="2024-05-01"):
    """A document with the given (sent_id, entity_id[, in_boilerplate]) place mentions."""
    doc = Document(doc_id=doc_id, text="", published=published)
    for k, (sent_id, entity_id, *rest) in enumerate(places):
        doc.places.append(Mention(type="LOC", start=k, stop=k + 1, text="x", sent_id=sent_id,
                                  entity_id=entity_id, in_boilerplate=bool(rest and rest[0])))
    return doc


def pairs(rows):
    return {(r["region_id_a"], r["region_id_b"], r["scope"], r["n_sentences"]) for r in rows}


def test_first_level(gaz):
    assert first_level("RU-VGG", gaz) == "RU-VGG"
    assert first_level("gn:472231", gaz) == "RU-VGG"  # Волжский
    assert first_level("district:RU-VGG:Палласовский_район", gaz) == "RU-VGG"
    assert first_level("district:KZ-27:Жанибекский_район", gaz) == "KZ-27"
    assert first_level("KZ-71", gaz) == "KZ-71"  # Астана, a city of republican significance
    assert first_level("RU-MOW", gaz) == "RU-MOW"
    assert first_level("KZ", gaz) == "KZ"
    assert first_level("district:-:Палласовский_район", gaz) == ""
    assert first_level("X-CASPIAN-SEA", gaz) == ""
    assert first_level("", gaz) == ""


def test_regions_of_different_countries_pair_up(gaz):
    doc = doc_with([(0, "RU-VGG"), (0, "KZ-27"), (1, "gn:472231"), (2, "RU-SAR")])
    rows = region_link_rows(doc, gaz)
    assert pairs(rows) == {("KZ-27", "RU-SAR", "document", 0),
                           ("KZ-27", "RU-VGG", "sentence", 1)}
    row = next(r for r in rows if r["region_id_b"] == "RU-VGG")
    assert (row["name_a"], row["country_a"]) == ("Западно-Казахстанская область", "KZ")
    assert (row["name_b"], row["country_b"]) == ("Волгоградская область", "RU")
    assert row["published"] == "2024-05-01" and row["doc_id"] == "d1"


def test_cities_and_districts_roll_up_and_count_sentences(gaz):
    doc = doc_with([(0, "gn:580497"), (0, "KZ-23"),  # Астрахань, Атырауская область
                    (1, "RU-AST"), (1, "gn:610529"),  # Атырау
                    (2, "district:KZ-27:Жанибекский_район"), (2, "gn:472231")])
    assert pairs(region_link_rows(doc, gaz)) == {
        ("KZ-23", "RU-AST", "sentence", 2), ("KZ-27", "RU-VGG", "sentence", 1),
        ("KZ-23", "RU-VGG", "document", 0), ("KZ-27", "RU-AST", "document", 0)}


def test_country_counts_only_without_its_regions(gaz):
    # "Казахстан" stands for itself while no Kazakh oblast is named ...
    doc = doc_with([(0, "RU-AST"), (0, "KZ"), (1, "RU")])
    assert pairs(region_link_rows(doc, gaz)) == {("KZ", "RU-AST", "sentence", 1)}
    # ... and gives way to the oblast once one is
    doc = doc_with([(0, "RU-AST"), (0, "KZ"), (1, "KZ-23"), (1, "RU")])
    assert pairs(region_link_rows(doc, gaz)) == {("KZ-23", "RU-AST", "document", 0)}


def test_same_country_unlinked_boilerplate_and_countryless_places_give_nothing(gaz):
    doc = doc_with([(0, "RU-VGG"), (0, "RU-AST"), (0, ""), (0, "X-CASPIAN-SEA"),
                    (1, "KZ-23", True)])
    assert region_link_rows(doc, gaz) == []
    assert region_link_rows(doc_with([]), gaz) == []


def test_order_is_deterministic(gaz):
    a = doc_with([(0, "RU-VGG"), (0, "KZ-27"), (0, "CN"), (1, "RU-ALT"), (1, "KZ-63")])
    b = doc_with([(1, "KZ-63"), (1, "RU-ALT"), (0, "CN"), (0, "KZ-27"), (0, "RU-VGG")])
    rows = region_link_rows(a, gaz)
    assert rows == region_link_rows(b, gaz)
    keys = [(r["region_id_a"], r["region_id_b"]) for r in rows]
    assert keys == sorted(keys) and all(x < y for x, y in keys)


def test_document_rows_and_contract(gaz):
    doc = doc_with([(0, "RU-VGG"), (0, "KZ-27")])
    rows = document_rows(doc)[S.REGION_LINKS]
    assert rows and set(rows[0]) == set(S.COLUMNS[S.REGION_LINKS])


def test_samples_region_links(nlp):
    """The sample articles: which Russian region works with which Kazakh oblast."""
    from tests.conftest import RAW

    links = nlp.run([RAW])[S.REGION_LINKS]
    got = {(r.doc_id, r.region_id_a, r.region_id_b) for r in links.itertuples()
           if r.scope == "sentence"}
    assert {("000_9e177089ba3a9f17", "KZ-27", "RU-VGG"),
            ("002_2cf5135a9f6ab4d7", "KZ-23", "RU-AST"),
            ("003_ac6e4927fc8ab90f", "KZ", "RU-AST"),
            ("004_e14b758417d2576f", "KZ-63", "RU-ALT")} <= got
    assert list(links.columns) == S.COLUMNS[S.REGION_LINKS]
    # a Kazakh oblast named in the document replaces Kazakhstan in its pairs
    assert not ((links.doc_id == "004_e14b758417d2576f") & (links.region_id_a == "KZ")).any()
