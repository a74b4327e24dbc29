"""Stage: organisations — the tagger's ORG spans with a nominative normal form.

A noun phrase is put in the nominative by inflecting its head noun and the adjectives agreeing
with it before it; what follows the head (genitive dependents, quoted names) stays as written:
"Министерства иностранных дел" -> "Министерство иностранных дел".
"""
from __future__ import annotations

from .morphology import match_case
from .records import Mention
from .stage import Stage

INFLECTED_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM"}


def phrase_nominative(doc, tokens, morph) -> str:
    """The phrase spelled by `tokens` with its head (and what agrees with it) in the nominative."""
    if not tokens:
        return ""
    head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), None)
    words = [t.text for t in tokens]
    if head is not None:
        case = tokens[head].feats.get("Case")
        number = tokens[head].feats.get("Number")
        if case and case != "Nom":
            for i in range(head + 1):
                t = tokens[i]
                if t.pos in INFLECTED_POS and t.feats.get("Case") == case and not t.text.isupper():
                    words[i] = _inflect(t, morph, number)
    out = [words[0]]
    for prev, t, w in zip(tokens, tokens[1:], words[1:]):
        out.append((" " if doc.text[prev.stop:t.start] else "") + w)
    return "".join(out)


def _inflect(token, morph, number) -> str:
    parse = morph.best_parse(token.text, token.pos, tuple(sorted(token.feats.items())))
    if parse is None:
        return token.text
    wanted = {"nomn", "plur" if number == "Plur" else "sing"}
    if "Pltm" in parse.tag.grammemes:
        wanted = {"nomn"}
    inflected = morph.inflect(parse, wanted) or morph.inflect(parse, {"nomn"})
    return match_case(token.text, inflected.word) if inflected else token.text


def run(doc, models) -> None:
    doc.organisations = []
    # the tagger calls "ВКО" or "Республики Казахстан" ORG at times; a linked place wins
    places = {(p.start, p.stop) for p in doc.places if p.entity_id}
    for span in doc.ner:
        if span.type != "ORG" or (span.start, span.stop) in places:
            continue
        tokens = doc.tokens_in(span.start, span.stop)
        doc.organisations.append(Mention(
            type="ORG", start=span.start, stop=span.stop, text=span.text,
            normal=phrase_nominative(doc, tokens, models.morph) or span.text,
            sent_id=span.sent_id, in_boilerplate=span.in_boilerplate))


STAGE = Stage("organisations", run, requires=("tokens", "ner", "places"),
              provides=("organisations",))
