import asyncio
import sqlite3

import pytest
from bot_fixtures import archive_folder

from bot.reloading import LiveArchive, NothingToServe, ReloadInProgress, build_archive


def test_first_open_builds_the_archive_and_leaves_no_temporary_file(tmp_path):
    folder = archive_folder(tmp_path)
    database = tmp_path / "data" / "archive.db"
    archive = LiveArchive(folder, database)
    report = archive.open()
    assert (report.documents, report.paragraphs) == (2, 9)
    assert sorted(p.name for p in database.parent.iterdir()) == ["archive.db"]
    assert archive.search("Moscou", 1).hits[0].title.startswith("L’OTAN et la Russie")
    assert archive.open() is None  # the second start finds it built
    archive.close()


def test_a_published_archive_needs_no_wal_files(tmp_path):
    database = tmp_path / "archive.db"
    build_archive(archive_folder(tmp_path), database)
    mode = sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"


def test_an_empty_folder_gives_nothing_to_serve(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NothingToServe) as error:
        LiveArchive(tmp_path / "empty", tmp_path / "archive.db").open()
    assert str(error.value) == (
        f"No archive to serve: {tmp_path / 'empty'} gave no document. "
        "Set ARCHIVE_DIR to a folder of bulletins (.txt, .html, .jsonl)."
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "empty"]


def test_one_reload_at_a_time_and_the_new_archive_serves_after_it(tmp_path):
    folder = archive_folder(tmp_path)
    archive = LiveArchive(folder, tmp_path / "archive.db")
    archive.open()
    (folder / "new.jsonl").write_text('{"title": "Quokkas", "text": "The quokka delegation."}\n')

    async def reload_twice():
        first = archive.start_reload()
        with pytest.raises(ReloadInProgress):
            archive.start_reload()
        assert archive.reloading
        return await first

    outcome = asyncio.run(reload_twice())
    assert outcome.switched and outcome.report.documents == 3
    assert not archive.reloading
    assert archive.search("quokka", 1).hits[0].title == "Quokkas"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.db", "bulletins"]
