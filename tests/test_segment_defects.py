"""Text defects that break words (segment.normal_text, segment.tokenize): Latin look-alike
letters inside Cyrillic words, invisible format characters, a lost space between words. The
taggers read a mended copy of the same length; offsets and mention texts stay those of the
text as written."""
import pytest

from pipeline.segment import normal_text, tokenize


@pytest.mark.parametrize("text, expected", [
    # a Latin C (U+0043) and a Latin o (U+006F) inside Cyrillic words
    ("Cергей Скрипаль и его дочь Юлия", "Сергей Скрипаль и его дочь Юлия"),
    ("Сегодня Борис Джoнсон дoлжен был выступить", "Сегодня Борис Джонсон должен был выступить"),
    # zero-width spaces and a byte-order mark are read as spaces
    ("Тереза \u200b\u200bМэй подписала письмо", "Тереза   Мэй подписала письмо"),
    ("\ufeffГубернатор Игорь Бабушкин", " Губернатор Игорь Бабушкин"),
    # Latin words, and words mixing scripts with a letter that has no Cyrillic twin, stay
    ("Boris Johnson и Theresa May", "Boris Johnson и Theresa May"),
    ("приложение iPhoneЖ и VL.RU", "приложение iPhoneЖ и VL.RU"),
    # the soft hyphen sits inside words: it stays
    ("Пре\u00adзидент", "Пре\u00adзидент"),
])
def test_normal_text(text, expected):
    assert normal_text(text) == expected
    assert len(normal_text(text)) == len(text)


@pytest.mark.parametrize("text, expected", [
    ("подал в отставкуДэвид Дэвис, занимавший", ["подал", "в", "отставку", "Дэвид", "Дэвис", ",",
                                                "занимавший"]),
    ("заявилаТереза Мэй", ["заявила", "Тереза", "Мэй"]),
    # not a lost space: short pieces, capitals first, Latin
    ("вКонтакте ЖКХ ПолитНавигатор iPhone", ["вКонтакте", "ЖКХ", "ПолитНавигатор", "iPhone"]),
])
def test_glued_words_are_cut(text, expected):
    tokens = tokenize(text)
    assert [w for _, _, w in tokens] == expected
    assert all(text[a:b] == w for a, b, w in tokens)


@pytest.mark.parametrize("text, mention, normal, name", [
    ("Cергей Скрипаль и его дочь Юлия были найдены без сознания в Солсбери.",
     "Cергей Скрипаль", "Cергей Скрипаль", "Сергей Скрипаль"),
    ("Ранее в отставку подал глава МИД Борис Джoнсон, сообщает агентство.",
     "Борис Джoнсон", "Борис Джoнсон", "Борис Джонсон"),
    ("Отравление Cергея Скрипаля расследует полиция Великобритании.",
     "Cергея Скрипаля", "Cергей Скрипаль", "Сергей Скрипаль"),
    ("Премьер-министр Великобритании Тереза \u200b\u200bМэй подписала письмо.",
     "Тереза \u200b\u200bМэй", "Тереза Мэй", "Тереза Мэй"),
    ("Британский министр по задачам Brexit подал в отставкуДэвид Дэвис, занимавший этот пост.",
     "Дэвид Дэвис", "Дэвид Дэвис", "Дэвид Дэвис"),
])
def test_names_through_text_defects(nlp, text, mention, normal, name):
    doc = nlp.process(text)
    assert doc.text == text
    for t in doc.tokens:  # tokens index the text; their words are what the taggers read
        assert normal_text(text)[t.start:t.stop] == t.text
    found = {m.text: (m.normal, p.name) for p in doc.people for m in p.mentions}
    assert found.get(mention) == (normal, name), found
    for m in doc.mentions + doc.ner:
        assert text[m.start:m.stop] == m.text
