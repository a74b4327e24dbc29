"""The regional corpus's document-level scoring (pipeline/evaluation/regional.py), on a gold
written here: the README's rules, one case each."""
import json

import pytest

from pipeline.evaluation import evaluate
from pipeline.evaluation.regional import (DocSets, Places, match_events, read_regional,
                                          role_head, score_system)

GOLD = {
    "_about": "test",
    "rd01": {"published": "2024-05-03",
             "people": ["Иван Петров", "Кайрат Нурланов"],
             "officials": [["Иван Петров", "губернатор", "Курганская область"],
                           ["Кайрат Нурланов", "аким", "Костанайская область"]],
             "regions": ["Курганская область", "Казахстан", "Татарстан"],
             "dates": ["2024-05-03", "2025/2027"],
             "events": [{"type": "meeting", "participants": ["Иван Петров", "Кайрат Нурланов"],
                         "regions": [], "date": "2024-05-02", "place": None},
                        {"type": "agreement", "participants": [],
                         "regions": ["Курганская область", "Костанайская область"],
                         "date": None, "place": None}]},
    "rd02": {"published": None, "people": [], "officials": [], "regions": [], "dates": [],
             "events": []},
}


class FakeGazetteer:
    """Enough of pipeline.gazetteer.Gazetteer for the scorer: ids by name, names by id."""

    NAMES = {"RU-KGN": "Курганская область", "KZ-39": "Костанайская область", "KZ": "Казахстан",
             "RU-TA": "Республика Татарстан"}
    ALIASES = {"татарстан": "RU-TA", "курганской области": "RU-KGN"}

    def __contains__(self, rid):
        return rid in self.NAMES

    def get(self, rid):
        name = self.NAMES.get(rid)
        return type("E", (), {"name": name, "kind": "region"})() if name else None

    def find(self, name):
        n = name.lower()
        out = [rid for rid, v in self.NAMES.items() if v.lower() == n]
        return out or ([self.ALIASES[n]] if n in self.ALIASES else [])


def doc(gold):
    return type("D", (), {"doc_id": "rd01", "gold": gold, "text": ""})()


@pytest.mark.parametrize("role, head", [
    ("врио губернатора", "врио"), ("генеральный консул", "генеральный"), ("Аким", "аким"),
    ("и. о. акима", "и.о."), ("", ""),
])
def test_role_head(role, head):
    assert role_head(role) == head


@pytest.mark.parametrize("gold, pred, same", [
    ("Татарстан", "RU-TA", True),             # an alias of the entry
    ("Республика Татарстан", "Татарстан", True),  # two names of one entry
    ("Курганская область", "KZ-39", False),
    ("Ёлкино", "Елкино", True),               # folded names, no entry
    ("", "", True), ("Казахстан", "", False),
])
def test_places_compare_through_the_gazetteer(gold, pred, same):
    assert Places(FakeGazetteer()).same(gold, pred) is same


def perfect_sets():
    return DocSets(people={"Иван Петров", "Кайрат Нурланов"},
                   officials={("Иван Петров", "губернатор", "RU-KGN"),
                              ("Кайрат Нурланов", "аким", "KZ-39")},
                   regions={"RU-KGN", "KZ", "RU-TA"}, dates={"2024-05-03", "2025/2027"},
                   published="2024-05-03",
                   events=[{"type": "meeting", "participants": ["Кайрат Нурланов"],
                            "regions": [], "date": "2024-05-02"},
                           {"type": "agreement", "participants": [],
                            "regions": ["KZ-39"], "date": ""}],
                   capabilities=frozenset({"OFFICIAL", "PER", "LOC", "DATE", "PUBLISHED",
                                           "EVENT"}))


def test_perfect_output_scores_one():
    scores = score_system([doc(GOLD["rd01"])], [perfect_sets()], Places(FakeGazetteer()))
    for key, s in scores.scores.items():
        assert s is not None and s.f1 == 1.0, key


def test_officials_place_and_role_head_decide():
    sets = perfect_sets()
    sets.officials = {("Иван Петров", "губернатор", ""),             # place missed
                      ("Кайрат Нурланов", "аким района", "KZ-39")}   # same first word
    scores = score_system([doc(GOLD["rd01"])], [sets], Places(FakeGazetteer()))
    strict = scores.scores[("officials", "person + role + place")]
    loose = scores.scores[("officials", "person + role")]
    assert (strict.tp_pred, strict.n_pred, strict.n_gold) == (1, 2, 2)
    assert loose.f1 == 1.0


def test_published_counts_undated_documents_apart():
    sets = [perfect_sets(), DocSets(published="2023-01-01",
                                    capabilities=frozenset({"PUBLISHED"}))]
    docs = [doc(GOLD["rd01"]), doc(GOLD["rd02"])]
    scores = score_system(docs, sets, Places(FakeGazetteer()))
    assert scores.scores[("published", "dated documents")].f1 == 1.0
    assert scores.scores[("published", "all documents")].tp_pred == 1
    assert scores.scores[("published", "all documents")].n_pred == 2


def test_events_match_one_to_one_and_by_date():
    gold = GOLD["rd01"]["events"]
    pred = [{"type": "meeting", "participants": ["Иван Петров"], "regions": [], "date": "2024-05-01"},
            {"type": "meeting", "participants": ["Кайрат Нурланов"], "regions": [], "date": ""},
            {"type": "agreement", "participants": [], "regions": ["RU-KGN"], "date": "",
             "status": "planned"}]
    places = Places(FakeGazetteer())
    pairs, missed, spurious = match_events(gold, pred, places, with_date=False)
    assert len(pairs) == 1 and len(spurious) == 1  # one gold meeting takes one prediction
    assert missed == [gold[1]]                        # a planned agreement is no event
    pairs, _, _ = match_events(gold, pred, places, with_date=True)
    assert pairs == []                                # the wrong date does not match


def test_evaluate_regional_on_a_written_corpus(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "texts" / "rd01.txt").write_text("Губернатор Иван Петров ...", encoding="utf-8")
    (tmp_path / "texts" / "rd02.txt").write_text("Текст.", encoding="utf-8")
    assert [d.doc_id for d in read_regional(tmp_path)] == ["rd01", "rd02"]

    class Perfect:
        name = "ours"
        pipeline = None

    import pipeline.evaluation.regional as regional

    def fake_sets(system, texts):
        return [perfect_sets(), DocSets(capabilities=perfect_sets().capabilities)]

    real = regional.system_sets
    regional.system_sets = fake_sets
    try:
        report = evaluate("regional", tmp_path, systems=(Perfect(),))
    finally:
        regional.system_sets = real
    assert report.n_docs == 2
    md = report.to_markdown()
    assert "| officials | person + role + place |" in md


def test_seas_and_macro_regions_are_not_regions():
    """The corpus README: seas, rivers, continents and macro-regions are not regions, so a place
    whose every gazetteer entry is of kind `other` is left out of the places set."""
    from pipeline.gazetteer import Gazetteer

    places = Places(Gazetteer.load())
    assert places.not_a_region("X-CASPIAN-SEA") and places.not_a_region("Урал")
    assert not places.not_a_region("RU-ORE") and not places.not_a_region("Оренбургская область")
    assert not places.not_a_region("Нигде")  # unknown to the gazetteer: kept
