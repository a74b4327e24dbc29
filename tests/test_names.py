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


# -- a mention's own nominative, as written ------------------------------------------------------

def mentions_of(nlp, text):
    doc = nlp.process(Document(doc_id="t", text=text))
    return [(m.text, m.normal) for p in doc.people for m in p.mentions]


@pytest.mark.parametrize("text, expected", [
    # foreign women's names: the whole name and the sentence agree on the feminine
    ("Суд оправдал Асию Биби, она вышла на свободу.", [("Асию Биби", "Асия Биби")]),
    ("Адвокат Асии Биби заявил, что она покинула страну.", [("Асии Биби", "Асия Биби")]),
    # initials keep their spelling, numerals their capitals, particles their lower case
    ("Премьер Т.Мэй выступила в парламенте.", [("Т.Мэй", "Т.Мэй")]),
    ("Королева Елизавета II открыла сессию.", [("Елизавета II", "Елизавета II")]),
    ("Полиция задержала Саифа уль-Малука.", [("Саифа уль-Малука", "Саиф уль-Малук")]),
    # a surname alone is the surname alone, in the nominative
    ("Андрей Бочаров провел встречу. Позиция Бочарова ясна.",
     [("Андрей Бочаров", "Андрей Бочаров"), ("Бочарова", "Бочаров")]),
    # surname first: the mention keeps its order, the person is Имя Отчество Фамилия
    ("Документ подписан при участии Абдурахмановой Натальи Петровны.",
     [("Абдурахмановой Натальи Петровны", "Абдурахманова Наталья Петровна")]),
    ("Встреча с Мишелю Барнье прошла в Брюсселе.", [("Мишелю Барнье", "Мишель Барнье")]),
    ("Письмо направили Сакибу Нисару.", [("Сакибу Нисару", "Сакиб Нисар")]),
])
def test_mention_normal_is_its_own_nominative(nlp, text, expected):
    assert mentions_of(nlp, text) == expected


def test_names_in_capitals_come_out_capitalised(nlp):
    from pipeline.names import normalise
    from pipeline.records import Token

    words = [Token(0, 0, "АСХАТОМ"), Token(0, 0, "СЫЗДЫКОВЫМ")]
    assert normalise(words, nlp.models.morph).full == "Асхат Сыздыков"


# -- which spans are names -----------------------------------------------------------------------

def test_two_names_run_together_are_two_people(nlp):
    names = people_of(nlp, "Он позвонил бывшему пресс-секретарю экс-президента США Билла "
                           "Клинтона Джо Локхарту.")
    assert names == ["Билл Клинтон", "Джо Локхарт"]


def test_title_before_a_name_is_left_out(nlp):
    doc = nlp.process("Император Акихито выразил желание сложить полномочия.")
    assert [m.text for p in doc.people for m in p.mentions] == ["Акихито"]


def test_initials_and_surname_the_tagger_misses(nlp):
    doc = nlp.process("Б.Обама выдвинул на пост главы ФБР Дж.Коми.")
    assert [(m.text, m.normal) for p in doc.people for m in p.mentions] == \
        [("Б.Обама", "Б.Обама"), ("Дж.Коми", "Дж.Коми")]


def test_initials_inside_an_organisation_name_are_a_namesake(nlp):
    doc = nlp.process("Он окончил Военно-воздушную академию имени Н.Е.Жуковского и "
                      "Ю.А.Гагарина.")
    assert doc.people == []
    assert [m.text for m in doc.other_names] == ["Н.Е.Жуковского", "Ю.А.Гагарина"]
    assert all(m.entity_id == "" for m in doc.other_names)


def test_name_known_to_the_dictionary_the_tagger_misses(nlp):
    doc = nlp.process("Карикатуры на пророка Мухаммеда вызвали протесты.")
    assert [(m.text, m.normal) for p in doc.people for m in p.mentions] == \
        [("Мухаммеда", "Мухаммед")]


def test_title_word_that_is_also_a_name_is_not_a_person(nlp):
    assert people_of(nlp, "Аким Атырауской области подчеркнул важность связей.") == []


# -- one person across documents -----------------------------------------------------------------

from pipeline.people import merge_people  # noqa: E402


def person(name, first, last, middle="", gender="m", posts=(), n=1):
    return {"name": name, "first": first, "middle": middle, "last": last, "gender": gender,
            "posts": set(posts), "n_mentions": n}


CONSUL = ("консул", "KZ")


def test_spelling_variants_with_the_same_post_are_one_person():
    people = {"A": person("Асхат Сыздыков", "Асхат", "Сыздыков", posts=[CONSUL], n=3),
              "B": person("Асхад Сыздыков", "Асхад", "Сыздыков", posts=[CONSUL])}
    assert merge_people(people) == {"A": "A", "B": "A"}


def test_spelling_variants_without_agreeing_evidence_stay_apart():
    people = {"A": person("Асхат Сыздыков", "Асхат", "Сыздыков", posts=[CONSUL]),
              "B": person("Асхад Сыздыков", "Асхад", "Сыздыков", posts=[("аким", "KZ-23")]),
              "C": person("Асхан Сыздыков", "Асхан", "Сыздыков")}
    assert merge_people(people) == {"A": "A", "B": "B", "C": "C"}


def test_partial_names_join_the_full_name_when_evidence_agrees():
    people = {"A": person("Игорь Бабушкин", "Игорь", "Бабушкин", posts=[("губернатор", "RU-AST")]),
              "B": person("Бабушкин", "", "Бабушкин", posts=[("губернатор", "RU-AST")]),
              "C": person("Е. И. Борисов", "Е.", "Борисов", middle="И."),
              "D": person("Евгений Иванович Борисов", "Евгений", "Борисов", middle="Иванович"),
              "E": person("Иванов", "", "Иванов"),
              "F": person("Петр Иванов", "Петр", "Иванов")}
    merged = merge_people(people)
    assert merged["B"] == "A"  # same post
    assert merged["C"] == "D"  # both initials confirm
    assert merged["E"] == "E"  # a bare surname with nothing to compare stays apart


def test_people_table_joins_documents(nlp):
    tables = nlp.run([
        "Консул Республики Казахстан Асхат Сыздыков посетил Волгоград 11 мая 2014 г.",
        "Консул Республики Казахстан Асхад Сыздыков встретился со студентами 12 мая 2015 г.",
    ])
    people = tables["people"]
    row = people[people.last == "Сыздыков"]
    assert len(row) == 1
    row = row.iloc[0]
    assert row.n_docs == 2 and row.merged_ids
    assert "консул" in row.posts
    posts = tables["posts"]
    assert set(posts[posts.role == "консул"].person_id) == {row.person_id}
