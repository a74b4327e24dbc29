"""The officials stage's learned last step (pipeline/pairs.py) and its weights file."""
import json
import math

import pytest

from pipeline import pairs


def links(nlp, text):
    doc = nlp.process(text)
    return {(o.person, o.role, o.pattern) for o in doc.officials}


@pytest.mark.parametrize("text, expected", [
    # a post named a sentence after its holder, no construction between them
    ("Лионель Месси переехал в Испанию в 2004 году. В мае 2017 года Верховный суд Испании "
     "приговорил футболиста к 21 месяцу лишения свободы.",
     ("Лионель Месси", "футболист", "context")),
    ("Стэнли Хо умер в Гонконге. Миллиардер владел казино в Макао.",
     ("Стэнли Хо", "миллиардер", "context")),
])
def test_post_linked_by_context(nlp, text, expected):
    assert expected in links(nlp, text)


@pytest.mark.parametrize("text", [
    # the other party of a meeting is not the subject's post
    "Андрей Руденко встретился с послом, обсудив двусторонние отношения.",
    # a post sought is not held
    "Претендующий на участие в выборах мэра Москвы Дмитрий Гудков предложил оппозиции план.",
    # a relative's post: the name is the relative's
    "Среди гостей была дочь знаменитого писателя Мария Шукшина.",
    # "другими композиторами": not the person named
    "Визбор подарил публике 250 песен, около 50 созданы другими композиторами на его стихи.",
])
def test_no_context_link(nlp, text):
    assert not {x for x in links(nlp, text) if x[2] == "context"}


def test_weights_file_is_consistent():
    data = json.loads(pairs.MODEL_PATH.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1
    assert "NEREL train" in data["source"]
    assert data["weights"] and all(isinstance(w, float) and math.isfinite(w)
                                   for w in data["weights"].values())
    # every weight names a feature the code makes: "name=value" or a conjunction of them
    assert all("=" in name for name in data["weights"])


def test_model_scores_are_probabilities():
    model = pairs.PairModel.load()
    assert 0 < model.score([]) < 1
    best = max(model.weights, key=model.weights.get)
    assert model.score([best]) > model.score([])
