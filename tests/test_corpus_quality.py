"""The whole ../shared/corpus, freshly ingested, measured on the dev questions.

Target (issue 2): MRR@10 >= 0.75 and hit@5 >= 0.85. Only the aggregate figures are
asserted: no test pins the answer to any one question.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from retrieval.archive import statistics
from retrieval.evaluation import evaluate, load_questions
from retrieval.search import Searcher

TARGET_MRR_AT_10 = 0.75
TARGET_HIT_AT_5 = 0.85


def test_dev_questions_meet_the_target(shared_corpus, dev_questions_path: Path) -> None:
    questions = load_questions(dev_questions_path)
    result = evaluate(Searcher(shared_corpus.db), questions)
    figures = f"MRR@10 {result.mrr:.3f}, hit@1 {result.hit_at_1:.3f}, hit@5 {result.hit_at_5:.3f}"
    assert result.questions == len(questions) == 40
    assert result.mrr >= TARGET_MRR_AT_10, figures
    assert result.hit_at_5 >= TARGET_HIT_AT_5, figures


def test_eval_command_prints_the_same_figures(shared_corpus, dev_questions_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["eval", "--db", str(shared_corpus.db), str(dev_questions_path)]
    )
    assert result.exit_code == 0, result.output
    figures = dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)
    expected = evaluate(Searcher(shared_corpus.db), load_questions(dev_questions_path))
    assert float(figures["MRR@10"]) == round(expected.mrr, 3)
    assert float(figures["hit@1"]) == round(expected.hit_at_1, 3)
    assert float(figures["hit@5"]) == round(expected.hit_at_5, 3)


def test_whole_corpus_ingest_reports_what_it_stored(shared_corpus) -> None:
    report = shared_corpus.report
    numbers = statistics(shared_corpus.db)
    assert (report.documents, report.articles, report.paragraphs) == (
        numbers["documents"],
        numbers["articles"],
        numbers["paragraphs"],
    )
    assert all(r.reason.strip() for r in report.rejections)
    assert sum(numbers["languages"].values()) == numbers["articles"]
    assert set(numbers["languages"]) == {"en", "fr"}


def test_each_rendering_is_reported_as_a_duplicate_of_its_page(shared_corpus, corpus_dir) -> None:
    renderings = sorted(p.name for p in (corpus_dir / "renderings").iterdir())
    reported = {
        r.origin: r.reason for r in shared_corpus.report.rejections if "duplicate" in r.reason
    }
    assert sorted(reported) == [f"renderings/{name}" for name in renderings]
    for origin, reason in reported.items():
        page = "pages/" + Path(origin).name.replace(".alt1", "")
        assert page in reason, reason
