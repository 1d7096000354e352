"""A synthetic archive of any size, resampled from the real bulletins.

Paragraphs are made of real sentences drawn at random (fixed seed) from the ingested
corpus and seeds, in the same language, so term frequencies and lengths look like the
archive's. Pages are written in the bulletin's own text layout, so ingest parses them
as it parses real pages. Nothing is downloaded.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

SEED = 20261127
# Paragraph sizes of the targets' measurements: 40-120 words.
MIN_WORDS, MAX_WORDS = 40, 120
PARAGRAPHS_PER_PAGE = (6, 14)
PAGES_PER_FOLDER = 1000
_SENTENCE = re.compile(r"(?<=[.!?»\"])\s+(?=[A-ZÀ-Ý«\"“])")


@dataclass(frozen=True)
class Material:
    """Real sentences and titles by language."""

    sentences: dict[str, list[str]]
    titles: dict[str, list[str]]


def read_material(db_path: Path) -> Material:
    db = Database(db_path)
    sentences: dict[str, list[str]] = {"en": [], "fr": []}
    titles: dict[str, list[str]] = {"en": [], "fr": []}
    for text, title, language in db.execute(
        "select p.text, a.title, a.language from paragraphs p join articles a on a.id = p.article_id"
    ):
        sentences[language].extend(s for s in _SENTENCE.split(text) if len(s.split()) >= 4)
        titles[language].append(title)
    db.close()
    return Material(sentences, {k: sorted(set(v)) for k, v in titles.items()})


def _paragraph(rng: random.Random, sentences: list[str]) -> str:
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    out: list[str] = []
    count = 0
    while count < target:
        sentence = rng.choice(sentences)
        out.append(sentence)
        count += len(sentence.split())
    return " ".join(out)


def write_archive(material: Material, paragraphs: int, folder: Path) -> int:
    """Write pages holding `paragraphs` paragraphs in all under `folder`. Returns the
    number of pages."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    written = page = 0
    months_fr = "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split()
    months_en = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()
    while written < paragraphs:
        language = "fr" if rng.random() < 0.5 else "en"
        count = min(rng.randint(*PARAGRAPHS_PER_PAGE), paragraphs - written)
        year, month, day = rng.randint(1999, 2008), rng.randint(1, 12), rng.randint(1, 28)
        month_name = (months_fr if language == "fr" else months_en)[month - 1]
        header = (
            "Mise à jour: 01-Jan-2009 OTAN Hebdo"
            if language == "fr"
            else "Updated: 01-Jan-2009 NATO Update"
        )
        body = "\n\n".join(_paragraph(rng, material.sentences[language]) for _ in range(count))
        text = (
            f"https://bench.invalid/{year}/{page:07d}{language[0]}.htm\nHeader\n{header}\n\n"
            f"{day} {month_name} {year}\n\n{rng.choice(material.titles[language])}\n\n{body}\n"
        )
        sub = folder / f"{page // PAGES_PER_FOLDER:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{page:07d}.txt").write_text(text, encoding="utf-8")
        written += count
        page += 1
    return page


def sample_queries(material: Material, count: int, seed_offset: int = 1) -> list[str]:
    """Questions as users type them: a few words lifted from a real sentence, with or
    without the small words. Another `seed_offset` gives another set."""
    rng = random.Random(SEED + seed_offset)
    queries = []
    for _ in range(count):
        language = rng.choice(["en", "fr"])
        words = rng.choice(material.sentences[language]).split()
        size = min(len(words), rng.randint(3, 9))
        start = rng.randint(0, len(words) - size)
        queries.append(" ".join(w.strip('.,;:!?«»"()') for w in words[start : start + size]))
    return queries
