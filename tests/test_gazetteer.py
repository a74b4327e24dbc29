"""Consistency of the gazetteer data (pipeline/data/gazetteer*.csv) and its loader."""
from __future__ import annotations

import csv
import re
import time

import pytest

from pipeline.gazetteer import ALIASES_CSV, GAZETTEER_CSV, Gazetteer, district_id

KINDS = {"country", "federal_district", "region", "city", "district", "other"}

# Russia's federal subjects as Russian sources count them since 2022: 89 = the 85 of 2014-2022
# (83 in ISO 3166-2:RU plus the Republic of Crimea and Sevastopol) + the Donetsk and Luhansk
# People's Republics + Zaporozhye and Kherson oblasts. ISO codes where ISO has one.
RU_ISO = """AD AL BA BU CE CU DA IN KB KC KK KL KO KR ME MO SA SE TA TY UD ALT KAM KDA KHA KYA PER
PRI STA ZAB AMU ARK AST BEL BRY CHE IRK IVA KEM KGD KGN KIR KLU KOS KRS LEN LIP MAG MOS MUR NGR
NIZ NVS OMS ORE ORL PNZ PSK ROS RYA SAK SAM SAR SMO SVE TAM TOM TUL TVE TYU ULY VGG VLA VLG VOR
YAR MOW SPE YEV CHU KHM NEN YAN""".split()
RU_OTHER = {"RU-X-KRM": "Республика Крым", "RU-X-SEV": "Севастополь",
            "RU-X-DPR": "Донецкая Народная Республика",
            "RU-X-LPR": "Луганская Народная Республика",
            "RU-X-ZAP": "Запорожская область", "RU-X-KHE": "Херсонская область"}
# Kazakhstan after the 2022 reform, ISO 3166-2:KZ codes as revised in 2023.
KZ = {
    "KZ-10": "Абайская область", "KZ-11": "Акмолинская область", "KZ-15": "Актюбинская область",
    "KZ-19": "Алматинская область", "KZ-23": "Атырауская область",
    "KZ-27": "Западно-Казахстанская область", "KZ-31": "Жамбылская область",
    "KZ-33": "Жетысуская область", "KZ-35": "Карагандинская область",
    "KZ-39": "Костанайская область", "KZ-43": "Кызылординская область",
    "KZ-47": "Мангистауская область", "KZ-55": "Павлодарская область",
    "KZ-59": "Северо-Казахстанская область", "KZ-61": "Туркестанская область",
    "KZ-62": "Улытауская область", "KZ-63": "Восточно-Казахстанская область",
    "KZ-71": "Астана", "KZ-75": "Алматы", "KZ-79": "Шымкент",
}


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@pytest.fixture(scope="module")
def rows():
    return read_rows(GAZETTEER_CSV)


@pytest.fixture(scope="module")
def by_id(rows):
    return {r["region_id"]: r for r in rows}


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def test_ids_unique(rows):
    ids = [r["region_id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_columns_and_kinds(rows):
    for r in rows:
        assert r["name"].strip() == r["name"] and r["name"], r
        assert r["kind"] in KINDS, r


def test_russia_has_89_federal_subjects(rows, by_id):
    subjects = [r for r in rows if r["country"] == "RU" and r["kind"] == "region"]
    assert len(subjects) == 89
    for code in RU_ISO:
        assert f"RU-{code}" in by_id, code
        assert by_id[f"RU-{code}"]["iso_code"] == f"RU-{code}"
    assert len(RU_ISO) == 83
    for rid, name in RU_OTHER.items():
        assert by_id[rid]["name"] == name
        assert by_id[rid]["iso_code"] == ""
        assert by_id[rid]["disputed"] == "UA"
    for r in subjects:
        assert r["parent_id"].startswith("RU-FD-"), r


def test_federal_districts(rows):
    fds = [r for r in rows if r["kind"] == "federal_district"]
    assert len(fds) == 8
    assert all(r["parent_id"] == "RU" for r in fds)


def test_kazakhstan_after_2022(rows, by_id):
    regions = {r["region_id"]: r["name"] for r in rows
               if r["country"] == "KZ" and r["parent_id"] == "KZ" and r["kind"] in ("region", "city")}
    assert regions == KZ
    assert sum(1 for rid in KZ if by_id[rid]["kind"] == "region") == 17


def test_canonical_names(by_id):
    assert by_id["RU-AST"]["name"] == "Астраханская область"
    assert by_id["RU-AL"]["name"] == "Республика Алтай"
    assert by_id["RU-ALT"]["name"] == "Алтайский край"
    assert by_id["KZ-63"]["name"] == "Восточно-Казахстанская область"
    assert by_id["RU"]["name"] == "Россия"
    assert by_id["KZ"]["name"] == "Казахстан"


def test_iso_codes_well_formed(rows):
    for r in rows:
        iso = r["iso_code"]
        if iso:
            assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", iso), r
            assert iso.split("-")[0] in (r["country"], r["parent_id"]), r
        if r["kind"] == "country" and re.fullmatch(r"[A-Z]{2}", r["region_id"]):
            assert r["country"] == r["region_id"], r


def test_iso_codes_exist_in_iso_3166_2(rows):
    pycountry = pytest.importorskip("pycountry")  # a build-time dependency
    codes = {s.code for s in pycountry.subdivisions}
    for r in rows:
        if r["iso_code"]:
            assert r["iso_code"] in codes, r


def test_parents_exist_and_no_cycles(rows, by_id):
    for r in rows:
        seen = {r["region_id"]}
        parent = r["parent_id"]
        while parent:
            assert parent in by_id, r
            assert parent not in seen, r
            seen.add(parent)
            parent = by_id[parent]["parent_id"]


def test_cities_of_ru_and_kz_hang_under_a_region(rows, by_id):
    for r in rows:
        if r["kind"] == "city" and r["country"] in ("RU", "KZ") and r["region_id"] not in KZ:
            assert by_id[r["parent_id"]]["kind"] == "region", r
    assert by_id["gn:1520316"]["parent_id"] == "KZ-63"  # Усть-Каменогорск
    assert by_id["gn:1519422"]["parent_id"] == "KZ-10"  # Семей, in Абайская область since 2022


def test_coordinates_in_range(rows):
    with_coords = 0
    for r in rows:
        if r["lat"] or r["lon"]:
            lat, lon = float(r["lat"]), float(r["lon"])
            assert -90 <= lat <= 90 and -180 <= lon <= 180, r
            with_coords += 1
        if r["kind"] == "city":
            assert r["lat"] and r["lon"], r
    assert with_coords > 1000


def test_russian_kazakh_places_in_bounds(rows):
    for r in rows:
        if r["country"] in ("RU", "KZ") and r["lat"] and r["kind"] in ("city", "region"):
            lat, lon = float(r["lat"]), float(r["lon"])
            assert 40 <= lat <= 78 and (19 <= lon <= 180 or lon <= -168), r


def test_wikidata_ids_well_formed(rows):
    for r in rows:
        if r["wikidata"]:
            assert re.fullmatch(r"Q[1-9][0-9]*", r["wikidata"]), r
    wd = [r["wikidata"] for r in rows if r["wikidata"]]
    assert len(wd) == len(set(wd))


def test_aliases_point_to_known_ids(by_id):
    for r in read_rows(ALIASES_CSV):
        assert r["region_id"] in by_id, r
        assert r["alias"].strip() == r["alias"] and r["alias"], r


def test_abbreviations_and_former_names(gaz):
    assert gaz.find("ВКО") == ["KZ-63"]
    assert gaz.find("ЗКО") == ["KZ-27"]
    assert gaz.find("СКО") == ["KZ-59"]
    assert gaz.find("ХМАО") == ["RU-KHM"]
    assert gaz.find("ЯНАО") == ["RU-YAN"]
    assert gaz.find("РФ") == ["RU"]
    assert gaz.find("РК") == ["KZ"]
    assert gaz.find("США") == ["US"]
    assert gaz.find("КНР") == ["CN"]
    assert gaz.find("Нур-Султан") == ["KZ-71"]
    assert gaz.find("Целиноград") == ["KZ-71"]
    assert gaz.find("Алма-Ата") == ["KZ-75"]
    assert gaz.find("Южно-Казахстанская область") == ["KZ-61"]
    assert gaz.find("Ленинград") == ["RU-SPE"]


@pytest.mark.parametrize("text, expected", [
    ("Астраханской области", "RU-AST"),
    ("Западно-Казахстанской области", "KZ-27"),
    ("Восточного Казахстана", "KZ-63"),
    ("Республики Татарстан", "RU-TA"),
    ("Татарстане", "RU-TA"),
    ("Российской Федерации", "RU"),
    ("Республике Казахстан", "KZ"),
    ("Белоруссии", "BY"),
    ("Беларуси", "BY"),
    ("Соединённых Штатов", "US"),
    ("Ханты-Мансийского автономного округа — Югры", "RU-KHM"),
    ("Кузбассе", "RU-KEM"),
    ("Жетысуской области", "KZ-33"),
    ("Абайской области", "KZ-10"),
    ("Улытауской области", "KZ-62"),
    ("Усть-Каменогорске", "gn:1520316"),
    ("Астрахани", "gn:580497"),
    ("Петербурге", "RU-SPE"),
    ("Москвы", "RU-MOW"),
])
def test_inflected_names_are_found(gaz, text, expected):
    assert expected in gaz.find(text)


def test_ambiguous_altai(gaz):
    found = set(gaz.find("Алтай"))
    assert {"RU-AL", "RU-ALT"} <= found
    assert gaz.find("Республика Алтай") == ["RU-AL"]
    assert gaz.find("Алтайский край") == ["RU-ALT"]


def test_adjectives(gaz):
    assert "RU-VGG" in gaz.adjectives["волгоградский"]
    assert gaz.adjectives["западно-казахстанский"] == ["KZ-27"]
    assert "RU" in gaz.adjectives["российский"]
    assert "KZ" in gaz.adjectives["казахстанский"]


def test_get_and_district_ids(gaz):
    assert gaz.get("RU-AST").name == "Астраханская область"
    assert gaz.get("nope") is None
    rid = district_id("Жанибекский район", "KZ-27")
    assert rid == "district:KZ-27:Жанибекский_район"
    entry = gaz.get(rid)
    assert entry.kind == "district" and entry.name == "Жанибекский район"
    assert entry.parent_id == "KZ-27" and entry.country == "KZ"
    assert gaz.get(district_id("Палласовский район")).parent_id == ""
    assert gaz.ancestors("gn:580497") == ["RU-AST", "RU-FD-S", "RU"]


def test_loaded_once_and_fast():
    from pipeline import gazetteer as G

    G._load.cache_clear()
    t = time.perf_counter()
    first = Gazetteer.load()
    elapsed = time.perf_counter() - t
    assert Gazetteer.load() is first
    assert elapsed < 1.5  # < 0.5 s on a quiet machine; slack for CI
    assert len(first.entries) > 2000


def test_word_cache_matches_pymorphy():
    """gazetteer_words.csv must be what pymorphy3 says now (else rebuild the data)."""
    from pipeline import gazetteer as G

    cache = G.read_word_cache(G.WORDS_CSV)
    assert cache, "gazetteer_words.csv was made with another pymorphy3: rerun the build script"
    for word in ["Астраханская", "Западно-Казахстанская", "область", "Шахты", "Волжский"]:
        if word in cache:
            assert cache[word] == G.compute_word_info(word)


# Wikidata ids not found in a source (see SUBJECT_WIKIDATA in scripts/build_gazetteer.py)
NO_WIKIDATA = {"KZ-10", "KZ-33", "KZ-62", "RU-X-ZAP", "RU-X-KHE"}


def test_wikidata_of_subjects_oblasts_and_countries(rows, by_id):
    subjects = [r for r in rows if r["country"] in ("RU", "KZ") and r["parent_id"] in (
        "KZ", *(f"RU-FD-{c}" for c in ("CEN", "NW", "S", "NC", "VOL", "URA", "SIB", "FE")))]
    assert len(subjects) == 89 + 20
    assert {r["region_id"] for r in subjects if not r["wikidata"]} == NO_WIKIDATA
    assert (by_id["RU-VGG"]["wikidata"], by_id["RU-AST"]["wikidata"]) == ("Q3819", "Q3941")
    assert (by_id["KZ-27"]["wikidata"], by_id["KZ-63"]["wikidata"]) == ("Q486007", "Q36156")
    assert (by_id["RU"]["wikidata"], by_id["KZ"]["wikidata"]) == ("Q159", "Q232")
    countries = [r for r in rows if r["kind"] == "country"]
    assert sum(1 for r in countries if r["wikidata"]) >= 240


def test_foreign_divisions(rows, by_id, gaz):
    """pycountry's ISO 3166-2 divisions with Russian names: real ISO codes, under their country,
    sourced Wikidata ids where the build has them, and no name taken from a city."""
    divisions = [r for r in rows if r["kind"] == "region" and r["country"] not in ("RU", "KZ")]
    assert len(divisions) > 250
    for r in divisions:
        if r["region_id"] in ("HK", "MO"):
            continue
        assert r["iso_code"] == r["region_id"] and r["region_id"][:2] == r["country"], r
        assert by_id[r["parent_id"]]["country"] == r["country"], r
    assert (by_id["GB-ESS"]["name"], by_id["GB-ESS"]["wikidata"]) == ("Эссекс", "Q23240")
    assert by_id["GB-ESS"]["parent_id"] == "GB-ENG"
    assert (by_id["JP-14"]["name"], by_id["JP-14"]["wikidata"]) == ("Канагава", "Q127513")
    assert by_id["CN-GD"]["wikidata"] == "Q15175"
    # Токио, Нагасаки, Кандагар: the bare name is the city's, the division only after its cue
    cue_only = {(rid, a) for rid, a, t in gaz.aliases if t == "cue_only"}
    assert {("JP-13", "Токио"), ("JP-42", "Нагасаки"), ("AF-KAN", "Кандагар")} <= cue_only
    assert "JP-13" not in gaz.find("Токио") and "JP-13" in gaz.find("Токио", cue="префектура")
    assert gaz.find("Эссекс") == ["GB-ESS"]
    cities = {r["name"] for r in rows if r["kind"] == "city"}
    new = [r for r in divisions if r["region_id"][:2] in ("GB", "JP", "FR", "IT", "ES", "GE", "EE",
                                                          "PL", "AU", "BR", "AF", "AM", "IN", "CA")]
    assert new and not [r["name"] for r in new if r["name"] in cities
                        and (r["region_id"], r["name"]) not in cue_only]


def test_district_gazetteer(rows, by_id, gaz):
    districts = [r for r in rows if r["region_id"].startswith("district:")]
    assert len(districts) > 1500
    for r in districts:
        assert r["kind"] == "district" and by_id[r["parent_id"]]["country"] == r["country"], r
        assert r["region_id"] == district_id(r["name"], r["parent_id"]), r
    assert by_id["district:RU-VGG:Палласовский_район"]["parent_id"] == "RU-VGG"
    assert by_id["district:KZ-27:Жанибекский_район"]["country"] == "KZ"
    assert "district:KZ-10:Урджарский_район" in by_id  # in Абайская область since 2022
    assert len(gaz.find("Советский район")) > 1
