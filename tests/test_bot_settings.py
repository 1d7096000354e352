from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.settings import Settings, SettingsError, file_base_url, load_settings, settings_from

TOKEN = "123456:ABC-def_ghi"


def test_defaults_need_only_nothing():
    assert settings_from({}) == Settings(
        token=None,
        admin_ids=frozenset(),
        archive_dir=Path("seeds/"),
        archive_db=Path("data/archive.db"),
        api_base_url=None,
        log_level="INFO",
    )


def test_every_setting_is_read():
    settings = settings_from(
        {
            "TELEGRAM_BOT_TOKEN": f" {TOKEN} ",
            "ADMIN_IDS": "12345, 678,",
            "ARCHIVE_DIR": "bulletins",
            "ARCHIVE_DB": "/var/lib/bot/archive.db",
            "TELEGRAM_API_BASE_URL": "http://localhost:8081/",
            "LOG_LEVEL": "debug",
        }
    )
    assert settings == Settings(
        token=TOKEN,
        admin_ids=frozenset({12345, 678}),
        archive_dir=Path("bulletins"),
        archive_db=Path("/var/lib/bot/archive.db"),
        api_base_url="http://localhost:8081/bot",
        log_level="DEBUG",
    )
    assert file_base_url(settings.api_base_url) == "http://localhost:8081/file/bot"


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"ADMIN_IDS": "12345,alice"},
            "ADMIN_IDS: 'alice' is not a numeric Telegram user id "
            "(expected comma-separated numbers, like ADMIN_IDS=12345,67890).",
        ),
        (
            {"ADMIN_IDS": "-5"},
            "ADMIN_IDS: '-5' is not a numeric Telegram user id "
            "(expected comma-separated numbers, like ADMIN_IDS=12345,67890).",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": "not a token"},
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
            "letters): copy it again from @BotFather.",
        ),
        (
            {"TELEGRAM_API_BASE_URL": "localhost:8081"},
            "TELEGRAM_API_BASE_URL: 'localhost:8081' is not an http(s) address "
            "(like http://localhost:8081/bot).",
        ),
        (
            {"LOG_LEVEL": "LOUD"},
            "LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL.",
        ),
    ],
)
def test_a_bad_setting_fails_with_one_clear_line(environment, message):
    with pytest.raises(SettingsError) as error:
        settings_from(environment)
    assert str(error.value) == message


def test_the_token_is_never_shown():
    settings = settings_from({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    with pytest.raises(SettingsError) as error:
        settings_from({"TELEGRAM_BOT_TOKEN": "123456:ABC def"})
    assert "ABC" not in str(error.value)


def test_dot_env_fills_what_the_environment_lacks(tmp_path, monkeypatch):
    monkeypatch.delenv("ARCHIVE_DB", raising=False)
    monkeypatch.setenv("ARCHIVE_DIR", "from-environment")
    (tmp_path / ".env").write_text(
        "# settings\nARCHIVE_DIR=from-file\nARCHIVE_DB=file.db\nADMIN_IDS=1,2\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADMIN_IDS", raising=False)
    settings = load_settings()
    assert settings.archive_dir == Path("from-environment")
    assert settings.archive_db == Path("file.db")
    assert settings.admin_ids == frozenset({1, 2})


def test_the_example_env_file_lists_every_setting():
    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text()
    keys = {line.split("=")[0].lstrip("# ") for line in example.splitlines() if "=" in line}
    assert keys == {
        "TELEGRAM_BOT_TOKEN",
        "ADMIN_IDS",
        "ARCHIVE_DIR",
        "ARCHIVE_DB",
        "TELEGRAM_API_BASE_URL",
        "LOG_LEVEL",
    }
    values = [line.split("=", 1) for line in example.splitlines() if line[:1].isalpha()]
    assert settings_from(dict(values)).archive_db == Path("data/archive.db")


def test_run_refuses_malformed_admin_ids_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["run"], env={"ADMIN_IDS": "12,x", "TELEGRAM_BOT_TOKEN": TOKEN}
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: ADMIN_IDS: 'x' is not a numeric Telegram user id "
        "(expected comma-separated numbers, like ADMIN_IDS=12345,67890).\n"
    )
    assert TOKEN not in result.output
