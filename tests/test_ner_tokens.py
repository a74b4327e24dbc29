"""The NER stage reuses the segment stage's tokens: the same tokens, and spans, as tokenizing
each line anew."""
from pipeline import ner
from pipeline.records import Document
from pipeline.segment import LINE, normal_text, split, tokenize

LINES = (
    "МОСКВА, 12 марта — РИА Новости.",
    # several sentences on one line
    ("Губернатор Астраханской области Игорь Бабушкин провёл совещание. В нём участвовал мэр "
     "Астрахани Олег Полумордвинов. Обсуждали ремонт дорог в Ахтубинском районе."),
    # a Latin "C" in a Cyrillic name
    "Министр иностранных дел \u0043ергей Лавров встретился в Женеве с госсекретарём США.",
    # a lost space: two words glued
    "Министр по делам Brexit подал в отставкуДэвид Дэвис покинул правительство Терезы Мэй.",
    "",
    # razdel reads "2017." as one token in the line, "2017" "." in its first sentence
    "Выборы прошли в 2017. 5 человек были задержаны в Москве, сообщил Владимир Колокольцев.",
)
TEXT = "\n".join(LINES)


def _doc():
    doc = Document("t", TEXT)
    split(doc)
    return doc


def _lines():
    return [(m.start(), m.group()) for m in LINE.finditer(normal_text(TEXT)) if m.group().strip()]


def test_reused_tokens_are_the_lines_tokens():
    assert list(ner._line_tokens(_doc())) == [(base, tokenize(line)) for base, line in _lines()]


def test_sentence_tokens_differ_where_the_check_says():
    doc = _doc()
    line = _lines()[-1][1]
    first = doc.sentences[-2]
    assert (first.text, doc.sentences[-1].text[:1]) == ("Выборы прошли в 2017.", "5")
    assert "2017." in [t[2] for t in tokenize(line)]
    assert "2017." not in [t.text for t in doc.tokens]
    assert ner._may_join(normal_text(TEXT), first.stop, doc.sentences[-1].start)
    assert not ner._may_join(normal_text(TEXT), doc.sentences[1].stop, doc.sentences[2].start)


def test_spans_from_reused_tokens(models):
    lines = _lines()
    expected = models.fast_ner.spans([line for _, line in lines], tokenizer=tokenize)
    reused = models.fast_ner.spans(None, tokens=[tokens for _, tokens in ner._line_tokens(_doc())])
    assert reused == expected
    doc = _doc()
    ner.run_batch([doc], models)
    assert [(m.start, m.stop, m.type) for m in doc.ner] == [
        (base + a, base + b, kind) for (base, _), spans in zip(lines, expected)
        for a, b, kind in spans]
    names = {m.text for m in doc.ner if m.type == "PER"}
    assert {"Игорь Бабушкин", "Олег Полумордвинов", "\u0043ергей Лавров", "Дэвид Дэвис",
            "Владимир Колокольцев"} <= names
