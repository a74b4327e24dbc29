"""Events: who met whom, who visited where, what was signed, who was appointed or relieved.

A trigger (a verb or noun of `data/event_triggers.csv`, by lemma) opens an event; its arguments
come from the clause around it, read from the morphology (case, voice, tense, the preposition
governing a phrase) rather than from word distance:

- the clause is the stretch of the sentence between clause boundaries (";", a comma or dash
  before "который"/"что"/"где"/..., "а", "но"); a relative clause's "который" stands for the
  person just before it;
- a person's phrase is its post and name together ("с акимом Костанайской области Кумаром
  Аксакаловым": the officials stage gives the post's span, else the genitive words and the
  animate noun before the name), read by its case and the preposition governing it: the subject
  (nominative, no preposition) and the leader of a delegation ("во главе с X") are side "a";
  "с" + instrumental and, after verbs such as "принял", the accusative object are side "b"; the
  genitive after a noun trigger ("встреча губернатора X", "визит в край посла Y") and the agent
  of a passive ("губернатором X был подписан") are side "a"; a person after any other
  preposition ("по словам X", "для Y") takes no part; "он"/"она" stand for the person named
  before them;
- an appointment or dismissal takes the person appointed, not the one appointing: with an
  active verb ("президент назначил X") the one after it or its object, else the subject ("X
  назначен"); one event per person; one appointed "вместо X" means X was relieved;
- the place where it happened: a place after "в" / "во" in the clause, or the one visited;
- the date: the sentence's own date expression (a day, month or year; a range is a period, not
  the date of a happening; a list item's: that of the sentence introducing the list), else the
  publication date for a report of what happened;
- status: "planned" when the trigger is in the future or infinitive, or a word of
  `data/event_words.csv` stands in the clause ("планируют подписать", "состоится", "в
  программе визита").

One event per happening: a later mention of the same type sharing a participant, naming nobody
("стороны обсудили") or named as already reported ("в ходе встречи") is merged into the first; a
delegation received has also visited; a forum at which something was signed was attended by the
signers. Sentences of site boilerplate give none.

The clause is read from natasha's morphology tags (already computed by the segment stage), not
from its syntax model: the stage costs under 2% of the pipeline's time on news.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .records import Document, Event, EventParticipant
from .schema import EVENT_TYPES
from .stage import Stage

DATA = Path(__file__).parent / "data"
TYPES = EVENT_TYPES
PEOPLE_TYPES = ("appointment", "dismissal")  # the person appointed / relieved, not the authority

# Clause structure: the words that open a subordinate clause after a comma or dash, and the
# conjunctions that join two clauses.
SUBORDINATORS = frozenset({"который", "что", "где", "когда", "чтобы", "куда", "откуда", "если",
                           "поскольку", "хотя", "пока"})
CLAUSE_CONJUNCTIONS = frozenset({"а", "но", "однако"})
# Prepositions of an event's other side, and of its place.
WITH = frozenset({"с", "со"})
TOGETHER = frozenset({"вместе", "совместно"})
IN = frozenset({"в", "во"})
# Phrases that make the person after them the leader of the side ("делегация во главе с X").
LEADER = (("во", "главе", "с"), ("во", "главе", "со"), ("под", "руководством"))
PRONOUNS = frozenset({"он", "она"})
SPAN_TOKENS = 6  # how far after a verb an object of its needs may stand


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # verb / noun
    type: str
    needs: str = ""


@dataclass
class EventLexicon:
    triggers: dict = field(default_factory=dict)  # lemma -> list[Trigger]
    words: dict = field(default_factory=dict)  # kind -> frozenset of lemmas (event_words.csv)
    topics: dict = field(default_factory=dict)  # lemma -> topic

    @property
    def verbs(self) -> frozenset:
        return frozenset(lemma for lemma, ts in self.triggers.items()
                         if any(t.pos == "verb" for t in ts))

    @property
    def planned(self) -> frozenset:
        return self.words.get("planned", frozenset())

    @classmethod
    def load(cls, data: Path = DATA) -> "EventLexicon":
        lex = cls()
        for row in _rows(data / "event_triggers.csv"):
            lemma, pos, type_, needs = (row + [""] * 4)[:4]
            if type_ not in TYPES or pos not in ("verb", "noun"):
                raise ValueError(f"event_triggers.csv: bad row {row}")
            lex.triggers.setdefault(lemma, []).append(Trigger(lemma, pos, type_, needs))
        words: dict = {}
        for kind, lemma in _rows(data / "event_words.csv"):
            words.setdefault(kind, set()).add(lemma)
        lex.words = {kind: frozenset(lemmas) for kind, lemmas in words.items()}
        lex.topics = {lemma: topic for topic, lemma in _rows(data / "event_topics.csv")}
        return lex


def _rows(path: Path):
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(line for line in f if line.strip() and not line.startswith("#")):
            yield [c.strip() for c in row]


@lru_cache(maxsize=1)
def lexicon() -> EventLexicon:
    return EventLexicon.load()


# ------------------------------------------------------------------------------ sentences


@dataclass
class Occurrence:
    """A person named in a sentence: the phrase's span (post and name), its case and the
    preposition before it."""

    start: int
    stop: int
    person_id: str
    person: str
    case: str
    prep: str
    first: int  # index in the sentence's tokens where the phrase starts
    official: object = None


def _case(tokens) -> str:
    """The case of a phrase: that of its first word that has one ("новым акимом": Ins;
    "исполняющий обязанности акима": Nom)."""
    for t in tokens:
        if t.pos != "PUNCT" and t.feats.get("Case"):
            return t.feats["Case"]
    return ""


def _head_case(tokens) -> str:
    """The case of a place name: its last noun's ("Восточно-Казахстанскую область": Acc)."""
    nouns = [t for t in tokens if t.pos in ("NOUN", "PROPN") and t.feats.get("Case")]
    return nouns[-1].feats["Case"] if nouns else _case(tokens)


def _preposition(toks, first: int, post_known: bool = False, positions=()) -> tuple:
    """(preposition, its case) governing the phrase starting at toks[first], ("", "") when none:
    the phrase is the name with the genitive words and the one noun before it ("с акимом
    Туркестанской области Дарханом X", "по словам губернатора X"); "leader" for "во главе с" /
    "под руководством", "вместе с" for a companion, "post" for the holder of the post the
    phrase names ("с должности акима X")."""
    j = first - 1
    while j >= 0 and toks[j].pos in ("NOUN", "PROPN", "ADJ", "DET", "NUM") and \
            toks[j].feats.get("Case") == "Gen" and not post_known:
        j -= 1
    head = None
    if j >= 0 and toks[j].pos == "NOUN" and toks[j].feats.get("Animacy") == "Anim" and \
            j < first - 1 and post_known is False:
        head = toks[j]  # the post the name stands after ("акимом Туркестанской области X")
        j -= 1
    while j >= 0 and toks[j].pos in ("ADJ", "DET"):  # "с новым акимом"
        j -= 1
    for phrase in LEADER:
        n = len(phrase)
        if j + 1 >= n and tuple(t.text.lower() for t in toks[j + 1 - n:j + 1]) == phrase:
            return "leader", ""
        if j + 2 >= n and tuple(t.text.lower() for t in toks[j + 2 - n:j + 2]) == phrase:
            return "leader", ""
    if j >= 0 and toks[j].pos == "ADP":
        case = head.feats.get("Case", "") if head is not None else ""
        prep = toks[j].text.lower()
        if j + 1 < first and toks[j + 1].lemma in positions:
            return "post", ""  # "освобождён от должности акима X": X holds the post
        if prep in WITH and j > 0 and toks[j - 1].text.lower() in TOGETHER:
            return "вместе с", case
        return prep, case
    return "", ""


def _occurrences(doc: Document, sent, toks, people_at, officials_at, last,
                 positions=frozenset()) -> list:
    """Every person named in the sentence, with the phrase that names them; "он"/"она" stand for
    `last`, the person named last before them."""
    found = {}
    index = {t.start: i for i, t in enumerate(toks)}
    for m in people_at.get(sent.sent_id, ()):
        person_id, name = m.entity_id, people_name(doc, m.entity_id)
        start, case = m.start, ""
        post = next((o for o in officials_at.get(sent.sent_id, ())
                     if o.person_id == person_id and o.person_start == m.start
                     and 0 <= o.start < m.start and o.stop <= m.start
                     and len(doc.text[o.stop:m.start].strip(" ,\n")) <= 2), None)
        if post is not None:  # the post right before the name heads the phrase
            start = post.start
            case = _case(doc.tokens_in(post.start, post.stop))
        if not case:
            case = m.case or _case(doc.tokens_in(m.start, m.stop))
        found[m.start] = (start, m.stop, person_id, name, case, post)
    for o in officials_at.get(sent.sent_id, ()):
        # a post standing for its holder ("Губернатор подчеркнул")
        if o.person_id and o.pattern == "coreference" and o.start >= 0 and not any(
                s <= o.start < e for s, e, *_ in found.values()):
            found[o.start] = (o.start, o.stop, o.person_id, o.person,
                              _case(doc.tokens_in(o.start, o.stop)), o)
    for t in toks:
        if t.lemma in PRONOUNS and t.pos in ("PRON", "DET") and t.start not in found and not any(
                s <= t.start < e for s, e, *_ in found.values()):
            # the person named before it in the sentence, else the last subject before it
            before = [v for k, v in sorted(found.items()) if k < t.start]
            if before:
                person_id, name = before[-1][2], before[-1][3]
            elif last is not None:
                person_id, name = last.person_id, last.person
            else:
                continue
            found[t.start] = (t.start, t.stop, person_id, name, t.feats.get("Case", ""), None)
    out = []
    for start, stop, person_id, name, case, post in sorted(found.values()):
        first = index.get(start)
        if first is None or not person_id:
            continue
        prep, head_case = _preposition(toks, first, post is not None, positions)
        if toks[first].pos == "DET":  # a possessive "его": only a noun trigger's owner
            prep = "poss"
        out.append(Occurrence(start, stop, person_id, name, head_case or case, prep, first,
                              post))
    return out


def people_name(doc: Document, person_id: str) -> str:
    for p in doc.people:
        if p.person_id == person_id:
            return p.name
    return ""


def _clauses(toks) -> list:
    """(first, last) token index ranges of the sentence's clauses."""
    bounds = [0]
    for i, t in enumerate(toks):
        low = t.text.lower()
        if t.text == ";":
            bounds.append(i + 1)
        elif t.text in (",", "—", "–", "-", ":") and i + 1 < len(toks):
            ahead = [x.lemma for x in toks[i + 1:i + 4]]
            if any(a in SUBORDINATORS for a in ahead[:3]) and toks[i + 1].pos != "PUNCT":
                bounds.append(i + 1)
        elif low in CLAUSE_CONJUNCTIONS and t.pos in ("CCONJ", "SCONJ") and i > 0:
            bounds.append(i)
    bounds.append(len(toks))
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


# ------------------------------------------------------------------------------ one trigger


def _needs_met(lex: EventLexicon, trigger: Trigger, toks, i: int, lo: int, hi: int,
               occs, post_starts=frozenset(), place_starts=frozenset()) -> bool:
    if not trigger.needs:
        return True
    after = toks[i + 1:min(hi, i + 1 + SPAN_TOKENS)]
    if trigger.needs == "animate_object":
        # the verb's object, its first noun after it: a person or a guest ("принял делегацию",
        # not "принял отставку", "принял участие")
        j = next((k for k in range(i + 1, min(hi, i + 1 + SPAN_TOKENS))
                  if toks[k].pos in ("NOUN", "PROPN", "PRON")), None)
        if j is None or toks[j].feats.get("Case") not in ("Acc", None):
            return False
        if any(o.first <= j and toks[j].start < o.stop for o in occs):
            return True
        return toks[j].lemma in lex.words.get("guest", ())
    if trigger.needs == "position_object":
        near = toks[max(lo, i - SPAN_TOKENS):i] + after
        return any(t.lemma in lex.words.get("position", ()) for t in near)
    if trigger.needs == "document":
        return any(t.lemma in lex.words.get("document", ()) for t in toks[lo:hi])
    if trigger.needs == "forum_object":
        return any(t.lemma in lex.words.get("forum", ()) for t in after)
    if trigger.needs == "place_after":  # "Дни Актюбинской области"
        return i + 1 < hi and toks[i + 1].start in place_starts and \
            toks[i].feats.get("Number") == "Plur"
    if trigger.needs == "post":  # "стал врио губернатора", "новым акимом стал X"
        near = {t.start for t in toks[max(lo, i - 3):i]} | {t.start for t in after[:2]}
        return bool(near & post_starts)
    return True


def _genitive_chain(toks, i: int, hi: int) -> tuple:
    """The token range of the genitive phrase right after a noun (its dependents):
    "встреча губернатора Челябинской области Алексея Текслера"."""
    j = i + 1
    while j < hi:
        t = toks[j]
        if t.pos == "PUNCT" and t.text not in ("«", "»", '"'):
            break
        if t.pos in ("ADP", "VERB", "AUX", "SCONJ"):
            break
        if t.pos == "CCONJ" and t.text.lower() != "и":
            break
        j += 1
    return i + 1, j


def _is_planned(lex: EventLexicon, toks, i: int, lo: int, hi: int) -> bool:
    t = toks[i]
    if t.feats.get("Tense") == "Fut" or (t.pos == "VERB" and t.feats.get("VerbForm") == "Inf"):
        return True
    planned_in = lex.words.get("planned_in", ())
    for k in range(lo, hi):
        x = toks[k]
        if x.lemma in lex.planned:
            return True
        if x.lemma in planned_in and k > 0 and toks[k - 1].text.lower() in IN:
            return True
        # a future verb ("состоится", "будет подписан"), not the editorial "напомним", "отметим"
        if x.pos in ("VERB", "AUX") and x.feats.get("Tense") == "Fut" and \
                x.feats.get("Person") != "1":
            return True
        # "будет подписан": "быть" has no present but "есть", whatever the tagger says
        if x.lemma == "быть" and x.feats.get("Tense") in ("Fut", "Pres") and \
                x.text.lower() != "есть":
            return True
        if x.text.lower() == "бы":
            return True
    return False


def _negated(toks, i: int, lo: int) -> bool:
    return i > lo and toks[i - 1].text.lower() in ("не", "ни")


def _participants(lex: EventLexicon, trigger: Trigger, toks, i: int, lo: int, hi: int, occs,
                  antecedent) -> list:
    """(Occurrence, side) pairs taking part in the event the trigger at toks[i] opens."""
    inside = [o for o in occs if lo <= o.first < hi]
    subject = [o for o in inside if not o.prep and o.case in ("Nom", "")]
    # "делегация во главе с X": X leads the side the delegation is on (the subject's before the
    # verb, the object's after it)
    subject += [o for o in inside if o.prep == "leader" and (o.first < i or trigger.pos == "noun")]
    led_guests = [o for o in inside if o.prep == "leader" and o.first > i and trigger.pos == "verb"]
    if antecedent is not None and toks[lo].lemma == "который":
        subject.append(antecedent)
    passive = any(t.feats.get("Voice") == "Pass" for t in toks[lo:hi])
    agents = [o for o in inside if not o.prep and o.case == "Ins"] if passive else []
    with_ = [o for o in inside if o.prep in WITH]
    together = [o for o in inside if o.prep == "вместе с"]
    objects = [o for o in inside if not o.prep and o.case == "Acc" and o.first > i]
    gen_lo, gen_hi = _genitive_chain(toks, i, hi) if trigger.pos == "noun" else (0, 0)
    genitive = [o for o in inside if gen_lo <= o.first < gen_hi and not o.prep]
    if trigger.pos == "noun":
        # "во время его рабочей поездки": the possessor is the one who travels
        k = i - 1
        while k > lo and toks[k].pos == "ADJ":
            k -= 1
        owner = [o for o in inside if o.first == k and o.prep == "poss"]
        if owner:
            return [(o, "a") for o in owner]
    if trigger.pos == "noun" and trigger.type not in PEOPLE_TYPES:
        # "визит в Алтайский край посла Казахстана X": the genitive after a place phrase
        genitive += [o for o in inside if o.first >= gen_hi and not o.prep and o.case == "Gen"
                     and o not in genitive]
    if trigger.type in PEOPLE_TYPES:
        t = toks[i]
        if trigger.pos == "noun":
            # "отставка X"; "принял отставки трёх глав - X, Y" (the persons after it); "X ушёл в
            # отставку" (the subject); but "указ о назначении X" is signed by someone else
            before = toks[i - 1].text.lower() if i > 0 else ""
            after = [o for o in inside if o.first > i and o.prep in ("", "post")
                     and o.case != "Nom"]
            chosen = genitive or after
            if not chosen and before not in ("о", "об") and (before in IN or
                                                             toks[i - 1].pos == "ADP"):
                chosen = subject
        elif t.feats.get("Voice") == "Act" and t.feats.get("VerbForm") != "Part":
            # "президент назначил X": the one appointed stands after the verb or is its object
            after = [o for o in inside if o.first > i and o.prep in ("", "leader", "post")]
            others = [o for o in inside if o.prep in ("", "post") and o.case in ("Acc", "Gen")]
            chosen = after or others or subject
        else:
            chosen = subject or [o for o in inside if o.prep in ("", "post")
                                 and o.case in ("Acc", "Gen")]
        return [(o, "a") for o in chosen]
    if trigger.needs == "forum_object":  # "X принял участие в заседании президента Y"
        genitive = [o for o in inside if o.first > i and not o.prep and o.case == "Gen"]
    chosen = [(o, "a") for o in subject + agents + together + genitive]
    chosen += [(o, "b") for o in with_ + led_guests]
    if trigger.needs == "animate_object" or trigger.type == "meeting":
        chosen += [(o, "b") for o in objects]
    return chosen


def _sides_subject(lex: EventLexicon, toks, lo: int, hi: int) -> bool:
    """The clause's subject is "стороны" (the sides of the event reported before)."""
    sides = lex.words.get("sides", ())
    return any(t.lemma in sides and t.feats.get("Case") == "Nom"
               and t.feats.get("Number") == "Plur" for t in toks[lo:hi])


def _place(doc, toks, i: int, lo: int, hi: int, places, trigger: Trigger) -> str:
    """Where it happened: the object of "посетил", else a place after "в" in the clause."""
    index = {t.start: k for k, t in enumerate(toks)}
    best = ""
    for m in places:
        k = index.get(m.start)
        if k is None or not (lo <= k < hi) or not m.entity_id:
            continue
        prev = toks[k - 1].text.lower() if k > 0 else ""
        case = _head_case(doc.tokens_in(m.start, m.stop))
        if trigger.type == "visit" and k > i and (prev in IN or (not prev or
                                                                 toks[k - 1].pos != "ADP")
                                                   and case == "Acc"):
            return m.entity_id
        if prev in IN and case in ("Loc", "Acc", "") and not best:
            best = m.entity_id
    return best


def _own_dates(doc: Document, sent_id: int) -> list:
    """The dates a sentence states of a happening: a day, month or year (a range is a period)."""
    return [d for d in doc.dates if d.sent_id == sent_id and d.value and not d.end_value
            and d.role == "mentioned" and d.precision in ("day", "month", "year")]


def _date(doc: Document, sent, lo_char: int, hi_char: int, status: str,
          list_sent: int = -1) -> tuple:
    """(value, precision, from) of the sentence's own date (a list item's: that of the sentence
    introducing the list, `list_sent`), else the publication date."""
    own = _own_dates(doc, sent.sent_id)
    own.sort(key=lambda d: (not (lo_char <= d.start < hi_char), d.start))
    if not own and list_sent >= 0:
        own = _own_dates(doc, list_sent)
    if own:
        return own[0].value, own[0].precision, "sentence"
    if doc.published and status == "happened":
        value = doc.published[:10]
        return value, "day" if len(value) == 10 else "month", "published"
    return "", "", "none"


def _official_for(doc: Document, occ: Occurrence, sent_id: int):
    """The post a participant held: the one named in this phrase or sentence, else the
    document's first current post with a place."""
    if occ.official is not None and occ.official.role:
        return occ.official
    mine = [o for o in doc.officials if o.person_id == occ.person_id]
    same = [o for o in mine if o.sent_id == sent_id and o.region_id]
    current = [o for o in mine if o.region_id and not o.former]
    for group in (same, current, mine):
        if group:
            return group[0]
    return None


# ------------------------------------------------------------------------------ the stage


def run(doc: Document, models=None) -> None:
    lex = models.event_lexicon if models is not None else lexicon()
    people_at: dict = {}
    for p in doc.people:
        for m in p.mentions:
            people_at.setdefault(m.sent_id, []).append(m)
    officials_at: dict = {}
    for o in doc.officials:
        officials_at.setdefault(o.sent_id, []).append(o)
    gazetteer = models.gazetteer if models is not None else None
    places_at: dict = {}
    for m in doc.places:
        entry = gazetteer.get(m.entity_id) if gazetteer is not None and m.entity_id else None
        if entry is not None and entry.kind == "other":  # a sea, a river: no side of an event
            continue
        places_at.setdefault(m.sent_id, []).append(m)
    post_starts = {m.start for m in doc.positions}
    place_starts = {m.start for m in doc.places if m.entity_id}
    found = []
    mentions: set = set()  # ids of events named as already reported ("в ходе встречи")
    lemmas: dict = {}  # id of an event -> its trigger's lemma
    at_forum: list = []  # (forum, another event of its sentence)
    last = None  # the person named last: what "он" / "она" stand for
    list_sent = -1  # the sentence introducing the list ("назначены следующие акимы:") we are in
    for sent in doc.sentences:
        if sent.is_boilerplate:
            continue
        toks = doc.tokens[sent.token_start:sent.token_stop]
        list_sent = _list_intro(sent, toks, list_sent)
        if not any(t.lemma in lex.triggers for t in toks):
            if people_at.get(sent.sent_id):
                occs = _occurrences(doc, sent, toks, people_at, officials_at, last,
                                 lex.words.get("position", frozenset()))
                last = _last_subject(occs, last)
            continue
        occs = _occurrences(doc, sent, toks, people_at, officials_at, last,
                                 lex.words.get("position", frozenset()))
        topics = sorted({lex.topics[t.lemma] for t in toks if t.lemma in lex.topics})
        in_sentence = []
        for lo, hi in _clauses(toks):
            antecedent = None
            if lo > 0:
                before = [o for o in occs if o.first < lo]
                antecedent = before[-1] if before else None
            for i in range(lo, hi):
                t = toks[i]
                for trigger in lex.triggers.get(t.lemma, ()):
                    want = "noun" if t.pos in ("NOUN", "PROPN") else "verb"
                    if trigger.pos != want or _negated(toks, i, lo):
                        continue
                    if not _needs_met(lex, trigger, toks, i, lo, hi, occs, post_starts,
                                      place_starts):
                        continue
                    e = _event(doc, sent, toks, i, lo, hi, trigger, occs, antecedent,
                               places_at.get(sent.sent_id, ()), topics, lex, list_sent)
                    lemmas[id(e)] = trigger.lemma
                    if trigger.pos == "noun" and _names_known_event(lex, toks, i):
                        mentions.add(id(e))
                        # "участники встречи намерены ...": the plan is theirs; the meeting has
                        # the status of the one reported before
                        known = [k for k in found + in_sentence if k.type == e.type]
                        if known:
                            e.status = known[-1].status
                    if not e.participants and found and _sides_subject(lex, toks, lo, hi):
                        e.participants = [replace(p) for p in found[-1].participants]
                        e.regions = list(dict.fromkeys(found[-1].regions + e.regions))
                    in_sentence.extend(_implied(lex, doc, sent, toks, i, lo, hi, e, occs))
        for e in in_sentence:  # a forum's participants: those acting at it in the sentence
            if e.type == "forum":
                at_forum += [(e, other) for other in in_sentence if other is not e]
        found += in_sentence
        last = _last_subject(occs, last)
    into: dict = {}
    doc.events = _merge(found, mentions, lemmas, into)
    for forum, other in at_forum:  # "на Форуме был подписан меморандум": the signers attended
        forum, other = into.get(id(forum), forum), into.get(id(other), other)
        if forum is not other and not forum.participants and other.status == "happened":
            forum.participants = [replace(p) for p in other.participants]
    for n, e in enumerate(doc.events, 1):
        e.event_id = f"E{n}"


def _implied(lex, doc, sent, toks, i, lo, hi, e: Event, occs) -> list:
    """The event and the happenings it implies: an appointment or dismissal of several people
    is one per person; one appointed "вместо X" means X was relieved; a delegation received
    ("принял делегацию") has visited."""
    if e.type in PEOPLE_TYPES and len(e.participants) > 1:
        out = [replace(e, participants=[p], regions=[p.region_id] if p.region_id else
                       list(e.regions)) for p in e.participants]
    else:
        out = [e]
    if e.type == "appointment":
        for o in occs:
            if lo <= o.first < hi and o.prep == "вместо":
                official = _official_for(doc, o, sent.sent_id)
                region = official.region_id if official else ""
                out.append(replace(e, type="dismissal", participants=[EventParticipant(
                    person_id=o.person_id, person=o.person,
                    role=official.role if official else "", region_id=region, side="a")],
                    regions=[region] if region else list(e.regions)))
    guests = [p for p in e.participants if p.side == "b"]
    if e.type == "meeting" and toks[i].lemma in lex.words.get("receive", ()) and any(
            t.lemma in lex.words.get("delegation", ()) for t in toks[i + 1:hi]):
        out.append(replace(e, type="visit", participants=[replace(p, side="a") for p in guests],
                           regions=list(e.regions)))
    return out


def _list_intro(sent, toks, current: int) -> int:
    """The sentence_id of the sentence a list item continues: a sentence ending with ":" opens
    a list, its items ("- X назначен акимом ...;") follow; anything else closes it."""
    text = sent.text.strip()
    if current >= 0 and (text[:1] in "-–—•" or text.endswith(";")) and sent.sent_id != current:
        return current
    if text.endswith(":"):
        return sent.sent_id
    return -1


def _last_subject(occs, last):
    """The last person named as a subject (what a later "он" / "она" most likely means)."""
    subjects = [o for o in occs if not o.prep and o.case in ("Nom", "")]
    return subjects[-1] if subjects else last


def _event(doc, sent, toks, i, lo, hi, trigger, occs, antecedent, places, topics, lex,
           list_sent: int = -1) -> Event:
    t = toks[i]
    status = "planned" if _is_planned(lex, toks, i, lo, hi) else "happened"
    lo_char, hi_char = toks[lo].start, toks[hi - 1].stop
    date, precision, date_from = _date(doc, sent, lo_char, hi_char, status, list_sent)
    place_id = _place(doc, toks, i, lo, hi, places, trigger)
    participants, seen = [], set()
    regions = []
    for occ, side in _participants(lex, trigger, toks, i, lo, hi, occs, antecedent):
        if occ.person_id in seen:
            continue
        seen.add(occ.person_id)
        o = _official_for(doc, occ, sent.sent_id)
        participants.append(EventParticipant(
            person_id=occ.person_id, person=occ.person, role=o.role if o else "",
            region_id=o.region_id if o else "", organisation=o.organisation if o else "",
            side=side))
        if o is not None and o.region_id:
            regions.append(o.region_id)
    index = {x.start: k for k, x in enumerate(toks)}
    for m in places:
        k = index.get(m.start)
        if m.entity_id and k is not None and lo <= k < hi:
            regions.append(m.entity_id)
    return Event(event_id="", type=trigger.type, sent_id=sent.sent_id, start=t.start,
                 stop=t.stop, trigger=t.text, status=status, date=date,
                 date_precision=precision, date_from=date_from, place_id=place_id,
                 topics=list(topics), participants=participants,
                 regions=list(dict.fromkeys(regions)))


def _names_known_event(lex: EventLexicon, toks, i: int) -> bool:
    """A noun trigger after "на", "в ходе", "по итогам", "в рамках" ... names an event the text
    has reported already."""
    if i == 0:
        return False
    before = toks[i - 1]
    return before.lemma in lex.words.get("mention", ()) and before.pos == "ADP" or \
        before.lemma in lex.words.get("mention_noun", ())


def _is_verb_lemma(lemmas: dict, *events) -> bool:
    """All the events' triggers are verbs (a noun, "назначение", may retell any of them)."""
    verbs = lexicon().verbs
    return all(lemmas.get(id(e)) in verbs for e in events)


def _merge(events: list, mentions: set = frozenset(), lemmas=None, into=None) -> list:
    """One event per happening: a later mention joins an earlier one of the same type and
    status that shares a participant (by id or name), or the latest one when it names nobody or
    names the event as already reported ("в ходе встречи", `mentions`). `into`, when given,
    is filled with id(event) -> the event it was kept as."""
    kept: list = []
    for e in events:
        target = None
        ids = {p.person_id for p in e.participants} | {p.person for p in e.participants}
        same = [k for k in kept if k.type == e.type and k.status == e.status]
        if e.type in PEOPLE_TYPES and lemmas:
            # "стал врио губернатора ... был избран губернатором": two steps, not one retold
            same = [k for k in same if lemmas.get(id(k)) == lemmas.get(id(e))
                    or not _is_verb_lemma(lemmas, k, e)]
        if ids:
            target = next((k for k in same if ids & ({p.person_id for p in k.participants}
                                                     | {p.person for p in k.participants})),
                          None)
            if target is None and id(e) in mentions and same:
                target = same[-1]
            if target is None and e.type not in PEOPLE_TYPES:
                target = next((k for k in same if not k.participants
                               and set(k.regions) & set(e.regions)), None)
        elif same:
            if e.type in PEOPLE_TYPES:
                target = next((k for k in reversed(same) if not e.regions
                               or set(k.regions) & set(e.regions)), None)
            else:
                target = same[-1]
        if target is None:
            kept.append(e)
            if into is not None:
                into[id(e)] = e
            continue
        if into is not None:
            into[id(e)] = target
        have = {p.person_id for p in target.participants}
        target.participants += [p for p in e.participants if p.person_id not in have]
        target.regions = list(dict.fromkeys(target.regions + e.regions))
        target.topics = sorted(set(target.topics) | set(e.topics))
        if not target.place_id:
            target.place_id = e.place_id
        if e.date_from == "sentence" and target.date_from != "sentence":
            target.date, target.date_precision, target.date_from = \
                e.date, e.date_precision, e.date_from
    return kept


STAGE = Stage("events", run, requires=("sentences", "tokens", "people", "places", "dates",
                                       "officials", "positions", "published"),
              provides=("events",))
