"""People in regional news: Kazakh and Russian names in oblique cases come back nominative and
whole, titles and places stay out of names, and Central Asian common words are no people.

Sentences written for these tests in the style of regional news (no corpus text).
"""
import pytest

from pipeline.records import Document


def people_of(nlp, text):
    doc = nlp.process(Document(doc_id="t", text=text))
    return sorted(p.name for p in doc.people)


def check(nlp, text, expected):
    assert people_of(nlp, text) == sorted(expected)


# A name after a title in an oblique case stands in the title's case: a man's genitive, not a
# woman's nominative.
@pytest.mark.parametrize("text, expected", [
    ("Делегация прибыла под руководством акима Кызылординской области Нурлана Жаксыбекова.",
     ["Нурлан Жаксыбеков"]),
    ("Гостей встретили по поручению заместителя акима района Бахытжана Оразалиева.",
     ["Бахытжан Оразалиев"]),
    ("Соглашение подписано в присутствии губернатора Курганской области Ивана Петрова.",
     ["Иван Петров"]),
    ("Телеграмма пришла от президента республики Казахстан Касым-Жомарта Токаева.",
     ["Касым-Жомарт Токаев"]),
    ("Распоряжение о назначении нового акима района Ерболата Тулеуова подписано вчера.",
     ["Ерболат Тулеуов"]),
    # a title in the nominative decides nothing: the genitive it governs stays a genitive
    ("Адвокат Асии Биби заявил, что она покинула страну.", ["Асия Биби"]),
])
def test_masculine_genitive_after_a_title(nlp, text, expected):
    check(nlp, text, expected)


# The instrumental: soft-sign surnames, first names never cut, Tajik surnames in -а.
@pytest.mark.parametrize("text, expected", [
    ("Губернатор провёл переговоры с Олегом Бондарем.", ["Олег Бондарь"]),
    ("Вопросы обсудили с мэром города Сергеем Кравцом.", ["Сергей Кравец"]),
    ("Благодарственное письмо направлено Олегу Кравцу.", ["Олег Кравец"]),
    ("Стороны встретились с главой Согдийской области Рустамом Хакимзодой.",
     ["Рустам Хакимзода"]),
    ("Соглашение подписали с акимом области Дарханом Сатыбалды.", ["Дархан Сатыбалды"]),
])
def test_instrumental(nlp, text, expected):
    check(nlp, text, expected)


# Patronymics, Russian and Kazakh, are part of the name; the fullest form is the person's name.
@pytest.mark.parametrize("text, expected", [
    ("Аким района Ерлан Сапаров освобождён от должности. Указом главы государства Сапаров Ерлан "
     "Муратович освобождён от должности акима района.", ["Ерлан Муратович Сапаров"]),
    ("Акимом области назначен Жомарт Бекетулы Нуртаев.", ["Жомарт Бекетулы Нуртаев"]),
    ("Президент назначил Айбека Сериккызы на должность. Айбек Сериккызы ранее работал в "
     "министерстве. Сериккызы поблагодарил за доверие.", ["Айбек Сериккызы"]),
    ("Распоряжением акима области. Кравец Олег Петрович назначен руководителем управления.",
     ["Олег Петрович Кравец"]),
])
def test_patronymics(nlp, text, expected):
    check(nlp, text, expected)


# Surnames in capitals come out in title case.
@pytest.mark.parametrize("text, expected", [
    ("Новым акимом района назначен Ерлан НУРЛАНОВ, который до этого руководил отделом.",
     ["Ерлан Нурланов"]),
    ("Президент освободил Болата БЕКОВА от должности акима области.", ["Болат Беков"]),
])
def test_capitals(nlp, text, expected):
    check(nlp, text, expected)


# A title, or the place the title serves, is never part of the name.
@pytest.mark.parametrize("text, expected", [
    ("Аким Атырау Кайрат Нуртасов освобождён от занимаемой должности.", ["Кайрат Нуртасов"]),
    ("Делегация Самаркандской области во главе с Хокимом Улугбеком Турсуновым посетила завод.",
     ["Улугбек Турсунов"]),
    ("Суд вынес приговор бывшему акиму Кентау Серику Омарову.", ["Серик Омаров"]),
    ("Консул обсудил вопросы с заместителем акима области Жетысу Айдосом Серикбаевым.",
     ["Айдос Серикбаев"]),
])
def test_titles_and_places_out_of_names(nlp, text, expected):
    check(nlp, text, expected)


# Kazakh common words, a title alone and places are not people.
@pytest.mark.parametrize("text, expected", [
    ("Об этом сообщила пресс-служба Акорды.", []),
    ("Об этом говорится в указе Елбасы.", []),
    ("Новым акимом области Жетісу назначен Марат Сейтов.", ["Марат Сейтов"]),
    ("Губернатор Ширака принял делегацию из Самары.", []),
    ("Акимом района назначен опытный управленец.", []),
])
def test_not_people(nlp, text, expected):
    check(nlp, text, expected)


# A surname alone, and a typo of it, is the person the document names in full.
@pytest.mark.parametrize("text, expected", [
    ("Алмаз Жумабаев назначен послом. До назначения Жумабаев работал в министерстве.",
     ["Алмаз Жумабаев"]),
    ("Алмаз Жумабаев назначен послом. До назначения Жубамаев работал в министерстве.",
     ["Алмаз Жумабаев"]),
])
def test_same_person(nlp, text, expected):
    check(nlp, text, expected)


def test_not_names_data_is_consistent(models):
    """data/not_names.csv: two kinds, no word twice, no title already in positions.csv."""
    import csv

    from pipeline.people import DATA, fold

    with open(DATA / "not_names.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    assert rows
    assert {r["kind"] for r in rows} <= {"title", "common"}
    words = [fold(r["word"]) for r in rows]
    assert len(words) == len(set(words))
    titles = {fold(r["word"]) for r in rows if r["kind"] == "title"}
    assert not titles & set(models.positions.first_words)
