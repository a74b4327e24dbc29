"""People: what the rest of the document says about a name (issue #7).

A word of a full name the document gives is that person's name when it stands alone, even when
the dictionary knows it as a common word; a full name is found again where the tagger missed it;
spans running over two people are cut by the names the document gives each of them."""
import pytest

from pipeline.evaluation.systems import document_to_prediction
from pipeline.names import assign_roles
from pipeline.records import Document


def people_mentions(nlp, text):
    doc = nlp.process(Document(doc_id="t", text=text))
    return {p.name: [m.text for m in p.mentions] for p in doc.people}


@pytest.mark.parametrize("text, name, mention", [
    # "Флинта" is a common word to the dictionary (флинт), "Челах" too (чело)
    ("Вокалист группы The Prodigy Кит Флинт умер в возрасте 49 лет. Тело Флинта, которому было "
     "49 лет, нашли утром 4 марта.", "Кит Флинт", "Флинта"),
    ("Рядовой Владимир Челах дал показания. «Я ничего не помню», — заявил Челах на суде.",
     "Владимир Челах", "Челах"),
])
def test_surname_known_as_a_common_word_is_the_persons(nlp, text, name, mention):
    found = people_mentions(nlp, text)
    assert mention in found.get(name, [])


@pytest.mark.parametrize("text, expected", [
    # a full name, then the same word again: two mentions, not one name of three words
    ("Родившийся в Ленинграде 28-летний Максим Дадашев Дадашев дебютировал в профессиональном "
     "боксе в 2016 году.", ["Максим Дадашев", "Дадашев"]),
    # initials and a surname are a whole name: the first name after them is another person's
    ("В правительстве намекнули, что старший сын А.Лукашенко Виктор может сменить отца.",
     ["А.Лукашенко", "Виктор"]),
])
def test_span_over_two_people_is_cut(nlp, text, expected):
    doc = nlp.process(Document(doc_id="t", text=text))
    assert sorted(m.text for p in doc.people for m in p.mentions) == sorted(expected)


def test_surname_of_another_person_in_front_is_cut_off(nlp):
    text = ("Тереза Мэй встретилась с министром. Борис Джонсон ушел в отставку. "
            "В своем обращении к Мэй Джонсон предупредил, что Британия скоро станет колонией.")
    found = people_mentions(nlp, text)
    assert "Мэй" in found["Тереза Мэй"]
    assert "Джонсон" in found["Борис Джонсон"]
    assert not any("Мэй Джонсон" in ms for ms in found.values())


def test_place_in_front_of_a_name_is_left_out(nlp):
    text = ("В провинции Панджаб прошли протесты. В 2011 году губернатор Панджаба Салман Тасир "
            "был убит своим охранником.")
    assert "Салман Тасир" in people_mentions(nlp, text)


def test_description_in_front_of_a_whole_name_is_left_out(nlp):
    text = "Москва. 8 ноября. INTERFAX.RU - Христианка Асия Биби вышла на свободу. Биби покинула тюрьму."
    found = people_mentions(nlp, text)
    assert found.get("Асия Биби") == ["Асия Биби", "Биби"]


@pytest.mark.parametrize("text, name", [
    # a lone word the dictionary reads as a first name is the surname of the full name
    ("Борис Джонсон ушел в отставку с поста министра. Джонсон решил, что не может продвигать "
     "планы правительства.", "Борис Джонсон"),
])
def test_lone_surname_read_as_a_first_name_joins_the_full_name(nlp, text, name):
    found = people_mentions(nlp, text)
    assert list(found) == [name] and len(found[name]) == 2


@pytest.mark.parametrize("words, roles", [
    (["Морган", "Цвангираи"], ["first", "last"]),  # only a guess reads Цвангираи as a name
    (["Бабушкин", "Игорь"], ["last", "first"]),
    (["Сактаганов", "Нурымбет"], ["last", "first"]),
])
def test_surname_first_order_needs_evidence(nlp, words, roles):
    assert assign_roles(words, nlp.models.morph) == roles


def test_namesakes_are_counted_as_person_mentions_by_the_evaluation(nlp):
    """The mentions table lists namesakes as PER mentions (empty entity_id): the evaluation
    adapter scores what the table holds."""
    doc = nlp.process("Выступил оркестр народных инструментов «Сибирь» им. Е.И. Борисова.")
    pred = document_to_prediction(doc)
    per = [s.text for s in pred.spans if s.type == "PER"]
    assert per == ["Е.И. Борисова"]
    assert doc.people == []
