"""The evaluation's own tests: tiny hand-made gold files in each corpus format.

A perfect system scores 1.0, an empty one 0.0, and a known mix gives the hand-computed figure.
No model is loaded: the systems here are stubs answering from a table.
"""
from __future__ import annotations

import pytest

from pipeline.evaluation import corpora
from pipeline.evaluation.quality import regenerate_quality
from pipeline.evaluation.run import evaluate, write_errors
from pipeline.evaluation.scoring import (EXACT, OVERLAP, Link, Pair, Sp, close_strings,
                                         levenshtein, match_facts, match_forms, match_links,
                                         match_pairs, match_spans, nested_count, norm_scores,
                                         prf)
from pipeline.evaluation.systems import Prediction, PredOfficial, PredSpan

ALL = frozenset({"PER", "LOC", "ORG", "DATE", "POSITION", "OFFICIAL", "LINK", "NORMAL"})


class TableSystem:
    """Answers each text from a {text: Prediction} table; unknown texts get nothing."""

    def __init__(self, name, table, capabilities=ALL):
        self.name = name
        self.table = table
        self.capabilities = frozenset(capabilities)

    def predict(self, texts, needs=None):
        return [self.table.get(t, Prediction([], [], self.capabilities)) for t in texts]


def span(text, sub, typ, normal="", kb="", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return PredSpan(typ, start, start + len(sub), sub, normal or sub, kb)


def off(text, sub, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def close(a, b):
    return a == pytest.approx(b, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# scoring, pure functions


def test_prf_conventions():
    assert prf(0, 0, 5).f1 == 0.0  # an empty system scores 0, not n/a
    assert prf(3, 3, 3).f1 == 1.0
    s = prf(2, 3, 4)
    assert close(s.precision, 2 / 3) and close(s.recall, 0.5)
    assert close(s.f1, 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_match_spans_exact_overlap_optional():
    gold = [Sp("d", 0, 5), Sp("d", 10, 20), Sp("e", 0, 4)]
    pred = [Sp("d", 0, 5), Sp("d", 12, 18), Sp("d", 30, 35), Sp("d", 40, 45)]
    optional = [Sp("d", 40, 50)]
    ex = match_spans(gold, pred, EXACT, optional).score
    # exact: 1 right of 3 judged (40-45 matches only an optional span under overlap, not exact)
    assert (ex.tp_pred, ex.n_pred, ex.tp_gold, ex.n_gold) == (1, 4, 1, 3)
    ov = match_spans(gold, pred, OVERLAP, optional).score
    # overlap: 0-5 and 12-18 right, 30-35 wrong, 40-45 left out (optional)
    assert (ov.tp_pred, ov.n_pred, ov.tp_gold, ov.n_gold) == (2, 3, 2, 3)
    assert close(ov.f1, 2 / 3)


def test_nested_gold_counted():
    assert nested_count([Sp("d", 0, 30), Sp("d", 10, 20), Sp("d", 40, 50)]) == 1


def test_match_pairs():
    gold = [Pair("d", 0, 10, 20, 30), Pair("d", 40, 50, 60, 70)]
    pred = [Pair("d", 2, 8, 25, 35), Pair("d", 40, 50, 0, 5)]
    m = match_pairs(gold, pred, OVERLAP)
    assert (m.score.tp_pred, m.score.n_pred, m.score.tp_gold, m.score.n_gold) == (1, 2, 1, 2)
    assert match_pairs(gold, pred, EXACT).score.f1 == 0.0


def test_match_links_judges_only_predictions_on_gold_mentions():
    gold = [Link("d", 0, 10, "Q1"), Link("d", 20, 30, "Q2"), Link("d", 40, 50, "Q3")]
    pred = [Link("d", 0, 10, "Q1"), Link("d", 20, 30, "Q9"), Link("d", 40, 50, ""),
            Link("d", 90, 99, "Q7")]
    s = match_links(gold, pred).score
    # judged: the Q1 and Q9 links (the unlinked one and the one off gold are not)
    assert (s.tp_pred, s.n_pred, s.tp_gold, s.n_gold) == (1, 2, 1, 3)


def test_normalisation_scores():
    gold = [("d", "Путина", "Путин", "PER"), ("d", "Москвы", "Москва", "LOC"),
            ("d", "Газпрома", "Газпром", "ORG"), ("d", "Путин", "Путин", "PER")]
    pred = {("d", "Путина"): "путин", ("d", "Москвы"): "Москва", ("d", "Путин"): "Путин"}
    s = norm_scores(match_forms(gold, pred))
    assert (s["PER"].n_gold, s["PER"].n_found, s["PER"].n_exact, s["PER"].n_ci) == (2, 2, 1, 2)
    assert s["ORG"].coverage == 0.0
    assert close(s["all"].coverage, 0.75) and close(s["all"].exact, 2 / 3)
    assert close(s["all"].exact_all, 0.5) and close(s["all"].ci, 1.0)


def test_levenshtein_and_scorer_equality():
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert close_strings("мэра", "мэр") and not close_strings("губернатор", "мэр")


def test_match_facts_quality():
    std = [((("who", ("юрий лужков",)), ("position", ("мэр",)), ("where", ("москва",))), False)]
    perfect = [(("who", "юрий лужков"), ("position", "мэр"), ("where", "москва"))]
    assert match_facts(std, perfect).score.f1 == 1.0
    assert match_facts(std, []).score.f1 == 0.0
    wrong_where = [(("who", "юрий лужков"), ("position", "мэр"), ("where", "петербург"))]
    s = match_facts(std, wrong_where).score
    # matched who (1) + position (0.5); spurious where (1), missed where (1): 1.5 / 3.5
    assert close(s.precision, 1.5 / 3.5) and close(s.recall, 1.5 / 3.5)
    # an ignored ("difficult") gold fact counts on neither side
    ignored = [(std[0][0], True)]
    s = match_facts(ignored, perfect).score
    assert (s.n_gold, s.n_pred) == (0, 0)
    # a system fact sharing no argument with any gold fact is a plain false positive
    other = [(("who", "борис громов"), ("position", "губернатор"))]
    s = match_facts(std, perfect + other).score
    assert close(s.precision, 0.5) and close(s.recall, 1.0)


def test_crlf_offset_map():
    text = "ab\ncd\nef"
    to_lf = corpora.crlf_offset_map(text)
    crlf = text.replace("\n", "\r\n")
    for sub in ("ab", "cd", "ef"):
        a = crlf.index(sub)
        assert text[to_lf(a):to_lf(a + 2)] == sub


# ---------------------------------------------------------------------------------------------
# NEREL (brat)

NEREL_TEXT = ("Губернатор Астраханской области Игорь Бабушкин приехал в Москву в офис Газпрома "
              "5 мая 2020 года.\n")


def write_nerel(root):
    t = NEREL_TEXT
    folder = root / "nerel" / "dev"
    folder.mkdir(parents=True)
    (folder / "1_text.txt").write_text(t, encoding="utf-8")
    lines = [
        "T1\tPROFESSION {} {}\tГубернатор Астраханской области".format(
            *off(t, "Губернатор Астраханской области")),
        "T2\tSTATE_OR_PROVINCE {} {}\tАстраханской области".format(*off(t, "Астраханской области")),
        "T3\tPERSON {} {}\tИгорь Бабушкин".format(*off(t, "Игорь Бабушкин")),
        "T4\tCITY {} {}\tМоскву".format(*off(t, "Москву")),
        "T5\tDATE {} {}\t5 мая 2020 года".format(off(t, "5 мая")[0], off(t, "года")[1]),
        "T6\tORGANIZATION {} {}\tГазпрома".format(*off(t, "Газпрома")),
        "R1\tWORKS_AS Arg1:T3 Arg2:T1\t",
        "R2\tWORKS_AS Arg1:T3 Arg2:T99\t",  # a dangling argument is skipped
        "N1\tReference T2 Wikidata:Q3990\tАстраханская область",
        "N2\tReference T4 Wikidata:Q649\tМосква",
        "N3\tReference T3 Wikidata:NULL\t",
    ]
    (folder / "1_text.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def nerel_perfect():
    t = NEREL_TEXT
    p_start, p_stop = off(t, "Губернатор Астраханской области")
    per = off(t, "Игорь Бабушкин")
    spans = [span(t, "Игорь Бабушкин", "PER"),
             span(t, "Астраханской области", "LOC", kb="Q3990"),
             span(t, "Москву", "LOC", kb="Q649"),
             PredSpan("DATE", off(t, "5 мая")[0], off(t, "года")[1], "5 мая 2020 года"),
             span(t, "Губернатор Астраханской области", "POSITION"),
             span(t, "Газпрома", "ORG")]
    officials = [PredOfficial(per[0], per[1], p_start, p_stop, "Игорь Бабушкин", "губернатор")]
    return Prediction(spans, officials, ALL)


def nerel_mixed():
    t = NEREL_TEXT
    per = off(t, "Бабушкин")
    pos = off(t, "Губернатор")
    spans = [span(t, "Бабушкин", "PER"),  # overlap only
             span(t, "Астраханской области", "LOC", kb="Q3990"),
             span(t, "Москву", "LOC", kb="Q1"),  # wrong id
             span(t, "приехал", "LOC"),  # spurious
             span(t, "мая 2020 года", "DATE"),  # overlap only
             span(t, "Губернатор", "POSITION")]  # overlap only
    officials = [PredOfficial(per[0], per[1], pos[0], pos[1], "Игорь Бабушкин", "губернатор")]
    return Prediction(spans, officials, ALL)


def test_nerel_reader(tmp_path):
    folder = write_nerel(tmp_path)
    [doc] = corpora.read_corpus("nerel", folder)
    assert {s.type for s in doc.spans} == {"PROFESSION", "STATE_OR_PROVINCE", "PERSON", "CITY",
                                           "DATE", "ORGANIZATION"}
    for s in doc.spans:
        assert doc.text[s.start:s.stop] == s.text
    assert doc.links == {"T2": "Q3990", "T4": "Q649"}
    assert [r.type for r in doc.relations] == ["WORKS_AS", "WORKS_AS"]


def test_nerel_perfect_empty_mixed(tmp_path):
    folder = write_nerel(tmp_path)
    perfect = TableSystem("perfect", {NEREL_TEXT: nerel_perfect()})
    empty = TableSystem("empty", {})
    mixed = TableSystem("mixed", {NEREL_TEXT: nerel_mixed()})
    report = evaluate("nerel", folder, systems=(perfect, empty, mixed))
    measures = {(r.measure, r.variant) for r in report.rows}
    assert ("officials", OVERLAP) in measures and ("region linking", OVERLAP) in measures
    for measure, variant in measures:
        assert report.score(measure, variant, "perfect").f1 == 1.0, (measure, variant)
        assert report.score(measure, variant, "empty").f1 == 0.0, (measure, variant)
    m = lambda measure, variant: report.score(measure, variant, "mixed")  # noqa: E731
    assert m("persons", EXACT).f1 == 0.0 and m("persons", OVERLAP).f1 == 1.0
    assert close(m("places", EXACT).precision, 2 / 3) and m("places", EXACT).recall == 1.0
    assert close(m("places", EXACT).f1, 0.8)
    assert m("dates", EXACT).f1 == 0.0 and m("dates", OVERLAP).f1 == 1.0
    assert m("positions", EXACT).f1 == 0.0 and m("positions", OVERLAP).f1 == 1.0
    assert m("officials", EXACT).f1 == 0.0 and m("officials", OVERLAP).f1 == 1.0
    assert m("region linking", OVERLAP).f1 == 1.0
    assert close(m("place linking", OVERLAP).precision, 0.5)
    assert close(m("place linking", OVERLAP).recall, 0.5)
    # the error analysis names the kinds
    kinds = {e.kind for e in report.errors[("mixed", "places", EXACT)]}
    assert "spurious: no gold entity there" in kinds
    kinds = {e.kind for e in report.errors[("mixed", "dates", EXACT)]}
    assert kinds == {"boundary: system span narrower than gold"}


def test_nerel_officials_leave_founders_out(tmp_path):
    # NEREL relates a founder by FOUNDED_BY, not WORKS_AS: such a link is not scored as one
    folder = write_nerel(tmp_path)
    t = NEREL_TEXT
    perfect = nerel_perfect()
    per, org = off(t, "Игорь Бабушкин"), off(t, "Газпрома")
    founder = PredOfficial(per[0], per[1], org[0], org[1], "Игорь Бабушкин", "основатель",
                           founder=True)
    with_founder = Prediction(perfect.spans, perfect.officials + [founder], ALL)
    report = evaluate("nerel", folder, systems=(TableSystem("f", {t: with_founder}),))
    assert report.score("officials", OVERLAP, "f").precision == 1.0


def test_missing_capability_reads_na(tmp_path):
    folder = write_nerel(tmp_path)
    baseline = TableSystem("baseline", {NEREL_TEXT: nerel_perfect()},
                           {"PER", "LOC", "ORG", "DATE"})
    report = evaluate("nerel", folder, systems=(baseline,))
    assert report.score("officials", OVERLAP, "baseline") is None
    assert report.score("persons", EXACT, "baseline").f1 == 1.0
    md = report.to_markdown()
    assert "n/a" in md and "| persons | exact |" in md


def test_errors_file(tmp_path):
    folder = write_nerel(tmp_path)
    report = evaluate("nerel", folder, systems=(TableSystem("mixed", {NEREL_TEXT: nerel_mixed()}),),
                      errors_path=tmp_path / "errors.md")
    text = (tmp_path / "errors.md").read_text(encoding="utf-8")
    assert "mixed: places (exact)" in text and "приехал" in text
    assert write_errors(report, tmp_path / "again.md").exists()


# ---------------------------------------------------------------------------------------------
# factRuEval

FRE_TEXT = "Мэр Москвы Юрий Лужков открыл выставку. Градоначальника Игоря Петрова не было."


def write_factrueval(root):
    t = FRE_TEXT
    folder = root / "factrueval" / "devset"
    folder.mkdir(parents=True)
    (root / "factrueval" / "jobs_processed.txt").write_text(
        "градоначальника | мэр\n", encoding="utf-8")

    def sp(sid, tag, sub):
        a, b = off(t, sub)
        return f"{sid} {tag} {a} {b - a} {100 + sid} 1  # {100 + sid} {sub}"

    spans = [sp(1, "job", "Мэр"), sp(2, "loc_name", "Москвы"), sp(3, "name", "Юрий"),
             sp(4, "surname", "Лужков"), sp(5, "job", "Градоначальника"),
             sp(6, "name", "Игоря"), sp(7, "surname", "Петрова")]
    (folder / "book_1.txt").write_text(t, encoding="utf-8")
    (folder / "book_1.tokens").write_text("", encoding="utf-8")
    (folder / "book_1.spans").write_text("\n".join(spans) + "\n", encoding="utf-8")
    (folder / "book_1.objects").write_text(
        "10 LocOrg 2 # Москвы\n11 Person 3 4 # Юрий Лужков\n12 Person 6 7 # Игоря Петрова\n",
        encoding="utf-8")
    (folder / "book_1.coref").write_text(
        "20 11\nfirstname Юрий\nlastname Лужков\n\n21 10\nname Москва\n\n"
        "22 12\nfirstname Игорь\nlastname Петров\n", encoding="utf-8")
    (folder / "book_1.facts").write_text(
        "1-0 Occupation\nWho obj20 Лужков Юрий\nPosition span1 Мэр\nWhere obj21 Москва\n\n"
        "1-1 Occupation\nWho obj22 Петров Игорь\nPosition span5 Градоначальника\n"
        "Фаза начало\n", encoding="utf-8")
    return root / "factrueval"


def fre_prediction(where="Москва", second=True):
    t = FRE_TEXT
    a, b = off(t, "Юрий Лужков")
    c, d = off(t, "Мэр")
    spans = [span(t, "Юрий Лужков", "PER"), span(t, "Игоря Петрова", "PER")]
    officials = [PredOfficial(a, b, c, d, "Юрий Лужков", "мэр", where)]
    if second:
        e, f = off(t, "Игоря Петрова")
        g, h = off(t, "Градоначальника")
        officials.append(PredOfficial(e, f, g, h, "Игорь Петров", "мэр"))
    return Prediction(spans, officials, ALL)


def test_factrueval_reader(tmp_path):
    root = write_factrueval(tmp_path)
    [doc] = corpora.read_corpus("factrueval", root)
    assert sorted(s.text for s in doc.spans if s.type == "PER") == ["Игоря Петрова",
                                                                    "Юрий Лужков"]
    first, second = doc.facts
    args = dict(first.args)
    assert "юрий лужков" in args["who"] and "лужков юрий" in args["who"]
    assert "москвы" in args["where"] and "москва" in args["where"]
    # the position's normal form comes from jobs_processed.txt; the phase argument is dropped
    assert dict(second.args)["position"] == ("градоначальника", "мэр")
    assert [n for n, _ in second.args] == ["who", "position"]


def test_factrueval_perfect_empty_mixed(tmp_path):
    root = write_factrueval(tmp_path)
    perfect = TableSystem("perfect", {FRE_TEXT: fre_prediction()})
    empty = TableSystem("empty", {})
    mixed = TableSystem("mixed", {FRE_TEXT: fre_prediction(where="Петербург", second=False)})
    report = evaluate("factrueval", root, systems=(perfect, empty, mixed))
    for variant in ("who+position", "who+position+where"):
        assert report.score("occupation", variant, "perfect").f1 == 1.0
        assert report.score("occupation", variant, "empty").f1 == 0.0
    assert report.score("persons", EXACT, "perfect").f1 == 1.0
    # mixed: one of two facts, its where wrong
    wp = report.score("occupation", "who+position", "mixed")
    assert wp.precision == 1.0 and close(wp.recall, 0.5)
    wpw = report.score("occupation", "who+position+where", "mixed")
    assert close(wpw.precision, 1.5 / 3.5) and close(wpw.recall, (1.5 / 3.5) / 2)


# ---------------------------------------------------------------------------------------------
# BSNLP

BSNLP_BODY = "Путин приехал в Москву.\nПутина встретили в Газпроме."


def write_bsnlp(root):
    topic = root / "bsnlp" / "topic"
    (topic / "raw" / "ru").mkdir(parents=True)
    (topic / "annotated" / "ru").mkdir(parents=True)
    header = "ru-1\nru\n2020-01-01\nhttps://example.org/1\n"
    (topic / "raw" / "ru" / "topic_ru.txt_file_1.txt").write_text(
        (header + BSNLP_BODY + "\n").replace("\n", "\r\n"), encoding="utf-8")
    (topic / "annotated" / "ru" / "topic_ru.txt_file_1.out").write_text(
        "ru-1\nПутин\tПутин\tPER\tPER-Putin\nПутина\tПутин\tPER\tPER-Putin\n"
        "Москву\tМосква\tLOC\tGPE-Moscow\nГазпроме\tГазпром\tORG\tORG-Gazprom\n"
        "Brexit\tBrexit\tEVT\tEVT-Brexit\n", encoding="utf-8")
    return root / "bsnlp"


def test_bsnlp_perfect_empty_mixed(tmp_path):
    root = write_bsnlp(tmp_path)
    [doc] = corpora.read_corpus("bsnlp", root)
    t = doc.text
    assert t == BSNLP_BODY
    perfect = Prediction([span(t, "Путин", "PER", "Путин"), span(t, "Путина", "PER", "Путин"),
                          span(t, "Москву", "LOC", "Москва"),
                          span(t, "Газпроме", "ORG", "Газпром")], [], ALL)
    mixed = Prediction([span(t, "Путин", "PER", "Путин"), span(t, "Путина", "PER", "путин"),
                        span(t, "Москву", "LOC", "Москву")], [], ALL)
    report = evaluate("bsnlp", root, systems=(TableSystem("perfect", {t: perfect}),
                                              TableSystem("empty", {}),
                                              TableSystem("mixed", {t: mixed})))
    for cat in ("PER", "LOC", "ORG", "all"):
        p = report.score("normalisation", cat, "perfect")
        assert (p.coverage, p.exact, p.ci, p.exact_all) == (1.0, 1.0, 1.0, 1.0)
        e = report.score("normalisation", cat, "empty")
        assert (e.coverage, e.exact, e.exact_all) == (0.0, 0.0, 0.0)
    per = report.score("normalisation", "PER", "mixed")
    assert (per.coverage, per.exact, per.ci) == (1.0, 0.5, 1.0)
    loc = report.score("normalisation", "LOC", "mixed")
    assert (loc.coverage, loc.exact) == (1.0, 0.0)
    assert report.score("normalisation", "ORG", "mixed").coverage == 0.0
    a = report.score("normalisation", "all", "mixed")
    assert a.n_gold == 4  # EVT is not measured
    assert close(a.coverage, 0.75) and close(a.exact, 1 / 3) and close(a.exact_all, 0.25)
    assert "coverage / exact / ci / overall" in report.to_markdown()


# ---------------------------------------------------------------------------------------------
# Collection5 (CRLF offsets over LF files)

C5_TEXT = "ТАСС\nВладимир Путин прибыл в Москву.\nОб этом сообщает РИА Новости.\n"


def write_collection5(root):
    t = C5_TEXT
    folder = root / "collection5"
    folder.mkdir(parents=True)
    crlf = t.replace("\n", "\r\n")
    lines = []
    for i, (typ, sub) in enumerate([("PER", "Владимир Путин"), ("GEOPOLIT", "Москву"),
                                    ("MEDIA", "РИА Новости")], 1):
        a = crlf.index(sub)
        lines.append(f"T{i}\t{typ} {a} {a + len(sub)}\t{sub}")
    (folder / "001.txt").write_text(t, encoding="utf-8")
    (folder / "001.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_collection5_offsets_and_scores(tmp_path):
    folder = write_collection5(tmp_path)
    [doc] = corpora.read_corpus("collection5", folder)
    assert [(s.type, s.text) for s in doc.spans] == [
        ("PER", "Владимир Путин"), ("GEOPOLIT", "Москву"), ("MEDIA", "РИА Новости")]
    for s in doc.spans:
        assert doc.text[s.start:s.stop] == s.text
    t = C5_TEXT
    perfect = Prediction([span(t, "Владимир Путин", "PER"), span(t, "Москву", "LOC"),
                          span(t, "РИА Новости", "ORG")], [], ALL)  # MEDIA: optional
    mixed = Prediction([span(t, "Путин", "PER"), span(t, "Москву", "ORG"),
                        span(t, "ТАСС", "ORG")], [], ALL)
    report = evaluate("collection5", folder,
                      systems=(TableSystem("perfect", {t: perfect}), TableSystem("empty", {}),
                               TableSystem("mixed", {t: mixed})))
    for measure in ("persons", "places"):
        for mode in (EXACT, OVERLAP):
            assert report.score(measure, mode, "perfect").f1 == 1.0
            assert report.score(measure, mode, "empty").f1 == 0.0
    org = report.score("organisations", EXACT, "perfect")
    assert (org.n_pred, org.n_gold) == (0, 0)  # the ORG on MEDIA is neither right nor wrong
    assert report.score("persons", OVERLAP, "mixed").f1 == 1.0
    assert report.score("persons", EXACT, "mixed").f1 == 0.0
    assert report.score("places", EXACT, "mixed").recall == 0.0
    kinds = {e.kind for e in report.errors[("mixed", "places", EXACT)]}
    assert kinds == {"missed: system typed it ORG"}


# ---------------------------------------------------------------------------------------------
# paths and the quality page


def test_missing_corpus_is_reported(tmp_path):
    with pytest.raises(corpora.CorpusNotFound, match="not found"):
        evaluate("nerel", tmp_path / "nowhere", systems=())
    (tmp_path / "empty").mkdir()
    with pytest.raises(corpora.CorpusNotFound, match="no nerel documents"):
        evaluate("nerel", tmp_path / "empty", systems=())
    with pytest.raises(ValueError, match="unknown corpus"):
        evaluate("conll", tmp_path, systems=())


def test_default_paths_point_at_shared():
    assert corpora.default_path("nerel").parts[-3:] == ("corpora", "nerel", "dev")
    assert corpora.default_path("factrueval").parent.parent.name == "shared"


def test_regenerate_quality(tmp_path):
    write_nerel(tmp_path)
    write_collection5(tmp_path)
    out = tmp_path / "quality.md"
    systems = (TableSystem("perfect", {NEREL_TEXT: nerel_perfect()}), TableSystem("empty", {}))
    reports = regenerate_quality(out, corpora_root=tmp_path, systems=systems,
                                 errors_path=tmp_path / "errors.md", log=lambda m: None)
    assert [r.corpus for r in reports] == ["nerel", "collection5"]
    text = out.read_text(encoding="utf-8")
    assert "- date: " in text and "- commit: " in text and "- machine: " in text
    assert "skipped (absent): factrueval" in text
    assert "| nerel | persons | exact | 1.000 | 0.000 |" in text
    assert (tmp_path / "errors.md").exists()


def test_link_error_kinds():
    from pipeline.evaluation.run import link_errors

    gold = [Link("d", 0, 10, "Q1"), Link("d", 20, 30, "Q2"), Link("d", 40, 50, "Q3")]
    pred = [Link("d", 0, 10, ""), Link("d", 20, 30, ""), Link("d", 40, 50, "Q4")]
    errors = link_errors(match_links(gold, pred), pred, {("d", 0, 10): "RU-X"})
    assert [(e.kind, e.side) for e in errors] == [
        ("resolved to an entry without a Wikidata id", "fn"),
        ("detected, not resolved", "fn"),
        ("linked to another id", "fn"),
        ("wrong id", "fp"),
    ]


# ---------------------------------------------------------------------------------------------
# the real systems on a few texts of each real corpus (skipped when ../shared is absent)


@pytest.fixture(scope="module")
def real_systems(nlp):
    from pipeline.evaluation.systems import NatashaBaseline, OursSystem

    return (OursSystem(nlp), NatashaBaseline())


@pytest.mark.parametrize("corpus", corpora.CORPORA)
def test_real_corpus_smoke(corpus, real_systems):
    path = corpora.default_path(corpus)
    if not path.exists():
        pytest.skip(f"{path} absent")
    report = evaluate(corpus, path, systems=real_systems, limit=3)
    assert report.n_docs == 3 and report.failures == {"ours": [], "natasha": []}
    scored = [r for r in report.rows if r.system == "ours" and r.score is not None]
    assert scored
    for r in scored:
        values = ((r.score.precision, r.score.recall, r.score.f1) if r.kind == "prf"
                  else (r.score.coverage, r.score.exact, r.score.ci))
        assert all(0.0 <= v <= 1.0 for v in values)
    assert report.to_markdown().count("|") > 10


# ---------------------------------------------------------------------------------------------
# a third system: rendering, the optional pullenti and its adapter


def test_three_systems_side_by_side(tmp_path):
    folder = write_nerel(tmp_path)
    partial = nerel_mixed()
    partial.warning = "processed without the DATE analyzer (it raised ValueError)"
    systems = (TableSystem("ours", {NEREL_TEXT: nerel_perfect()}), TableSystem("empty", {}),
               TableSystem("pullenti", {NEREL_TEXT: partial}, ALL - {"LINK"}))
    report = evaluate("nerel", folder, systems=systems)
    assert report.warnings["pullenti"] == {"1_text": partial.warning}
    assert report.failures["pullenti"] == []
    report.timings.update({"ours": 2.0, "empty": 1.0, "pullenti": 30.0})
    md = report.to_markdown(with_errors=False)
    assert "| measure | match | ours P / R / F1 | empty P / R / F1 | pullenti P / R / F1 |" in md
    assert "pullenti 30.0 s (15.0× ours)" in md
    assert report.score("region linking", OVERLAP, "pullenti") is None
    assert report.score("officials", OVERLAP, "pullenti").f1 == 1.0
    assert "**pullenti**" in md  # the note on how pullenti is read
    assert "**pullenti: 1 texts processed in part** (1_text): processed without the DATE" in md


def test_pullenti_not_installed_is_said(tmp_path, monkeypatch):
    from pipeline.evaluation import systems as systems_module

    def unavailable():
        raise systems_module.SystemUnavailable("pullenti is not installed (test)")

    monkeypatch.setattr(systems_module, "pullenti_processor", unavailable)
    folder = write_nerel(tmp_path)
    ours = TableSystem("ours", {NEREL_TEXT: nerel_perfect()})
    report = evaluate("nerel", folder, systems=(ours, "pullenti"))
    assert report.systems == ["ours"]
    assert "**pullenti not run**: pullenti is not installed" in report.to_markdown()
    with pytest.raises(systems_module.SystemUnavailable, match="not installed"):
        evaluate("nerel", folder, systems=("pullenti",))
    out = tmp_path / "quality.md"
    regenerate_quality(out, corpora_root=tmp_path, systems=(ours, "pullenti"),
                       log=lambda m: None)
    assert "system pullenti could not be built**: pullenti is not installed" in out.read_text(
        encoding="utf-8")


@pytest.fixture(scope="module")
def pullenti_system():
    pytest.importorskip("pullenti")
    from pipeline.evaluation.systems import PullentiBaseline

    return PullentiBaseline()  # the SDK initialises once per process (~12 s)


def test_pullenti_adapter(pullenti_system):
    text = ("Губернатор Астраханской области Игорь Бабушкин встретился 5 марта 2021 года с "
            "акимом Атырауской области Махамбетом Досмухамбетовым 🙂 в Москве.")
    [pred] = pullenti_system.predict([text])
    assert not pred.error
    for s in pred.spans:  # offsets index the text as given (the emoji does not shift them)
        assert text[s.start:s.stop] == s.text
    got = {(s.type, s.text): s.normal for s in pred.spans}
    # the person span is the name alone (pullenti's occurrence takes in the post)
    assert got[("PER", "Игорь Бабушкин")] == "Игорь Бабушкин"
    assert got[("PER", "Махамбетом Досмухамбетовым")] == "Махамбет Досмухамбетов"
    assert got[("LOC", "Астраханской области")] == "Астраханская область"
    assert got[("LOC", "Москве")] == "Москва"
    assert got[("POSITION", "Губернатор Астраханской области")] == "губернатор"
    dates = [s.text for s in pred.spans if s.type == "DATE"]
    assert dates == ["5 марта 2021 года"]  # the outermost date only
    officials = {(o.person, o.position, o.where, o.person_text, o.position_text)
                 for o in pred.officials}
    assert officials == {
        ("Игорь Бабушкин", "губернатор", "Астраханская область", "Игорь Бабушкин",
         "Губернатор Астраханской области"),
        ("Махамбет Досмухамбетов", "аким", "Атырауская область", "Махамбетом Досмухамбетовым",
         "акимом Атырауской области"),
    }


def test_pullenti_scored_and_failures_contained(pullenti_system, tmp_path, monkeypatch):
    folder = write_nerel(tmp_path)
    report = evaluate("nerel", folder, systems=(pullenti_system,))
    assert report.score("officials", OVERLAP, "pullenti").f1 == 1.0
    assert report.score("persons", EXACT, "pullenti").f1 == 1.0
    assert report.score("region linking", OVERLAP, "pullenti") is None  # no Wikidata ids

    # pullenti 4.1's date analyzer raises on this one ("year 0 is out of range"): the text is
    # processed again without it, and the prediction says so
    text = "26 марта умер Иван Петров. Вчера умер Иван Петров."
    [pred] = pullenti_system.predict([text])
    assert not pred.error and [s.text for s in pred.spans if s.type == "PER"] == ["Иван Петров"] * 2
    assert not pred.warning or "without the DATE analyzer" in pred.warning

    def boom(text, processor=None):
        raise IndexError("test")

    monkeypatch.setattr(pullenti_system, "analyse", boom)
    preds = pullenti_system.predict(["Игорь Бабушкин приехал.", ""])
    assert "IndexError" in preds[0].error and not preds[1].error


def test_occupations_without_an_employer_are_not_employment_facts(nlp):
    from pipeline.evaluation.systems import OursSystem

    (pred,) = OursSystem(nlp).predict([
        "Писатель Дмитрий Быков приехал в Уфу. Губернатор Игорь Бабушкин и директор компании "
        "«Лукойл» Иван Петров встретились. Основатель компании «Яндекс» Аркадий Волож уехал."])
    assert {(o.person, o.employment) for o in pred.officials} == {
        ("Дмитрий Быков", False), ("Игорь Бабушкин", True), ("Иван Петров", True),
        ("Аркадий Волож", False)}


def test_forms_are_keyed_without_invisible_characters():
    from pipeline.evaluation.scoring import squash

    assert squash("Тереза \u200b\u200bМэй") == squash("Тереза  Мэй") == "Тереза Мэй"
