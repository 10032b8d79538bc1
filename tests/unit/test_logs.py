"""No secret in any log line: the message, its arguments and an exception's text."""

from __future__ import annotations

import logging

import pytest

from obm_bot.logs import MASK, SecretMask

TOKEN = "123456:SECRET-token"


def test_the_token_is_masked_in_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.handler.addFilter(SecretMask([TOKEN, ""]))
    log = logging.getLogger("tests.logs")
    with caplog.at_level(logging.INFO):
        log.info("POST https://api.telegram.org/bot%s/sendMessage", TOKEN)
        try:
            raise RuntimeError(f"bad url …/bot{TOKEN}/getMe")
        except RuntimeError:
            log.exception("call failed")
        log.info("nothing secret here: %d updates", 3)
    assert TOKEN not in caplog.text and "SECRET" not in caplog.text
    assert f"/bot{MASK}/sendMessage" in caplog.text
    assert "nothing secret here: 3 updates" in caplog.text  # other lines as they were
