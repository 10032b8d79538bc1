"""A bare python-telegram-bot echo bot: the yardstick for scripts/bench_process.py.

One handler that sends every text back, long polling until SIGINT/SIGTERM. Reads the same
environment as ``obm-bot run``: OBM_TELEGRAM_TOKEN and OBM_TELEGRAM_BASE_URL.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text:
        await context.bot.send_message(message.chat_id, message.text)


def main() -> None:
    builder = ApplicationBuilder().token(os.environ["OBM_TELEGRAM_TOKEN"])
    base_url = os.environ.get("OBM_TELEGRAM_BASE_URL")
    if base_url:
        builder = builder.base_url(base_url)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
