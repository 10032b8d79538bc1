"""A terminal session on the loket: read lines, show replies, pick up messages for this user.

Messages for the other party stay undelivered in SQLite; the terminal of that party polls for
them. So a customer terminal and a staff terminal on the same database file see each other.
"""

from __future__ import annotations

import asyncio
import html
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Button, Inbound, Outbound, Who

EXIT_WORDS = frozenset({"/quit", "/exit"})


@dataclass
class ConsoleSession:
    loket: Loket
    who: Who
    stdin: TextIO
    stdout: TextIO
    json_mode: bool = False
    poll_seconds: float = 1.0
    number_presses_button: bool = False
    """Staff side: a typed number presses the last shown button (the engine maps numbers
    for customers itself, from the conversation state)."""
    last_buttons: list[Button] = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.who.address

    async def run(self, banner: str) -> int:
        interactive = self.stdin.isatty()
        if interactive and not self.json_mode:
            self.stdout.write(banner + "\n")
        lines: asyncio.Queue[str | None] = asyncio.Queue()
        reader = asyncio.create_task(self._read(lines))
        try:
            await self._poll()
            while True:
                if interactive and not self.json_mode:
                    self.stdout.write("> ")
                    self.stdout.flush()
                line = await self._next_line(lines)
                if line is None or line.strip().lower() in EXIT_WORDS:
                    await self._poll()
                    return 0
                await self._send(line.rstrip("\n"))
                await self._poll()
        finally:
            reader.cancel()

    async def _read(self, lines: asyncio.Queue[str | None]) -> None:
        while True:
            line = await asyncio.to_thread(self.stdin.readline)
            await lines.put(line or None)
            if not line:
                return

    async def _next_line(self, lines: asyncio.Queue[str | None]) -> str | None:
        """The next typed line; meanwhile show what others sent and run the SLA timers."""
        while True:
            try:
                return await asyncio.wait_for(lines.get(), timeout=self.poll_seconds or None)
            except TimeoutError:
                await self.loket.tick()
                await self._poll()

    async def _send(self, text: str) -> None:
        button = None
        if self.number_presses_button and text.strip().isdigit():
            index = int(text.strip()) - 1
            if 0 <= index < len(self.last_buttons):
                button, text = self.last_buttons[index].data, ""
        inbound = Inbound(
            who=self.who, text=text or None, button=button, inbound_id=uuid.uuid4().hex
        )
        replies = await self.loket.handle(inbound)
        await self._show([o for o in replies if o.to == self.address])

    async def _poll(self) -> None:
        pending = await self.loket.store.undelivered(self.address)
        await self._show([
            Outbound(to=self.address, text=row["text"], message_id=row["id"],
                     buttons=[Button(**b) for group in row["buttons"] for b in group])
            for row in pending
        ])  # fmt: skip

    async def _show(self, messages: Sequence[Outbound]) -> None:
        for message in messages:
            # Replies are HTML-escaped for Telegram; a terminal shows the plain text.
            text = html.unescape(message.text)
            if self.json_mode:
                record = {
                    "to": message.to,
                    "text": text,
                    "buttons": [b.label for b in message.buttons],
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                self.stdout.write("bot> " + text.replace("\n", "\n     ") + "\n")
                for number, button in enumerate(message.buttons, start=1):
                    self.stdout.write(f"     {number}) {button.label}\n")
            if message.buttons:
                self.last_buttons = list(message.buttons)
        self.stdout.flush()
        delivered = [m.message_id for m in messages if m.message_id is not None]
        if delivered:
            await self.loket.delivered(delivered)
