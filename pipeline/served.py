"""The place each post serves, read from the whole document, and one row per person's post.

The officials stage links a person to a post by the construction around them and takes the
place served from the post's own phrase ("губернатор Курганской области"). News names the place
once — in the headline, the dateline, a first sentence — and then writes "губернатор Иван Петров",
"аким области", "глава региона". This step, run on each document after the officials stage:

1. diplomats serve the state that sends them: "генеральный консул Казахстана в Самаре" serves
   Kazakhstan, Samara is the consulate's seat (`seat_id`);
2. a post whose phrase names no place takes it, in this order (`place_from` says which):
   ``holder`` — the one place the same person's other posts in the document serve;
   ``title`` — the one place the same title is given with elsewhere in the document, held by no
   one else; ``body`` — a national body's country ("председатель Совета Федерации"), when the
   document names it; ``document`` — the place of the kind the post serves (served_places.csv: a
   governor a federal subject, an akim a Kazakh oblast, city or district, "глава района" a
   district) that the document is about: named in the headline, or clearly the most named;
3. roles as written for the table: a rank or abbreviation written out (role_forms.csv), an acting
   post as "врио X" / "и.о. X";
4. one person, one post, one row: the titles one post is given in a document ("губернатор",
   "глава региона", "глава Курганской области") become the row with the most specific title
   (naming its place, else the first); `n_mentions` counts the mentions it stands for.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .positions import fold, read_rows
from .stage import Stage

DATA = Path(__file__).parent / "data"

# "X в Самаре", "посол при ООН": a diplomat's place after these is the seat, not the sender
SEAT_PREPOSITIONS = {"в", "во", "при"}
# posts held for a state or body somewhere else: a consul, "представитель МИД России в Нижнем
# Новгороде" (an envoy "в Сибирском федеральном округе" serves that district: not here)
SEATED = {"diplomat", "representative"}
# posts no one holds beside another post the same document names ("губернатор", "посол")
EXCLUSIVE = {"head_of_state", "head_of_government", "head_of_region", "head_of_municipality",
             "diplomat"}
# headline mentions count this many times a body mention when choosing the document's place
HEADLINE_WEIGHT = 3
# the document's place must be named at least this many times as often as the runner-up
DOMINANCE = 2.0


@dataclass(frozen=True)
class ServedRule:
    kinds: frozenset  # gazetteer kinds the post can serve ("capital": the title country's)
    prefer: tuple = ()  # countries whose places are taken first
    named: str = ""  # a word the place's own name must hold ("край" of "губернатор края")


@lru_cache(maxsize=None)
def served_rules(path: str = str(DATA / "served_places.csv")) -> dict:
    rules = {}
    for row in read_rows(Path(path)):
        key = row["key"]
        rules[key] = ServedRule(frozenset(row["kinds"].split("|")),
                                tuple(c for c in (row.get("prefer") or "").split("|") if c),
                                key.split(":", 1)[1] if row.get("named") == "1" else "")
    return rules


@lru_cache(maxsize=None)
def role_forms(path: str = str(DATA / "role_forms.csv")) -> dict:
    return {fold(row["written"]): row["role"] for row in read_rows(Path(path))}


def run(doc, models) -> None:
    for o in doc.open_posts:
        o.role = canonical_role(o)
    _subject_posts(doc, models)
    if not doc.officials:
        return
    gazetteer = models.gazetteer
    for o in doc.officials:
        o.place_from = "phrase" if o.region_id else ""
        o.n_mentions = 1
    _diplomats(doc, gazetteer)
    rules = served_rules()
    heads = models.positions.first_words  # the first lemma of every title known
    for o in doc.officials:
        o.role = _nominative_head(o.role, heads, models.morph)
        if o.organisation and "word:" + fold(o.organisation.lower()) in rules:
            o.organisation = ""  # "вице-губернатор края": a place to find, not a body
        before = doc.text[max(0, o.start - 12):o.start].split()
        o.role = canonical_role(o, bool(before) and fold(before[-1].lower()) == "временно")
    within = _locators(doc, rules, gazetteer, models.morph)
    _in_brackets(doc, gazetteer)
    _from_holder(doc, rules, gazetteer, models.morph)
    _from_title(doc, rules, gazetteer, models.morph)
    _from_body(doc, rules, gazetteer)
    _from_document(doc, rules, gazetteer, models.morph, within)
    doc.officials = one_row_per_post(doc.officials, gazetteer)


# ---------------------------------------------------------------------------------------------
# a post named as the next sentence's subject

def _subject_posts(doc, models) -> None:
    """"Александр Моор встретился с послом ... . Губернатор Тюменской области проинформировал
    ...": an official post opening a sentence in the nominative, with no name, is the post of
    the person the sentence before opens with, when that person holds no other official post
    in the document and no one else holds this one."""
    official = models.positions.post_categories
    kept = []
    for p in doc.open_posts:
        holder = _previous_subject(doc, p) if p.category in official else None
        if holder is None:
            kept.append(p)
            continue
        person, m = holder
        doc.officials.append(replace(
            p, person_id=person.person_id, person=person.name, person_start=m.start,
            person_stop=m.stop, pattern="subject"))
        for pos in doc.positions:
            if (pos.start, pos.stop) == (p.start, p.stop):
                pos.entity_id = person.person_id
    doc.open_posts = kept
    # a guess from context (pairs.py) is no one's whose own post the document names otherwise
    named = {}
    for o in doc.officials:
        if o.pattern not in ("context", "coreference"):
            named.setdefault(o.person_id, []).append(o)
    for o in list(doc.officials):
        if o.pattern == "context" and o.category in EXCLUSIVE and named.get(o.person_id) and \
                not any(x.category == o.category for x in named[o.person_id]):
            doc.officials.remove(o)
            doc.open_posts.append(replace(o, person_id="", person="", person_start=-1,
                                          person_stop=-1, pattern=""))
    doc.officials.sort(key=lambda o: (o.start, o.person_start))


def _previous_subject(doc, post):
    sent = doc.sentences[post.sent_id] if 0 <= post.sent_id < len(doc.sentences) else None
    if sent is None or post.sent_id == 0 or sent.is_boilerplate:
        return None
    first = doc.tokens_in(sent.start, post.start)
    if any(t.pos not in ("PUNCT", "ADJ") for t in first):  # the post opens the sentence
        return None
    title = doc.tokens_in(post.start, post.stop)
    if not title or title[0].feats.get("Case") != "Nom":
        return None
    prev = doc.sentences[post.sent_id - 1]
    if prev.is_boilerplate:
        return None
    mentions = sorted((m.start, i, person, m) for i, person in enumerate(doc.people)
                      for m in person.mentions if prev.start <= m.start < prev.stop)
    if not mentions:
        return None
    _, _, person, m = mentions[0]
    if m.case not in ("Nom", "") or doc.tokens_in(prev.start, m.start):
        return None  # the sentence opens with its subject's name
    for o in doc.officials:
        if o.person_id == person.person_id and o.category != post.category:
            return None  # his post is another
        if o.person_id != person.person_id and o.role == post.role and \
                o.region_id == post.region_id:
            return None  # another holds this one
    return person, m


# ---------------------------------------------------------------------------------------------
# diplomats

def _diplomats(doc, gazetteer) -> None:
    for o in doc.officials:
        if o.category not in SEATED:
            continue
        senders, seats = [], []
        for m in doc.places:
            if not (o.start <= m.start and m.stop <= o.stop) or not m.entity_id:
                continue
            entry = gazetteer.get(m.entity_id)
            if entry is None:
                continue
            before = [t for t in doc.tokens_in(o.start, m.start) if t.pos != "PUNCT"]
            at_seat = bool(before) and before[-1].text.lower() in SEAT_PREPOSITIONS
            (seats if at_seat else senders).append(entry)
        if seats:
            o.seat_id = seats[0].region_id
        if senders:
            state = senders[0].country or senders[0].region_id
            o.region_id, o.country, o.place_from = state, state, "phrase"
        elif seats and o.region_id == seats[0].region_id:
            # only the seat is named: the sender is found in the document, not at the seat
            o.region_id, o.country, o.place_from = "", "", ""


# ---------------------------------------------------------------------------------------------
# roles

def canonical_role(o, temporary: bool = False) -> str:
    """The role as the table writes it; `temporary`: "временно" stands before the position."""
    role = " ".join(o.role.split())
    role = role_forms().get(fold(role.lower()), role)
    role = role.lower() if not any(w.isupper() and len(w) > 1 for w in role.split()) else role
    if o.acting:
        prefix = _acting_prefix(o.position)
        if temporary and prefix.startswith("исполня"):
            prefix = "временно " + prefix
        if prefix:
            # the title as the position gives it after the prefix, in the genitive
            words = o.position.split()
            skip = len(prefix.split()) if prefix in ("врио", "и.о.") else \
                next((i + 1 for i, w in enumerate(words) if fold(w.lower()) == "обязанности"), 0)
            title = words[skip:skip + len(role.split())]
            if title:
                return (("врио" if prefix.startswith("врио") or "временно" in prefix else "и.о.")
                        + " " + " ".join(title).lower())
    return role


def _nominative_head(role: str, heads: frozenset, morph) -> str:
    """A role whose first word was left in the dative or instrumental ("акиму столицы" ->
    "аким": pymorphy reads it first as the first name Аким) gets that word's title lemma."""
    words = role.split()
    if not words or fold(words[0].lower()) in heads:
        return role
    parses = morph.parse(words[0].lower())
    if any(p.tag.case in ("nomn", "gent") for p in parses):
        return role  # nominative, or a genitive kept on purpose ("замгенпрокурора")
    for p in parses:
        lemma = fold(p.normal_form)
        if lemma in heads and lemma != fold(words[0].lower()):
            return " ".join([p.normal_form] + words[1:])
    return role


def _acting_prefix(position: str) -> str:
    low = fold(position.lower())
    for prefix in ("временно исполняющий обязанности", "временно исполняющая обязанности",
                   "исполняющий обязанности", "исполняющая обязанности", "врио", "и.о.", "и. о."):
        if low.startswith(prefix + " "):
            return prefix.replace("и. о.", "и.о.")
    return ""


# ---------------------------------------------------------------------------------------------
# the place served, from the document

def rule_of(o, doc, rules, morph=None) -> ServedRule | None:
    """What kind of place a post serves: its first dependent noun when that is a region word
    ("аким района", "губернатор края"; not "мэр Елабуги Елабужского района"), else its
    category's; the category's preferred countries either way."""
    by_category = rules.get("category:" + o.category)
    title = _role_lemmas(o.role, morph) if morph is not None else frozenset()
    for t in doc.tokens_in(o.start, o.stop):
        lemma = fold(t.lemma)
        rule = rules.get("word:" + lemma)
        if rule is None and (t.pos not in ("NOUN", "PROPN") or lemma in title):
            continue
        if rule is None:
            break  # the first dependent noun is no region word
        if by_category is not None and not rule.prefer:
            rule = ServedRule(rule.kinds, by_category.prefer, rule.named)
        return rule
    return by_category


@lru_cache(maxsize=4096)
def _role_lemmas(role: str, morph) -> frozenset:
    """The lemmas of a role's words ("заместитель председателя правительства")."""
    return frozenset(fold(morph.lemma(w)) for w in role.lower().split())


def _fits(entry, rule: ServedRule, country: str, gazetteer=None) -> bool:
    if entry is None:
        return False
    if "capital" in rule.kinds and country and gazetteer is not None \
            and entry.region_id == gazetteer.capital_id(country):
        return True
    if entry.kind not in rule.kinds:
        return False
    if rule.named and entry.kind != "country" and rule.named not in _name_words(entry.name):
        return False
    return not country or (entry.country or entry.region_id) == country


@lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset:
    """The words of a place's name, lower-cased, ё as е ("Алтайский край" -> {алтайский, край})."""
    return frozenset(fold(w) for w in name.lower().replace("-", " ").split())


def _unplaced(o) -> bool:
    return not o.region_id and not o.organisation


def _names_unknown_place(o, doc, morph) -> bool:
    """The post's phrase names a place the gazetteer does not know ("губернатор Вайоцдзорской
    области", "глава города Вагаршапат", «Город Калининград»): its place is not to be guessed.
    A capitalised common word ("Правительства области") names none; a diplomat's seat ("посол
    в России") is not the place he serves."""
    if o.category in SEATED:
        return False
    for t in doc.tokens_in(o.start, o.stop)[1:]:
        if t.text[:1] in "«\"":
            return True
        if t.text[:1].isupper() and (t.pos == "ADJ" or not _common_word(t.text, morph)):
            return True  # "Согдийской области": a capitalised adjective names a place
    return False


def _common_word(word: str, morph) -> bool:
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].is_known and not {"Geox", "Name", "Surn", "Orgn", "Abbr"} \
        & set(str(parses[0].tag).replace(" ", ",").split(","))


def _locators(doc, rules, gazetteer, morph) -> dict:
    """A place the phrase names that is bigger than the post serves only says where to look:
    "глава российского региона" serves a region of Russia, "аким района в Жамбылской области"
    a district of that oblast. Such rows lose the place (found again in the document, inside
    it); returns {id(row): the place it lies in}."""
    within = {}
    for o in doc.officials:
        if o.place_from != "phrase" or o.category in SEATED:
            continue
        rule = rule_of(o, doc, rules, morph)
        entry = gazetteer.get(o.region_id)
        if rule is None or not rule.named and not _word_rule(o, doc, rules, morph) or \
                entry is None:
            continue
        if entry.kind not in rule.kinds and KIND_RANK.get(entry.kind, 5) > min(
                KIND_RANK.get(k, 5) for k in rule.kinds):
            within[id(o)] = o.region_id
            o.region_id, o.place_from = "", ""
    return within


def _word_rule(o, doc, rules, morph) -> bool:
    """The post's kind of place is read from a region word of its phrase."""
    return rule_of(o, doc, rules, morph) is not rules.get("category:" + o.category)


def _in_brackets(doc, gazetteer) -> None:
    """"главы регионов – Игорь Васильев (Кировская область), ...": a place in brackets right
    after the holder's name is the place his post serves."""
    starts = {m.start: m for m in doc.places if m.entity_id}
    for o in doc.officials:
        if o.region_id or o.person_stop < 0:
            continue
        after = doc.text[o.person_stop:o.person_stop + 4]
        lead = len(after) - len(after.lstrip())
        if after[lead:lead + 1] != "(":
            continue
        k = o.person_stop + lead + 1
        m = starts.get(k) or starts.get(k + 1)
        if m is not None and doc.text[m.stop:m.stop + 1] == ")":
            _place(o, m.entity_id, gazetteer, "phrase")


def _from_holder(doc, rules, gazetteer, morph) -> None:
    """The one place the same person's other posts in this document serve."""
    for o in doc.officials:
        if not _unplaced(o) or _names_unknown_place(o, doc, morph):
            continue
        rule = rule_of(o, doc, rules, morph)
        if rule is None:
            continue
        places = {x.region_id for x in doc.officials
                  if x.person_id == o.person_id and x.region_id and x is not o
                  and _fits(gazetteer.get(x.region_id), rule, o.country, gazetteer)}
        if len(places) == 1:
            _place(o, places.pop(), gazetteer, "holder")


def _from_title(doc, rules, gazetteer, morph) -> None:
    """The one place the same title is given with elsewhere in the document ("Губернатор
    Курганской области заявил ... губернатор Иван Петров"), unless another person holds it."""
    for o in doc.officials:
        if not _unplaced(o) or _names_unknown_place(o, doc, morph):
            continue
        rule = rule_of(o, doc, rules, morph)
        if rule is None:
            continue
        mine, others = set(), set()
        for x in list(doc.officials) + list(doc.open_posts):
            if x is o or not x.region_id or x.role != o.role and x.category != o.category:
                continue
            if not _fits(gazetteer.get(x.region_id), rule, o.country, gazetteer):
                continue
            (mine if not x.person_id or x.person_id == o.person_id else others).add(x.region_id)
        mine -= others
        if len(mine) == 1:
            _place(o, mine.pop(), gazetteer, "title")


def _from_body(doc, rules, gazetteer) -> None:
    """A national body's post ("председатель Совета Федерации", country RU by the title) serves
    the body's country, when the document names it."""
    named = None
    for o in doc.officials:
        if o.region_id or not o.organisation or not o.country:
            continue
        rule = rules.get("category:" + o.category)
        if rule is None or "country" not in rule.kinds:
            continue
        if named is None:
            named = {m.entity_id for m in doc.places if m.entity_id}
        if o.country in named:
            _place(o, o.country, gazetteer, "body")


def _from_document(doc, rules, gazetteer, morph, within=None) -> None:
    """The place of the right kind the document is about (inside the place the phrase names,
    if it names a bigger one)."""
    within = within or {}
    weights = None
    for o in doc.officials:
        if not _unplaced(o) or _names_unknown_place(o, doc, morph):
            continue
        rule = rule_of(o, doc, rules, morph)
        if rule is None:
            continue
        if weights is None:
            weights = place_weights(doc)
        inside = within.get(id(o), "")
        candidates = {rid: w for rid, w in weights.items()
                      if _fits(gazetteer.get(rid), rule, o.country, gazetteer)
                      and (not inside or inside in gazetteer.ancestors(rid))
                      and rid != getattr(o, "seat_id", "")
                      and not _seat_country(o, rid, gazetteer)}
        preferred = {rid: w for rid, w in candidates.items()
                     if gazetteer.country_of(rid) in rule.prefer}
        best = _dominant(preferred or candidates)
        if best:
            _place(o, best, gazetteer, "document")


def _seat_country(o, rid: str, gazetteer) -> bool:
    """A diplomat does not serve the country of the seat he is posted to."""
    seat = getattr(o, "seat_id", "")
    return bool(seat) and o.category == "diplomat" and gazetteer.country_of(seat) == rid


def place_weights(doc) -> Counter:
    """How much the document is about each place it links: body mentions count once, headline
    mentions HEADLINE_WEIGHT times; boilerplate not at all."""
    weights = Counter()
    for m in doc.places:
        if not m.entity_id or m.in_boilerplate:
            continue
        in_title = doc.title_start <= m.start and m.stop <= doc.title_stop
        weights[m.entity_id] += HEADLINE_WEIGHT if in_title else 1
    return weights


def _dominant(weights: dict) -> str:
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked:
        return ""
    if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
        return ranked[0][0]
    return ""


def _place(o, region_id: str, gazetteer, source: str) -> None:
    o.region_id = region_id
    o.country = gazetteer.country_of(region_id) or o.country
    o.place_from = source


# ---------------------------------------------------------------------------------------------
# one person, one post, one row

KIND_RANK = {"district": 0, "city": 1, "region": 2, "federal_district": 3, "country": 4}


def same_post(a, b, gazetteer=None) -> bool:
    """Two of one person's rows name one post: the same place (or one without a place, or one
    inside the other: "аким района в Жамбылской области", "аким Сарысуского района") and the
    same title, the same kind of post, or a generic head ("глава") of the same place."""
    if a.region_id and b.region_id and a.region_id != b.region_id and not (
            gazetteer is not None and (a.region_id in gazetteer.ancestors(b.region_id)
                                       or b.region_id in gazetteer.ancestors(a.region_id))
            and a.role == b.role):
        return False
    if a.organisation and b.organisation and a.organisation != b.organisation:
        return False
    if a.role == b.role:
        return True
    if not a.region_id and not b.region_id:
        # two placeless rows: the same title, or titles of one place the gazetteer lacks
        # ("председатель Согдийской области", "глава Согдийской области")
        return bool(_dependents(a)) and _dependents(a) == _dependents(b)
    if a.category and a.category == b.category:
        return True
    heads = {a.category, b.category}
    return "head" in heads and heads <= {"head", "head_of_region", "head_of_municipality"}


def _dependents(o) -> str:
    """The words of a position after its title ("Согдийской области" of "глава Согдийской
    области"), lower-cased."""
    words, title = o.position.lower().split(), o.role.lower().split()
    return " ".join(words[len(title):]) if words[:len(title)] == title else ""


def one_row_per_post(officials: list, gazetteer=None) -> list:
    groups: list[list] = []
    for o in officials:  # in text order
        for g in groups:
            if g[0].person_id == o.person_id and o.person_id and all(
                    same_post(x, o, gazetteer) for x in g):
                g.append(o)
                break
        else:
            groups.append([o])
    out = []
    for g in groups:
        def specificity(x) -> int:
            entry = gazetteer.get(x.region_id) if gazetteer is not None and x.region_id else None
            return KIND_RANK.get(entry.kind, 5) if entry is not None else 5

        # the title at a mention attached to the name, naming its place, the most specific
        # place, the first
        best = min(g, key=lambda x: (x.pattern in ("coreference", "context"),
                                     x.place_from != "phrase", specificity(x), x.start))
        best.n_mentions = sum(getattr(x, "n_mentions", 1) for x in g)
        best.evidence = [x for x in g if x is not best]
        if not best.region_id:  # a place found for another mention of the post
            placed = next((x for x in g if x.region_id), None)
            if placed is not None:
                best.region_id, best.country = placed.region_id, placed.country
                best.place_from = placed.place_from
        out.append(best)
    return sorted(out, key=lambda o: (o.start, o.person_start))


STAGE = Stage("served", run,
              requires=("officials", "open_posts", "positions", "people", "places", "sentences",
                        "tokens", "title"),
              provides=("officials", "open_posts"))
