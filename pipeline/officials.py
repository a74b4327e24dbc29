"""Stage: officials — who holds which post where.

1. Position phrases are found on lemmas: [modifiers] title [field] [genitive dependents], the
   title from the lexicon in data/positions.csv and data/professions.csv ("заместитель
   председателя правительства Алтайского края": relational "заместитель" + title "председатель
   правительства" + dependents "Алтайского края"; "министр по делам разведки Израиля": the
   field "по делам разведки" belongs to the role). Dependents run through places, quoted and
   recognised organisation names and "по/при/в/от" phrases, and stop at a person's name; a
   place's adjective right before the title is the place served ("британский премьер").
2. Each is put in the nominative: the words up to the title's head noun are inflected, the
   genitive dependents stay as written ("губернатора Астраханской области" -> "губернатор
   Астраханской области").
3. A person is linked to it by the construction around it, in this order: title right before a
   name (an age or a date may stand between; "адвокат Александра Кокорина Андрей Ромашов":
   past a genitive name to the holder); name, comma or dash, title (past adjectives or a short
   apposition); plural titles before a list of names; titles listed together or side by side
   share their neighbour's person; a predicate ("стал губернатором", "назначен акимом",
   "занимающий пост министра") takes its subject, or the object of an active appointing verb
   ("Путин назначил Иванова губернатором"); a post named without a name takes the one
   person the document already linked to the same post ("Губернатор также напомнил ...");
   finally a post still without a holder may get one from the learned pair model (pairs.py:
   "... приговорил футболиста" a sentence after Месси is named), except a post sought, one of
   the other party ("встретился с послом") or a relative's.
   Title and name must agree in case, judged on every form each can take (the tagger misreads
   foreign and indeclinable names); a kinship noun the name agrees with blocks the link ("дочь
   президента Иванка Трамп").
4. The place served is the linked place inside the dependents; the country comes from it, from
   the title ("аким" -> KZ), or, for "посол соседнего государства" and "премьер страны", from
   the document; a post named without its place takes the one place the document gives the
   same person's same post. The body served is the organisation the dependents name, with its
   place ("Исламский комитет России").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import pairs
from .morphology import match_case
from .organisations import phrase_nominative
from .positions import DATA, fold, read_rows
from .records import Mention, Official
from .stage import Stage

DEPENDENT_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM"}
MAX_DEPENDENTS = 9
APPOSITION_MARKS = {",", "–", "—", "-", "("}
DASHES = {"–", "—"}
PREDICATE_VERBS = {"стать", "назначить", "избрать", "переизбрать", "занимать", "занять",
                   "являться", "работать", "служить", "утвердить", "назначать", "избираться",
                   "становиться", "оставаться", "остаться", "числиться", "возглавлять",
                   "выдвинуть", "выбрать", "уволить", "освободить", "снять", "отстранить"}
POST_NOUNS = {"пост", "должность"}
# Verbs whose active voice has the appointer as subject and the holder as object ("уволил
# Суходольского с должности главы ГУ МВД": the object held it).
APPOINTING_VERBS = {"назначить", "избрать", "переизбрать", "утвердить", "назначать", "выдвинуть",
                    "рекомендовать", "выбрать", "предложить", "уволить", "освободить", "снять",
                    "отстранить"}
# Words of a post sought, not held.
SOUGHT = {"кандидат", "кандидатка", "кандидатура", "претендент", "претендентка", "претендовать",
          "баллотироваться", "выдвигаться", "шанс", "хотеть", "намереваться", "намеренный",
          "планировать", "собираться", "мечта", "мечтать"}
# Titles with other common senses ("глава" of a book, "член" of a set, "лидер" of a race):
# they count only with a name beside them or something they head.
GENERIC = {"глава", "представитель", "лидер", "член", "основатель", "владелец", "зам",
           "уполномоченный", "управляющий", "сотрудник", "специалист", "эксперт", "доктор",
           "капитан", "наставник", "участковый", "критик"}
# "член" names a post only with the body named: "члена Общественной палаты", not "член семьи".
NAMED_BODY_ONLY = {("член",)}
# Categories too broad to say two differently worded posts are the same one.
UNSPECIFIC_CATEGORIES = {"member", "owner", "head", "executive", "chair", "deputy", "adviser",
                         "representative", "legislator", "minister", "judge", "religious",
                         "military"}
NEIGHBOUR_HEADS = {"государство", "страна", "республика"}
FIRST_IS_ORDINAL = {"head_of_state", "head_of_government", "head_of_region",
                    "head_of_municipality", "head"}
THIS_COUNTRY = {"страна", "государство", "этот", "наш"}


@dataclass
class PositionSpan:
    first: int  # token index of the first token (modifiers included)
    head: int  # token index where the title starts
    role_stop: int  # token index after the title words
    stop: int  # token index after the dependents
    category: str
    country: str
    acting: bool = False
    former: bool = False
    role_first: bool = False  # "первый заместитель": "первый" belongs to the role
    plural: bool = False
    keep_genitive: bool = False  # "исполняющий обязанности губернатора": the title stays Gen
    role_lemmas: tuple = ()
    places: list = field(default_factory=list)


def find_positions(doc, lexicon, place_tokens=frozenset(), person_tokens=frozenset(),
                   org_ends=None):
    """Position phrases of every sentence. `place_tokens` / `person_tokens`: token indices
    inside place / person mentions (a place continues the dependents, a name ends them);
    `org_ends`: token index inside an organisation's name -> index after the name (the
    dependents run to its end: "лидер Движения против нелегальной иммиграции")."""
    found = []
    org_ends = org_ends or {}
    for sent in doc.sentences:
        tokens = doc.tokens[sent.token_start:sent.token_stop]
        lemmas = _lemmas(tokens, lexicon)
        offset = sent.token_start
        ids = range(sent.token_start, sent.token_stop)  # (the sentence's own: linear time)
        context = ({k - offset for k in ids if k in place_tokens},
                   {k - offset for k in ids if k in person_tokens},
                   {k - offset: org_ends[k] - offset for k in ids if k in org_ends})
        i = 0
        while i < len(tokens):
            span = _match_at(tokens, lemmas, i, lexicon, context)
            if span is None or _in_idiom(tokens, span.head):
                i += 1
                continue
            # "британский премьер", "северокорейский лидер": a place's adjective right before
            # an official title names the place served ("итальянский политик": a nationality)
            if i > 0 and span.first == i and tokens[i - 1].pos == "ADJ" and \
                    span.category in lexicon.post_categories and \
                    (i - 1) in context[0] and (not found or found[-1].stop - offset <= i - 1):
                span.first = i - 1
                for n in (1, 2, 3):  # "бывший британский премьер"
                    flag, m = lexicon.match_modifier(lemmas, i - 1 - n) if i - 1 - n >= 0 \
                        else (None, 0)
                    if m == n:
                        span.first = i - 1 - n
                        span.former = span.former or flag == "former"
                        span.acting = span.acting or flag == "acting"
                        span.keep_genitive = span.keep_genitive or flag == "acting"
                        break
            span.first += offset
            span.head += offset
            span.role_stop += offset
            span.stop += offset
            found.append(span)
            i = span.stop - offset
    return found


@lru_cache(maxsize=None)
def title_idioms() -> frozenset:
    """(word before, title word) of set phrases where the title word is no title ("во главе")."""
    return frozenset((r["before"], r["word"]) for r in read_rows(DATA / "title_idioms.csv"))


def _in_idiom(tokens, k: int) -> bool:
    before = tokens[k - 1].text.lower() if k > 0 else ""
    return (before, tokens[k].text.lower()) in title_idioms()


def _title_lemma(token) -> str:
    lemma = fold(token.lemma or token.text.lower())
    return lemma[4:] if lemma.startswith("экс-") and len(lemma) > 5 else lemma


def _lemmas(tokens, lexicon) -> list[str]:
    """Token lemmas for title matching; "президент-республиканец" reads as its first part
    when the whole is no title and the first part is one."""
    out = []
    for t in tokens:
        lemma = _title_lemma(t)
        if "-" in lemma and lemma not in lexicon.first_words:
            head = lemma.split("-", 1)[0]
            if head in lexicon.first_words and (head,) in lexicon.titles:
                lemma = head
        out.append(lemma)
    return out


def _match_at(tokens, lemmas, i, lexicon, context=(set(), set(), {})):
    j, flags = i, set()
    while j < len(tokens):
        flag, n = lexicon.match_modifier(lemmas, j)
        if not n:
            break
        flags.add(flag)
        j += n
    if tokens[j:j + 1] and tokens[j].lemma.startswith("экс-"):
        flags.add("former")
    title, n = lexicon.match_title(lemmas, j) if j < len(tokens) else (None, 0)
    if title is None:
        return None
    head, role_stop = j, j + n
    category, country = title.category, title.country
    # Relational titles take a genitive title: "заместитель акима", "советник губернатора".
    if title.kind == "relational" or lemmas[head] in ("заместитель", "первый"):
        k = role_stop
        while k < len(tokens):
            _, m = lexicon.match_modifier(lemmas, k)
            if not m:
                break
            k += m
        inner, m = lexicon.match_title(lemmas, k)
        if inner is not None and tokens[k].feats.get("Case") == "Gen":
            role_stop = k + m
            category = f"deputy_{inner.category}" if title.category == "deputy" else category
            country = country or inner.country
    places, persons, orgs = context
    # "министр связи и коммуникаций", "замминистра энергетики": a minister's field, in
    # lower-case genitive words, is part of the role; the place or body after it is served
    if category in ("minister", "deputy_minister"):
        k = role_stop
        while k < len(tokens) and k not in places and tokens[k].text.islower() and (
                tokens[k].pos in ("NOUN", "ADJ") and tokens[k].feats.get("Case") == "Gen"
                or tokens[k].text == "и" and k > role_stop):
            k += 1
        while k > role_stop and tokens[k - 1].pos != "NOUN":
            k -= 1
        role_stop = k
    # "министр по делам разведки", "заместитель губернатора по социальным вопросам": the
    # field right after the title is part of the role
    if role_stop < len(tokens) and tokens[role_stop].text.lower() == "по" and \
            (field_end := _prepositional(tokens, role_stop, places, persons)):
        role_stop = next((k for k in range(role_stop + 2, field_end) if k in places or
                          tokens[k].text[:1].isupper()), field_end)  # "... Израиля": served
    stop = _dependents_end(tokens, role_stop, places, persons, orgs)
    # A genitive title after the post is part of it: "пресс-секретарь президента России",
    # "заместителя начальника управления президента по внутренней политике". Right after
    # the title it joins the role too.
    while stop < len(tokens):
        at = stop  # "пресс-службы башкирского президента": adjectives, then the title
        while at < len(tokens) and tokens[at].pos == "ADJ" and \
                tokens[at].feats.get("Case") == "Gen":
            at += 1
        inner, m = lexicon.match_title(lemmas, at) if at < len(tokens) else (None, 0)
        if inner is None or at in persons or tokens[at].feats.get("Case") != "Gen":
            break
        if stop == role_stop and at == stop:
            role_stop = at + m
        stop = _dependents_end(tokens, at + m, places, persons, orgs)
    # A trailing "и" or a dangling lower-case adjective is not a dependent ("Волжского",
    # a city named by an adjective, is).
    while stop > role_stop and (tokens[stop - 1].pos in ("CCONJ", "ADJ", "DET")
                                and not tokens[stop - 1].text[:1].isupper()):
        stop -= 1
    head_token = tokens[head]
    if any(t.pos == "PUNCT" for t in tokens[head:role_stop]):
        return None
    return PositionSpan(
        first=i, head=head, role_stop=role_stop, stop=stop, category=category,
        country=country, acting="acting" in flags, former="former" in flags,
        # "первый заместитель", "первый секретарь" name a post; "первый президент" counts
        role_first="first" in flags and category not in FIRST_IS_ORDINAL,
        plural=head_token.feats.get("Number") == "Plur" and not _one_of(tokens, i),
        # "исполняющий обязанности губернатора", "врио губернатора": the title stays genitive
        keep_genitive="acting" in flags or any(lemmas[x] == "исполнять" for x in range(i, head)),
        role_lemmas=tuple(lemmas[head:role_stop]),
    )


def _one_of(tokens, i) -> bool:
    """"одним из лидеров": a plural title that names one person."""
    return i >= 2 and tokens[i - 1].text.lower() == "из" and tokens[i - 2].lemma == "один"


def _dependents_end(tokens, start, places, persons, orgs=None) -> int:
    """Index after the genitive dependents (places, bodies, quoted names) from `start`."""
    stop = start
    while stop < len(tokens) and stop - start < MAX_DEPENDENTS and stop not in persons:
        if orgs and stop > start and orgs.get(stop - 1, 0) > stop:
            stop = orgs[stop - 1]  # the rest of an organisation's name
        elif stop in places or _is_dependent(tokens, stop):
            stop += 1
        elif (stop > start or tokens[stop + 1:stop + 2] and tokens[stop + 1].text[:1].isupper()) \
                and (quoted := _quoted_name(tokens, stop)):
            # "исполкома «Единой России»", "лидер «Национального фронта»": a name in quotes
            stop = quoted
        elif (prep := _prepositional(tokens, stop, places, persons)):
            stop = prep  # "представитель Тегерана в ОПЕК", "по правам человека"
        else:
            break
    return stop


OPEN_QUOTES, CLOSE_QUOTES = {"«", '"', "„", "“"}, {"»", '"', "“", "”"}
# preposition -> the case its dependent takes inside a post's name
POST_PREPOSITIONS = {"по": "Dat", "при": "Loc", "в": "Loc", "от": "Gen"}


def _quoted_name(tokens, k) -> int:
    """Index after a short quoted name starting at k, or 0."""
    if tokens[k].text not in OPEN_QUOTES:
        return 0
    for j in range(k + 1, min(k + 8, len(tokens))):
        if tokens[j].text in CLOSE_QUOTES:
            return j + 1 if j > k + 1 else 0
    return 0


def _prepositional(tokens, k, places, persons=frozenset()) -> int:
    """Index after "по/при/в/от" + a noun phrase that names what the post covers, or 0."""
    case = POST_PREPOSITIONS.get(tokens[k].text.lower())
    if case is None:
        return 0
    j = k + 1
    while j < len(tokens) and j - k <= 5 and j not in persons and (
            j in places or tokens[j].text.isupper() and len(tokens[j].text) > 1 or
            tokens[j].pos in DEPENDENT_POS and tokens[j].feats.get("Case") in (case, "Gen")
            and (j > k + 1 or tokens[j].feats.get("Case") == case)):
        j += 1
    if j == k + 1 or tokens[j - 1].pos not in ("NOUN", "PROPN") and j - 1 not in places:
        return 0
    if tokens[k].text.lower() == "в" and not (tokens[k + 1].text[:1].isupper() or
                                              k + 1 in places):
        return 0  # "в отставке", "в пятницу": only a named body or place ("в ОПЕК")
    return j


def _is_dependent(tokens, k) -> bool:
    t = tokens[k]
    if len(t.text) >= 2 and t.text.isupper() and t.text.isalpha():
        return True  # abbreviations, whatever case the tagger guessed: ВКО, МИД, РФ
    if t.text[:1].isupper() and t.pos in ("PROPN", "NOUN", "X") and (
            t.feats.get("Case") in (None, "Gen") or
            # the rest of a foreign name, whatever case the tagger guessed: "фотограф
            # Ассошиэйтед Пресс"
            k > 0 and tokens[k - 1].text[:1].isupper() and tokens[k - 1].pos in ("PROPN", "X")
            and t.feats.get("Animacy") != "Anim"):
        return True  # indeclinable names
    if t.pos in DEPENDENT_POS and t.feats.get("Case") == "Gen":
        # "главы ФБР республиканца": a person, not the body served; a group ("лидер
        # либеральных демократов", "лидеров боевиков") is what the post leads
        return not (t.pos == "NOUN" and t.feats.get("Animacy") == "Anim"
                    and t.feats.get("Number") != "Plur")
    if t.pos == "CCONJ" and t.text.lower() == "и" and 0 < k and k + 1 < len(tokens):
        nxt, prev = tokens[k + 1], tokens[k - 1]
        if nxt.feats.get("Case") != "Gen" or prev.feats.get("Case") != "Gen":
            return False
        if nxt.pos == "ADJ" and prev.pos == "ADJ":
            return True  # "социальных и экономических вопросов"
        # "министр связи и коммуникаций": two inanimate nouns (a person or a second title
        # after "и" is another post: "губернатора и мэра")
        return nxt.pos == "NOUN" and prev.pos == "NOUN" and \
            nxt.feats.get("Animacy") == "Inan" and prev.feats.get("Animacy") == "Inan"
    return False


def normalise_position(doc, span: PositionSpan, morph, singular: bool = False) -> tuple[str, str]:
    """(position, role) in the nominative; the role always singular, the position singular
    when `singular` (a plural title linked to each of the people it lists)."""
    # The title's head noun and the words agreeing with it before it are inflected; the
    # genitive dependents stay as written. After "исполняющий обязанности" the title itself
    # stays genitive in the position, but the role is always nominative.
    head_noun = next((k for k in range(span.head, span.role_stop)
                      if doc.tokens[k].pos in ("NOUN", "PROPN")), span.head)
    position_until = span.first if span.keep_genitive else head_noun
    position = _join(doc, [(k, _word(doc.tokens[k], k <= position_until, morph, singular))
                           for k in range(span.first, span.stop)])
    role_from = span.first if span.role_first else span.head
    role = _join(doc, [(k, _word(doc.tokens[k], k <= head_noun, morph, True))
                       for k in range(role_from, span.role_stop)])
    return position, role


def _word(token, inflect: bool, morph, singular: bool = False) -> str:
    if not inflect:
        return token.text
    plural = token.feats.get("Number") == "Plur"
    if token.pos in ("NOUN", "ADJ", "VERB", "DET", "PROPN") and (
            token.feats.get("Case") not in (None, "Nom") or plural and singular):
        word = _nominative(token, morph, singular)
    else:
        word = token.text
    return word if token.text.isupper() else word.lower()


def _nominative(token, morph, singular: bool = False) -> str:
    parse = morph.best_parse(token.text, token.pos, tuple(sorted(token.feats.items())))
    if parse is None:
        return token.text
    plural = token.feats.get("Number") == "Plur" and not singular
    wanted = {"nomn"} | ({"plur"} if plural else {"sing"})
    inflected = morph.inflect(parse, wanted) or morph.inflect(parse, {"nomn"})
    return match_case(token.text, inflected.word) if inflected else token.text


def _join(doc, words) -> str:
    """Words of consecutive tokens, with the spacing the text has between them."""
    out = []
    for n, (k, word) in enumerate(words):
        if n:
            prev = doc.tokens[words[n - 1][0]]
            gap = doc.text[prev.stop:doc.tokens[k].start]
            out.append(" " if gap else "")
        out.append(word)
    return "".join(out)


def _person_index(doc) -> dict:
    """token index -> (person, mention) for every token inside a person mention."""
    index = {}
    starts = {t.start: i for i, t in enumerate(doc.tokens)}
    for person in doc.people:
        for m in person.mentions:
            i = starts.get(m.start)
            if i is None:
                continue
            while i < len(doc.tokens) and doc.tokens[i].stop <= m.stop:
                index[i] = (person, m)
                i += 1
    return index


def _link(doc, spans, people_at, morph) -> dict:
    """position index -> (person, mention, pattern)."""
    links = {}
    tokens = doc.tokens

    date_tokens = {t.token_id for d in doc.dates for t in doc.tokens_in(d.start, d.stop)}
    known_cases = {}

    def title_cases(span):
        if id(span) not in known_cases:
            k = span.first if span.keep_genitive else span.head
            known_cases[id(span)] = _cases(tokens[k].text, tokens[k].feats.get("Case"), morph)
        return known_cases[id(span)]

    for n in range(len(spans) - 1, -1, -1):  # from the right: "писатели и критики, ..."
        span = spans[n]
        if span.plural:
            listed = _listed_people(doc, span, people_at)
            gap = tokens[span.stop:spans[n + 1].first] if n + 1 < len(spans) else None
            if not listed and gap is not None and len(gap) == 1 and gap[0].text == "и" and \
                    spans[n + 1].plural and isinstance(links.get(n + 1), list):
                listed = links[n + 1]  # the names listed after both titles
            if listed:
                links[n] = listed
    for n, span in enumerate(spans):
        if span.plural:
            continue
        # 1. "губернатор Астраханской области Игорь Бабушкин" (but "дочь президента Иванка");
        #    an age or a date may stand between: "директора ФБР 68-летнего Роберта Мюллера",
        #    "премьер Мали с 1991 по 1992 годы Сумана Сакко"
        name_at = _past_inserts(doc, span.stop, date_tokens)
        # "врио главы Республики Марий Эл – Юрий Зайцев": a list of appointments, the verb
        # left out, a dash between each post and its holder
        if name_at < len(tokens) and tokens[name_at].text in DASHES and name_at + 1 in people_at \
                and tokens[name_at - 1].text != ",":
            name_at += 1
        if name_at in people_at and tokens[name_at].sent_id == tokens[span.head].sent_id:
            person, m = people_at[name_at]
            name_cases = _name_cases(m, morph, person.gender)
            if _agree_any(title_cases(span), name_cases) and \
                    not _kin_owns_name(tokens, span, name_cases, morph, m.case):
                links[n] = (person, m, "title_before_name")
                continue
            # "Адвокат Александра Кокорина Андрей Ромашов": the genitive name is whom the
            # post serves; the holder is the name after it
            after = name_at
            while after in people_at and people_at[after][1] is m:
                after += 1
            if after in people_at and tokens[after].sent_id == tokens[span.head].sent_id \
                    and "Gen" in name_cases:
                person2, m2 = people_at[after]
                if _agree_any(title_cases(span), _name_cases(m2, morph, person2.gender)):
                    links[n] = (person2, m2, "title_before_name")
                    continue
        # 2. "Андрей Бочаров, глава Волгоградской области"; "Элвиса Вейса, брюссельского
        #    дизайнера": adjectives may stand between the mark and the title
        k = span.first - 1
        while k >= 2 and tokens[k].pos == "ADJ" and tokens[k].sent_id == tokens[span.first].sent_id:
            k -= 1
        if k >= 1 and tokens[k].text == "," and (k - 1) not in people_at:
            k = _skip_apposition(tokens, k, title_cases(span), morph)
        if k >= 1 and tokens[k].text in APPOSITION_MARKS and (k - 1) in people_at \
                and tokens[k - 1].sent_id == tokens[span.first].sent_id:
            person, m = people_at[k - 1]
            cases = title_cases(span)
            # "Елеусин Сагиндиков, Посол России, руководитель делегации ... Владимир Волков":
            # titles chained up to a name of their case are that name's, not the one before
            ahead = _holder_ahead(doc, spans, n, people_at, cases, morph)
            if ahead is not None:
                links[n] = (*ahead, "title_before_name")
                continue
            if "Nom" in cases or _agree_any(cases, _name_cases(m, morph, person.gender)):
                links[n] = (person, m, "name_then_title")
                continue
    _chain(doc, spans, links, morph)
    # 3. predicates: "X стал губернатором", "назначен акимом X", "занимающий пост министра"
    for n, span in enumerate(spans):
        if n in links or span.plural:
            continue
        # an instrumental title is a predicate's wherever its verb stands ("Новым
        # руководителем Рособрнадзора вместо ушедшего в отставку ... стал Сергей Кравцов")
        ins = tokens[span.head].feats.get("Case") == "Ins"
        near = [tokens[k] for k in range(max(0, span.first - (6 if ins else 3)),
                                         min(len(tokens), span.stop + (12 if ins else 2)))
                if tokens[k].sent_id == tokens[span.first].sent_id
                and not span.first <= k < span.stop]
        copula = ins and any(t.lemma == "быть" for t in near)  # "он был прокурором"
        verbs = [t for t in near if t.lemma in PREDICATE_VERBS or t.lemma in POST_NOUNS]
        if not copula and not verbs:
            continue
        # "кандидат на пост губернатора", "претендует на пост", "хочет стать мэром": a post
        # sought is not held
        sent = doc.sentences[tokens[span.head].sent_id]
        clause = tokens[max(sent.token_start, span.first - 6):span.first]
        if any(t.lemma in SOUGHT for t in clause):
            continue
        # The holder is the subject ("Иванов стал / назначен губернатором"), or the object
        # of an active appointing verb ("Путин назначил Иванова губернатором").
        active = any(t.lemma in APPOINTING_VERBS and t.feats.get("Voice") != "Pass"
                     and t.feats.get("VerbForm") != "Part" for t in near + clause)
        # "глава государства назначил X акимом": a nominative title before an active
        # appointing verb is the appointer's, not a post given
        if active and tokens[span.head].feats.get("Case") == "Nom" and any(
                t.lemma in APPOINTING_VERBS and t.start > tokens[span.head].start
                for t in near):
            continue
        wanted = {"Acc", "Gen"} if active else {"Nom"}
        candidates = sorted(
            {(abs(k - span.head), k) for k in people_at
             if sent.token_start <= k < sent.token_stop and not span.first <= k < span.stop
             and not _restated(tokens, people_at, k)})
        linked_people = {id(links[x][1]) for x in links if isinstance(links[x], tuple)}
        # the tagger's case first, then people not yet linked, then what a name's form allows
        candidates.sort(key=lambda c: (people_at[c[1]][1].case not in wanted,
                                       id(people_at[c[1]][1]) in linked_people, c))
        for _, k in candidates:
            person, m = people_at[k]
            if _name_cases(m, morph, person.gender) & wanted:
                links[n] = (person, m, "predicate")
                break
        else:
            # "Сначала он был танцором": the pronoun's antecedent, the last person named
            pronoun = next((t for t in tokens[sent.token_start:span.first]
                            if t.lemma in ("он", "она") and t.feats.get("Case") == "Nom"), None)
            if pronoun is not None:
                found = _antecedent(doc, people_at, sent.token_start, pronoun)
                if found:
                    links[n] = (*found, "predicate")
    _chain(doc, spans, links, morph)  # "занимает должность руководителя ..., а также ..."
    return links


# how far past a title's words a chained title's holder may stand ("руководитель делегации в
# совместной российско-казахстанской демаркационной комиссии Владимир Волков")
AHEAD_TOKENS = 8


def _holder_ahead(doc, spans, n, people_at, cases, morph):
    """(person, mention) of the name that ends the chain of titles starting at spans[n] —
    titles joined by commas, the last one's words running up to the name — when that name
    agrees with the title's case; else None."""
    tokens = doc.tokens
    starts = {s.first: j for j, s in enumerate(spans)}
    sent = tokens[spans[n].head].sent_id
    pos, hops = spans[n].stop, 0
    while hops < 6:
        hops += 1
        for k in range(pos, min(len(tokens), pos + AHEAD_TOKENS)):
            t = tokens[k]
            if t.sent_id != sent:
                return None
            if k in people_at:
                person, m = people_at[k]
                if _agree_any(cases, _name_cases(m, morph, person.gender)):
                    return person, m
                return None
            if t.text == ",":
                j = starts.get(k + 1)
                if j is None:
                    return None
                pos = spans[j].stop
                break
            if t.pos in ("VERB", "PUNCT") or t.text in ("и", "а"):
                return None
        else:
            return None
    return None


AGE = re.compile(r"^\d+-летн", re.I)


def _past_inserts(doc, k: int, date_tokens) -> int:
    """The index after an age ("68-летнего") or a date standing at k, else k."""
    tokens = doc.tokens
    while k < len(tokens) and (AGE.match(tokens[k].text) or k in date_tokens):
        k += 1
    return k


def _skip_apposition(tokens, comma: int, cases: set, morph) -> int:
    """"Александра Брода, известного борца с ксенофобией, члена Общественной палаты": the
    comma before a short phrase that describes the person in the title's case, or `comma`."""
    for j in range(comma - 1, max(0, comma - 8), -1):
        t = tokens[j]
        if t.text == ",":
            phrase = tokens[j + 1:comma]
            nouns = [x for x in phrase if x.pos == "NOUN"]
            if nouns and _agree_any({nouns[0].feats.get("Case")} - {None}, cases):
                return j
            return comma
        if t.pos in ("VERB", "AUX", "PUNCT", "PRON", "SCONJ", "CCONJ") or \
                t.sent_id != tokens[comma].sent_id:
            return comma
    return comma


def _restated(tokens, people_at, k) -> bool:
    """"Шейк Модибо Диарра (Cheick Modibo Diarra)": a name in brackets right after the same
    person's name restates it; the holder is the name before."""
    if k < 2 or tokens[k - 1].text != "(" or (k - 2) not in people_at:
        return False
    return people_at[k - 2][0] is people_at[k][0] and people_at[k - 2][1] is not people_at[k][1]


def _kin_owns_name(tokens, span, name_cases, morph, name_case="") -> bool:
    """"дочь президента Иванка Трамп": the name agrees with the kinship noun before the title,
    not with the title. ("его супруги певицы Бейонсе": the title agrees with the kinship noun;
    both describe the one person named.)"""
    k = span.first - 1
    if k < 0 or tokens[k].lemma not in KINSHIP:
        return False
    kin = _cases(tokens[k].text, tokens[k].feats.get("Case"), morph)
    title = tokens[span.head].feats.get("Case")
    if title and title == tokens[k].feats.get("Case"):
        return False  # apposition: "супруги певицы Бейонсе"
    # the tagger's case of the name, not every case its words allow ("дочь маршала
    # Е Цзяньина": a genitive name, the marshal's)
    return _agree_any(kin, {name_case} if name_case else name_cases)


def _antecedent(doc, people_at, before: int, pronoun):
    """The person last named in the two sentences before token `before`, agreeing in gender."""
    gender = {"он": "m", "она": "f"}[pronoun.lemma]
    first_sent = doc.tokens[before].sent_id - 2
    for k in range(before - 1, -1, -1):
        if doc.tokens[k].sent_id < first_sent:
            break
        if k in people_at:
            person, m = people_at[k]
            if person.gender in (gender, ""):
                return person, m
            return None
    return None


LIST_INTROS = [(",", "среди", "которых"), (",", "среди", "них"), (",", "в", "том", "числе"),
               (",", "включая"), (",", "а", "именно"), ("в", "том", "числе"), ("включая",),
               ("как",)]


def _listed_people(doc, span, people_at) -> list:
    """A plural title followed by names: "писатели Людмила Улицкая, Дмитрий Быков и ..." """
    tokens, k, listed = doc.tokens, span.stop, []
    # "..., среди которых — Павел Басинский и ...", "..., в том числе ..."
    words = [t.text.lower() for t in tokens[k:k + 4]]
    for intro in LIST_INTROS:
        if words[:len(intro)] == list(intro):
            k += len(intro)
            break
    else:
        # "Операторами выступили Михаил Агранович и Михаил Хасая"
        if k < len(tokens) and tokens[k].pos == "VERB" and \
                tokens[span.head].feats.get("Case") == "Ins":
            k += 1
    if k < len(tokens) and tokens[k].text in ("—", "–", "-", ":"):
        k += 1
    while k in people_at and tokens[k].sent_id == tokens[span.head].sent_id:
        person, m = people_at[k]
        listed.append((person, m, "title_before_names"))
        while k in people_at and people_at[k][1] is m:
            k += 1
        if k + 1 < len(tokens) and tokens[k].text.lower() == "из" and \
                tokens[k + 1].text[:1].isupper():  # "Михаил Павлов из Москвы, ..."
            k += 2
            while k < len(tokens) and tokens[k].text[:1].isupper() and k not in people_at:
                k += 1
        if k < len(tokens) and tokens[k].text == "(":  # "Юрий Царёв (проект «Метро»), ..."
            close = next((j for j in range(k + 1, min(k + 12, len(tokens)))
                          if tokens[j].text == ")"), None)
            if close is not None:
                k = close + 1
        if k < len(tokens) and tokens[k].text in (",", "и"):
            k += 1
        else:
            break
    return listed


CHAIN_GAPS = {",", "и", ";"}
# words a list of one person's titles may run through: ", а затем министром ..."
CHAIN_WORDS = {"а", "также", "и", "затем", "потом", "позже", "позднее", "впоследствии"}
# "дочь президента Иванка Трамп": the name after the title is the relative's, not the title's.
KINSHIP = {"дочь", "сын", "жена", "муж", "вдова", "вдовец", "брат", "сестра", "мать", "отец",
           "внук", "внучка", "супруга", "супруг", "племянник", "племянница", "невеста", "жених",
           "зять", "невестка", "тесть", "теща", "свекровь", "родственник", "родственница"}


def _chain(doc, spans, links, morph) -> None:
    """Titles listed together describe one person: "профессор, академик, президент института
    Пушкина Виталий Костомаров"; "Андрей Клишас, сенатор, глава комитета ..."; "лидер
    Меджлиса, народный депутат Украины Мустафа Джемилев"; "председатель Совета муфтиев России
    шейх Равиль Гайнутдин". A title separated from a linked neighbour by a comma or "и" (and
    adjectives), or standing right beside it in the same case, takes the neighbour's person."""
    tokens = doc.tokens

    def joined(a, b) -> bool:
        if tokens[a.first].sent_id != tokens[b.first].sent_id:
            return False
        gap = tokens[a.stop:b.first]
        if gap and gap[0].text.lower() in CHAIN_GAPS:  # ", а также", ", и", ", народный"
            return all(t.pos == "ADJ" or t.text.lower() in CHAIN_WORDS for t in gap[1:])
        # juxtaposed in one case: "Глава представительства США в регионе помощник ..."
        if len(gap) > 3 or any(t.pos not in ("ADP", "ADJ", "NOUN", "PROPN") or
                               t.feats.get("Case") == "Nom" for t in gap):
            return False
        if gap and gap[0].pos != "ADP":
            return False
        ca = _cases(tokens[a.head].text, tokens[a.head].feats.get("Case"), morph)
        cb = _cases(tokens[b.head].text, tokens[b.head].feats.get("Case"), morph)
        return bool(ca & cb)

    for n in range(len(spans) - 2, -1, -1):  # leftwards from a title before a name
        nxt = links.get(n + 1)
        nxt = nxt if isinstance(nxt, tuple) else None
        # "продюсер и актер Игорь Жижикин": titles joined by "и" before a name are his, even
        # when a name stands before them ("Олег Тактаров, продюсер и актер Игорь Жижикин")
        coordinated = tokens[spans[n].stop:spans[n + 1].first]
        coordinated = len(coordinated) == 1 and coordinated[0].text.lower() == "и"
        free = n not in links or coordinated and isinstance(links[n], tuple) and \
            links[n][2] == "name_then_title"
        if free and not spans[n].plural and nxt and \
                nxt[2] in ("title_before_name", "title_chain") and joined(spans[n], spans[n + 1]):
            links[n] = (nxt[0], nxt[1], "title_chain")
    for n in range(1, len(spans)):  # rightwards from a title after a name
        prev = links.get(n - 1)
        prev = prev if isinstance(prev, tuple) else None
        if n not in links and not spans[n].plural and prev and \
                prev[2] in ("name_then_title", "name_chain", "predicate") and \
                joined(spans[n - 1], spans[n]):
            links[n] = (prev[0], prev[1], "name_chain")


PYMORPHY_CASES = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc",
                  "acc2": "Acc", "ablt": "Ins", "loct": "Loc", "loc2": "Loc"}


def _cases(word: str, tagged, morph, gender: str = "") -> set:
    """Every case `word` can be in: the tagger's guess, and every case pymorphy3 allows for a
    noun reading (the tagger errs on rare titles "Экс-председатель" and on foreign names
    that do not decline: "председателя КНР Ху Цзиньтао")."""
    out = {tagged} if tagged else set()
    word = word.lower()
    if word.startswith("экс-"):
        word = word[4:]
    genders = {"m": {"masc", "ms-f", None}, "f": {"femn", "ms-f", None}}.get(gender)
    for p in morph.parse(word):
        if genders and p.tag.gender not in genders:
            continue  # "Александра Кокорина" of a man is no nominative
        if {"NOUN", "ADJF", "PRTF"} & {p.tag.POS}:
            case = PYMORPHY_CASES.get(p.tag.case)
            if case:
                out.add(case)
    return out


def _agree_any(cases_a: set, cases_b: set) -> bool:
    if not cases_a or not cases_b:
        return True
    if "Gen" in cases_a or "Acc" in cases_a:
        cases_a = cases_a | {"Gen", "Acc"}
    return bool(cases_a & cases_b)


def _name_cases(m, morph, gender: str = "") -> set:
    """The cases a person mention can be in: the tagger's, and every case all its words allow
    (the tagger errs on foreign names: "Лидер «Национального фронта» Марин Ле Пен"). A name
    written as in the nominative may be in the nominative; one that does not decline
    ("Ху Цзиньтао", "Бхутто") may be in any case."""
    cases = {m.case} if m.case else set()
    if m.text == m.normal or not m.case:
        cases.add("Nom")
    words = [w for w in m.text.split() if len(w) > 2 and w[:1].isupper() and w.isalpha()]
    if words:
        cases |= set.intersection(*(_cases(w, None, morph, gender) for w in words))
    normal = (m.normal or m.text).split()
    last = normal[-1].lower() if normal else ""
    if last[-1:] in INDECLINABLE_ENDS or any("Fixd" in p.tag for p in morph.parse(last)[:1]):
        cases |= set(PYMORPHY_CASES.values())
    return cases


INDECLINABLE_ENDS = set("оиуеэю")


def _region_of(span: PositionSpan, doc, gazetteer) -> tuple[str, str]:
    """(region_id, country) of the place served."""
    linked = [p for p in span.places if p.entity_id]
    entries = [(p, gazetteer.get(p.entity_id)) for p in linked]
    entries = [(p, e) for p, e in entries if e is not None]
    specific = [(p, e) for p, e in entries if e.kind != "country"]
    chosen = (specific or entries or [None])[0]
    if chosen:
        return chosen[1].region_id, chosen[1].country or (
            chosen[1].region_id if chosen[1].kind == "country" else "")
    return "", ""


def _country_counts(doc, gazetteer) -> tuple[Counter, Counter]:
    """(mentions of each country by name, mentions of each country's regions and cities)."""
    countries, home = Counter(), Counter()
    for p in doc.places:
        e = gazetteer.get(p.entity_id) if p.entity_id else None
        if e is None:
            continue
        if e.kind == "country":
            countries[e.region_id] += 1
        elif e.country:
            home[e.country] += 1
    return countries, home


def _main_country(doc, gazetteer) -> str:
    """The country a text names most, counting its regions for their country."""
    countries, home = _country_counts(doc, gazetteer)
    top = (countries + home).most_common(2)
    if not top or len(top) == 2 and top[0][1] == top[1][1]:
        return ""
    return top[0][0]


def _neighbour_country(doc, gazetteer) -> str:
    """The country a text calls "соседнее государство": the most-mentioned country other than
    the one its own regions belong to."""
    countries, home = _country_counts(doc, gazetteer)
    home_country = home.most_common(1)[0][0] if home else ""
    for country, _ in countries.most_common():
        if country != home_country:
            return country
    return ""


def run(doc, models) -> None:
    lexicon, morph, gazetteer = models.positions, models.morph, models.gazetteer
    people_at = _person_index(doc)
    place_tokens = {t.token_id for p in doc.places for t in doc.tokens_in(p.start, p.stop)}
    org_ends = {}
    for o in doc.organisations:
        inside = doc.tokens_in(o.start, o.stop)
        # (a name the tagger ran across sentences is no name: "ЦАХАЛа Рон-Ицхак Кукия. ШАБАК")
        if inside and inside[0].sent_id == inside[-1].sent_id:
            end = inside[-1].token_id + 1
            org_ends.update((t.token_id, end) for t in inside)
    spans = find_positions(doc, lexicon, place_tokens, set(people_at), org_ends)
    tokens = doc.tokens
    places = sorted(doc.places, key=lambda p: p.start)  # (stable: doc.places' order kept)
    place_starts = [p.start for p in places]
    for span in spans:
        start, stop = tokens[span.first].start, tokens[span.stop - 1].stop
        lo, hi = bisect_left(place_starts, start), bisect_left(place_starts, stop)
        span.places = [p for p in places[lo:hi] if p.stop <= stop]
    links = _link(doc, spans, people_at, morph)
    neighbour = home = None

    doc.positions, doc.officials, doc.open_posts = [], [], []
    records = []
    for n, span in enumerate(spans):
        start, stop = tokens[span.first].start, tokens[span.stop - 1].stop
        position, role = normalise_position(doc, span, morph, singular=n in links)
        generic_alone = span.role_lemmas and span.role_lemmas[0] in GENERIC \
            and len(span.role_lemmas) == 1 and span.stop == span.role_stop \
            and not span.places
        if generic_alone and n not in links:
            continue
        if span.role_lemmas in NAMED_BODY_ONLY and not any(
                t.text[:1].isupper() or t.text in OPEN_QUOTES
                for t in tokens[span.role_stop:span.stop]):
            continue  # "член семьи", "члены экипажа": no post
        region_id, country = _region_of(span, doc, gazetteer)
        dependents = {t.lemma for t in tokens[span.role_stop:span.stop]}
        if not region_id and dependents & NEIGHBOUR_HEADS and any(
                t.lemma == "соседний" for t in tokens[span.role_stop:span.stop]):
            if neighbour is None:
                neighbour = _neighbour_country(doc, gazetteer)
            region_id = country = neighbour
        elif not region_id and dependents and dependents <= THIS_COUNTRY:
            # "премьер-министр страны": the one country the text names most
            if home is None:
                home = _main_country(doc, gazetteer)
            region_id = country = home
        country = country or span.country
        mention = Mention(type="POSITION", start=start, stop=stop, text=doc.text[start:stop],
                          normal=position, sent_id=tokens[span.head].sent_id,
                          in_boilerplate=doc.in_boilerplate(start, stop))
        doc.positions.append(mention)
        records.append((n, span, mention, position, role, region_id, country))

    def add(person, m, span, mention, position, role, region_id, country, pattern):
        mention.entity_id = person.person_id
        doc.officials.append(Official(
            person_id=person.person_id, person=person.name, position=position, role=role,
            region_id=region_id, organisation=_organisation(doc, span, morph), country=country,
            sent_id=mention.sent_id, start=mention.start, stop=mention.stop,
            person_start=m.start, person_stop=m.stop, position_text=mention.text,
            category=span.category, acting=span.acting, former=span.former, pattern=pattern,
        ))

    unlinked, pending, ambiguous = [], [], set()
    for n, span, mention, position, role, region_id, country in records:
        if n in links:
            for person, m, pattern in (links[n] if isinstance(links[n], list) else [links[n]]):
                add(person, m, span, mention, position, role, region_id, country, pattern)
        elif not span.plural:
            unlinked.append((n, span, mention, position, role, region_id, country))
    # 4. A post named without a name: the one person this document links to that post.
    for n, span, mention, position, role, region_id, country in unlinked:
        # a title many hold ("представитель", "член", "помощник") names the same post only
        # with the same body or place: "представитель ZANU-PF" is not "представитель партии"
        many_hold = span.category in UNSPECIFIC_CATEGORIES or span.role_lemmas[:1] and \
            span.role_lemmas[0] in GENERIC
        body = _organisation(doc, span, morph) if many_hold else ""

        def holders_of(same_post):
            found = {}
            for o in doc.officials:
                if o.pattern in ("coreference", "context") or not same_post(o):
                    continue
                if many_hold and not (region_id and o.region_id == region_id or
                                      body and o.organisation == body):
                    continue
                if not region_id or o.region_id == region_id or o.country == region_id:
                    found.setdefault(o.person_id, o)
            return found

        # the same title, or one of the same kind of official post ("глава региона" for the
        # governor); occupations only by the same title ("артист" is not "певица")
        holders = holders_of(lambda o: o.role == role) or holders_of(
            lambda o: o.category == span.category and span.category not in UNSPECIFIC_CATEGORIES
            and span.category in lexicon.post_categories)
        if len(holders) > 1:
            ambiguous.add(n)
        if len(holders) == 1:
            o = next(iter(holders.values()))
            person = next(p for p in doc.people if p.person_id == o.person_id)
            # the mention last before the post, else the first after it
            before = [x for x in person.mentions if x.stop <= mention.start]
            m = max(before, key=lambda x: x.start) if before else min(
                person.mentions, key=lambda x: abs(x.start - mention.start))
            add(person, m, span, mention, position, role, region_id or o.region_id,
                country or o.country, "coreference")
        else:
            pending.append(((n, span, mention, position, role, region_id, country), span, role))
    # 5. Still without a holder: the learned pair model (pairs.py) may find one nearby.
    known_cases = {}

    def agrees(span, m, person):
        if id(span) not in known_cases:
            k = span.first if span.keep_genitive else span.head
            known_cases[id(span)] = _cases(tokens[k].text, tokens[k].feats.get("Case"), morph)
        return _agree_any(known_cases[id(span)], _name_cases(m, morph, person.gender))

    learned = set()
    guessable = [p for p in pending if not _not_for_context(doc, p[1])]
    for c in pairs.choose(doc, guessable, people_at, agrees, models.pair_model):
        n, span, mention, position, role, region_id, country = c.post
        add(c.person, c.mention, span, mention, position, role, region_id, country, "context")
        learned.add(n)
    for (n, span, mention, position, role, region_id, country), _, _ in pending:
        if n not in learned and n not in ambiguous:
            # Left open: a run over many documents may know the holder (see tables.py).
            doc.open_posts.append(Official(
                person_id="", person="", position=position, role=role, region_id=region_id,
                country=country, sent_id=mention.sent_id, start=mention.start,
                stop=mention.stop, position_text=mention.text, category=span.category,
                acting=span.acting, former=span.former))
    _fill_places(doc.officials)
    doc.officials.sort(key=lambda o: (o.start, o.person_start))



ELECTIONS = {"выборы", "выбор", "кампания", "праймериз"}


def _not_for_context(doc, span) -> bool:
    """A post the pair model must not give anyone near it: one sought ("претендующий на
    участие в выборах мэра Москвы"), one of the other party ("встретился с послом") or one
    set beside a relative ("а жена, учёный-математик, ...": the relative's, unnamed)."""
    tokens = doc.tokens
    sent = doc.sentences[tokens[span.head].sent_id]
    clause = tokens[max(sent.token_start, span.first - 6):span.first]
    if any(t.lemma in SOUGHT or t.lemma in ELECTIONS for t in clause):
        return True
    k = span.first - 1
    if k >= sent.token_start and tokens[k].lemma == "с" and \
            tokens[span.head].feats.get("Case") == "Ins":
        return True  # "встретился с послом": the ambassador is the other party
    return k > sent.token_start and tokens[k].text in APPOSITION_MARKS and \
        tokens[k - 1].lemma in KINSHIP


def _organisation(doc, span, morph) -> str:
    """The body a post belongs to when it is not a place, in the nominative, with the place
    and the words that make its name ("председателя Исламского комитета России" -> "Исламский
    комитет России", "представитель Следственного комитета при прокуратуре" -> "Следственный
    комитет при прокуратуре"); "" when the dependents start with a place ("губернатора
    Астраханской области")."""
    tokens = doc.tokens
    if span.role_stop >= span.stop:
        return ""
    in_places = {t.token_id for p in span.places for t in doc.tokens_in(p.start, p.stop)}
    phrase = list(tokens[span.role_stop:span.stop])
    if not phrase or phrase[0].pos == "ADP":
        return ""
    for k, t in enumerate(phrase):
        # "депутат парламента от партии ...": whom he stands for; "директор НАСА по
        # космическим полётам", "министр по делам разведки": what the post covers
        if t.text.lower() in ("от", "по"):
            phrase = phrase[:k]
            break
    if span.category in ("minister", "deputy_minister") and not any(
            t.text[:1].isupper() or t.text in OPEN_QUOTES for t in phrase):
        return ""  # "замминистра энергетики": the ministry's field, not a body
    while phrase and phrase[-1].pos in ("ADJ", "CCONJ", "DET", "ADP"):
        phrase.pop()
    if {t.lemma for t in phrase} <= THIS_COUNTRY | NEIGHBOUR_HEADS | {"соседний"}:
        return ""  # "премьер страны": a country, found above
    body = next((t for t in phrase if t.pos in ("NOUN", "PROPN")), None)
    if body is None or body.token_id in in_places or body.feats.get("Animacy") == "Anim" \
            and not body.text.isupper():
        return ""
    if phrase[0].token_id in in_places:
        return ""
    # "компании «Лукойл»", "газеты «Радикальная политика»": a descriptor, then the name
    ends = {phrase[-1].stop, phrase[-1].start if phrase[-1].text in CLOSE_QUOTES else -1}
    for m in doc.organisations:
        if phrase[0].start <= m.start and m.stop in ends and all(
                t.text.islower() or t.text in OPEN_QUOTES
                for t in phrase if t.stop <= m.start):
            return m.normal
    return phrase_nominative(doc, phrase, morph)


def _fill_places(officials) -> None:
    """A post named without its place takes the one place the document gives the same
    person's same post ("президент России Владимир Путин ... президент Путин")."""
    served = {}
    for o in officials:
        if o.region_id or o.country or o.organisation:
            served.setdefault((o.person_id, o.role), set()).add(
                (o.region_id, o.country, o.organisation))
    for o in officials:
        if not (o.region_id or o.country or o.organisation):
            known = served.get((o.person_id, o.role), ())
            if len(known) == 1:
                o.region_id, o.country, o.organisation = next(iter(known))


STAGE = Stage("officials", run, requires=("tokens", "people", "places"),
              provides=("officials", "positions", "open_posts"))
