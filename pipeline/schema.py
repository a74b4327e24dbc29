"""The output contract: table names and their columns, in order.

Writers, readers and tests import these names; nothing else spells a column.
Documented table by table in docs/tables.md.
"""
from __future__ import annotations

DOCUMENTS = "documents"
SENTENCES = "sentences"
TOKENS = "tokens"
MENTIONS = "mentions"
PEOPLE = "people"
OFFICIALS = "officials"
REGIONS = "regions"
REGION_LINKS = "region_links"
DATES = "dates"
POSTS = "posts"
EVENTS = "events"
EVENT_PARTICIPANTS = "event_participants"
ERRORS = "errors"

COLUMNS: dict[str, list[str]] = {
    DOCUMENTS: [
        "doc_id", "source", "title", "published", "n_chars", "n_sentences", "n_tokens",
        "status", "error", "url", "encoding", "body_start", "body_stop",
    ],
    SENTENCES: ["doc_id", "sent_id", "start", "stop", "text", "is_boilerplate"],
    TOKENS: ["doc_id", "sent_id", "token_id", "start", "stop", "text", "lemma", "pos", "feats"],
    MENTIONS: [
        "doc_id", "mention_id", "sent_id", "type", "start", "stop", "text", "normal",
        "entity_id", "in_boilerplate",
    ],
    PEOPLE: [
        "person_id", "name", "first", "middle", "last", "gender", "n_mentions", "n_docs",
        "variants", "first_seen", "last_seen", "posts", "merged_ids",
    ],
    OFFICIALS: [
        "doc_id", "person_id", "person", "position", "role", "region_id", "organisation",
        "country", "sent_id", "start", "stop", "person_start", "person_stop", "category",
        "acting", "former", "pattern", "place_from", "seat_id", "n_mentions",
    ],
    REGIONS: [
        "region_id", "name", "kind", "country", "iso_code", "parent_id", "wikidata", "lat",
        "lon", "n_mentions", "n_docs",
    ],
    REGION_LINKS: [
        "doc_id", "region_id_a", "name_a", "country_a", "region_id_b", "name_b", "country_b",
        "scope", "n_sentences", "published", "n_events", "n_meeting", "n_visit", "n_agreement",
        "n_appointment", "n_dismissal", "n_forum",
    ],
    DATES: [
        "doc_id", "mention_id", "sent_id", "start", "stop", "text", "value", "end_value",
        "precision", "role", "time", "resolved", "relative",
    ],
    POSTS: [
        "person_id", "person", "role", "region_id", "region", "country", "category",
        "first_seen", "last_seen", "n_docs", "n_links", "positions", "acting", "former",
    ],
    EVENTS: [
        "doc_id", "event_id", "sent_id", "start", "stop", "type", "trigger", "status", "date",
        "date_precision", "date_from", "place_id", "topics",
    ],
    EVENT_PARTICIPANTS: [
        "doc_id", "event_id", "person_id", "person", "role", "region_id", "organisation", "side",
    ],
    ERRORS: ["doc_id", "source", "stage", "error_type", "message"],
}

# Every table of a run, in the order they are written.
TABLES = [DOCUMENTS, SENTENCES, TOKENS, MENTIONS, PEOPLE, OFFICIALS, POSTS, REGIONS,
          REGION_LINKS, DATES, EVENTS, EVENT_PARTICIPANTS, ERRORS]

# Event types (pipeline/events.py), in the order region_links counts them.
EVENT_TYPES = ("meeting", "visit", "agreement", "appointment", "dismissal", "forum")

# Entity types of the mentions table.
PER, LOC, ORG, DATE, POSITION = "PER", "LOC", "ORG", "DATE", "POSITION"
MENTION_TYPES = (PER, LOC, ORG, DATE, POSITION)

# Column types where not text; writers give Parquet and pandas these dtypes.
INT_COLUMNS = {
    "n_chars", "n_sentences", "n_tokens", "sent_id", "token_id", "start", "stop",
    "person_start", "person_stop", "n_mentions", "n_docs", "body_start", "body_stop", "n_links",
    "n_events", "n_meeting", "n_visit", "n_agreement", "n_appointment", "n_dismissal", "n_forum",
}
BOOL_COLUMNS = {"is_boilerplate", "in_boilerplate", "acting", "former"}
FLOAT_COLUMNS = {"lat", "lon"}


def column_type(column: str) -> str:
    if column in INT_COLUMNS:
        return "int"
    if column in BOOL_COLUMNS:
        return "bool"
    if column in FLOAT_COLUMNS:
        return "float"
    return "str"
