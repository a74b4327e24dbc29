"""The place a post serves, read from the whole document; diplomats; one row per post
(pipeline/served.py). Sentences written for these tests in the style of regional news."""
import pytest


def rows(nlp, text):
    doc = nlp.process(text)
    return [(o.person, o.role, o.region_id, o.place_from) for o in doc.officials]


@pytest.mark.parametrize("text, expected", [
    # the headline names the region; the body says only "губернатор"
    ("Курганская область расширяет торговлю с соседями\n"
     "Губернатор Вадим Шумков провел совещание с предпринимателями региона.",
     [("Вадим Шумков", "губернатор", "RU-KGN", "document")]),
    # an akim serves a Kazakh oblast even when a Russian region is named more often
    ("Делегация Оренбургской области прибыла в Актобе\n"
     "Оренбургская область и Актюбинская область подписали соглашение. Представители "
     "Оренбургской области обсудили логистику. Гостей поблагодарил аким Ерлан Каналимов.",
     [("Ерлан Каналимов", "аким", "KZ-15", "document")]),
    # the same title with its place earlier in the text, held by no one else
    ("Губернатор Омской области заявил о новых проектах с Казахстаном. Губернатор Олег "
     "Сидоров отметил, что товарооборот растет. Павлодарская область готова к сотрудничеству.",
     [("Олег Сидоров", "губернатор", "RU-OMS", "title")]),
    # the same person's other post in the document
    ("Глава Тюменской области Петр Кузнецов открыл форум. Позже губернатор Петр Кузнецов "
     "вручил награды.",
     [("Петр Кузнецов", "глава", "RU-TYU", "phrase")]),
    # "губернатор края": a "... край", not the oblast named beside it
    ("Алтайский край и Восточно-Казахстанская область укрепляют связи. Вице-губернатор "
     "края Андрей Орлов встретился с гостями из Усть-Каменогорска.",
     [("Андрей Орлов", "вице-губернатор", "RU-ALT", "document")]),
    # two regions named as often as each other: no guess
    ("Саратовская область и Самарская область провели встречу. Губернатор Иван Громов "
     "выступил с докладом.",
     [("Иван Громов", "губернатор", "", "")]),
])
def test_place_served_from_the_document(nlp, text, expected):
    assert rows(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a consul serves the state that sends him; the city is his seat
    ("Генеральный консул Казахстана в Самаре Марат Ахметов посетил завод.",
     ("Марат Ахметов", "генеральный консул", "KZ", "gn:499099")),
    # the rank is not the role
    ("Чрезвычайный и Полномочный Посол Узбекистана в России Бахтиёр Ибрагимов выступил на "
     "форуме.",
     ("Бахтиёр Ибрагимов", "посол", "UZ", "RU")),
    # an abbreviation written out, an honorary consul spelt with ё
    ("Генконсул Киргизии в Екатеринбурге Азамат Токтосунов провел прием.",
     ("Азамат Токтосунов", "генеральный консул", "KG", "gn:1486209")),
    ("Почетный консул Казахстана в Калининграде Андрей Соколов открыл выставку.",
     ("Андрей Соколов", "почётный консул", "KZ", "gn:554234")),
])
def test_diplomats_serve_the_sending_state(nlp, text, expected):
    doc = nlp.process(text)
    assert [(o.person, o.role, o.region_id, o.seat_id) for o in doc.officials] == [expected]


@pytest.mark.parametrize("text, role", [
    ("Врио губернатора Кировской области назначен Александр Петренко.", "врио губернатора"),
    ("Исполняющий обязанности губернатора Курганской области Алексей Кокорин провел совещание.",
     "и.о. губернатора"),
    ("Временно исполняющий обязанности главы Марий Эл Юрий Зайцев посетил школу.", "врио главы"),
])
def test_acting_posts_keep_their_prefix(nlp, text, role):
    assert [o.role for o in nlp.process(text).officials] == [role]


def test_one_person_one_post_one_row(nlp):
    doc = nlp.process(
        "Губернатор Курганской области Вадим Шумков провел встречу. Глава региона Вадим Шумков "
        "отметил рост товарооборота. Губернатор Вадим Шумков также посетил Костанай.")
    assert [(o.person, o.role, o.region_id, o.n_mentions) for o in doc.officials] == [
        ("Вадим Шумков", "губернатор", "RU-KGN", 3)]
    assert len(doc.officials[0].evidence) == 2


def test_two_posts_stay_two_rows(nlp):
    doc = nlp.process(
        "Кумар Аксакалов ранее был акимом Северо-Казахстанской области. Сейчас аким Костанайской "
        "области Кумар Аксакалов курирует проект.")
    assert sorted(o.region_id for o in doc.officials) == ["KZ-39", "KZ-59"]


@pytest.mark.parametrize("text, expected", [
    ("Губернатор Омской области Виталий Хоценко встретился с генеральным консулом Республики "
     "Казахстан Маратом Сейтказиевым.",
     [("Виталий Хоценко", "губернатор"), ("Марат Сейтказиев", "генеральный консул")]),
    ("Глава Курганской области Вадим Шумков провел встречу с акимом Костанайской области "
     "Кумаром Аксакаловым.",
     [("Вадим Шумков", "глава"), ("Кумар Аксакалов", "аким")]),
    ("Губернатор Виктор Томенко поблагодарил посла Казахстана Даурена Абаева за поддержку.",
     [("Виктор Томенко", "губернатор"), ("Даурен Абаев", "посол")]),
    # the other party unnamed: his post is nobody's here
    ("Губернатор Иван Петров встретился с послом Казахстана.", [("Иван Петров", "губернатор")]),
])
def test_the_other_partys_post_is_the_objects(nlp, text, expected):
    assert [(o.person, o.role) for o in nlp.process(text).officials] == expected


@pytest.mark.parametrize("text", [
    # a place the gazetteer does not know is named: no guess from the document
    "Нижегородская область развивает связи с Арменией. Глава города Вагаршапат Диана Гаспарян "
    "посетила Нижний Новгород.",
    "Нижегородская область развивает связи с Турцией. Губернатор провинции Хатай Мехмет Озтюрк "
    "посетил Нижний Новгород.",
])
def test_no_guess_when_the_phrase_names_an_unknown_place(nlp, text):
    assert [o.region_id for o in nlp.process(text).officials] == [""]


def test_titles_chained_up_to_a_name_are_that_names(nlp):
    doc = nlp.process(
        "В заседании приняли участие аким Костанайской области Кумар Аксакалов, Чрезвычайный и "
        "Полномочный Посол Российской Федерации, руководитель российской делегации в совместной "
        "комиссии Алексей Бородавкин, заместитель председателя правительства Курганской области "
        "Сергей Пугин.")
    got = {(o.person, o.role) for o in doc.officials}
    assert ("Алексей Бородавкин", "посол") in got
    assert ("Кумар Аксакалов", "посол") not in got


@pytest.mark.parametrize("text, expected", [
    # a title pymorphy first reads as a first name, left in the dative by the phrase
    ("Награду вручили акиму столицы Жениспеку Касымбеку.", "аким"),
    # a one-word deputy title keeps its genitive half
    ("Замакима Атырауской области Асхат Оралов провел прием.", "заместитель акима"),
])
def test_roles_in_the_nominative(nlp, text, expected):
    assert [o.role for o in nlp.process(text).officials] == [expected]


def test_a_representatives_place_after_v_is_his_seat(nlp):
    (o,) = nlp.process("Представитель МИД России в Казани Сергей Малахов открыл выставку.").officials
    assert (o.region_id, o.seat_id) == ("RU", "gn:551487")


@pytest.mark.parametrize("text, expected", [
    ("Алексей Дюмин встретился с послом Казахстана. Губернатор Тульской области рассказал о "
     "планах.", [("Алексей Дюмин", "губернатор", "RU-TUL")]),
    # the person before holds another post: the title is not his
    ("Министр Иван Сомов встретился с делегацией. Губернатор Тульской области рассказал о "
     "планах.", [("Иван Сомов", "министр", "")]),
])
def test_a_post_opening_the_next_sentence_is_the_subjects(nlp, text, expected):
    assert [(o.person, o.role, o.region_id) for o in nlp.process(text).officials] == expected


@pytest.mark.parametrize("text, expected", [
    # the subject of an appointing verb appoints: his title is not a post given
    ("Глава государства назначил акимом Павлодарской области Асаина Байханова.",
     [("Асаин Байханов", "аким")]),
])
def test_the_appointer_is_not_appointed(nlp, text, expected):
    assert [(o.person, o.role) for o in nlp.process(text).officials] == expected


def test_served_places_data_is_consistent(models):
    from pipeline.served import served_rules

    categories = {t.category for t in models.positions.titles.values()}
    kinds = {e.kind for e in models.gazetteer.entries} | {"capital"}
    for key, rule in served_rules().items():
        what, _, name = key.partition(":")
        assert what in ("category", "word"), key
        if what == "category":
            assert name in categories, key
        assert rule.kinds and rule.kinds <= kinds, key
        assert all(c in models.gazetteer for c in rule.prefer), key


def test_role_forms_are_lower_case_titles(models):
    from pipeline.served import role_forms

    for written, role in role_forms().items():
        assert written == written.lower() and role == role.lower() and role != written


def test_headed_by_is_no_post(nlp):
    doc = nlp.process("Губернатор Иван Петров принял делегацию во главе с послом Узбекистана "
                      "Фаррухом Тураевым.")
    assert [(o.person, o.role) for o in doc.officials] == [
        ("Иван Петров", "губернатор"), ("Фаррух Тураев", "посол")]


def test_a_list_of_appointments_with_dashes(nlp):
    doc = nlp.process(
        "Указом президента временно исполняющим обязанности губернатора Тверской области назначен "
        "Игорь Руденя, врио главы Чувашии – Олег Николаев, врио губернатора Пермского края – "
        "Дмитрий Махонин.")
    got = {(o.person, o.role, o.region_id) for o in doc.officials}
    assert got == {("Игорь Руденя", "врио губернатора", "RU-TVE"),
                   ("Олег Николаев", "врио главы", "RU-CU"),
                   ("Дмитрий Махонин", "врио губернатора", "RU-PER")}


def test_a_place_in_brackets_after_the_name_is_the_place_served(nlp):
    doc = nlp.process("Президент принял отставки двух глав регионов – Ивана Белозерцева "
                      "(Пензенская область) и Сергея Морозова (Ульяновская область).")
    assert {(o.person, o.region_id) for o in doc.officials} == {
        ("Иван Белозерцев", "RU-PNZ"), ("Сергей Морозов", "RU-ULY")}


@pytest.mark.parametrize("text, expected", [
    # a country named where a region is served: a region of that country, from the document
    ("Омская область и Казахстан развивают связи. Глава российского региона Виталий Хоценко "
     "открыл выставку в Омской области.", ("Виталий Хоценко", "RU-OMS")),
    # the mayor of a town named with its district: the town, not a locator
    ("Мэр Елабуги Елабужского района Геннадий Емельянов открыл завод.",
     ("Геннадий Емельянов", "gn:468082")),
])
def test_a_bigger_place_only_says_where_to_look(nlp, text, expected):
    assert [(o.person, o.region_id) for o in nlp.process(text).officials] == [expected]
