"""End to end over data/raw/: the samples' people, officials, places and dates come out right."""
import pytest

from pipeline import schema as S
from tests.conftest import RAW

PEOPLE = {"Игорь Воронин", "Вячеслав Толмачев", "Андрей Бочаров", "Асхат Сыздыков",
          "Игорь Бабушкин", "Серик Шапкенов", "Ермек Кошербаев", "Нурымбет Сактаганов",
          "Ербол Нургалиев", "Виталий Снесарь"}

# (person, role, canonical name of the place served)
OFFICIALS = {
    ("Игорь Воронин", "мэр", "Волжский"),
    ("Вячеслав Толмачев", "глава администрации", "Палласовский район"),
    ("Андрей Бочаров", "глава", "Волгоградская область"),
    ("Асхат Сыздыков", "консул", "Казахстан"),
    ("Игорь Бабушкин", "губернатор", "Астраханская область"),
    ("Серик Шапкенов", "аким", "Атырауская область"),
    ("Ермек Кошербаев", "посол", "Казахстан"),
    ("Нурымбет Сактаганов", "аким", "Восточно-Казахстанская область"),
    ("Ербол Нургалиев", "заместитель акима", "Восточно-Казахстанская область"),
    ("Виталий Снесарь", "заместитель председателя правительства", "Алтайский край"),
}

PLACES = {"Волгоградская область", "Саратовская область", "Астраханская область",
          "Алтайский край", "Западно-Казахстанская область", "Атырауская область",
          "Восточно-Казахстанская область", "Казахстан", "Россия", "Волжский",
          "Усть-Каменогорск", "Астрахань", "Волгоград"}


@pytest.fixture(scope="module")
def tables(nlp):
    return nlp.run([RAW])


def test_all_documents_ok(tables):
    docs = tables[S.DOCUMENTS]
    assert len(docs) == 5 and set(docs.status) == {"ok"}


def test_people_each_once(tables):
    people = tables[S.PEOPLE]
    assert set(people.name) == PEOPLE  # no namesakes, demonyms or boilerplate-only names
    assert people.name.is_unique
    assert people.set_index("name").loc["Игорь Бабушкин", "n_docs"] == 2


def test_officials_with_role_and_place(tables, models):
    officials = tables[S.OFFICIALS]
    def name(region_id):
        entry = models.gazetteer.get(region_id) if region_id else None
        return entry.name if entry else ""

    got = {(o.person, o.role, name(o.region_id)) for o in officials.itertuples()}
    assert OFFICIALS <= got


def test_places_linked(tables):
    assert PLACES <= set(tables[S.REGIONS].name)


@pytest.mark.parametrize("doc_id, text, value, end_value, role", [
    ("001_5f9bf97b76e61b5f", "11.05.2014", "2014-05-11", "", "published"),
    ("001_5f9bf97b76e61b5f", "9 мая", "2014-05-09", "", "mentioned"),
    ("003_ac6e4927fc8ab90f", "Дек. 22, 2020", "2020-12-22", "", "published"),
    ("004_e14b758417d2576f", "21.04.2025", "2025-04-21", "", "published"),
    ("002_2cf5135a9f6ab4d7", "2025-2027 годы", "2025", "2027", "mentioned"),
    ("000_9e177089ba3a9f17", "2018 году", "2018", "", "mentioned"),
])
def test_dates(tables, doc_id, text, value, end_value, role):
    dates = tables[S.DATES]
    rows = dates[(dates.doc_id == doc_id) & dates.text.str.contains(text, regex=False)]
    assert len(rows) >= 1
    row = rows.iloc[0]
    assert (row.value, row.end_value, row.role) == (value, end_value, role)


def test_published_dates(tables):
    published = dict(zip(tables[S.DOCUMENTS].doc_id, tables[S.DOCUMENTS].published))
    assert published == {"000_9e177089ba3a9f17": "", "001_5f9bf97b76e61b5f": "2014-05-11",
                         "002_2cf5135a9f6ab4d7": "", "003_ac6e4927fc8ab90f": "2020-12-22",
                         "004_e14b758417d2576f": "2025-04-21"}


def test_related_news_dates_are_boilerplate(tables):
    dates = tables[S.DATES]
    related = dates[(dates.doc_id == "004_e14b758417d2576f") & (dates.value == "2025-06-09")]
    assert set(related.role) == {"boilerplate"}


def test_mention_ids_shared_by_dates_and_mentions(tables):
    mentions = tables[S.MENTIONS]
    dates = tables[S.DATES]
    merged = dates.merge(mentions, on=["doc_id", "mention_id"], suffixes=("", "_m"))
    assert len(merged) == len(dates)
    assert (merged.type == "DATE").all() and (merged.start == merged.start_m).all()


def test_posts_timeline(tables):
    posts = tables[S.POSTS].set_index(["person", "role"])
    row = posts.loc[("Асхат Сыздыков", "консул")]
    assert (row.region_id, row.first_seen, row.last_seen, row.n_docs) == ("KZ", "2014-05-11",
                                                                         "2014-05-11", 1)
    assert posts.loc[("Нурымбет Сактаганов", "аким")].first_seen == "2025-04-21"


def test_post_named_without_holder_is_resolved_across_documents(tables):
    officials = tables[S.OFFICIALS]
    resolved = officials[(officials.doc_id == "003_ac6e4927fc8ab90f")
                         & (officials.pattern == "corpus")]
    assert set(zip(resolved.person, resolved.role)) == {("Игорь Бабушкин", "губернатор")}
