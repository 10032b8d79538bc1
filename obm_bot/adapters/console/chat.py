"""`obm-bot chat`: a customer conversation in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from obm_bot.adapters.console.session import ConsoleSession
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Who

CHANNEL = "console"


async def run_chat(
    loket: Loket,
    user_id: str,
    name: str | None,
    stdin: TextIO,
    stdout: TextIO,
    json_mode: bool = False,
    poll_seconds: float = 1.0,
    file_dir: Path = Path("data"),
) -> int:
    who = Who(channel=CHANNEL, user_id=user_id, display_name=name)
    session = ConsoleSession(loket, who, stdin, stdout, json_mode, poll_seconds)
    session.file_dir = file_dir
    return await session.run("OBM-loket in de terminal. Typ uw vraag; /quit om te stoppen.")
