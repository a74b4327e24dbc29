"""Events: (sentence, expected events) tables for each type, with sentences written for these
tests in the style of regional news; the stage's contract, its data files and its tables."""
import csv

import pytest

from pipeline import events as E
from pipeline import schema as S
from pipeline.core import STAGES
from pipeline.tables import document_rows, region_link_rows


def found(nlp, text):
    """{(type, status, frozenset(participants))} of a text's events."""
    doc = nlp.process(text)
    return {(e.type, e.status, frozenset(p.person for p in e.participants)) for e in doc.events}


def happened(*names):
    return frozenset(names)


MEETINGS = [
    ("Губернатор Омской области Виталий Хоценко встретился с акимом Павлодарской области "
     "Асаином Байхановым.",
     {("meeting", "happened", happened("Виталий Хоценко", "Асаин Байханов"))}),
    ("Аким Костанайской области Кумар Аксакалов провёл переговоры с губернатором Челябинской "
     "области Алексеем Текслером.",
     {("meeting", "happened", happened("Кумар Аксакалов", "Алексей Текслер"))}),
    ("Глава Оренбургской области Евгений Солнцев провёл рабочую встречу с послом Казахстана "
     "Дауреном Абаевым.",
     {("meeting", "happened", happened("Евгений Солнцев", "Даурен Абаев"))}),
    # received a delegation: a meeting, and the delegation's visit
    ("Губернатор Астраханской области Игорь Бабушкин принял делегацию Мангистауской области во "
     "главе с акимом Нурлыбеком Налибаевым.",
     {("meeting", "happened", happened("Игорь Бабушкин", "Нурлыбек Налибаев")),
      ("visit", "happened", happened("Нурлыбек Налибаев"))}),
    # "принял участие" is no meeting
    ("Губернатор Омской области Виталий Хоценко принял участие в заседании правительства.",
     {("forum", "happened", happened("Виталий Хоценко"))}),
    # a later mention of the same meeting is merged into it
    ("Губернатор Омской области Виталий Хоценко встретился с акимом Павлодарской области "
     "Асаином Байхановым. Стороны обсудили развитие торговли.",
     {("meeting", "happened", happened("Виталий Хоценко", "Асаин Байханов"))}),
    # a plan is kept apart
    ("В следующем месяце состоится встреча губернатора Омской области Виталия Хоценко с акимом "
     "Павлодарской области.",
     {("meeting", "planned", happened("Виталий Хоценко"))}),
    ("Губернатор не встречался с журналистами.", set()),
]

VISITS = [
    ("Аким Западно-Казахстанской области Нариман Турегалиев прибыл с рабочим визитом в Саратов.",
     {("visit", "happened", happened("Нариман Турегалиев"))}),
    ("Губернатор Новосибирской области Андрей Травников посетил Ташкент.",
     {("visit", "happened", happened("Андрей Травников"))}),
    ("Делегация Алтайского края посетила Восточно-Казахстанскую область.",
     {("visit", "happened", happened())}),
    ("Посол Казахстана Даурен Абаев намерен посетить Волгоград в ближайшее время.",
     {("visit", "planned", happened("Даурен Абаев"))}),
]

AGREEMENTS = [
    ("Губернатор Челябинской области Алексей Текслер и аким Костанайской области Кумар Аксакалов "
     "подписали план мероприятий на 2025–2027 годы.",
     {("agreement", "happened", happened("Алексей Текслер", "Кумар Аксакалов"))}),
    ("Правительство Саратовской области и акимат Западно-Казахстанской области подписали "
     "соглашение о сотрудничестве.",
     {("agreement", "happened", happened())}),
    # a decree signed is no agreement between sides
    ("Президент Касым-Жомарт Токаев подписал указ о присвоении наград.", set()),
    ("Стороны планируют подписать соглашение о сотрудничестве в сфере образования.",
     {("agreement", "planned", happened())}),
]

APPOINTMENTS = [
    ("Акимом Павлодарской области назначен Асаин Байханов.",
     {("appointment", "happened", happened("Асаин Байханов"))}),
    # the one appointed, not the one appointing
    ("Президент Касым-Жомарт Токаев назначил Марата Ахметжанова акимом Костанайской области.",
     {("appointment", "happened", happened("Марат Ахметжанов"))}),
    # appointed in place of another: the other was relieved
    ("Акимом Актюбинской области вместо Ондасына Уразалина назначен Ералы Тугжанов.",
     {("appointment", "happened", happened("Ералы Тугжанов")),
      ("dismissal", "happened", happened("Ондасын Уразалин"))}),
]

DISMISSALS = [
    ("Аким Атырауской области Махамбет Досмухамбетов освобождён от должности.",
     {("dismissal", "happened", happened("Махамбет Досмухамбетов"))}),
    ("Аким Карагандинской области Ермаганбет Булекпаев ушёл в отставку.",
     {("dismissal", "happened", happened("Ермаганбет Булекпаев"))}),
]

FORUMS = [
    ("Губернатор Омской области Виталий Хоценко принял участие в Форуме межрегионального "
     "сотрудничества России и Казахстана.",
     {("forum", "happened", happened("Виталий Хоценко"))}),
    ("В Уральске прошла международная ярмарка товаров.",
     {("forum", "happened", happened())}),
    ("В Оренбурге прошли Дни Актюбинской области.", {("forum", "happened", happened())}),
    ("Рабочий день губернатора начался рано.", set()),
    # those who signed at the forum attended it
    ("На Форуме межрегионального сотрудничества губернатор Омской области Виталий Хоценко и аким "
     "Павлодарской области Асаин Байханов подписали меморандум о сотрудничестве.",
     {("forum", "happened", happened("Виталий Хоценко", "Асаин Байханов")),
      ("agreement", "happened", happened("Виталий Хоценко", "Асаин Байханов"))}),
]


@pytest.mark.parametrize("text, expected", MEETINGS + VISITS + AGREEMENTS + APPOINTMENTS
                         + DISMISSALS + FORUMS)
def test_events_of_a_sentence(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text, date, date_from", [
    ("12 марта 2024 года губернатор Омской области Виталий Хоценко встретился с акимом "
     "Павлодарской области Асаином Байхановым.", "2024-03-12", "sentence"),
    # a range is a period planned, not the date of the signing
    ("Губернатор Челябинской области Алексей Текслер и аким Костанайской области Кумар Аксакалов "
     "подписали план мероприятий на 2025–2027 годы.", "", "none"),
    ("Ондасын Уразалин возглавил Актюбинскую область в феврале 2019 года.", "2019-02",
     "sentence"),
])
def test_the_sentence_s_own_date(nlp, text, date, date_from):
    (event,) = nlp.process(text).events
    assert (event.date, event.date_from) == (date, date_from)


def test_the_publication_date_for_a_report(nlp):
    doc = nlp.process("Аким Карагандинской области Ермаганбет Булекпаев освобождён от должности.")
    doc.published = "2024-05-03"
    E.run(doc, nlp.models)
    assert [(e.date, e.date_from, e.date_precision) for e in doc.events] == \
        [("2024-05-03", "published", "day")]


def test_sides_posts_and_places(nlp):
    doc = nlp.process("Губернатор Омской области Виталий Хоценко встретился в Павлодаре с акимом "
                      "Павлодарской области Асаином Байхановым.")
    (event,) = doc.events
    assert [(p.person, p.role, p.region_id, p.side) for p in event.participants] == [
        ("Виталий Хоценко", "губернатор", "RU-OMS", "a"),
        ("Асаин Байханов", "аким", "KZ-55", "b")]
    assert nlp.models.gazetteer.get(event.place_id).name == "Павлодар"
    assert event.trigger == "встретился"


def test_no_events_from_boilerplate(nlp):
    doc = nlp.process("Губернатор Омской области Виталий Хоценко встретился с избирателями "
                      "Омска. Он рассказал о планах на год.\n\nСопутствующая информация\n\n"
                      "Аким Павлодара освобождён от должности\n\n09.06.2025\n\n"
                      "Делегация Курганской области посетила Костанай\n\n07.06.2025\n")
    assert {e.type for e in doc.events} <= {"meeting"}


def test_topics(nlp):
    (event,) = nlp.process("Губернатор Омской области Виталий Хоценко встретился с акимом "
                           "Павлодарской области Асаином Байхановым, они обсудили развитие "
                           "торговли и туризма.").events
    assert {"trade", "tourism"} <= set(event.topics)


# -- the stage's contract and its data ----------------------------------------------------------


def test_the_stage_runs_after_what_it_reads():
    names = [s.name for s in STAGES]
    stage = STAGES[names.index("events")]
    before = {f for s in STAGES[:names.index("events")] for f in s.provides}
    assert set(stage.requires) <= before | {"text"}
    assert stage.provides == ("events",)


def test_the_word_lists_are_consistent():
    lex = E.EventLexicon.load()
    assert {t.type for ts in lex.triggers.values() for t in ts} == set(S.EVENT_TYPES)
    needs = {t.needs for ts in lex.triggers.values() for t in ts}
    assert needs <= {"", "animate_object", "position_object", "document", "forum_object", "post",
                     "place_after"}
    for kind in ("planned", "planned_in", "mention", "mention_noun", "document", "guest", "position", "sides",
                 "forum", "receive", "delegation"):
        assert lex.words.get(kind), kind
    for path in E.DATA.glob("event_*.csv"):
        with open(path, encoding="utf-8") as f:
            rows = [tuple(r) for r in csv.reader(x for x in f if x.strip() and x[0] != "#")]
        assert len(rows) == len(set(rows)), f"{path.name} repeats a row"
        assert all(c == c.strip().lower() for r in rows for c in r), path.name


# -- tables ---------------------------------------------------------------------------------------


def test_event_tables(nlp):
    doc = nlp.process("Губернатор Омской области Виталий Хоценко встретился с акимом "
                      "Павлодарской области Асаином Байхановым.")
    rows = document_rows(doc, nlp.models.gazetteer)
    (event,) = rows[S.EVENTS]
    assert list(event) == S.COLUMNS[S.EVENTS]
    assert (event["type"], event["status"], event["trigger"]) == ("meeting", "happened",
                                                                  "встретился")
    assert [(p["person"], p["region_id"], p["side"]) for p in rows[S.EVENT_PARTICIPANTS]] == [
        ("Виталий Хоценко", "RU-OMS", "a"), ("Асаин Байханов", "KZ-55", "b")]
    (link,) = region_link_rows(doc, nlp.models.gazetteer)
    assert (link["n_events"], link["n_meeting"], link["n_visit"]) == (1, 1, 0)


def test_a_side_without_a_person_is_its_place(nlp):
    doc = nlp.process("Делегация Алтайского края посетила Восточно-Казахстанскую область.")
    rows = document_rows(doc, nlp.models.gazetteer)
    assert {(p["person"], p["region_id"]) for p in rows[S.EVENT_PARTICIPANTS]} == {("", "RU-ALT")}
    assert rows[S.EVENTS][0]["place_id"] == "KZ-63"
    (link,) = region_link_rows(doc, nlp.models.gazetteer)
    assert (link["n_events"], link["n_visit"]) == (1, 1)


def test_the_samples_events(samples):
    """data/raw/: every meeting, visit, agreement they report, with participants and dates."""
    got = {(doc_id[:3], e.type, e.status, frozenset(p.person for p in e.participants), e.date)
           for doc_id, d in samples.items() for e in d.events if e.status == "happened"}
    for expected in [
        ("000", "visit", "happened", happened("Игорь Воронин", "Вячеслав Толмачев"), ""),
        # "приняли участие в церемонии возложения цветов"
        ("000", "forum", "happened", happened("Игорь Воронин", "Вячеслав Толмачев"), ""),
        ("001", "meeting", "happened", happened("Андрей Бочаров", "Асхат Сыздыков"),
         "2014-05-09"),
        ("002", "agreement", "happened", happened("Игорь Бабушкин", "Серик Шапкенов"), ""),
        ("003", "meeting", "happened", happened("Игорь Бабушкин", "Ермек Кошербаев"),
         "2020-12-22"),
        # "во время его рабочей поездки в регион": the ambassador's
        ("003", "visit", "happened", happened("Ермек Кошербаев"), "2020-12-22"),
        ("004", "meeting", "happened", happened("Нурымбет Сактаганов"), "2025-04-21"),
    ]:
        assert expected in got


# -- show and report mark events -------------------------------------------------------------------

MEETING = ("Губернатор Омской области Виталий Хоценко встретился с акимом Павлодарской области "
           "Асаином Байхановым.")


def test_show_marks_the_trigger_and_lists_events(nlp):
    from rich.console import Console

    from pipeline.show import EVENT, document_view

    doc = nlp.process(MEETING)
    console = Console(width=200, record=True)
    view = document_view(doc)
    text = view.renderables[2]  # the highlighted text
    (event,) = doc.events
    assert any(str(span.style) == EVENT and (span.start, span.end) == (event.start, event.stop)
               for span in text.spans)
    console.print(view)
    printed = console.export_text()
    assert "Events" in printed and "встретился" in printed and "Асаин Байханов" in printed


def test_report_marks_the_trigger_and_lists_events(nlp):
    from pipeline.report import report_html
    from pipeline.results import documents_tables

    doc = nlp.process(MEETING)
    tables, texts = documents_tables([doc])
    html = report_html(tables, texts)
    assert "class='m ev' title='event E1: meeting (happened)'>встретился</span>" in html
    assert "Виталий Хоценко — губернатор — Омская область" in html


def test_report_charts_events_per_month_by_type():
    import pandas as pd

    from pipeline.report import events_by_month

    events = pd.DataFrame({"type": ["meeting", "visit", "meeting", "forum"],
                           "status": ["happened", "happened", "happened", "planned"],
                           "date": ["2024-03-12", "2024-03", "2024-05-02", "2024-05-20"]})
    svg = events_by_month(events)
    assert "2024-03: 1 meeting" in svg and "2024-03: 1 visit" in svg
    assert "2024-05: 1 meeting" in svg and "forum</title>" not in svg  # a plan is not charted
    assert "2024-04" in svg  # a month without events keeps its place
    assert "No dated events" in events_by_month(events.assign(date=""))


def test_a_list_item_takes_the_date_of_the_sentence_introducing_the_list(nlp):
    doc = nlp.process("В Казахстане сменились акимы двух областей\n\nГлава государства подписал "
                      "указы о кадровых назначениях в регионах. По данным пресс-службы, "
                      "сегодня, 3 мая 2024 года, указом Главы государства назначены следующие "
                      "акимы:\n\n- Асаин Байханов назначен акимом Павлодарской области;\n\n"
                      "- Марат Ахметжанов назначен акимом Костанайской области.\n\nРанее оба "
                      "работали заместителями акимов этих областей.")
    assert {(tuple(p.person for p in e.participants), e.date) for e in doc.events
            if e.participants} == {(("Асаин Байханов",), "2024-05-03"),
                                   (("Марат Ахметжанов",), "2024-05-03")}
