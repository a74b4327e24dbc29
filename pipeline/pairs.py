"""A learned last step for the officials stage: a post no construction linked to a name.

After the rules (officials.py) a post may still stand without its holder: "В мае 2017 года
Верховный суд Испании приговорил футболиста к 21 месяцу" (the footballer named a sentence
before), "в числе самых уважаемых лидеров Католической церкви", "(оба являются советниками
Белого дома)". Each person named in the post's sentence or the two before it (or the sentence
after it) is a candidate; a logistic model scores each (post, person) pair from plain features
of the text between them (distance in sentences and tokens, people named between, case of the
post and of the name, punctuation and verbs between, whether the post opens its sentence, how
often the person is named, ...), and the best candidate is linked when its score passes the
model's threshold.

The weights live in data/pair_model.json (feature -> weight), trained by
scripts/train_pairs.py on the NEREL train split (WORKS_AS relations), never on the splits the
evaluation reports.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "pair_model.json"
SENTENCES_BEFORE = 2  # a candidate is named in the post's sentence, the 2 before or the next
KINSHIP = {"дочь", "сын", "жена", "муж", "вдова", "мать", "отец", "брат", "сестра", "супруг",
           "супруга", "внук", "внучка", "невеста", "жених", "друг", "подруга", "сосед"}
VERB_POS = {"VERB", "AUX"}
OTHERS = {"другой", "иной", "остальной"}
AGE = re.compile(r"^\d+-летн", re.IGNORECASE)


@dataclass
class Candidate:
    post: object  # whatever the caller passes as the post (officials: its record tuple)
    person: object
    mention: object
    features: list


class PairModel:
    """Feature weights and a threshold (data/pair_model.json)."""

    def __init__(self, weights: dict, bias: float, threshold: float):
        self.weights, self.bias, self.threshold = weights, bias, threshold

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> PairModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data["threshold"])

    def score(self, features) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))


def _bucket(n: int, edges=(1, 2, 3, 4, 6, 10, 20)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def candidates(doc, posts, people_at, agrees) -> list:
    """Candidate (post, person) pairs with their features. `posts`: (post, span, role)
    triples, the span an officials.PositionSpan, the role its normal title; `people_at`: token
    index -> (person, mention); `agrees(span, mention, person)`: whether the title and the
    name can agree in case."""
    tokens = doc.tokens
    by_sentence = {}  # sentence -> (first token, person, mention) of each mention in it
    for k, (person, m) in sorted(people_at.items()):
        entries = by_sentence.setdefault(tokens[k].sent_id, [])
        if not entries or entries[-1][2] is not m:
            entries.append((k, person, m))
    counts = {}
    for entries in by_sentence.values():
        for _, person, _ in entries:
            counts[person.person_id] = counts.get(person.person_id, 0) + 1
    top = max(counts.values(), default=0)
    roles, holders = {}, {}  # person -> the roles the rules gave them; role -> its holders
    for o in doc.officials:
        roles.setdefault(o.person_id, set()).add(o.role)
        holders.setdefault(o.role, set()).add(o.person_id)
    out = []
    for post, span, role in posts:
        s = tokens[span.head].sent_id
        found = _post_features(tokens, span, s)
        if found is None:
            continue
        post_feats, kin = found
        pcase = tokens[span.head].feats.get("Case", "")
        gender = tokens[span.head].feats.get("Gender")
        order = _nearby(by_sentence, span, s)
        for rank, (k, person, m, t, dist) in enumerate(order, 1):
            d = s - t
            if d == 0 and kin:
                continue
            where = "same" if d == 0 else ("next" if d < 0 else f"back{d}")
            held = roles.get(person.person_id, ())
            taken = bool(holders.get(role, set()) - {person.person_id})
            agree = agrees(span, m, person)
            feats = post_feats + [
                f"where={where}", f"rank={min(rank, 4)}", f"choices={min(len(order), 3)}",
                f"taken={taken}", f"role={role}", f"held={bool(held)}",
                f"same_role={role in held}", f"where={where}_held={bool(held)}",
                f"where={where}_rank={min(rank, 4)}",
                f"mentions={_bucket(counts[person.person_id], (1, 2, 4))}",
                f"main={counts[person.person_id] == top}", f"mcase={m.case}",
                f"where={where}_pcase={pcase}", f"where={where}_mcase={m.case}",
                f"agree={agree}", f"where={where}_agree={agree}"]
            if gender and person.gender:
                feats.append(f"gender_clash={(gender == 'Fem') != (person.gender == 'f')}")
            if d == 0:
                between = _between(tokens, people_at, span, k, m, agree)
                if between is None:
                    continue
                after = k > span.head
                feats += [f"after={after}", f"dist={_bucket(dist)}",
                          f"after={after}_dist={_bucket(dist)}",
                          f"after={after}_mcase={m.case}_pcase={pcase}",
                          f"after={after}_dist={_bucket(dist)}_agree={agree}"] + between
            else:
                first = by_sentence[t][0][2] is m
                feats += [f"first_in_sentence={first}", f"where={where}_first={first}"]
            out.append(Candidate(post, person, m, feats))
    return out


def _post_features(tokens, span, s):
    """(features of the post alone, whether a relative's noun owns it), or None for a post
    no one named nearby holds ("созданы другими композиторами")."""
    before_first = tokens[span.first - 1] if span.first > 0 else None
    if before_first is not None and before_first.sent_id != s:
        before_first = None
    opens = before_first is None or before_first.text in {"—", "-", "–", ":", "«", "\""}
    j = span.first - 1  # the word the post hangs on, past adjectives
    while j > 0 and tokens[j].pos == "ADJ" and tokens[j].sent_id == s:
        if tokens[j].lemma in OTHERS:
            break
        j -= 1
    owner = tokens[j] if j >= 0 and tokens[j].sent_id == s else None
    if owner is not None and owner.lemma in OTHERS:
        return None
    # "дочь знаменитого писателя, актера и режиссера Мария Шукшина": the name in the
    # sentence is the relative's; the writer may be named elsewhere
    kin = owner is not None and owner.lemma in KINSHIP
    pcase = tokens[span.head].feats.get("Case", "")
    # a genitive post hanging on a noun ("Указом президента", "в доме артиста")
    governed = before_first is not None and before_first.pos == "NOUN"
    prep = before_first.lemma if before_first is not None and before_first.pos == "ADP" else ""
    deps = span.stop > span.role_stop
    return [f"pcase={pcase}", f"open={opens}", f"kin={kin}", f"prep={prep}",
            f"governed={governed}", f"governed={governed}_pcase={pcase}",
            f"pcat={span.category}", f"headline={s == 0}", f"former={span.former}",
            f"deps={deps}", f"pcat={span.category}_deps={deps}"], kin


def _nearby(by_sentence, span, s) -> list:
    """(first token, person, mention, sentence, distance) of each person named in the post's
    sentence (the mention nearest the title), else in the two before it (the last mention),
    else in the next (the first); nearest first: same sentence by tokens, then latest."""
    chosen = {}
    for t in range(max(0, s - SENTENCES_BEFORE), s + 2):
        for k, person, m in by_sentence.get(t, ()):
            if span.first <= k < span.stop:
                continue
            pid = person.person_id
            if t == s:
                dist = abs(k - span.head)
                if pid not in chosen or chosen[pid][3] != s or dist < chosen[pid][4]:
                    chosen[pid] = (k, person, m, s, dist)
            elif t < s:
                if pid not in chosen or chosen[pid][3] != s:
                    chosen[pid] = (k, person, m, t, 0)
            elif pid not in chosen:
                chosen[pid] = (k, person, m, t, 0)
    return sorted(chosen.values(), key=lambda c: (c[3] != s, c[4], -c[0]))


def _between(tokens, people_at, span, k, m, agree):
    """Features of the words between a post and a name in its sentence, or None where the
    rules' grammar already judged the pair: a name right after a title it does not agree with
    ("Указом президента Сергей Иванов назначен ..."), a name past a relative ("дочь
    президента Иванка Трамп", "у артиста и его супруги певицы Бейонсе")."""
    after = k > span.head
    lo, hi = (span.stop, k) if after else (m_end(tokens, k, m), span.first)
    between = tokens[lo:hi]
    if after and not agree and all(AGE.match(x.text) for x in between) or \
            any(x.lemma in KINSHIP for x in between):
        return None
    texts = {x.text for x in between}
    others = {id(people_at[j][1]) for j in range(lo, hi) if j in people_at}
    verb = any(x.pos in VERB_POS for x in between)
    return [f"others={min(len(others), 2)}", f"comma={',' in texts}",
            f"dash={bool(texts & {'—', '–', '-'})}", f"paren={'(' in texts or ')' in texts}",
            f"colon={':' in texts}", f"and={'и' in texts}",
            f"quote={bool(texts & {'«', '»'})}", f"verb={verb}", f"after={after}_verb={verb}"]


def m_end(tokens, k, m) -> int:
    """The token index after the mention whose first token is at or before k."""
    while k < len(tokens) and tokens[k].stop <= m.stop:
        k += 1
    return k


def choose(doc, posts, people_at, agrees, model) -> list:
    """The best candidate of each post whose score passes the threshold."""
    if model is None or not posts:
        return []
    return best_per_post(((id(c.post), model.score(c.features), c)
                          for c in candidates(doc, posts, people_at, agrees)), model.threshold)


def best_per_post(scored, threshold: float) -> list:
    """Of (post key, score, value) triples, the value of each post's highest score at or above
    `threshold` (the first of equal scores), posts in the order first seen. The one rule for
    running and for training (scripts/train_pairs.py), so the threshold is tuned on it."""
    best = {}
    for key, score, value in scored:
        if score >= threshold and (key not in best or score > best[key][0]):
            best[key] = (score, value)
    return [value for _, value in best.values()]
