"""Logging for the whole process: a readable format, and no secret in any line.

httpx logs every Bot API call at INFO with the URL, and the URL holds the bot token
(``…/bot123456:SECRET/sendMessage``). Its INFO lines are not needed, so httpx and httpcore
log from WARNING; and every handler masks the configured secrets in whatever else is
logged, so an exception text or a third-party message cannot leak them either.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

LEVEL_VARIABLE = "OBM_LOG_LEVEL"
MASK = "***"
CHATTY = ("httpx", "httpcore")  # request lines with the token in the URL
RAW_DATA = "Received data was"
"""python-telegram-bot quotes a whole unreadable update (names, texts) after these words."""
RAW_DATA_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater")


class WithholdRawUpdates(logging.Filter):
    """Keeps python-telegram-bot's failure lines, without the customer's words in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if RAW_DATA in text:
            record.msg = text.split(RAW_DATA, 1)[0] + RAW_DATA + " withheld (personal data)."
            record.args = None
        return True


class SecretMask(logging.Filter):
    """Replaces each secret in a record's final text; never drops a record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        masked = text
        for secret in self.secrets:
            masked = masked.replace(secret, MASK)
        if masked != text:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self.secrets:
                record.exc_text = record.exc_text.replace(secret, MASK)
        return True


def configure_logging() -> None:
    """INFO, or the level named in ``OBM_LOG_LEVEL`` (DEBUG for a close look: the secrets
    are masked at every level)."""
    name = os.environ.get(LEVEL_VARIABLE, "INFO").upper()
    level = logging.getLevelNamesMapping().get(name, logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in RAW_DATA_LOGGERS:
        logging.getLogger(name).addFilter(WithholdRawUpdates())


def mask_secrets(secrets: Iterable[str]) -> None:
    """Mask these secrets (the bot token, the webhook secret) in every line the root
    logger's handlers write."""
    mask = SecretMask(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(mask)
