"""Clean: title, publication date, body and boilerplate found; the text never cut."""
import pytest

from pipeline import clean, dates
from pipeline.records import Document


def cleaned(text, **meta):
    doc = Document(doc_id="t", text=text, **meta)
    clean.run(doc)
    return doc


def boilerplate_texts(doc):
    return [doc.text[a:b] for a, b in doc.boilerplate]


BODY = ("Губернатор Астраханской области Игорь Бабушкин подписал план совместных мероприятий. "
        "Об этом сообщила пресс-служба главы региона.")


@pytest.mark.parametrize("text, title, published", [
    ("Волгоградская область укрепляет связи с Казахстаном\n\nПолитика >> 11.05.2014\n" + BODY,
     "Волгоградская область укрепляет связи с Казахстаном", "2014-05-11"),
    ("Губернатор назвал Казахстан одним из основных партнёров\n\n17:44 Дек. 22, 2020\n\n" + BODY,
     "Губернатор назвал Казахстан одним из основных партнёров", "2020-12-22"),
    ("ВКО и Алтайский край наращивают сотрудничество\n\nMalim kz\n\n  • 21.04.2025\n\n" + BODY,
     "ВКО и Алтайский край наращивают сотрудничество", "2025-04-21"),
    ("Войти в почту\n\nВолгоградские муниципалитеты укрепляют связи с Казахстаном\n\n" + BODY,
     "Волгоградские муниципалитеты укрепляют связи с Казахстаном", ""),
])
def test_title_and_dateline(text, title, published):
    doc = cleaned(text)
    assert (doc.title, doc.published) == (title, published)
    assert doc.text == text  # nothing cut
    assert doc.text[doc.title_start:doc.title_stop] == title


TITLE = "Аким Павлодарской области встретился с губернатором Омской области"
LEAD = ("Стороны обсудили поставки зерна и открытие нового пункта пропуска на границе. "
        "Об этом сообщает пресс-служба акимата.")


# (page text, publication date): the headers news sites print, and dates that are not the article's
@pytest.mark.parametrize("text, published", [
    # the date alone on its line, in the shapes sites use
    (f"{TITLE}\n14:20, 5 июня 2024\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\n05.06.2024 14:20\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\n2024-06-05 14:20\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\n2024.06.05\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\nИюнь 5, 2024 14:20\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\n5 июн. 2024, 14:20\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\n5 Июня 2024\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"{TITLE}\n5 июня, 2024\n{LEAD}\n{BODY}", "2024-06-05"),
    # year first
    (f"{TITLE}\n2024, 5 июня 10:12\n{LEAD}\n{BODY}", "2024-06-05"),
    (f"• 2024 г., 5 июня\n{TITLE}\n{LEAD}\n{BODY}", "2024-06-05"),
    # glued to the next or the previous element of the page
    (f"{TITLE}\n03.02.2023Аким области провёл встречу с делегацией соседнего региона. {LEAD}\n{BODY}",
     "2023-02-03"),
    (f"{TITLE}\n03.02.2023 10:15Аким области провёл встречу с делегацией региона. {LEAD}\n{BODY}",
     "2023-02-03"),
    (f"{TITLE}\nРегион03.02.2023 10:15\n{LEAD}\n{BODY}", "2023-02-03"),
    # in brackets: alone, after the title, after the place of a wire dateline
    (f"{TITLE}\n(3 марта 2016)\n{LEAD}\n{BODY}", "2016-03-03"),
    (f"{TITLE} (3 марта 2016 г.)\n{LEAD}\n{BODY}", "2016-03-03"),
    (f"{TITLE}\nПавлодар (3 марта 2016 г.) — {LEAD}\n{BODY}", "2016-03-03"),
    (f"{TITLE}\nОМСК, 3 марта 2016 — ИА «Регион». {LEAD}\n{BODY}", "2016-03-03"),
    (f"{TITLE}\nПавлодар. 3 марта 2016. ИА «Регион» — {LEAD}\n{BODY}", "2016-03-03"),
    (f"{TITLE}\n3 марта 2016. Аким области провёл встречу с делегацией. {LEAD}\n{BODY}", "2016-03-03"),
    (f"{TITLE}\nНапомним, 3 марта 2016 г. Аким области провёл встречу с делегацией. {LEAD}", ""),
    (f"{TITLE}\n3 марта 2016 г. в Павлодаре прошла встреча с делегацией. {LEAD}\n{BODY}", ""),
    # labels, rubrics, authors, counters beside it
    (f"{TITLE}\nОпубликовано: 12 марта 2024 г., 14:35 | Просмотров: 418\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\nДата публикации: 12.03.2024\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\nОпубликовано: Марат Сейткали, 12.03.2024\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\nДата проведения: 12 марта 2024 года\n{LEAD}\n{BODY}", ""),
    (f"{TITLE}\n20:29 25.11.2023 (обновлено в 21:48 25.11.2023)\n{LEAD}\n{BODY}", "2023-11-25"),
    (f"{TITLE}\nОбщество | 12.03.2024 | Автор: Марат Сейткали\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\nАйгуль Нурланова, 12 марта 2024\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\n12 марта 2024 · 418 просмотров\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\nИсточник: ИА «Регион» | 12 марта 2024\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"{TITLE}\n12.03.2024 ж.\n{LEAD}\n{BODY}", "2024-03-12"),  # Kazakh "ж." = жыл, year
    (f"{TITLE}\n12-03-2024\n{LEAD}\n{BODY}", "2024-03-12"),
    # a weekday: the article's date under the title or with its time, a widget above the title
    (f"{TITLE}\nЧетверг, 12 марта 2024\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"Четверг, 12 марта 2024, 14:35\n{TITLE}\n{LEAD}\n{BODY}", "2024-03-12"),
    (f"Среда, 7 мая, 2025\nГлавная Новости Регион\n{TITLE}\n{LEAD}\n{BODY}", ""),
    (f"Пятница, 19 Апрель 2024\n\nВы здесь: Главная Новости {TITLE}\n\n{TITLE}\n\n{LEAD}", ""),
    (f"7 мая 2025, среда\nГлавная | Новости | Контакты\n{TITLE}\n{LEAD}\n{BODY}", ""),
    (f"Сегодня: 7 мая 2025\n{TITLE}\n{LEAD}\n{BODY}", ""),
    (f"{TITLE}\nВойти\nСреда, 7 мая, 2025\n{LEAD}\n{BODY}", ""),
    # however long the menus before the article
    ("\n".join(["Главная", "Политика Экономика Общество Спорт Культура", "Регионы", "Интервью", "Фото",
               "Видео", "Спецпроекты", "О нас Контакты Реклама Вакансии", "Войти", "Поиск", "RSS",
               "Курсы валют USD 470,5 EUR 510,2", "Погода в Павлодаре +15", "Среда, 7 мая 2025",
               TITLE, "06.05.2025 14:20", LEAD, BODY]), "2025-05-06"),
    (f"{TITLE}\nОпубликовано: среда, 7 мая 2025\n{LEAD}\n{BODY}", "2025-05-07"),
    # no year, a date in the body, a date a word governs, a TV schedule, a list of dated headlines
    (f"{TITLE}\nОМСК, 24 фев — ИА «Регион». {LEAD}\n{BODY}", ""),
    (f"{TITLE}\n12 марта\n{LEAD}\n{BODY}", ""),
    (f"{TITLE}\nСегодня, 29 апреля 2022 года, в Омске открыто консульство. {LEAD}\n{BODY}", ""),
    (f"{TITLE}\n12 марта 2024 года аким области провёл встречу с послом. {LEAD}\n{BODY}", ""),
    (f"12 марта 2024 года в Павлодаре пройдёт форум\n{LEAD}\n{BODY}", ""),
    (f"Указ от 12 марта 2024 года о назначении акима района\n{LEAD}\n{BODY}", ""),
    (f"{TITLE}\nПрограмма передач на 5 июня 2024 года\n06:00 Новости\n06:30 Утро\n{LEAD}", ""),
    (f"Телепрограмма\n06:00 Новости\n06:30 Доброе утро\n09:15 Время покажет\n{TITLE}\n{LEAD}", ""),
    (f"12.03.2024Аким встретился с послом Казахстана\n11.03.2024Губернатор посетил новый завод\n"
     f"{TITLE}\n{LEAD}\n{BODY}", ""),
    (f"Популярное\nАким Костанайской области посетил завод\n09.06.2025\nВ Омске открыли новый мост"
     f"\n07.06.2025\n{TITLE}\n{LEAD}\n{BODY}", ""),
    (f"{TITLE}\n05.06.2024 10:00 Новости\n05.06.2024 10:30 Погода\n{LEAD}\n{BODY}", ""),
    (f"Телепрограмма\nСреда, 05.06.2024\n06:00 Новости\n06:30 Погода\n07:00 Утро\n{TITLE}\n{LEAD}", ""),
    (f"{TITLE}\n05.06.2024\n06:00 Новости\n06:30 Погода\n07:00 Утро\n{LEAD}", ""),
    # but a page's own dates of publication and update, one under the other
    (f"{TITLE}\nОпубликовано: 05.06.2024 10:00\nОбновлено: 06.06.2024 08:15\n{LEAD}", "2024-06-05"),
])
def test_publication_date_as_news_prints_it(text, published):
    doc = cleaned(text)
    assert doc.published == published
    if published:  # the span it was read from is a date of that day
        assert doc.published_start >= 0
        assert dates.scan(doc.text[doc.published_start:doc.published_stop])[0].value == published


@pytest.mark.parametrize("url, published", [
    ("https://news.example.kz/politics/2017/04/18/12345-akim-vstretilsya/", "2017-04-18"),
    ("https://example.ru/news/2017-04-18/akim-vstretilsya", "2017-04-18"),
    ("https://ru.example.kg/amp/20170418/akim-vstretilsya-1062339147.html", "2017-04-18"),
    ("https://example.ru/text/gorod/2008/06/26/55540941", "2008-06-26"),
    ("https://example.kz/2011/11/akim-vstretilsya", ""),  # a month, not a day
    ("https://example.kz/news/20170418123/", ""),  # an id, not a date
    ("https://example.kz/2017/02/31/", ""),
    ("", ""),
])
def test_publication_date_from_the_address(url, published):
    assert cleaned(f"{TITLE}\n{LEAD}\n{BODY}", url=url).published == published


@pytest.mark.parametrize("line", [
    f"{TITLE} (3 марта 2016)", f"{TITLE} (3 марта 2016 г., 14:20)", f"{TITLE}03.03.2016",
    f"{TITLE} | 03.03.2016 14:20",
])
def test_a_date_on_the_title_line_is_not_the_title(line):
    doc = cleaned(f"{line}\n{LEAD}\n{BODY}")
    assert (doc.title, doc.published) == (TITLE, "2016-03-03")
    assert doc.text[doc.title_start:doc.title_stop] == TITLE


def test_the_page_shows_its_date_before_the_address():
    doc = cleaned(f"{TITLE}\n05.06.2024 14:20\n{LEAD}", url="https://example.kz/2024/06/04/x/")
    assert doc.published == "2024-06-05"


def test_metadata_date_wins():
    doc = cleaned("Заголовок статьи о сотрудничестве регионов\n" + BODY,
                  published_meta="2021-03-04T10:00:00+03:00")
    assert doc.published == "2021-03-04"


def test_navigation_and_related_news_are_boilerplate():
    text = ("Глава Астраханской области подписал план сотрудничества\nГлавное\n-\n"
            "8 января в 18:49В Астрахани прошла Социальная ёлка\n-\n"
            "7 января в 12:04Игорь Бабушкин поздравил астраханцев с Рождеством\n" + BODY +
            "\nСопутствующая информация\n\nПожилая женщина двое суток блуждала в лесу\n\n"
            "09.06.2025\n\nООН может стать еще более значимой организацией — Токаев\n\n07.06.2025\n")
    doc = cleaned(text)
    flagged = "\n".join(boilerplate_texts(doc))
    for piece in ("Главное", "Социальная ёлка", "поздравил астраханцев", "Пожилая женщина",
                  "Токаев", "09.06.2025"):
        assert piece in flagged
    assert "подписал план совместных" not in flagged
    assert doc.text[doc.body_start:doc.body_stop] == BODY


def test_credit_and_repeated_title_are_boilerplate():
    title = "Волгоградские муниципалитеты укрепляют связи с Казахстаном"
    doc = cleaned(f"{title}\n\n{BODY}\n\n{title}\n©\xa0Волгоградская правда\n\n{BODY}")
    assert boilerplate_texts(doc) == [f"{title}\n©\xa0Волгоградская правда"]


@pytest.mark.parametrize("text", ["", "   \n\n ", "Одно слово", "ТЕКСТ ЗАГЛАВНЫМИ БЕЗ ТОЧЕК"])
def test_degenerate_texts(text):
    doc = cleaned(text)
    assert doc.text == text
    assert 0 <= doc.body_start <= doc.body_stop <= len(text)


def test_dateline_words_data():
    rows = dates._read_csv("dateline_words.csv")
    assert {r["kind"] for r in rows} == {"label", "widget", "filler"}
    forms = [r["form"] for r in rows]
    assert len(forms) == len(set(forms)) and all(f == f.lower().strip() and f for f in forms)
