"""Fixtures shared by the retrieval tests.

Two kinds of archive are built, each once per session with real parsing and real SQLite:
- `fixture_archive`: the small files under tests/fixtures/archive plus the embedded seed,
  so the command line and search are tested on a fresh clone too;
- `shared_corpus`: the real bulletin corpus in ../shared, which CI always has. Tests that
  need ../shared skip with a clear reason where it is absent.
`make_archive` builds a tiny archive from JSONL records in a test's own tmp_path.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from retrieval.ingest import IngestReport, ingest
from retrieval.loading import load_file
from retrieval.records import ParsedFile

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test that needs it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"needs {path}: the shared bulletin corpus is not beside this checkout "
            "(as on a fresh clone elsewhere); CI always has it"
        )
    return path


@dataclass(frozen=True)
class IngestedArchive:
    """An archive file built by one ingest run, and that run's report."""

    db: Path
    report: IngestReport


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus: pages, renderings and the ISAF JSONL."""
    return shared_path("corpus")


@pytest.fixture(scope="session")
def dev_questions_path() -> Path:
    return shared_path("eval", "dev-questions.jsonl")


@pytest.fixture(scope="session")
def corpus_manifest() -> dict[str, dict[str, str]]:
    """The corpus manifest: each page's file name -> its address, language and kind."""
    path = shared_path("eval", "corpus-manifest.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="session")
def shared_corpus(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> IngestedArchive:
    """The whole ../shared/corpus ingested once into a fresh archive (about 2 s).

    Tests only read it: nothing may write to this archive."""
    db = tmp_path_factory.mktemp("shared-corpus") / "archive.db"
    return IngestedArchive(db, ingest([corpus_dir], db))


@pytest.fixture(scope="session")
def parsed_corpus(corpus_dir: Path) -> dict[str, ParsedFile]:
    """Every file of ../shared/corpus parsed, keyed by its path under the corpus folder
    ("pages/x.txt", "renderings/x.alt1.txt", "isaf-press-releases.jsonl")."""
    return {
        path.relative_to(corpus_dir).as_posix(): load_file(
            path, path.relative_to(corpus_dir).as_posix()
        )
        for path in sorted(corpus_dir.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def fixture_archive(tmp_path_factory: pytest.TempPathFactory) -> IngestedArchive:
    """tests/fixtures/archive and the embedded seed, ingested once."""
    db = tmp_path_factory.mktemp("fixture-archive") / "archive.db"
    return IngestedArchive(db, ingest([FIXTURES / "archive", SEEDS], db))


def _write_jsonl(path: Path, records: Iterable[dict[str, object]]) -> Path:
    """Write records one a line, as UTF-8 JSONL, and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


MakeArchive = Callable[..., IngestedArchive]


@pytest.fixture
def make_archive(tmp_path: Path) -> MakeArchive:
    """Build an archive in tmp_path from JSONL records: make_archive(records) -> archive.

    Calling it again with the same `name` rewrites that file and re-ingests it into the
    same archive, as a user re-running `ingest` on an edited file would."""

    def build(records: list[dict[str, object]], name: str = "records.jsonl") -> IngestedArchive:
        folder = tmp_path / "input"
        _write_jsonl(folder / name, records)
        db = tmp_path / "archive.db"
        return IngestedArchive(db, ingest([folder], db))

    return build
