"""Officials: person + position + place, in the nominative, by every construction."""
import pytest


def officials_of(nlp, text):
    doc = nlp.process(text)
    return [(o.person, o.position, o.role) for o in doc.officials]


@pytest.mark.parametrize("text, expected", [
    # title before the name
    ("Губернатор Астраханской области Игорь Бабушкин подписал план.",
     [("Игорь Бабушкин", "губернатор Астраханской области", "губернатор")]),
    # inflected title and name, with the country after the region
    ("Он встретился с акимом Атырауской области Республики Казахстан Сериком Шапкеновым.",
     [("Серик Шапкенов", "аким Атырауской области Республики Казахстан", "аким")]),
    # name, comma, title
    ("Андрей Бочаров, глава Волгоградской области, провел рабочую встречу.",
     [("Андрей Бочаров", "глава Волгоградской области", "глава")]),
    # coordination
    ("Район посетили мэр Волжского Игорь Воронин и глава администрации Палласовского района "
     "Вячеслав Толмачев.",
     [("Игорь Воронин", "мэр Волжского", "мэр"),
      ("Вячеслав Толмачев", "глава администрации Палласовского района", "глава администрации")]),
    # compound posts
    ("В свою очередь заместитель председателя правительства Алтайского края Виталий Снесарь "
     "поблагодарил за гостеприимство.",
     [("Виталий Снесарь", "заместитель председателя правительства Алтайского края",
       "заместитель председателя правительства")]),
    ("Об этом сказал заместитель акима ВКО Ербол Нургалиев.",
     [("Ербол Нургалиев", "заместитель акима ВКО", "заместитель акима")]),
    # predicates
    ("В 2012 году Иван Петров стал губернатором Томской области.",
     [("Иван Петров", "губернатор Томской области", "губернатор")]),
    ("Указом президента Сергей Иванов назначен полпредом.",
     [("Сергей Иванов", "полпред", "полпред")]),
    # a genitive title belongs to the post before it
    ("Пресс-секретарь президента России Дмитрий Песков заявил об этом.",
     [("Дмитрий Песков", "пресс-секретарь президента России", "пресс-секретарь президента")]),
    # acting: after "врио" / "и.о." the title stays genitive, the name is nominative
    ("Врио губернатора Астраханской области Игорь Бабушкин прибыл в Атырау.",
     [("Игорь Бабушкин", "врио губернатора Астраханской области", "врио губернатора")]),
    # a deputy's title in one word
    ("Замакима Атырауской области Серик Шапкенов провёл встречу.",
     [("Серик Шапкенов", "замакима Атырауской области", "заместитель акима")]),
    ("Бывший замгенпрокурора Джеймс Коми выступил в сенате.",
     [("Джеймс Коми", "бывший замгенпрокурора", "замгенпрокурора")]),
])
def test_links(nlp, text, expected):
    assert officials_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the tagger reads "Экс-председатель" as a genitive adjective: the title's own forms count
    ("Экс-председатель Верховного народного собрания КНДР Хван Чжан Еп рассказал об этом.",
     {("Хван Чжан Еп", "экс-председатель")}),
    # a foreign name the tagger puts in the wrong case
    ("Лидер «Национального фронта» Марин Ле Пен заявила, что партия пойдет на выборы.",
     {("лидер",)}),
    # "исполняющий обязанности" after the name: the title stays genitive
    ("Марк Тоунер, исполняющий обязанности официального представителя Госдепартамента США, "
     "выступил с заявлением.", {("Марк Тоунер", "и.о. официального представителя")}),
    # a phrase describing the person between the name and the title
    ("Это удивило Александра Брода, известного борца с ксенофобией, члена Общественной палаты.",
     {("Александр Брод", "член")}),
    # coordinated genitive nouns and "при" + a lower-case body belong to the post
    ("Министр связи и коммуникаций РФ Игорь Щёголев рассказал об этом.",
     {("Игорь Щёголев", "министр связи и коммуникаций")}),
    ("Об этом сообщил официальный представитель Следственного комитета при прокуратуре "
     "Владимир Маркин.", {("Владимир Маркин", "официальный представитель")}),
    # titles side by side in one case describe one person
    ("Глава представительства США в регионе помощник заместителя госсекретаря Мэтью Брайза "
     "призвал согласиться с выводами.",
     {("Мэтью Брайза", "глава"), ("Мэтью Брайза", "помощник заместителя госсекретаря")}),
    ("Среди задержанных оказался депутат муниципального собрания района Отрадное, "
     "сопредседатель московского отделения движения «Солидарность» Михаил Вельмакин.",
     {("Михаил Вельмакин", "депутат"), ("Михаил Вельмакин", "сопредседатель")}),
    # the subject of "стать", not the genitive name nearer the title
    ("В случае избрания Гачечиладзе премьер-министром страны станет глава партии «Путь Грузии» "
     "Саломе Зурабишвили.",
     {("Саломе Зурабишвили", "премьер-министр"), ("Саломе Зурабишвили", "глава")}),
    # an active appointing verb: its subject is the appointer, not the holder
    ("Б. Обама выдвинул на пост главы ФБР республиканца Джеймса Коми.",
     {("Джеймс Коми", "глава")}),
    # a list of names broken by a parenthesis
    ("Выступили музыканты Юрий Царёв (проект «Метро»), Алексей Борисов и Павел Шевелёв.",
     {("Юрий Царёв", "музыкант"), ("Алексей Борисов", "музыкант"),
      ("Павел Шевелёв", "музыкант")}),
    # a kinship noun agreeing with the title: the title is the relative's
    ("У артиста и его супруги певицы Бейонсе родилась двойня.", {("Бейонсе", "певица")}),
    # ... and one the name agrees with: the title is someone else's
    ("На встрече была дочь президента Иванка Трамп.", set()),
    # a relational title before a genitive name: the holder is the next name
    ("Адвокат Александра Кокорина Андрей Ромашов прокомментировал приговор.",
     {("Андрей Ромашов", "адвокат")}),
    # a second post after a predicate, joined by ", а также"
    ("Вячеслав Тимченко занимает должность руководителя координационного совета «Единой "
     "России», а также заместителя председателя комитета Совета Федерации.",
     {("Вячеслав Тимченко", "руководитель"),
      ("Вячеслав Тимченко", "заместитель председателя комитета")}),
    # the field of a post is part of its role; the place after it is served
    ("Министр по делам разведки Израиля Дан Меридор сказал.",
     {("Дан Меридор", "министр по делам разведки")}),
    ("Первый замминистра энергетики Белоруссии Эдуард Товпинец заявил.",
     {("Эдуард Товпинец", "первый замминистра энергетики")}),
    # "первый" is an ordinal before a head of state, a rank before a deputy
    ("Первый президент России Борис Ельцин родился в Свердловской области.",
     {("Борис Ельцин", "президент")}),
    ("Лидер Меджлиса, народный депутат Украины Мустафа Джемилев сказал.",
     {("Мустафа Джемилев", "лидер"), ("Мустафа Джемилев", "народный депутат")}),
    # an instrumental title and its verb far apart
    ("Новым руководителем Рособрнадзора вместо отправленного в отставку Сергея Кравцова "
     "стал Иван Муравьев.", {("Иван Муравьев", "руководитель")}),
    ("Несмотря на свой возраст, Иван Муравьев не станет самым молодым российским чиновником.",
     {("Иван Муравьев", "чиновник")}),
    # one person's posts in turn
    ("В девяностые годы Сидибе был министром здравоохранения, а затем министром иностранных "
     "дел.", {("Сидибе", "министр здравоохранения"), ("Сидибе", "министр иностранных дел")}),
    # an age or a date between the title and the name
    ("Он сменит на посту директора ФБР 68-летнего Роберта Мюллера.",
     {("Роберт Мюллер", "директор")}),
    ("Временный премьер Мали с 1991 по 1992 годы Сумана Сакко тоже баллотируется.",
     {("Сумана Сакко", "премьер")}),
    # a name inside a prepositional dependent ends the post
    ("Он опережает сенатора от штата Вермонт Берни Сандерса по числу делегатов.",
     {("Берни Сандерс", "сенатор")}),
    # titles joined by "и" before a name are his, not the previous name's
    ("Среди гостей актёр Олег Тактаров, продюсер и актер Игорь Жижикин.",
     {("Олег Тактаров", "актёр"), ("Игорь Жижикин", "продюсер"), ("Игорь Жижикин", "актер")}),
    # plural titles, then "среди которых" and a list with home towns
    ("Прилетели известные писатели и критики, среди которых — Павел Басинский из Москвы и "
     "Василий Авченко из Владивостока.",
     {("Павел Басинский", "писатель"), ("Василий Авченко", "писатель"),
      ("Павел Басинский", "критик"), ("Василий Авченко", "критик")}),
    # a name restated in brackets: the holder is the name before
    ("Другой фаворит — Шейк Модибо Диарра (Cheick Modibo Diarra), который был председателем "
     "переходного правительства Мали.", {("Шейк Модибо Диарра", "председатель")}),
    # a post sought is not held
    ("Виталий Кличко хочет стать мэром Киева.", set()),
    ("Берлускони намерен снова баллотироваться на пост премьер-министра Италии.", set()),
    # the object of a dismissal held the post
    ("Дмитрий Медведев освободил Михаила Суходольского от должности начальника Главного "
     "управления МВД.", {("Михаил Суходольский", "начальник")}),
    # "член" is a post only with its body named
    ("Члены семьи погибшего получат компенсацию.", set()),
])
def test_harder_links(nlp, text, expected):
    doc = nlp.process(text)
    got = {(o.person, o.role) for o in doc.officials}
    if all(len(e) == 1 for e in expected):  # only the role is checked (a name to normalise)
        got = {(o.role,) for o in doc.officials}
    assert got == expected


def test_acting_and_former(nlp):
    doc = nlp.process("Исполняющий обязанности губернатора Алексей Смирнов и бывший мэр Москвы "
                      "Юрий Лужков встретились.")
    got = {(o.person, o.role, o.acting, o.former) for o in doc.officials}
    assert got == {("Алексей Смирнов", "и.о. губернатора", True, False),
                   ("Юрий Лужков", "мэр", False, True)}


def test_post_without_name_takes_the_named_holder(nlp):
    doc = nlp.process("Губернатор Астраханской области Игорь Бабушкин провел встречу. "
                      "Губернатор также напомнил о планах.")
    # one row for the post, the mention named without the name kept as its evidence
    assert [(o.person, o.pattern, o.n_mentions) for o in doc.officials] == [
        ("Игорь Бабушкин", "title_before_name", 2)]
    assert [e.pattern for e in doc.officials[0].evidence] == ["coreference"]


@pytest.mark.parametrize("text, region_id, country", [
    ("Губернатор Астраханской области Игорь Бабушкин подписал план.", "RU-AST", "RU"),
    ("Он встретился с акимом Атырауской области Республики Казахстан Сериком Шапкеновым.",
     "KZ-23", "KZ"),
    ("После встречи с акимом ВКО Нурымбетом Сактагановым делегация уехала.", "KZ-63", "KZ"),
    ("Мэр Волжского Игорь Воронин сообщил об итогах поездки.", None, "RU"),
])
def test_region_and_country(nlp, text, region_id, country):
    (official,) = nlp.process(text).officials
    if region_id is not None:
        assert official.region_id == region_id
    assert official.country == country


def test_ambassador_of_the_neighbouring_state(nlp):
    doc = nlp.process("Игорь Бабушкин назвал Казахстан одним из основных партнёров Астраханской "
                      "области. Губернатор встретился с послом соседнего государства Ермеком "
                      "Кошербаевым.")
    (official,) = [o for o in doc.officials if o.person == "Ермек Кошербаев"]
    assert (official.role, official.country) == ("посол", "KZ")


def test_plural_title_links_each_listed_name(nlp):
    doc = nlp.process("На встрече были писатели Людмила Улицкая и Дмитрий Быков.")
    assert {(o.person, o.role, o.pattern) for o in doc.officials} == {
        ("Людмила Улицкая", "писатель", "title_before_names"),
        ("Дмитрий Быков", "писатель", "title_before_names")}


def test_title_of_a_relative_is_not_the_named_persons(nlp):
    doc = nlp.process("На приёме была дочь президента Иванка Трамп.")
    assert doc.officials == []


def test_listed_titles_describe_one_person(nlp):
    doc = nlp.process("Умер профессор, академик, президент института Пушкина Виталий Костомаров.")
    assert {o.role for o in doc.officials if o.person == "Виталий Костомаров"} == {
        "профессор", "академик", "президент"}


@pytest.mark.parametrize("text, organisation", [
    ("Директор компании «Лукойл» Иван Петров заявил о планах.", "Лукойл"),
    ("Глава исполкома «Единой России» Андрей Воробьев заявил о планах.", "Единая Россия"),
    # the dependents run to the end of an organisation's name
    ("Об этом сказал лидер Движения против нелегальной иммиграции Александр Белов.",
     "Движение против нелегальной иммиграции"),
    # the body with the place and the words of its name
    ("Председатель Исламского комитета России Гейдар Джемаль заявил об этом.",
     "Исламский комитет России"),
    ("Об этом сообщил официальный представитель Следственного комитета при прокуратуре "
     "Владимир Маркин.", "Следственный комитет при прокуратуре"),
    # whom a deputy stands for is not the body served
    ("Депутат парламента от партии «Новые правые» Леван Гачечиладзе выступил.", "парламент"),
    # a place is no organisation
    ("Губернатор Астраханской области Игорь Бабушкин подписал план.", ""),
])
def test_organisation_served(nlp, text, organisation):
    (official,) = nlp.process(text).officials
    assert official.organisation == organisation


def test_country_of_a_post_named_by_strana(nlp):
    doc = nlp.process("Грузия готовится к выборам. Премьер-министром страны станет глава партии "
                      "«Путь Грузии» Саломе Зурабишвили.")
    assert {(o.role, o.region_id, o.organisation) for o in doc.officials} >= {
        ("премьер-министр", "GE", "")}


def test_post_without_its_place_takes_the_documents_place_for_it(nlp):
    doc = nlp.process("Президент России Владимир Путин приехал в Казань. Позже президент Путин "
                      "встретился с журналистами.")
    (o,) = doc.officials
    assert [(x.role, x.region_id) for x in [o, *o.evidence]] == [
        ("президент", "RU"), ("президент", "RU")]


def test_a_title_many_hold_needs_the_same_body_for_coreference(nlp):
    doc = nlp.process("Представитель партии Морган Цвангираи назвал выборы мошенничеством. "
                      "Высокопоставленный представитель ZANU-PF заявил об уверенной победе.")
    assert [(o.person, o.pattern) for o in doc.officials] == [
        ("Морган Цвангираи", "title_before_name")]
    assert [o.position for o in doc.open_posts] == ["представитель ZANU-PF"]


def test_coreference_takes_the_holders_mention_before_the_post(nlp):
    text = ("Губернатор Астраханской области Игорь Бабушкин провел встречу. Губернатор напомнил "
            "о планах. Бабушкин уехал.")
    doc = nlp.process(text)
    (co,) = [o for o in doc.officials[0].evidence if o.pattern == "coreference"]
    assert text[co.person_start:co.person_stop] == "Игорь Бабушкин"


def test_an_organisation_run_across_sentences_does_not_carry_a_post(nlp):
    # natasha's tagger reads "ЦАХАЛа Рон-Ицхак Кукия. ШАБАК (...)" as one organisation
    doc = nlp.process("В ноябре был убит 19-летний сержант срочной службы ЦАХАЛа Рон-Ицхак "
                      "Кукия. ШАБАК (Израильская служба общей безопасности) вскоре нашла убийц.")
    assert doc.status == "ok"
    assert [m.text for m in doc.positions] == ["сержант срочной службы ЦАХАЛа"]


@pytest.mark.parametrize("text, place, former", [
    # a place's adjective before the title names the place served
    ("Британский премьер Борис Джонсон заявил об этом.", "GB", False),
    ("Бывший британский премьер Тереза Мэй выступила в парламенте.", "GB", True),
    ("Астраханский губернатор Игорь Бабушкин подписал план.", "RU-AST", False),
])
def test_place_adjective_before_title(nlp, text, place, former):
    (o,) = nlp.process(text).officials
    assert (o.region_id, o.former) == (place, former)
