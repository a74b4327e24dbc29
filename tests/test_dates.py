"""Dates: forms found with NEREL-like spans, normalised, resolved; no false dates; never a crash."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import STAGE, parse_published_meta, resolve_all, run, scan, stated
from pipeline.records import Document, Sentence


def one(text):
    found = scan(text)
    assert len(found) == 1, [(m.text, m.normal) for m in found]
    return found[0]


# (text, span, value, end_value, precision)
@pytest.mark.parametrize("text, span, value, end, precision", [
    ("11.05.2014", "11.05.2014", "2014-05-11", "", "day"),
    ("2014-05-11", "2014-05-11", "2014-05-11", "", "day"),
    ("11/05/2014", "11/05/2014", "2014-05-11", "", "day"),
    ("11-05-2014", "11-05-2014", "2014-05-11", "", "day"),
    ("Политика >> 11.05.2014\n", "11.05.2014", "2014-05-11", "", "day"),
    ("родился 11 мая 2014 г. в Москве", "11 мая 2014 г", "2014-05-11", "", "day"),
    ("11 мая 2014 года", "11 мая 2014 года", "2014-05-11", "", "day"),
    ("Дек. 22, 2020", "Дек. 22, 2020", "2020-12-22", "", "day"),
    ("22 дек. 2020 в Москве", "22 дек. 2020", "2020-12-22", "", "day"),
    ("Сотрудничество началось в 2018 году, когда", "в 2018 году", "2018", "", "year"),
    ("Отчёт за 2018 г.", "за 2018 г", "2018", "", "year"),
    ("В 1912г. он уехал", "В 1912г", "1912", "", "year"),
    ("в апреле 1945-го", "в апреле 1945-го", "1945-04", "", "month"),
    ("в мае 2019 года", "в мае 2019 года", "2019-05", "", "month"),
    ("весной 2020 года", "весной 2020 года", "2020-03", "2020-05", "season"),
    ("в 1990-х", "в 1990-х", "1990", "1999", "decade"),
    ("1990-е годы", "1990-е годы", "1990", "1999", "decade"),
    ("В начале 2000-х", "В начале 2000-х", "2000", "2009", "decade"),
    ("XX век", "XX век", "1901", "2000", "century"),
    ("в XXI веке", "в XXI веке", "2001", "2100", "century"),
    ("в ХХ веке", "в ХХ веке", "1901", "2000", "century"),  # Cyrillic Х
    ("в конце двадцатого века", "в конце двадцатого века", "1901", "2000", "century"),
    ("план на 2025-2027 годы", "на 2025-2027 годы", "2025", "2027", "year"),
    ("в 2014–2015 гг.", "в 2014–2015 гг", "2014", "2015", "year"),
    ("с 2018 по 2020 год", "с 2018 по 2020 год", "2018", "2020", "year"),
    ("с 16 апреля по 19 мая 2019 года", "с 16 апреля по 19 мая 2019 года", "2019-04-16", "2019-05-19", "day"),
    ("27-28 сентября 2014 года", "27-28 сентября 2014 года", "2014-09-27", "2014-09-28", "day"),
    ("в среду, 29 апреля 2020 года", "в среду, 29 апреля 2020 года", "2020-04-29", "", "day"),
    ("(1994)", "1994", "1994", "", "year"),
    ("В 1976 — поступил во ВГИК", "В 1976", "1976", "", "year"),
    # datelines with the year first
    ("2024, 5 июня 10:12", "2024, 5 июня", "2024-06-05", "", "minute"),
    ("• 2024 г., 5 июня", "2024 г., 5 июня", "2024-06-05", "", "day"),
    ("2024.06.05", "2024.06.05", "2024-06-05", "", "day"),
    ("2024/06/05 10:12", "2024/06/05", "2024-06-05", "", "minute"),
    # a date run into the word before it (page elements joined)
    ("Новости12.03.2024", "12.03.2024", "2024-03-12", "", "day"),
    # ranges of months, school and season years
    ("с января по июнь 2025 года", "с января по июнь 2025 года", "2025-01", "2025-06", "month"),
    ("с октября по март 2025 года", "с октября по март 2025 года", "2024-10", "2025-03", "month"),
    ("в 2025–2026 учебном году", "в 2025–2026", "2025", "2026", "year"),
    ("сезон 2023/2024", "2023/2024", "2023", "2024", "year"),
])
def test_absolute(text, span, value, end, precision):
    m = one(text)
    assert (m.text, m.value, m.end_value, m.precision) == (span, value, end, precision)
    assert m.resolved == "absolute" and m.relative == "" and m.type == "DATE"


# (text, [(span, value)]): each year of a list the last one's "годов" governs is a date of its own
@pytest.mark.parametrize("text, found", [
    ("дети 2015, 2016 и 2020 годов рождения",
     [("2015", "2015"), ("2016", "2016"), ("2020 годов", "2020")]),
    ("в 1998, 2003 и 2011 годах", [("в 1998", "1998"), ("2003", "2003"), ("2011 годах", "2011")]),
    ("в 2011 и 2012 гг", [("в 2011", "2011"), ("2012 гг", "2012")]),
    ("закупили 2015, 2016 единиц техники", []),
    ("в 2019, 5 марта", [("в 2019", "2019"), ("5 марта", "")]),  # year first only opens a line
])
def test_years_and_lists(text, found):
    assert [(m.text, m.value) for m in scan(text)] == found


# (text, span, value): the year of a name is a DATE span (NEREL) but not a date the text states
@pytest.mark.parametrize("text, span, value", [
    ("ЕГЭ-2013 прошёл", "2013", "2013"),
    ("во время «ЭКСПО-2017» в Астане", "2017", "2017"),
])
def test_year_inside_a_name(text, span, value):
    m = one(text)
    assert (m.text, m.value, m.relative, m.resolved) == (span, value, "in_name", "absolute")
    assert not stated(m)


def test_stated_dates_are_the_texts_own():
    found = scan("9 мая 2019 года, 10 мая, в прошлом году и на «Евро-2020»")
    resolve_all(found, "2020-12-22")
    assert [(m.text, stated(m)) for m in found] == [
        ("9 мая 2019 года", True), ("10 мая", True), ("в прошлом году", False), ("2020", False)]


@pytest.mark.parametrize("text, span, value, time", [
    ("17:44 Дек. 22, 2020", "Дек. 22, 2020", "2020-12-22", "17:44"),
    ("22.12.2020 17:44", "22.12.2020", "2020-12-22", "17:44"),
    ("2020-12-22T17:44:00+03:00", "2020-12-22T17:44:00+03:00", "2020-12-22", "17:44"),
    ("8 января в 18:49В Астрахани прошла ёлка", "8 января", "", "18:49"),
])
def test_time_kept(text, span, value, time):
    m = one(text)  # the time of day is kept in `time`; the span is the date (NEREL: TIME apart)
    assert (m.text, m.value, m.time, m.precision) == (span, value, time, "minute")


# (text, span, relative kind, value resolved against 2020-12-22)
PUB = "2020-12-22"


@pytest.mark.parametrize("text, span, relative, resolved", [
    ("провел 9 мая рабочую встречу", "9 мая", "no_year", "2020-05-09"),
    ("8 января в 18:49", "8 января", "no_year", "2021-01-08"),  # nearest to the publication
    ("в июне", "в июне", "no_year", "2020-06"),
    ("вчера", "вчера", "yesterday", "2020-12-21"),
    ("Сегодня", "Сегодня", "today", "2020-12-22"),
    ("завтра", "завтра", "tomorrow", "2020-12-23"),
    ("в прошлом году", "в прошлом году", "last_year", "2019"),
    ("в следующем году", "в следующем году", "next_year", "2021"),
    ("в этом году", "в этом году", "this_year", "2020"),
    ("в сентябре прошлого года", "в сентябре прошлого года", "last_year", "2019-09"),
    ("год назад", "год назад", "years_ago", "2019"),
    ("Три года тому назад", "Три года тому назад", "years_ago", "2017"),
    ("две недели назад", "две недели назад", "weeks_ago", "2020-12-08"),
    ("в понедельник", "в понедельник", "day_of_week", "2020-12-21"),  # 2020-12-22 is a Tuesday
    ("В прошлую пятницу", "В прошлую пятницу", "day_of_week", "2020-12-18"),
    ("на прошлой неделе", "на прошлой неделе", "last_week", "2020-12-14"),
    ("этим летом", "этим летом", "this_year", "2020-06"),
    # a month with a modifier in the prepositional case (once raised on "этом года")
    ("в этом мае", "в этом мае", "this_year", "2020-05"),
    ("в прошлом мае", "в прошлом мае", "last_year", "2019-05"),
])
def test_relative(text, span, relative, resolved):
    m = one(text)
    assert (m.text, m.relative, m.value, m.resolved) == (span, relative, "", "unresolved")
    resolve_all([m], PUB)
    assert (m.value, m.resolved) == (resolved, "publication")


def test_no_publication_date_no_guess():
    found = scan("9 мая, вчера и в прошлом году")
    resolve_all(found, "")
    assert [m.value for m in found] == ["", "", ""]
    assert {m.resolved for m in found} == {"unresolved"}


@pytest.mark.parametrize("text, span, relative", [
    ("он отсидел три года", "три года", "duration"),
    ("в течение десяти дней", "в течение десяти дней", "duration"),
    ("за последние 200 лет", "за последние 200 лет", "duration"),
    ("приговорил к 24 годам тюрьмы", "24 годам", "duration"),
    ("на 1 год 5 месяцев", "на 1 год 5 месяцев", "duration"),
    ("через неделю", "через неделю", "after"),
    ("На следующий день", "На следующий день", "after"),
    ("В том же году", "В том же году", "anaphoric"),
    ("2 тысячи масок в день.", "в день", "frequency"),
])
def test_durations_and_anaphora(text, span, relative):
    m = one(text)  # NEREL counts these as DATE; they never get a value
    assert (m.text, m.relative) == (span, relative)
    resolve_all([m], PUB)
    assert m.value == ""


@pytest.mark.parametrize("text", [
    "16,5 тыс. тонн", "строится земснаряд и 4 буксира", "на 100-летие района",
    "посвящённых 80-летию Победы", "выделено 400 миллионам", "тел. 8-800-555-35-35",
    "Python 3.11", "на 50-м километре", "умер в возрасте 52 лет", "Ему было 64 года.",
    "старше 70 лет", "в 1500 км от Москвы", "стоимость 2000 рублей", "окружающая среда",
    "фильм «Один день Ивана Денисовича»", "из года в год.", "IP 192.168.1.1",
])
def test_not_dates(text):
    assert scan(text) == []


def test_offsets_start_stop():
    text = "Вчера, 9 мая 2019 года, и в 2020 году."
    assert [m.text for m in scan(text)] == ["Вчера, 9 мая 2019 года", "в 2020 году"]
    a = text.index("и в")
    part = scan(text, a, len(text))  # offsets into the whole text
    assert [(m.text, m.start) for m in part] == [("в 2020 году", a + 2)]
    assert [m.text for m in scan(text, 0, text.index(" 2019"))] == ["Вчера, 9 мая"]


@pytest.mark.parametrize("meta, iso", [
    ("2020-12-22", "2020-12-22"),
    ("2020-12-22T17:44:00+03:00", "2020-12-22"),
    ("22.12.2020", "2020-12-22"),
    ("Tue, 22 Dec 2020 17:44:00 +0300", "2020-12-22"),
    ("17:44 Дек. 22, 2020", "2020-12-22"),
    ("22 декабря 2020 года", "2020-12-22"),
    ("1608648240", "2020-12-22"), ("1608648240000", "2020-12-22"),  # Unix time, s and ms
    ("2020/12/22", "2020-12-22"),
    ("", ""), ("вчера", ""), ("31.02.2020", ""), ("не дата", ""),
])
def test_parse_published_meta(meta, iso):
    assert parse_published_meta(meta) == iso


def test_run_sets_sentences_roles_and_resolves():
    text = "17:44 Дек. 22, 2020\nВчера губернатор провёл встречу. Читайте также: 5 мая в 10:00."
    s1 = text.index("Вчера")
    s2 = text.index("Читайте")
    doc = Document(doc_id="d", text=text, published="2020-12-22", published_start=0,
                   published_stop=19, boilerplate=[(s2, len(text))],
                   sentences=[Sentence(0, 0, 19, text[:19]), Sentence(1, s1, s2 - 1, text[s1:s2 - 1]),
                              Sentence(2, s2, len(text), text[s2:])])
    run(doc, None)
    got = [(m.text, m.sent_id, m.role, m.in_boilerplate, m.value) for m in doc.dates]
    assert got == [("Дек. 22, 2020", 0, "published", False, "2020-12-22"),
                   ("Вчера", 1, "mentioned", False, "2020-12-21"),
                   ("5 мая", 2, "boilerplate", True, "2020-05-05")]
    assert STAGE.name == "dates" and STAGE.provides == ("dates",)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_property(text):
    for m in scan(text):
        assert 0 <= m.start < m.stop <= len(text)
        assert m.text == text[m.start:m.stop]


DATEY = st.lists(st.sampled_from(
    ["11", "мая", "2014", " ", "г.", "года", "-", "–", ",", "в", "с", "по", "XX", "век", "вчера",
     ":", "17:44", "Дек.", "22", "1990", "-х", "назад", "три", "дня", "прошлом", "году", "\n", "."]),
    max_size=25).map("".join)


@settings(max_examples=500, deadline=None)
@given(DATEY, st.integers(0, 40), st.integers(0, 60))
def test_date_like_text_property(text, a, b):
    for m in scan(text, a, b):  # also with a window: mentions stay inside it
        assert a <= m.start < m.stop <= min(b, len(text))
        assert m.text == text[m.start:m.stop]
        assert m.value == "" or m.value[:4].isdigit()


def test_date_word_with_a_latin_look_alike_letter(nlp):
    # "мaя" written with a Latin "a": read as the taggers read it, kept as written
    text = "Встреча прошла 5 м\u0061я 2020 года в Астрахани."
    (m,) = nlp.process(text).dates
    assert (m.value, m.text) == ("2020-05-05", "5 м\u0061я 2020 года")
