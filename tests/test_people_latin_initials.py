"""People named in Latin letters (a first name of data/names_latin_first.csv and a surname),
and surnames followed by initials ("Демков К. С.")."""
import pytest


@pytest.mark.parametrize("text, expected", [
    ('"A little surprised" Theresa May to Boris Johnson pic.twitter.com/1zUpFfbHX9 Sam Coates '
     'Times (@SamCoatesTimes) 9 июля 2018 г.',
     {"Theresa May", "Boris Johnson", "Sam Coates"}),
    # the surname alone, where the document gives the full name
    ("В Twitter: Theresa May to Boris Johnson: thanks. Johnson replied later.",
     {"Theresa May", "Boris Johnson", "Johnson"}),
    ("Фотограф John F. Kennedy снял встречу глав государств.", {"John F. Kennedy"}),
    # organisations, brands and places named after people are not people
    ("Аудиторская компания Grant Thornton и банк Chase Manhattan опубликовали отчёт.", set()),
    ("Как пишет Christian Science Monitor, компания John Lewis Partnership закрывает магазины.",
     set()),
    ("Студенты George Washington University провели акцию у Walt Disney Company.", set()),
])
def test_latin_names(nlp, text, expected):
    doc = nlp.process(text)
    found = {m.text for p in doc.people for m in p.mentions}
    assert {f for f in found if f.isascii()} == expected


@pytest.mark.parametrize("text, mention, normal", [
    ("Главный редактор СМИ сетевого издания «NTV.RU»: Демков К. С. Номер телефона редакции СМИ "
     "сетевого издания «NTV.RU»: +7 (495) 725-52-63.", "Демков К. С.", "Демков К. С."),
    ("Главный редактор: Иванов А. Б. Адрес редакции: Москва, улица Королёва, 12.",
     "Иванов А. Б.", "Иванов А. Б."),
    ("Приказ подписал директор департамента Петрова Е. В. вчера вечером.",
     "Петрова Е. В.", "Петрова Е. В."),
])
def test_surname_with_initials(nlp, text, mention, normal):
    doc = nlp.process(text)
    found = {m.text: m.normal for p in doc.people for m in p.mentions}
    assert found.get(mention) == normal, found
