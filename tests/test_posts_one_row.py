"""One post, one row across the run: a post named without its place in one document and with
it in another is one row of `posts` and one entry of `people.posts`."""
from pipeline import schema as S
from pipeline.tables import fold_placeless_names, fold_placeless_posts


def post(n_links=1, docs=("a",)):
    return {"dates": set(), "docs": set(docs), "positions": {"губернатор"}, "n_links": n_links,
            "acting": False, "former": False}


def test_a_placeless_post_joins_the_one_placed_post_of_its_role():
    posts = {("P1", "губернатор", ""): post(2, ("b",)), ("P1", "губернатор", "RU-KGN"): post()}
    fold_placeless_posts(posts)
    assert list(posts) == [("P1", "губернатор", "RU-KGN")]
    assert posts[("P1", "губернатор", "RU-KGN")]["n_links"] == 3
    assert posts[("P1", "губернатор", "RU-KGN")]["docs"] == {"a", "b"}


def test_two_placed_posts_keep_the_placeless_one_apart():
    posts = {("P1", "аким", ""): post(), ("P1", "аким", "KZ-39"): post(),
             ("P1", "аким", "KZ-59"): post()}
    fold_placeless_posts(posts)
    assert len(posts) == 3


def test_people_posts_strings():
    assert fold_placeless_names({"губернатор", "губернатор (Курганская область)", "мэр"}) == {
        "губернатор (Курганская область)", "мэр"}


def test_a_run_gives_one_post_row(nlp):
    tables = nlp.run([
        "Губернатор Курганской области Вадим Шумков открыл завод в Кургане.",
        "Губернатор Вадим Шумков встретился с предпринимателями из Саратова и Самары.",
    ])
    posts = tables[S.POSTS]
    rows = posts[posts.person == "Вадим Шумков"]
    assert list(zip(rows.role, rows.region_id, rows.n_docs)) == [("губернатор", "RU-KGN", 2)]
    people = tables[S.PEOPLE]
    assert list(people[people.name == "Вадим Шумков"].posts) == ["губернатор (Курганская область)"]
