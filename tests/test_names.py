"""People: names in the nominative, as wholes, for names no dictionary knows too."""
import pytest

from pipeline.records import Document


def people_of(nlp, text):
    doc = nlp.process(Document(doc_id="t", text=text))
    return [p.name for p in doc.people]


@pytest.mark.parametrize("text, expected", [
    ("Губернатор подписал соглашение с акимом области Сериком Шапкеновым.", ["Серик Шапкенов"]),
    ("После встречи с акимом ВКО Нурымбетом Сактагановым делегация уехала.",
     ["Нурымбет Сактаганов"]),
    ("Игорь Бабушкин встретился с послом Ермеком Кошербаевым.",
     ["Игорь Бабушкин", "Ермек Кошербаев"]),
    ("Он пригласил Асхата Сыздыкова на праздник.", ["Асхат Сыздыков"]),
    ("Документ подписан при участии Абдурахмановой Натальи Петровны.",
     ["Наталья Петровна Абдурахманова"]),
    ("По словам Андрея Бочарова, потомки помнят подвиг.", ["Андрей Бочаров"]),
    ("Грамоту вручили Марии Ивановой.", ["Мария Иванова"]),
    ("Виталий Снесарь поблагодарил за гостеприимство.", ["Виталий Снесарь"]),
    ("Встреча с Виталием Снесарем прошла в Барнауле.", ["Виталий Снесарь"]),
    ("Заявление сделал Вячеслав Толмачев.", ["Вячеслав Толмачев"]),
])
def test_nominative_names(nlp, text, expected):
    assert people_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a surname alone and a spelling variant join the full name
    ("Андрей Бочаров провел встречу. Бочаров отметил успехи.", [("Андрей Бочаров", 2)]),
    ("Консул Асхат Сыздыков приехал. Асхад Сыздыков сказал речь.", [("Асхат Сыздыков", 2)]),
])
def test_one_person_per_name(nlp, text, expected):
    doc = nlp.process(text)
    assert [(p.name, len(p.mentions)) for p in doc.people] == expected


def test_namesake_in_organisation_name_is_not_a_person(nlp):
    doc = nlp.process("Выступил оркестр народных инструментов «Сибирь» им. Е.И. Борисова.")
    assert doc.people == []


def test_demonym_is_not_a_person(nlp):
    doc = nlp.process("Астраханцам рассказали о новых зарплатах.")
    assert doc.people == []
