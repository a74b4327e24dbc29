"""Scores: pure functions over plain tuples, no corpus or system knowledge.

Conventions, the same for every measure:

* precision = correct predictions / predictions, recall = gold items found / gold items,
  F1 their harmonic mean; a zero denominator gives 0.0 (an empty system scores 0.0, not "n/a").
* ``exact``: the spans are equal; ``overlap``: they share at least one character. Under
  ``overlap`` a prediction is correct when it overlaps *some* gold item and a gold item is found
  when *some* prediction overlaps it (no one-to-one constraint, so nested gold spans, as in
  NEREL, can all be found by one prediction).
* *optional* gold items (ignored types, embedded objects) are never counted as missed; a
  prediction that matches only optional items is left out of the precision count.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional

EXACT = "exact"
OVERLAP = "overlap"
MODES = (EXACT, OVERLAP)


class Sp(NamedTuple):
    """A span of a document: the unit every span measure compares."""

    doc: str
    start: int
    stop: int
    type: str = ""
    text: str = ""


@dataclass(frozen=True)
class Score:
    tp_pred: float = 0.0  # predictions judged correct (precision numerator)
    n_pred: int = 0
    tp_gold: float = 0.0  # gold items found (recall numerator)
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp_pred + other.tp_pred, self.n_pred + other.n_pred,
                     self.tp_gold + other.tp_gold, self.n_gold + other.n_gold)

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp_pred": self.tp_pred, "n_pred": self.n_pred,
                "tp_gold": self.tp_gold, "n_gold": self.n_gold}


def prf(tp: float, n_pred: int, n_gold: int) -> Score:
    """A Score with one true-positive count for both sides."""
    return Score(tp, n_pred, tp, n_gold)


def spans_match(a: Sp, b: Sp, mode: str) -> bool:
    if mode == EXACT:
        return a.start == b.start and a.stop == b.stop
    if mode == OVERLAP:
        return a.start < b.stop and b.start < a.stop
    raise ValueError(f"unknown match mode {mode!r}")


def _by_doc(items: Iterable) -> dict:
    out = defaultdict(list)
    for it in items:
        out[it[0]].append(it)
    return out


def _unique(spans: Iterable[Sp]) -> list:
    seen, out = set(), []
    for s in spans:
        key = (s.doc, s.start, s.stop)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


@dataclass
class SpanMatch:
    score: Score
    gold_found: list  # list[(Sp, bool)]
    pred_correct: list  # list[(Sp, bool | None)]  None: matched only optional gold


def match_spans(gold: Iterable[Sp], pred: Iterable[Sp], mode: str = EXACT,
                optional: Iterable[Sp] = ()) -> SpanMatch:
    """Span precision / recall under `mode`. Types are not compared: filter them first."""
    gold, pred, optional = _unique(gold), _unique(pred), _unique(optional)
    g_doc, p_doc, o_doc = _by_doc(gold), _by_doc(pred), _by_doc(optional)
    gold_found, pred_correct = [], []
    for g in gold:
        gold_found.append((g, any(spans_match(g, p, mode) for p in p_doc.get(g.doc, ()))))
    for p in pred:
        if any(spans_match(g, p, mode) for g in g_doc.get(p.doc, ())):
            pred_correct.append((p, True))
        elif any(spans_match(o, p, mode) for o in o_doc.get(p.doc, ())):
            pred_correct.append((p, None))
        else:
            pred_correct.append((p, False))
    tp_gold = sum(1 for _, ok in gold_found if ok)
    judged = [ok for _, ok in pred_correct if ok is not None]
    score = Score(sum(1 for ok in judged if ok), len(judged), tp_gold, len(gold))
    return SpanMatch(score, gold_found, pred_correct)


def span_scores(gold, pred, optional=(), modes=MODES) -> dict:
    """{mode: Score} for each match mode."""
    gold, pred, optional = list(gold), list(pred), list(optional)
    return {m: match_spans(gold, pred, m, optional).score for m in modes}


# ---------------------------------------------------------------------------------------------
# pairs (person, position) and links


class Pair(NamedTuple):
    """Two spans of one document: (person, position) for officials."""

    doc: str
    a_start: int
    a_stop: int
    b_start: int
    b_stop: int
    a_text: str = ""
    b_text: str = ""

    @property
    def a(self) -> Sp:
        return Sp(self.doc, self.a_start, self.a_stop, "", self.a_text)

    @property
    def b(self) -> Sp:
        return Sp(self.doc, self.b_start, self.b_stop, "", self.b_text)


def pairs_match(g: Pair, p: Pair, mode: str) -> bool:
    return spans_match(g.a, p.a, mode) and spans_match(g.b, p.b, mode)


@dataclass
class PairMatch:
    score: Score
    gold_found: list  # list[(Pair, bool)]
    pred_correct: list  # list[(Pair, bool)]


def match_pairs(gold: Iterable[Pair], pred: Iterable[Pair], mode: str = OVERLAP) -> PairMatch:
    """A predicted pair is right when both its spans match (under `mode`) those of a gold pair."""
    gold = list(dict.fromkeys(gold))
    pred = list(dict.fromkeys(pred))
    g_doc, p_doc = _by_doc(gold), _by_doc(pred)
    gold_found = [(g, any(pairs_match(g, p, mode) for p in p_doc.get(g.doc, ()))) for g in gold]
    pred_correct = [(p, any(pairs_match(g, p, mode) for g in g_doc.get(p.doc, ()))) for p in pred]
    score = Score(sum(ok for _, ok in pred_correct), len(pred),
                  sum(ok for _, ok in gold_found), len(gold))
    return PairMatch(score, gold_found, pred_correct)


class Link(NamedTuple):
    """A span linked to a knowledge-base id (Wikidata "Q..."); "" when not linked."""

    doc: str
    start: int
    stop: int
    kb_id: str
    text: str = ""


@dataclass
class LinkMatch:
    score: Score
    gold_found: list  # list[(Link, bool)]
    pred_correct: list  # list[(Link, bool)] only predictions that overlap a gold mention


def match_links(gold: Iterable[Link], pred: Iterable[Link], mode: str = OVERLAP) -> LinkMatch:
    """Linking accuracy on the gold mentions.

    A gold mention is found when a prediction matching its span (under `mode`) carries its id.
    Only linked predictions that match some gold mention's span are judged (a link elsewhere is
    not wrong, just not gold-annotated); one is correct when its id equals such a mention's id.
    """
    gold = list(dict.fromkeys(gold))
    pred = [p for p in dict.fromkeys(pred) if p.kb_id]
    g_doc, p_doc = _by_doc(gold), _by_doc(pred)

    def sp(x):
        return Sp(x.doc, x.start, x.stop)

    gold_found = [
        (g, any(p.kb_id == g.kb_id and spans_match(sp(g), sp(p), mode)
                for p in p_doc.get(g.doc, ())))
        for g in gold
    ]
    pred_correct = []
    for p in pred:
        hits = [g for g in g_doc.get(p.doc, ()) if spans_match(sp(g), sp(p), mode)]
        if hits:
            pred_correct.append((p, any(g.kb_id == p.kb_id for g in hits)))
    score = Score(sum(ok for _, ok in pred_correct), len(pred_correct),
                  sum(ok for _, ok in gold_found), len(gold))
    return LinkMatch(score, gold_found, pred_correct)


# ---------------------------------------------------------------------------------------------
# normalisation (BSNLP)


@dataclass(frozen=True)
class NormScore:
    n_gold: int = 0  # gold mention forms
    n_found: int = 0  # forms the system found as a mention at all
    n_exact: int = 0  # found, and `normal` == gold base form
    n_ci: int = 0  # found, and equal ignoring case (and ё/е)

    @property
    def coverage(self) -> float:
        return self.n_found / self.n_gold if self.n_gold else 0.0

    @property
    def exact(self) -> float:
        """Accuracy on the forms found."""
        return self.n_exact / self.n_found if self.n_found else 0.0

    @property
    def ci(self) -> float:
        return self.n_ci / self.n_found if self.n_found else 0.0

    @property
    def exact_all(self) -> float:
        """Accuracy on every gold form (a form not found counts as wrong)."""
        return self.n_exact / self.n_gold if self.n_gold else 0.0

    @property
    def ci_all(self) -> float:
        return self.n_ci / self.n_gold if self.n_gold else 0.0

    def __add__(self, other: "NormScore") -> "NormScore":
        return NormScore(self.n_gold + other.n_gold, self.n_found + other.n_found,
                         self.n_exact + other.n_exact, self.n_ci + other.n_ci)


def fold(s: str) -> str:
    return " ".join(s.replace("ё", "е").replace("Ё", "Е").lower().split())


# zero-width and other invisible format characters: str.split() does not count them as spaces
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), " ")


def squash(s: str) -> str:
    """Whitespace-normalised surface form, the key forms are looked up by (zero-width spaces
    count as spaces: "Тереза \u200b\u200bМэй" is "Тереза Мэй")."""
    return " ".join(s.translate(INVISIBLE).split())


class FormResult(NamedTuple):
    doc: str
    form: str
    base: str
    category: str
    normal: Optional[str]  # None: the form was not found

    @property
    def exact(self) -> bool:
        return self.normal is not None and self.normal == self.base

    @property
    def ci(self) -> bool:
        return self.normal is not None and fold(self.normal) == fold(self.base)


def match_forms(gold: Iterable[tuple], pred: dict) -> list:
    """`gold`: (doc, form, base, category) tuples; `pred`: {(doc, form): normal} (the forms a
    system found, keyed by whitespace-normalised surface). Returns one FormResult per gold form."""
    out = []
    for doc, form, base, category in gold:
        normal = pred.get((doc, squash(form)))
        out.append(FormResult(doc, form, base, category, normal))
    return out


def norm_scores(results: Iterable[FormResult]) -> dict:
    """{category: NormScore} plus "all"."""
    acc = defaultdict(NormScore)
    for r in results:
        found = r.normal is not None
        one = NormScore(1, int(found), int(r.exact), int(r.ci))
        acc[r.category] = acc[r.category] + one
        acc["all"] = acc["all"] + one
    return dict(acc)


# ---------------------------------------------------------------------------------------------
# factRuEval-2016 facts, after dialent/task3/eval.py of the task's own scorer

ARG_WEIGHTS = {"position": 0.5, "фаза": 0.5}


def levenshtein(a: str, b: str) -> int:
    if len(b) > len(a):
        a, b = b, a
    if not b:
        return len(a)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        cur = [i + 1] + [0] * len(b)
        for j, cb in enumerate(b):
            cur[j + 1] = min(cur[j] + 1, prev[j + 1] + 1, prev[j] + (ca != cb))
        prev = cur
    return prev[-1]


def close_strings(a: str, b: str, threshold: int = 2) -> bool:
    """The scorer's string equality: Levenshtein distance <= 2 (after normalisation)."""
    if abs(len(a) - len(b)) > threshold:
        return False
    return levenshtein(a, b) <= threshold


def arg_matches(std_arg: tuple, test_arg: tuple) -> bool:
    """std_arg = (name, values); test_arg = (name, value)."""
    return std_arg[0] == test_arg[0] and any(close_strings(v, test_arg[1]) for v in std_arg[1])


def fact_can_match(std_args: tuple, test_args: tuple) -> bool:
    return any(arg_matches(s, t) for s in std_args for t in test_args)


def _doc_metric(tp_std, tp_test, n_std, n_test) -> float:
    """The scorer's per-document F1 (its Metrics: an empty side counts 1.0)."""
    p = tp_test / n_test if n_test > 0 else 1.0
    r = tp_std / n_std if n_std > 0 else 1.0
    if n_std + n_test == 0:
        return 1.0
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def cluster_quality(std_args: tuple, tests: list, weights=ARG_WEIGHTS) -> dict:
    """Quality of one gold fact matched with one or more system facts (`tests`: arg tuples)."""
    t_args = [(k, a) for k, t in enumerate(tests) for a in t]
    matched_s, unmatched_t = set(), []
    t_by_s = defaultdict(list)
    for k, t in t_args:
        for i, s in enumerate(std_args):
            if arg_matches(s, t):
                matched_s.add(i)
                t_by_s[i].append(k)
                break
        else:
            unmatched_t.append(t)
    w = lambda name: weights.get(name, 1.0)  # noqa: E731
    n = sum(w(std_args[i][0]) for i in matched_s)
    fp = sum(w(t[0]) for t in unmatched_t)
    fn = sum(w(s[0]) for i, s in enumerate(std_args) if i not in matched_s)
    arg_q = n / (n + fp + fn) if n + fp + fn else 0.0
    if len(tests) == 1:
        id_q = 1.0
    else:
        # as in the scorer, which walks the first len(matched) gold arguments
        k = len(matched_s)
        denom = k * (k - 1) / 2
        edges = set()
        for i in range(k):
            for j in range(i + 1, k):
                if set(t_by_s[i]) & set(t_by_s[j]):
                    edges.add((i, j))
        id_q = 1.0 if denom == 0 else len(edges) / denom
    return {"quality": (arg_q + id_q * arg_q) / 2.0, "arg_quality": arg_q, "id_quality": id_q,
            "unmatched_std": [s[0] for i, s in enumerate(std_args) if i not in matched_s],
            "unmatched_test": [t[0] for t in unmatched_t]}


@dataclass
class FactMatch:
    score: Score
    clusters: list  # list[(std index | None, [test indices], quality dict)]


def match_facts(std: list, test: list, weights=ARG_WEIGHTS, max_search: int = 20000) -> FactMatch:
    """One document's facts of one tag, scored as the factRuEval-2016 task 3 scorer does.

    `std`: list of (args, ignored) with args = ((name, values), ...); `test`: list of arg
    tuples ((name, value), ...). Each system fact is assigned to one gold fact it shares an
    argument with, or to none, choosing the assignment with the best document F1 (exhaustive,
    like the scorer, up to `max_search` assignments; greedy beyond). Fact quality is
    (arg_q + id_q * arg_q) / 2 with arg_q = weighted matched / (matched + spurious + missed)
    arguments (position weighs 0.5). Recall sums the gold facts' qualities, precision the system
    facts'; facts marked ignored count on neither side.
    """
    options = [[i for i, (args, _) in enumerate(std) if fact_can_match(args, t)] for t in test]

    def evaluate(assign):
        groups = defaultdict(list)
        for ti, si in enumerate(assign):
            if si >= 0:
                groups[si].append(ti)
        tp_std = tp_test = 0.0
        n_std = n_test = 0
        clusters = []
        for si, (args, ignored) in enumerate(std):
            tis = groups.get(si, [])
            if ignored:
                q = {"quality": 0.0, "ignored": True}
            elif tis:
                q = cluster_quality(args, [test[t] for t in tis], weights)
            else:
                q = {"quality": 0.0, "unmatched_std": [a[0] for a in args], "unmatched_test": []}
            clusters.append((si, tis, q))
            if not ignored:
                n_std += 1
                n_test += len(tis)
                tp_std += q["quality"]
                tp_test += q["quality"] * len(tis)
        for ti, si in enumerate(assign):
            if si < 0:
                n_test += 1
                clusters.append((None, [ti], {"quality": 0.0}))
        return Score(tp_test, n_test, tp_std, n_std), clusters

    def f1_of(score):
        return _doc_metric(score.tp_gold, score.tp_pred, score.n_gold, score.n_pred)

    space = 1
    for o in options:
        space *= len(o) + 1
    best = None
    if space <= max_search:
        def search(k, assign):
            nonlocal best
            if k == len(test):
                sc, cl = evaluate(assign)
                if best is None or f1_of(best[0]) < f1_of(sc):
                    best = (sc, cl)
                return
            for si in options[k]:
                search(k + 1, assign + [si])
            search(k + 1, assign + [-1])

        search(0, [])
    else:  # greedy: each system fact in turn takes the choice that helps most so far
        assign = []
        for k in range(len(test)):
            choices = options[k] + [-1]
            scored = []
            for si in choices:
                trial = assign + [si] + [-1] * (len(test) - k - 1)
                scored.append((f1_of(evaluate(trial)[0]), si))
            assign.append(max(scored, key=lambda x: x[0])[1])
        best = evaluate(assign)
    return FactMatch(best[0], best[1])


# ---------------------------------------------------------------------------------------------
# error kinds


class ErrorCase(NamedTuple):
    kind: str  # "missed", "spurious", "boundary: pred wider", ...
    side: str  # "fn" (a gold item missed) or "fp" (a wrong prediction)
    doc: str
    gold: str  # text of the gold item ("" for a spurious prediction)
    pred: str  # text of the prediction ("" for a missed gold item)
    start: int = -1  # where to show context
    stop: int = -1
    detail: str = ""  # finer key, e.g. the words the boundaries differ by


def boundary_kind(g: Sp, p: Sp) -> str:
    if p.start <= g.start and g.stop <= p.stop:
        return "boundary: system span wider than gold"
    if g.start <= p.start and p.stop <= g.stop:
        return "boundary: system span narrower than gold"
    return "boundary: crossing"


def boundary_detail(text: str, g: Sp, p: Sp) -> str:
    """The words by which two overlapping spans differ, e.g. "gold +left 'в'"."""
    parts = []
    if g.start < p.start:
        parts.append(f"gold +left '{_clip(text[g.start:p.start])}'")
    elif p.start < g.start:
        parts.append(f"system +left '{_clip(text[p.start:g.start])}'")
    if p.stop < g.stop:
        parts.append(f"gold +right '{_clip(text[p.stop:g.stop])}'")
    elif g.stop < p.stop:
        parts.append(f"system +right '{_clip(text[g.stop:p.stop])}'")
    return ", ".join(parts)


def _clip(s: str, n: int = 30) -> str:
    s = " ".join(s.split())
    words = s.split()
    if len(words) > 3:
        return f"<{len(words)} words>"
    return s if len(s) <= n else s[: n - 1] + "…"


def span_errors(match: SpanMatch, gold_all: Iterable[Sp], pred_all: Iterable[Sp],
                texts: dict, mode: str) -> list:
    """Why each missed gold span was missed and each wrong prediction was wrong.

    `gold_all` / `pred_all` hold every typed span of the documents (all measures), so a miss can
    be told apart as "typed otherwise by us" and a wrong prediction as "on a gold <TYPE>".
    """
    g_all, p_all = _by_doc(gold_all), _by_doc(pred_all)
    gold_in = _by_doc(g for g, _ in match.gold_found)
    pred_in = _by_doc(p for p, _ in match.pred_correct)
    out = []
    missed = {g for g, ok in match.gold_found if not ok}
    for g, ok in match.gold_found:
        if ok:
            continue
        text = texts.get(g.doc, "")
        same = [p for p in pred_in.get(g.doc, ()) if spans_match(g, p, OVERLAP)]
        if same:
            p = min(same, key=lambda p: abs(p.start - g.start) + abs(p.stop - g.stop))
            merged = [x for x in gold_in.get(g.doc, ()) if spans_match(x, p, OVERLAP)
                      and not (x.start <= g.start and g.stop <= x.stop)
                      and not (g.start <= x.start and x.stop <= g.stop)]
            kind = ("boundary: system span runs over several gold spans" if merged
                    else boundary_kind(g, p))
            out.append(ErrorCase(kind, "fn", g.doc, g.text, p.text, g.start,
                                 g.stop, boundary_detail(text, g, p)))
            continue
        other = [p for p in p_all.get(g.doc, ()) if spans_match(g, p, OVERLAP)]
        if other:
            p = other[0]
            out.append(ErrorCase(f"missed: system typed it {p.type}", "fn", g.doc, g.text, p.text,
                                 g.start, g.stop, f"{g.type} as {p.type}"))
        else:
            out.append(ErrorCase("missed", "fn", g.doc, g.text, "", g.start, g.stop, g.type))
    for p, ok in match.pred_correct:
        if ok is not False:
            continue
        text = texts.get(p.doc, "")
        same = [g for g in gold_in.get(p.doc, ()) if spans_match(g, p, OVERLAP)]
        if same:
            # a boundary error is one event: it is listed once, with the gold span it misses
            if any(g in missed for g in same):
                continue
            g = min(same, key=lambda g: abs(p.start - g.start) + abs(p.stop - g.stop))
            out.append(ErrorCase("extra span over a gold span found otherwise", "fp", p.doc,
                                 g.text, p.text, p.start, p.stop, boundary_detail(text, g, p)))
            continue
        other = [g for g in g_all.get(p.doc, ()) if spans_match(g, p, OVERLAP)]
        if other:
            g = max(other, key=lambda g: min(g.stop, p.stop) - max(g.start, p.start))
            out.append(ErrorCase(f"spurious: on a gold {g.type}", "fp", p.doc, g.text, p.text,
                                 p.start, p.stop, g.type))
        else:
            out.append(ErrorCase("spurious: no gold entity there", "fp", p.doc, "", p.text,
                                 p.start, p.stop, _clip(p.text)))
    return out


def nested_count(spans) -> int:
    """How many spans lie inside another span of the same document (nested annotation)."""
    n = 0
    for doc_spans in _by_doc(_unique(spans)).values():
        for a in doc_spans:
            if any(b is not a and b.start <= a.start and a.stop <= b.stop
                   and (b.start, b.stop) != (a.start, a.stop) for b in doc_spans):
                n += 1
    return n


def _spread(items: list, n: int) -> list:
    """Up to `n` examples, different texts and different strings first."""
    picked, docs, strings = [], set(), set()
    for strict in (2, 1, 0):
        for c in items:
            if len(picked) >= n:
                return picked
            if c in picked:
                continue
            key = (c.gold, c.pred)
            if strict == 2 and (c.doc in docs or key in strings):
                continue
            if strict == 1 and key in strings:
                continue
            picked.append(c)
            docs.add(c.doc)
            strings.add(key)
    return picked


def summarize_errors(cases: Iterable[ErrorCase], n_examples: int = 5) -> list:
    """[(kind, side, count, [examples], Counter(detail))], commonest first."""
    groups = defaultdict(list)
    for c in cases:
        groups[(c.kind, c.side)].append(c)
    out = []
    for (kind, side), items in groups.items():
        details = Counter(c.detail for c in items if c.detail)
        out.append((kind, side, len(items), _spread(items, n_examples), details))
    return sorted(out, key=lambda x: (-x[2], x[0]))
