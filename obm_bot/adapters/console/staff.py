"""`obm-bot staff --as NAME`: the account manager's side of the queue in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from obm_bot.adapters.console.session import ConsoleSession
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Who

CHANNEL = "staff"


class UnknownStaffError(Exception):
    pass


async def run_staff(
    loket: Loket,
    name: str,
    stdin: TextIO,
    stdout: TextIO,
    json_mode: bool = False,
    poll_seconds: float = 1.0,
    file_dir: Path = Path("data"),
) -> int:
    manager = loket.org.staff_member(name)
    if manager is None:
        people = [m.name for m in loket.org.account_manager] + [c.name for c in loket.org.coach]
        names = ", ".join(people)
        raise UnknownStaffError(
            f"{name!r} is not an account manager or coach in the configuration (known: {names})"
        )
    who = Who(channel=CHANNEL, user_id=manager.name, display_name=manager.name)
    session = ConsoleSession(
        loket, who, stdin, stdout, json_mode, poll_seconds, number_presses_button=True
    )
    session.file_dir = file_dir
    return await session.run(
        f"Wachtrij van {loket.org.name} als {manager.name}. /help voor de commando's; "
        "/quit om te stoppen."
    )
