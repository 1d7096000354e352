import logging

from bot.logs import SecretRedactor

TOKEN = "123456:SECRET"


def test_the_token_is_redacted_from_messages_and_tracebacks(caplog):
    logger = logging.getLogger("test_bot_logs")
    caplog.handler.addFilter(SecretRedactor([TOKEN]))
    with caplog.at_level(logging.DEBUG):
        logger.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{TOKEN}")
        try:
            raise ValueError(f"failed to reach /bot{TOKEN}/getMe")
        except ValueError:
            logger.exception("Request failed")
    assert TOKEN not in caplog.text
    assert "https://api.telegram.org/bot[token]" in caplog.text
    assert "ValueError: failed to reach /bot[token]/getMe" in caplog.text
