"""Clean: title, publication date, body and boilerplate found; the text never cut."""
import pytest

from pipeline import clean
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
