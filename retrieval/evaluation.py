"""Ranking quality on a set of questions with known answers: MRR@10, hit@1, hit@5."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from retrieval.fingerprints import comparable
from retrieval.search import Hit, Searcher

# Ranks looked at: a reader rarely goes past the tenth passage.
CUTOFF = 10


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    source: str
    answer: str


@dataclass(frozen=True)
class Evaluation:
    questions: int
    mrr: float
    hit_at_1: float
    hit_at_5: float
    ranks: dict[str, int | None]  # question id -> rank of the first correct hit


def load_questions(path: str | Path) -> list[Question]:
    """Read a questions file (one JSON object a line, with question, source, answer)."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            questions.append(
                Question(
                    str(record.get("id", number)),
                    record["question"],
                    record["source"],
                    record["answer"],
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a question record ({error})") from error
    return questions


def is_correct(hit: Hit, question: Question) -> bool:
    """The hit is from the question's source and holds its answer (case, accents and
    spacing aside)."""
    return hit.source == question.source and comparable(question.answer) in comparable(hit.text)


def first_correct_rank(hits: tuple[Hit, ...], question: Question) -> int | None:
    return next((hit.rank for hit in hits if is_correct(hit, question)), None)


def evaluate(searcher: Searcher, questions: list[Question]) -> Evaluation:
    ranks = {
        q.id: first_correct_rank(searcher.search(q.question, CUTOFF).hits, q) for q in questions
    }
    found = [r for r in ranks.values() if r is not None]
    n = max(len(questions), 1)
    return Evaluation(
        questions=len(questions),
        mrr=sum(1 / r for r in found) / n,
        hit_at_1=sum(1 for r in found if r == 1) / n,
        hit_at_5=sum(1 for r in found if r <= 5) / n,
        ranks=ranks,
    )
