"""Russian news -> tables of people, officials, regions and dates.

    from pipeline import Pipeline
    doc = Pipeline().process("Губернатор Астраханской области Игорь Бабушкин ...")
    tables = Pipeline().run(["data/raw/"])      # dict of pandas DataFrames
"""
from .core import STAGES, Pipeline
from .read import InputError, ReadOptions
from .records import (DateMention, Document, GazetteerEntry, Mention, Official, Person,
                      Sentence, Token)
from .runner import Summary, run_files

__all__ = [
    "Pipeline", "STAGES", "ReadOptions", "InputError", "run_files", "Summary",
    "Document", "Sentence", "Token", "Mention", "DateMention", "Person", "Official",
    "GazetteerEntry",
]
__version__ = "0.1.0"
