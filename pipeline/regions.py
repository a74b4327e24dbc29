"""Stage: places. Gazetteer names, districts, adjectival references and natasha's LOC spans.

Every place becomes a ``Mention(type="LOC")`` in ``doc.places`` with ``normal`` (nominative) and
``entity_id`` (a gazetteer id, a ``district:<parent>:<name>`` id, or "" when the place is not
known or the name is ambiguous). In order, per sentence:

1. districts by their form: a capitalised adjective + район/округ/улус ("в Зайсанском районе",
   "Палласовский и Старополтавский районы"), normalised to the nominative, then placed in a
   region (see `_resolve_districts` and pipeline/data/README.md: the parent named after it, the
   gazetteer's district of that name, the document's dominant region among several);
2. coordinated region names sharing their noun ("с Волгоградской и Саратовской областями");
3. gazetteer names, aliases and abbreviations, matched on lemmas (leftmost-longest);
4. adjectival references: a country's adjective when an authority noun follows
   ("казахстанская делегация", "американские власти"; alone it is mostly a nationality), a
   first-level division's whatever follows ("волгоградские власти", "калифорнийской синагоге",
   "мордовской колонии") unless it is the people's ("бурятский язык");
5. natasha's LOC spans that none of the above covers, unlinked, normalised to the nominative.

Names inside short quotations (names of organisations, works: «Наш общий дом - Алтай») and in
person names are skipped. An ambiguous name ("Алтай") is linked only when the document tells:
another, unambiguous mention of one of its readings, a cue word ("город", "штат"), or one
reading far more populous than the others.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from . import gazetteer as G
from .records import Mention
from .stage import Stage

# Nouns after a place adjective that make it a reference to the place's authorities or the place.
REGION_NOUNS = {
    "регион", "власть", "губернатор", "врио", "аким", "акимат", "правительство", "делегация",
    "администрация", "руководство", "глава", "парламент", "дума", "облдума", "законодатель",
    "сторона", "чиновник", "министерство", "ведомство", "минздрав", "минобразование", "лидер",
    "президент", "премьер", "премьер-министр", "мид", "посол", "посольство", "дипломат", "коллега",
    "партнер", "губерния", "область", "край", "республика", "автономия", "округ", "земля",
    "столица", "правительственный", "кабмин", "депутат", "сенатор", "парламентарий", "силовик",
    "спикер", "госсовет", "курултай", "хурал", "маслихат", "заксобрание", "полпред",
    "муниципалитет", "власти", "держава", "государство",
}
CITY_NOUNS = {"мэр", "мэрия", "горсовет", "градоначальник", "горадминистрация", "гордума",
              "горисполком", "город"}
# Adjectives allowed between the place adjective and its noun ("волгоградские областные власти").
BETWEEN_ADJ = {"областной", "региональный", "городской", "местный", "республиканский",
               "краевой", "новый", "нынешний", "бывший", "прежний", "официальный", "федеральный",
               "окружной", "весь", "высокопоставленный", "представительный", "большой",
               "многочисленный", "государственный"}
DISTRICT_NOUNS = {"район", "округ", "улус", "кожуун", "аймак"}
# Nouns after an adjective of a region's name that make it the people's or the language's
# adjective, not the place's ("татарский язык", "бурятский народ"): left unlinked.
ETHNIC_NOUNS = {"язык", "народ", "народность", "национальность", "этнос", "диаспора", "община",
                "фольклор", "кухня", "танец", "песня", "эпос", "традиция", "обычай", "костюм",
                "имя", "фамилия", "происхождение", "кровь", "наречие", "диалект", "письменность",
                "литература", "поэт", "писатель", "национализм", "сепаратист", "боевик"}
DISTRICT_SKIP_ADJ = {"федеральный", "автономный", "городской", "избирательный", "военный",
                     "одномандатный", "муниципальный", "сельский", "административный",
                     "национальный", "внутригородской", "судебный", "таможенный", "спальный",
                     "приграничный", "соседний", "новый", "данный", "этот", "весь",
                     "промышленный", "жилой", "отдаленный", "удаленный", "труднодоступный",
                     "пограничный", "один", "другой", "каждый", "любой", "целый", "родной",
                     "свой", "наш", "ваш", "их", "многие", "некоторый", "сельскохозяйственный",
                     "густонаселенный", "нефтедобывающий", "соответствующий", "ближайший"}
# Ordinary adjectives that are also proper names of districts ("Центральный район"): districts
# only when written with a capital in mid-sentence.
DISTRICT_PROPER_IF_CAPITAL = {"южный", "северный", "западный", "восточный", "центральный",
                              "северо-западный", "юго-западный", "северо-восточный",
                              "юго-восточный", "новомосковский"}
HEAD_NOUNS = {"область": "femn", "край": "masc", "республика": "femn", "округ": "masc",
              "район": "masc"}
CITY_CUES = {"г", "г.", "город", "гор.", "пгт", "поселок", "посёлок", "село", "станица",
             "деревня", "аул", "мкр", "мкр."}
# natasha LOC spans holding one of these are streets, buildings, cemeteries, ...: not places here.
NOT_PLACE_NOUNS = {"улица", "проспект", "площадь", "переулок", "бульвар", "шоссе", "набережная",
                   "дом", "дворец", "кладбище", "холл", "стрит", "сквер", "парк", "мост", "вокзал",
                   "аэропорт", "стадион", "театр", "музей", "собор", "храм", "монастырь",
                   "кремль", "тракт", "проезд", "тупик", "аллея", "метро", "станция", "центр",
                   "башня", "здание", "офис", "отель", "гостиница", "больница", "университет"}
STREET_NOUNS = {"улица", "ул", "ул.", "проспект", "пр-т", "площадь", "пл", "переулок", "пер",
                "бульвар", "шоссе", "набережная", "проезд", "станция", "метро", "имя", "музей",
                "театр", "памятник"}
QUOTES_OPEN = {"«": "»", "„": "“", "“": "”"}
STRAIGHT_QUOTES = {'"'}
SHORT_QUOTE = 6  # a quotation this short (in tokens) is a name, not speech
_QUOTE_TOKENS = frozenset(QUOTES_OPEN) | STRAIGHT_QUOTES


@dataclass
class Candidate:
    start_tok: int  # sentence-local token indices, stop exclusive
    stop_tok: int
    ids: list  # candidate region ids
    normal: str
    source: str  # gazetteer / coordination / district / adjective / ner
    types: list = field(default_factory=list)
    kinds_hint: str = ""  # "city" / "region" when the context prefers one
    entity_id: str = ""
    resolved: bool = False
    district_name: str = ""  # for districts: the nominative name, parent decided later
    unlisted_kind: str = "district"  # "region": a first-level unit found by its form
    weak: bool = False
    linkable: bool = True  # False: a place, but the context forbids linking it
    char_span: tuple = ()  # (start, stop) inside one token (parts of "российско-казахстанский")
    names: dict = field(default_factory=dict)  # region id -> the name as matched (nominative)


def use_analyzer(models) -> None:
    """Share the pipeline's pymorphy3 analyser with the gazetteer (one dictionary in memory)."""
    if G.analyzer.cache_info().currsize:
        return
    try:
        morph = models.morph
        an = morph.analyzer
    except Exception:  # noqa: BLE001 - models without morphology: the gazetteer loads its own
        return
    G.share_analyzer(an, getattr(morph, "parse", None))


def run(doc, models) -> None:
    use_analyzer(models)
    gaz = models.gazetteer
    doc.places = []
    if not doc.tokens:
        return
    ner_by_type = {"PER": [], "LOC": [], "ORG": []}
    for m in doc.ner:
        ner_by_type.setdefault(m.type, []).append(m)
    per_spans = _SpanIndex(ner_by_type["PER"])
    loc_spans = _SpanIndex(ner_by_type["LOC"])

    found: list[tuple] = []  # (sent tokens, Candidate)
    for toks in _sentence_tokens(doc):
        s0, s1 = toks[0].start, toks[-1].stop
        found.extend((toks, c) for c in _sentence(
            toks, gaz, per_spans.overlapping(s0, s1), loc_spans.overlapping(s0, s1), doc.text))

    _resolve(found, gaz)

    for toks, c in found:
        start, stop = c.char_span or (toks[c.start_tok].start, toks[c.stop_tok - 1].stop)
        doc.places.append(Mention(
            type="LOC", start=start, stop=stop, text=doc.text[start:stop], normal=c.normal,
            sent_id=toks[c.start_tok].sent_id, entity_id=c.entity_id,
            in_boilerplate=doc.in_boilerplate(start, stop),
        ))
    doc.places.sort(key=lambda m: (m.start, m.stop))


def _sentence_tokens(doc) -> list:
    """The tokens of each sentence (by sent_id), in sentence order."""
    tokens, sents = doc.tokens, doc.sentences
    if _slices_hold(tokens, sents):  # as the segmenter makes them: no need to group
        return [tokens[s.token_start:s.token_stop] for s in sents]
    by_sent: dict[int, list] = {}
    for tok in tokens:
        by_sent.setdefault(tok.sent_id, []).append(tok)
    return [by_sent[sent_id] for sent_id in sorted(by_sent)]


def _slices_hold(tokens, sents) -> bool:
    """The sentences' token slices cover the tokens one after the other, each begins and ends
    on a token of its own sentence, and the sentence ids rise."""
    at, last_id = 0, None
    for s in sents:
        if not (s.token_start == at < s.token_stop and (last_id is None or s.sent_id > last_id)
                and tokens[at].sent_id == tokens[s.token_stop - 1].sent_id == s.sent_id):
            return False
        at, last_id = s.token_stop, s.sent_id
    return at == len(tokens)


# ------------------------------------------------------------------------------------------
def _sentence(toks, gaz, per_spans, loc_spans, text) -> list:
    n = len(toks)
    # what is read of every token, one cached look-up a token (news repeats its words): its
    # spelling, candidate forms, normalised lemma, the gazetteer's patterns starting on it, the
    # places it is the adjective of, whether step 4 looks at it
    records = _records_of(gaz)
    get = records.get
    texts, forms, lemmas, at, adj_ids, adj_like = zip(
        *[get((t.text, t.lemma)) or _token_record(t.text, t.lemma, gaz, records) for t in toks])
    if not (loc_spans or any(at) or any(adj_like)) and _HEADS.isdisjoint(lemmas):
        return []  # no step below has anything to start from
    s0, s1 = toks[0].start, toks[-1].stop
    in_per = _covered(toks, per_spans)
    in_loc = _covered(toks, loc_spans)
    if _QUOTE_TOKENS.isdisjoint(texts):  # most sentences quote nothing
        quote_of, quoted = [None] * n, [False] * n
    else:  # token -> (open, close) of the short quotation it is in
        quote_of = _short_quotes(texts)
        quoted = [q is not None for q in quote_of]

    def whole_quote(a, b):
        """The tokens a..b are all a short quotation holds (a name: ансамбль «Алтай»)."""
        q = quote_of[a]
        if q is None:
            return False
        inner = [k for k in range(q[0] + 1, q[1]) if any(ch.isalnum() for ch in texts[k])]
        return bool(inner) and inner[0] >= a and inner[-1] < b
    taken = [False] * n
    out: list[Candidate] = []

    def free(a, b):
        return not any(taken[a:b])

    def take(c):
        for k in range(c.start_tok, c.stop_tok):
            taken[k] = True
        out.append(c)

    # 1-2. coordinated adjectives sharing a head noun, and districts: only before the
    # sentence's last head noun (область, район, ...), as _head_after_adjectives needs one
    i = 0
    last_head = -1 if _HEADS.isdisjoint(lemmas) else \
        max(k for k, lem in enumerate(lemmas) if lem in _HEADS)
    while i < last_head:
        j = _head_after_adjectives(toks, lemmas, i)
        if j is None:
            i += 1
            continue
        conj, head = j  # token indices of the adjectives, of the shared noun
        plural = toks[head].feats.get("Number") == "Plur"
        made = []
        for a in conj:
            if whole_quote(a, a + 1) or in_per[a]:
                continue
            if a != conj[-1] and (_city_cue_before(texts, a) or not plural
                                  and lemmas[head] in DISTRICT_NOUNS):
                continue  # "Город Волжский и Палласовский район": a town and one district
            cand = _adjective_with_head(toks, texts, lemmas, a, head, gaz, last=(a == conj[-1]))
            if cand is not None:
                made.append(cand)
        if made and free(min(c.start_tok for c in made), head + 1):
            for c in made:
                c.linkable = not quoted[c.start_tok]
                take(c)
            i = head + 1
        else:
            i += 1

    # 3. gazetteer names, at the tokens some pattern starts on (left to right; a match
    # resumes the scan past it)
    resume = 0
    for i in compress(range(n), at):
        if i < resume or taken[i]:
            continue
        best_len, best = 0, []
        for pat in at[i]:
            k = G.match_words(pat, texts, i, forms)
            if not k or not free(i, i + k):
                continue
            if pat.cue and not (i > 0 and lemmas[i - 1] == G.norm(pat.cue)):
                continue
            if pat.person_forms and not in_loc[i] and \
                    pat.words[0] & forms[i] <= pat.person_forms:
                continue  # "Пестова", "Медведев": a town's form only as the tagger's place
            if k > best_len:
                best_len, best = k, [pat]
            elif k == best_len:
                best.append(pat)
        if not best or whole_quote(i, i + best_len) or \
                not _accept(best, toks, texts, lemmas, i, best_len, in_per, in_loc, gaz):
            continue
        ids, types, texts_of = [], [], {}
        for pat in best:
            for rid, t in zip(pat.region_ids, pat.types):
                if rid not in ids:
                    ids.append(rid)
                    types.append(t)
                    texts_of[rid] = pat.text
                else:  # the surest way of naming it wins ("Самаре": the name, not a variant)
                    k = ids.index(rid)
                    if G.TYPE_RANK.get(t, 1) < G.TYPE_RANK.get(types[k], 1):
                        types[k] = t
                        texts_of[rid] = pat.text
        # the mention ends on a word, not on punctuation of the name
        stop = i + best_len
        while stop > i + 1 and not any(ch.isalnum() for ch in texts[stop - 1]):
            stop -= 1
        hint = "city" if i > 0 and G.norm(texts[i - 1]) in CITY_CUES else ""
        if i > 0 and G.norm(texts[i - 1]) == "." and i > 1 and G.norm(texts[i - 2]) == "г":
            hint = "city"
        if all(gaz.get(r) is not None and gaz.get(r).kind == "district" for r in ids) and \
                any(r.startswith(G.DISTRICT_PREFIX) for r in ids):
            name = gaz.get(ids[0]).name
            take(Candidate(i, stop, [r for r in ids if gaz.get(r).name == name], name,
                           "district", district_name=name))
            resume = stop
            continue
        take(Candidate(i, stop, ids, best[0].text, "gazetteer", types, hint,
                       weak=any(p.weak for p in best), linkable=not quoted[i],
                       names=texts_of))
        resume = stop

    # 4. adjectival references: linked when an authority noun follows ("волгоградские власти"),
    # kept unlinked otherwise ("британской группы", "Московский университет"); only words
    # that are a place's adjective or may be a compound of them are looked at
    for i in compress(range(n), adj_like):
        if taken[i] or in_per[i] or (quoted[i] and whole_quote(i, i + 1)):
            continue
        if toks[i].pos not in ("ADJ", "PROPN", "NOUN", ""):
            continue
        ids = adj_ids[i]
        if not ids:
            parts = _compound_parts(texts[i], gaz)
            if parts:
                for (a, b), pids in parts:
                    out.append(Candidate(i, i + 1, pids, "", "adjective", ["adj"] * len(pids),
                                         linkable=False,
                                         char_span=(toks[i].start + a, toks[i].start + b)))
                taken[i] = True
            continue
        if _adj_parse(texts[i]) is None and toks[i].pos != "ADJ":
            continue  # a noun that happens to share the adjective's form
        noun = _authority_noun(toks, lemmas, i)
        hint = "city" if noun in CITY_NOUNS else ("region" if noun else "")
        # the adjective of a first-level division names the place whatever follows
        # ("калифорнийской синагоге", "мордовской колонии"), unless it is the people's
        # ("татарский язык"); a country's adjective needs an authority noun ("американские
        # власти"), as alone it is mostly a nationality ("американский актёр")
        regional = _regional_adjective(ids, gaz) and _next_noun(toks, lemmas, i) not in ETHNIC_NOUNS
        if regional and not hint:
            hint = "region"
        cand = Candidate(i, i + 1, list(ids), "", "adjective", ["adj"] * len(ids), hint,
                         linkable=(noun is not None or regional) and not quoted[i])
        take(cand)

    # 5. natasha's LOC spans left over
    for m in loc_spans:
        if m.stop <= s0 or m.start >= s1:
            continue
        a = next((k for k, t in enumerate(toks) if t.stop > m.start), None)
        b = next((k for k in range(n - 1, -1, -1) if toks[k].start < m.stop), None)
        if a is None or b is None or b < a:
            continue
        while a < b and (G.norm(texts[a]) in CITY_CUES or lemmas[a] in CITY_CUES or texts[a] == "."):
            a += 1  # "Город Павия" -> "Павия"
        if not free(a, b + 1) or whole_quote(a, b + 1) or not _plausible_place(toks[a:b + 1]):
            continue
        if any(lemmas[k] in NOT_PLACE_NOUNS for k in range(a, b + 1)) or \
                (a > 0 and lemmas[a - 1] in STREET_NOUNS) or lemmas[a] in DISTRICT_SKIP_ADJ:
            continue
        normal = nominative_phrase(toks[a:b + 1])
        cand = Candidate(a, b + 1, [], normal, "ner")
        typo = _misspelt_place(normal, gaz) if a == b else ""
        if typo:  # the tagger's place, one slip from a gazetteer name ("Шыкмент", "Домодево")
            cand.entity_id, cand.resolved, cand.normal = typo, True, gaz.get(typo).name
        take(cand)
    out.sort(key=lambda c: c.start_tok)
    return out


def _token_forms(text: str, lemma: str) -> frozenset:
    """A token's candidate forms: its spelling's (gazetteer.token_forms) and its tagger lemma."""
    forms = G.token_forms(text)
    return forms | {G.norm(lemma)} if lemma else forms


_RECORDS: dict = {}  # (text, lemma) -> _token_record, for the gazetteer _RECORDS_OF[0]
_RECORDS_OF: list = [None]


def _records_of(gaz) -> dict:
    """The token records made with `gaz` (a process has one gazetteer; another one, in tests,
    starts them anew)."""
    if _RECORDS_OF[0] is not gaz:
        _RECORDS.clear()
        _RECORDS_OF[0] = gaz
    return _RECORDS


def _token_record(text: str, lemma: str, gaz, records: dict) -> tuple:
    """What `_sentence` reads of a token (see there), kept in `records`."""
    forms = _token_forms(text, lemma)
    alpha = any(ch.isalpha() for ch in text)
    ids = _adjective_ids(forms, gaz)
    found = (text, forms, G.norm(lemma) if lemma else G.norm(text), gaz.patterns_at([text], 0),
             ids, alpha and (bool(ids) or "-" in text))
    if len(records) >= 100_000:  # bounded: a long run meets ever new words
        records.clear()
    records[(text, lemma)] = found
    return found


def _adjective_ids(forms, gaz) -> tuple:
    """Ids of the places one of a token's candidate forms is the adjective of."""
    ids = []
    adjectives = gaz.adjectives
    for f in forms:
        if f in adjectives:
            ids.extend(r for r in adjectives[f] if r not in ids)
        # "всероссийский", "всекитайский": the country's adjective after "все"
        if f.startswith("все") and len(f) > 8 and f[3:] in adjectives:
            ids.extend(r for r in adjectives[f[3:]] if r not in ids)
    return tuple(ids)


_HEADS = frozenset(HEAD_NOUNS) | DISTRICT_NOUNS


def _city_cue_before(texts, i) -> bool:
    if i == 0:
        return False
    prev = G.norm(texts[i - 1])
    return prev in CITY_CUES or (prev == "." and i > 1 and G.norm(texts[i - 2]) == "г")


class _SpanIndex:
    """Tagger spans by position: each sentence looks at its own spans only, so a long
    document costs linear time, not tokens x spans."""

    def __init__(self, spans):
        self.spans = sorted(spans, key=lambda m: m.start)
        self.starts = [m.start for m in self.spans]
        self.longest = max((m.stop - m.start for m in self.spans), default=0)

    def overlapping(self, s0: int, s1: int) -> list:
        lo = bisect_left(self.starts, s0 - self.longest)
        hi = bisect_left(self.starts, s1)
        return [m for m in self.spans[lo:hi] if m.stop > s0]


def _covered(toks, spans) -> list:
    """For each token of a sentence: does one of the spans overlap it?"""
    out = [False] * len(toks)
    if not spans:
        return out
    s0, s1 = toks[0].start, toks[-1].stop
    for m in spans:
        if m.start < s1 and m.stop > s0:
            for k, t in enumerate(toks):
                if m.start < t.stop and t.start < m.stop:
                    out[k] = True
    return out


def _short_quotes(texts) -> list:
    """(open, close) for tokens inside a quotation of at most SHORT_QUOTE tokens (a name, not
    speech), None for the others."""
    n = len(texts)
    inside = [None] * n
    i = 0
    while i < n:
        t = texts[i]
        close = QUOTES_OPEN.get(t) or (t if t in STRAIGHT_QUOTES else None)
        if close is None:
            i += 1
            continue
        j = next((k for k in range(i + 1, n) if texts[k] == close
                  or (close == "»" and texts[k] == "»")), None)
        if j is None:
            i += 1
            continue
        if j - i - 1 <= SHORT_QUOTE:
            for k in range(i + 1, j):
                inside[k] = (i, j)
        i = j + 1
    return inside


def _is_adj(tok) -> bool:
    return tok.pos == "ADJ" or (tok.pos in ("PROPN", "NOUN") and _adj_parse(tok.text) is not None)


# Case endings of adjectives: a capitalised word so declined before a region's or district's
# noun is its adjective even when pymorphy3 does not know it ("Мангистауской и Павлодарской").
ADJ_CASE_ENDINGS = ("ая", "ой", "ую", "ий", "ый", "ого", "ому", "ым", "ом", "ие", "ые", "их",
                    "ых", "им", "ими", "ыми", "ей", "ее", "ое", "яя", "юю")


def _is_adj_like(tok) -> bool:
    return _is_adj(tok) or (tok.text[:1].isupper() and G.norm(tok.text).endswith(ADJ_CASE_ENDINGS))


@lru_cache(maxsize=100_000)
def _adj_parse(text: str):
    for p in G.parses(G.norm(text)):
        if p.tag.POS == "ADJF" and p.score >= 0.2:
            return p
    return None


def _head_after_adjectives(toks, lemmas, i):
    """(adjective indices, head index) for 'ADJ [, ADJ]* [и|или ADJ] HEAD', else None."""
    n = len(toks)
    if not toks[i].text[:1].isupper() or not _is_adj_like(toks[i]):
        return None
    adjs = [i]
    k = i + 1
    while k < n:
        if lemmas[k] in HEAD_NOUNS or lemmas[k] in DISTRICT_NOUNS:
            break
        if lemmas[k] == "муниципальный" and k + 1 < n and lemmas[k + 1] == "район":
            k += 1
            continue
        if toks[k].text == "(" and k + 2 < n and _is_adj(toks[k + 1]) and toks[k + 2].text == ")":
            k += 3  # "Кировоградской (Кропивницкой) области": an alternative name
            continue
        if toks[k].text in (",", "и", "или") and k + 1 < n and _is_adj_like(toks[k + 1]) \
                and toks[k + 1].text[:1].isupper():
            adjs.append(k + 1)
            k += 2
            continue
        return None
    if k >= n:
        return None
    return adjs, k


def _inflect(word: str, grammemes: set, prefer=None):
    return _inflect_cached(word, frozenset(grammemes), frozenset(prefer) if prefer else None)


@lru_cache(maxsize=20_000)
def _inflect_cached(word: str, grammemes: frozenset, prefer):
    best = None
    for p in G.parses(G.norm(word)):
        if p.tag.POS != "ADJF":
            continue
        if prefer and not (prefer & p.tag.grammemes):
            continue
        try:
            f = p.inflect(grammemes)
        except (ValueError, KeyError):
            f = None
        if f is not None:
            best = f.word
            break
    return best


_SKY_ENDINGS = ("ая", "ой", "ую", "ий", "ого", "ому", "им", "ом", "ие", "их", "ими", "ым",
                "ый", "ых", "ыми")


def _misspelt_place(word: str, gaz) -> str:
    """The city, region or country whose name a word unknown to pymorphy3 misspells: one letter
    added, dropped, changed or two swapped (two in a name of nine letters or more), the only
    such name of the same first letter; "" otherwise."""
    if len(word) < 6 or not word[:1].isupper():
        return ""
    return _misspelt(G.norm(word), gaz)


@lru_cache(maxsize=20_000)
def _misspelt(low: str, gaz) -> str:
    if not low.isalpha() or G.analyzer().word_is_known(low):
        return ""
    found = set()
    names = _names_by_letter(gaz)
    for size in range(len(low) - 2, len(low) + 3):
        for name, rid in names.get((low[0], size), ()):
            limit = 2 if max(len(name), len(low)) >= 9 else 1
            if abs(len(name) - len(low)) <= limit and _osa(low, name, limit) <= limit:
                found.add(rid)
    return found.pop() if len(found) == 1 else ""


@lru_cache(maxsize=2)
def _names_by_letter(gaz) -> dict:
    """(first letter, length) -> (folded one-word name, id) of the gazetteer's cities, regions
    and countries whose name no other such place shares."""
    by_name: dict = {}
    for e in gaz.entries:
        if e.kind in ("city", "region", "country") and " " not in e.name:
            by_name.setdefault(G.norm(e.name), set()).add(e.region_id)
    out: dict = {}
    for name, ids in by_name.items():
        if len(ids) == 1:
            out.setdefault((name[0], len(name)), []).append((name, next(iter(ids))))
    return out


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (edits and swaps of neighbours), stopping past limit."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _close_oblast(name: str, gaz) -> str:
    """The file's oblast whose name differs from `name` by a typo (one letter added, dropped
    or changed in a long name), or ""."""
    from difflib import get_close_matches

    names = _oblast_names(gaz)
    found = get_close_matches(G.norm(name), list(names), n=2, cutoff=0.96)
    return names[found[0]] if len(found) == 1 else ""


@lru_cache(maxsize=2)
def _oblast_names(gaz) -> dict:
    return {G.norm(e.name): e.region_id for e in gaz.entries
            if e.kind == "region" and e.name.endswith(" область")}


def _sky_nominative(word: str, gender: str) -> str:
    """The nominative singular of a "-ский"/"-цкий" adjective by its ending
    ("Сурхандарьинской" -> "Сурхандарьинская"), "" for other words."""
    low = G.norm(word)
    for end in sorted(_SKY_ENDINGS, key=len, reverse=True):
        stem = low[:-len(end)]
        if low.endswith(end) and stem.endswith(("ск", "цк")) and len(stem) > 4:
            nom = stem + ("ая" if gender == "femn" else "ое" if gender == "neut" else "ий")
            return word[:len(stem)] + nom[len(stem):]
    return ""


def _cap(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _adjective_with_head(toks, texts, lemmas, a, head, gaz, last: bool):
    """A region or district named by the adjective toks[a] and the shared noun toks[head]."""
    head_lemma = lemmas[head]
    gender = HEAD_NOUNS.get(head_lemma, "masc")
    adj_nom = _inflect(texts[a], {"nomn", "sing", gender})
    if not adj_nom:
        # an adjective pymorphy3 cannot inflect: a gazetteer name it is a case form of, else
        # a "-ский" adjective put in the nominative by its ending
        known = gaz.find(f"{texts[a]} {head_lemma}")
        adj_nom = gaz.get(known[0]).name.split(" ")[0] if known else \
            _sky_nominative(texts[a], gender)
        if not adj_nom:
            return None
    adj_nom = _cap(adj_nom)
    noun = head_lemma
    if head_lemma == "округ" and lemmas[head - 1] == "автономный":
        return None  # "... автономный округ" names come from the gazetteer
    name = f"{adj_nom} {noun}"
    stop = head + 1 if last else a + 1
    ids = gaz.find(name)
    districts = [r for r in ids if gaz.get(r).kind == "district"]
    if ids and not (head_lemma in DISTRICT_NOUNS and len(districts) == len(ids)):
        return Candidate(a, stop, ids, name, "coordination", ["name"] * len(ids))
    if head_lemma in DISTRICT_NOUNS:
        lem = G.norm(adj_nom)
        if lem in DISTRICT_SKIP_ADJ:
            return None
        if lem in DISTRICT_PROPER_IF_CAPITAL and (a == 0 or not texts[a][:1].isupper()):
            return None
        # pymorphy3 may give the adjective another nominative than the district's own
        # ("Шелковского" -> "Шелковский", the district is "Шелковской"): the gazetteer's
        # districts named by the adjective as written, the one spelt so in the nominative first
        written = [r for r in gaz.find(f"{texts[a]} {noun}") if gaz.get(r).kind == "district"]
        if written and set(written) != set(districts):
            same = [r for r in dict.fromkeys(districts + written)
                    if G.norm(gaz.get(r).name.split(" ")[0]) == G.norm(texts[a])]
            if same or not districts:
                districts = same or written
                name = gaz.get(districts[0]).name
        # the span: the adjective alone for the first conjuncts, adjective..noun for the last;
        # ids: the gazetteer's districts of that name (several regions may have one)
        return Candidate(a, stop, districts, name, "district", district_name=name)
    masc = _inflect(adj_nom, {"nomn", "sing", "masc"}) or ""
    if head_lemma == "область" and G.norm(adj_nom).endswith(("ская", "цкая")) and \
            texts[a][:1].isupper() and not ({G.norm(masc)} & (
                DISTRICT_SKIP_ADJ | BETWEEN_ADJ | set(gaz.adjectives))):
        # an oblast the file lacks ("Сурхандарьинская", "Согдийская", a former one:
        # "Джезказганская"): a first-level unit by its form, placed like a district; a name one
        # typo away from the file's own is that oblast ("Восточно-Казахсттанская")
        close = _close_oblast(name, gaz)
        if close:
            return Candidate(a, stop, [close], gaz.get(close).name, "coordination", ["name"])
        return Candidate(a, stop, [], name, "district", district_name=name,
                         unlisted_kind="region")
    return None


def _accept(best, toks, texts, lemmas, i, k, in_per, in_loc, gaz=None) -> bool:
    pats = best
    multi = k > 1 or any(p.exact for p in pats)
    if not multi and any(in_per[i:i + k]) and not any(in_loc[i:i + k]) and not (
            _only_toponym(texts[i]) and not (i > 0 and in_per[i - 1])
            and not (i + 1 < len(in_per) and in_per[i + 1]) and _major(pats, gaz)):
        # a person's name, unless the tagger's PER is this toponym alone and it names a
        # major place (a small town's name is often a surname pymorphy3 does not know)
        return False
    if k == 1 and not any(p.exact for p in pats):
        t = toks[i]
        # weak names ("Шахты", "Мирный") and adjectival ones ("Советский") need support
        if all(p.weak or p.adjectival for p in pats):
            cue = i > 0 and (G.norm(texts[i - 1]) in CITY_CUES or
                             (texts[i - 1] == "." and i > 1 and G.norm(texts[i - 2]) == "г"))
            if not (in_loc[i] or cue):
                return False
            if any(p.adjectival for p in pats) and not cue and i + 1 < len(toks) and \
                    toks[i + 1].pos in ("NOUN", "PROPN") and \
                    toks[i + 1].feats.get("Case") == t.feats.get("Case"):
                return False  # "Советский Союз", "Мирный атом"
        if not t.text[:1].isupper():
            return False
        # "в Братском саду": the tagger's adjective agreeing with the next noun is not the
        # town "Братск"
        if t.pos == "ADJ" and not any(p.adjectival for p in pats) and i + 1 < len(toks) and \
                toks[i + 1].pos == "NOUN" and toks[i + 1].feats.get("Case") == t.feats.get("Case"):
            return False
    return True


MAJOR_CITY = 100_000  # people: a city this big is named far more often than a namesake


def _major(pats, gaz) -> bool:
    """Every place the patterns name is a country, a first-level unit or a large city."""
    if gaz is None:
        return False
    entries = [gaz.get(r) for p in pats for r in p.region_ids]
    return bool(entries) and all(e is not None and (
        e.kind in ("country", "region") or
        (e.kind == "city" and gaz.population(e.region_id) >= MAJOR_CITY)) for e in entries)


@lru_cache(maxsize=50_000)
def _only_toponym(text: str) -> bool:
    """Every pymorphy3 reading of the word is a place name's, none a person's ("Тверью"): the
    tagger's PER on it is wrong."""
    ps = G.parses(G.norm(text))
    return bool(ps) and all("Geox" in p.tag and not ({"Name", "Surn", "Patr"} & p.tag.grammemes)
                            for p in ps)


def _compound_parts(text: str, gaz) -> list:
    """The place adjectives of a compound one: "российско-казахстанского" -> [((0, 9), ["RU"]),
    ((10, 24), ["KZ"])]; [] unless every part is one."""
    if "-" not in text:
        return []
    parts, pos = [], 0
    pieces = text.split("-")
    if len(pieces) < 2 or any(len(p) < 3 for p in pieces):
        return []
    for k, piece in enumerate(pieces):
        low = G.norm(piece)
        if k < len(pieces) - 1:
            if not low.endswith("о"):
                return []
            stems = [low[:-1] + "ий", low[:-1] + "ский"]
        else:
            stems = list(G.token_forms(piece))
        ids = []
        for st in stems:
            ids.extend(r for r in gaz.adjectives.get(st, ()) if r not in ids)
        if not ids:
            return []
        parts.append(((pos, pos + len(piece)), ids))
        pos += len(piece) + 1
    return parts


def _authority_noun(toks, lemmas, i):
    """The region/authority noun the adjective toks[i] qualifies, or None."""
    n = len(toks)
    k = i + 1
    while k < n:
        if lemmas[k] in BETWEEN_ADJ:
            k += 1
        elif toks[k].text in (",", "и", "или") and k + 1 < n and _is_adj(toks[k + 1]):
            k += 2  # "уральские и сибирские регионы"
        else:
            break
    if k < n and (lemmas[k] in REGION_NOUNS or lemmas[k] in CITY_NOUNS):
        # the adjective must agree in case with its noun
        ca, cn = toks[i].feats.get("Case"), toks[k].feats.get("Case")
        if ca and cn and ca != cn:
            return None
        return lemmas[k]
    return None


def _regional_adjective(ids, gaz) -> bool:
    """The adjective's places are first-level divisions (oblasts, republics, states), with at
    most their capitals ("калининградский": the oblast or its capital)."""
    entries = [gaz.get(r) for r in ids]
    if not entries or any(e is None for e in entries):
        return False
    regions = [e for e in entries if e.kind == "region"]
    capitals = {gaz.capital_id(e.region_id) for e in regions}
    countries = {e.country for e in regions}
    # a city of the same name and country stands for the region's centre even where the file
    # gives the region no capital ("витебский": Витебская область or Витебск)
    return bool(regions) and all(e.kind == "region" or e.region_id in capitals or
                                 (e.kind == "city" and e.country in countries) for e in entries)


def _next_noun(toks, lemmas, i) -> str:
    """Lemma of the noun the adjective toks[i] qualifies (skipping adjectives), or ""."""
    for k in range(i + 1, min(i + 4, len(toks))):
        if toks[k].pos in ("NOUN", "PROPN"):
            return lemmas[k]
        if toks[k].pos not in ("ADJ", "DET", "NUM"):
            return ""
    return ""


def _plausible_place(span_toks) -> bool:
    """Drop natasha LOC spans that are clearly not places."""
    words = [t for t in span_toks if any(ch.isalpha() for ch in t.text)]
    if not words:
        return False
    if len(words) == 1 and G.is_weak_word(words[0].text) and \
            not any("Geox" in p.tag for p in G.parses(G.norm(words[0].text))):
        return False  # a common word capitalised by a heading: "Главное"
    if not any(t.text[:1].isupper() for t in words):
        return False
    if len(words) > 6:
        return False
    return True


def nominative_phrase(span_toks) -> str:
    """natasha-style normal form: the head noun and the adjectives before it in the nominative,
    the rest (genitive dependants, names) as written."""
    out = []
    head_done = False
    head_idx = None
    for k, t in enumerate(span_toks):
        if t.pos in ("NOUN", "PROPN"):
            head_idx = k
            break
    if head_idx is None:
        return " ".join(t.text for t in span_toks) if len(span_toks) > 1 else span_toks[0].text
    number = span_toks[head_idx].feats.get("Number", "Sing")
    head_parse = _best_parse(span_toks[head_idx])
    gender = head_parse.tag.gender if head_parse is not None else None
    for k, t in enumerate(span_toks):
        word = t.text
        if k < head_idx and t.pos in ("ADJ", "DET", "NUM", "PROPN") and not head_done:
            word = _to_nominative(t, number, gender, adjective=True) or word
        elif k == head_idx:
            word = _to_nominative(t, number, None) or word
            head_done = True
        out.append(word)
    return _join(span_toks, out)


def _join(span_toks, words) -> str:
    pieces = []
    for k, (t, w) in enumerate(zip(span_toks, words)):
        if k and span_toks[k - 1].stop < t.start:
            pieces.append(" ")
        pieces.append(w)
    return "".join(pieces)


def _best_parse(tok):
    from .morphology import best_agreeing

    ps = G.parses(G.norm(tok.text))
    return best_agreeing(ps, tok.pos, tok.feats) if ps else None


_NOMINATIVES: dict = {}


def _to_nominative(tok, number: str, gender, adjective: bool = False):
    """The token in the nominative (None when it is one already or cannot be inflected);
    cached on what decides it: pymorphy3's inflect builds the word's whole lexeme each time."""
    feats = tok.feats
    case = feats.get("Case")
    if case == "Nom":
        return None
    key = (tok.text, tok.pos, case, feats.get("Number"), feats.get("Gender"), number, gender,
           adjective)
    if key in _NOMINATIVES:
        return _NOMINATIVES[key]
    if len(_NOMINATIVES) > 50_000:  # bounded: a long run meets ever new words
        _NOMINATIVES.clear()
    found = _NOMINATIVES[key] = _to_nominative_uncached(tok, number, gender, adjective)
    return found


def _to_nominative_uncached(tok, number: str, gender, adjective: bool):
    p = _best_parse(tok)
    if p is None:
        return None
    gram = {"nomn", "plur" if number == "Plur" else "sing"}
    if adjective and gender and number != "Plur":
        gram.add(gender)
    try:
        f = p.inflect(gram)
    except (ValueError, KeyError):
        f = None
    if f is None:
        return None
    word = f.word
    if "ё" in word and "ё" not in tok.text.lower():
        word = word.replace("ё", "е")
    return _match_case(tok.text, word)


def _match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    parts_t = template.split("-")
    parts_w = word.split("-")
    if len(parts_t) == len(parts_w):
        return "-".join(pw[:1].upper() + pw[1:] if pt[:1].isupper() else pw
                        for pt, pw in zip(parts_t, parts_w))
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


# ------------------------------------------------------------------------------------------
def _resolve(found, gaz) -> None:
    """Pick one id per candidate when the names, kinds, cues and the document allow."""
    # narrow each candidate by alias type and kind
    for toks, c in found:
        if c.source == "district" or c.source == "ner":
            continue
        if not c.linkable:
            c.ids = [r for r in c.ids if gaz.get(r) is not None]
            continue
        ids = [r for r in c.ids if gaz.get(r) is not None]
        if not ids:
            c.ids = []
            continue
        types = dict(zip(c.ids, c.types)) if c.types else {}
        if c.kinds_hint == "city" and any(gaz.get(r).kind == "city" for r in ids):
            ids = [r for r in ids if gaz.get(r).kind == "city"]
        elif c.source == "adjective" and c.kinds_hint == "region":
            non_city = [r for r in ids if gaz.get(r).kind != "city"]
            ids = non_city or ids
        ambiguous = any(types.get(r) == "ambiguous" for r in ids)
        best_type = min(G.TYPE_RANK.get(types.get(r, "name"), 1) for r in ids)
        ids = [r for r in ids if G.TYPE_RANK.get(types.get(r, "name"), 1) == best_type]
        if not ambiguous:
            best_kind = min(G.KIND_RANK.get(gaz.get(r).kind, 3) for r in ids)
            ids = [r for r in ids if G.KIND_RANK.get(gaz.get(r).kind, 3) == best_kind]
        else:
            ids = [r for r in ids if types.get(r) == "ambiguous"] + \
                  [r for r in ids if types.get(r) != "ambiguous"]
        c.ids = ids
        if len(ids) == 1 and not ambiguous:
            c.entity_id, c.resolved = ids[0], True
    # the document's unambiguous places and their relatives
    known = set()
    for _, c in found:
        if c.resolved:
            known.add(c.entity_id)
            known.update(gaz.ancestors(c.entity_id))
            cap = gaz.capital_id(c.entity_id)
            if cap:
                known.add(cap)
    for _, c in found:
        if c.resolved or not c.ids or not c.linkable or c.source == "district":
            continue
        hits = [r for r in c.ids if r in known]
        if len(hits) == 1:
            c.entity_id, c.resolved = hits[0], True
            continue
        cities = [r for r in c.ids if gaz.get(r).kind in ("city", "district")]
        if len(cities) == len(c.ids) and len(cities) > 1:
            pops = sorted(((gaz.population(r), r) for r in cities), reverse=True)
            if pops[0][0] >= 5 * max(pops[1][0], 1):
                c.entity_id, c.resolved = pops[0][1], True
    # normal forms: a linked adjective or coordinated name stands for the place's name; an
    # unlinked adjective is put in the nominative as it is ("британской" -> "британская")
    for toks, c in found:
        if c.source == "adjective" and c.entity_id:
            c.normal = gaz.get(c.entity_id).name
        elif c.entity_id and c.entity_id in c.names:
            c.normal = c.names[c.entity_id]
        elif c.source == "adjective":
            c.normal = _adjective_nominative(toks[c.start_tok], c, gaz)
    _resolve_districts(found, gaz)


def _adjective_nominative(tok, c, gaz) -> str:
    if c.char_span:  # part of a compound: the adjective's own lemma ("российско" -> российский)
        lemmas = [a for a, ids in gaz.adjectives.items() if set(ids) & set(c.ids)]
        return min(lemmas, key=len) if lemmas else tok.text
    number = tok.feats.get("Number", "Sing")
    gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(tok.feats.get("Gender", ""))
    word = _to_nominative(tok, number, gender, adjective=True)
    return word or tok.text


def _resolve_districts(found, gaz) -> None:
    """A district's entry. Its parent, in this order: the place named right after it
    ("Жанибекский район Казахстана", "Палласовского района Волгоградской области"), then the
    same name with such a parent elsewhere in the document. With a parent, the gazetteer's
    district of that name inside it (district:KZ-27:Жанибекский_район for "... Казахстана");
    without, the gazetteer's only district of that name, or, when several regions have one
    ("Советский район"), the one in the region the document names most (its places and their
    regions counted); else a district id without a parent (district:-:<name>)."""
    parents: dict[str, str] = {}
    order = sorted(range(len(found)), key=lambda k: (found[k][0][0].start, found[k][1].start_tok))
    for pos, k in enumerate(order):
        toks, c = found[k]
        if c.source != "district":
            continue
        parent = ""
        # the next mention in the same sentence, adjacent, in the genitive
        for k2 in order[pos + 1:]:
            toks2, c2 = found[k2]
            if toks2 is not toks:
                break
            if c2.source == "district":
                continue
            if c2.start_tok == _last_head(toks, c) + 1 and c2.entity_id:
                tok2 = toks[c2.start_tok]
                case = tok2.feats.get("Case")
                kind = gaz.get(c2.entity_id).kind
                if (case in (None, "Gen") or tok2.text.isupper()) and \
                        kind in ("region", "country", "city", "federal_district"):
                    parent = c2.entity_id
            break
        if parent:
            parents[c.district_name] = parent
    weight: dict[str, int] = {}  # place id -> mentions of it or of places inside it
    for _, c in found:
        if c.source != "district" and c.entity_id:
            for rid in [c.entity_id] + gaz.ancestors(c.entity_id):
                weight[rid] = weight.get(rid, 0) + 1
    for _, c in found:
        if c.source != "district":
            continue
        parent = parents.get(c.district_name, "")
        cands = [r for r in c.ids if gaz.get(r) is not None]
        if parent:
            inside = [r for r in cands if parent in gaz.ancestors(r)]
            c.entity_id = inside[0] if len(inside) == 1 else \
                G.district_id(c.district_name, _parent_of(parent, c, gaz), c.unlisted_kind)
        elif len(cands) == 1:
            c.entity_id = cands[0]
        else:
            scored = sorted(((weight.get(gaz.get(r).parent_id, 0), r) for r in cands), reverse=True)
            if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                c.entity_id = scored[0][1]
            else:
                c.entity_id = G.district_id(c.district_name, "", c.unlisted_kind)


def _parent_of(parent: str, c, gaz) -> str:
    """A first-level unit's parent is a country: the country of the place named after it."""
    if c.unlisted_kind == "region":
        return gaz.country_of(parent) or parent
    return parent


def _last_head(toks, c) -> int:
    """Index of the head noun ending a district's noun phrase (for coordinated first conjuncts,
    the shared noun further right)."""
    k = c.stop_tok - 1
    n = len(toks)
    j = k
    while j < n and G.norm(toks[j].lemma or toks[j].text) not in DISTRICT_NOUNS:
        j += 1
    return j if j < n else k


STAGE = Stage("regions", run, requires=("tokens", "ner", "boilerplate"), provides=("places",))
