"""A terminal session on the loket: read lines, show replies, pick up messages for this user.

Messages for the other party stay undelivered in SQLite; the terminal of that party polls for
them. So a customer terminal and a staff terminal on the same database file see each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
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
    interactive: bool = False
    pending_line: asyncio.Future[str] | None = None
    file_dir: Path = Path("data")
    """Where pictures (a learner's trajectory) are written; the terminal shows the path."""

    @property
    def address(self) -> str:
        return self.who.address

    async def run(self, banner: str) -> int:
        self.interactive = self.stdin.isatty() and not self.json_mode
        if self.interactive:
            self.stdout.write(banner + "\n")
        await self._poll()
        while True:
            self._prompt()
            line = await self._next_line()
            if line is None or line.strip().lower() in EXIT_WORDS:
                await self._poll()
                return 0
            await self._send(line.rstrip("\n"))
            await self._poll()

    def _prompt(self) -> None:
        if self.interactive:
            self.stdout.write("> ")
            self.stdout.flush()

    async def _next_line(self) -> str | None:
        """The next typed line; meanwhile show what others sent and run the SLA timers.

        One line is read only when asked for, in a daemon thread: after /quit nothing is left
        blocked on the terminal, so the process exits at once.
        """
        if self.pending_line is None:
            self.pending_line = read_line(self.stdin)
        while True:
            done, _ = await asyncio.wait({self.pending_line}, timeout=self.poll_seconds or None)
            if done:
                line, self.pending_line = self.pending_line.result(), None
                return line or None
            await self.loket.tick()
            if await self._poll() and self.interactive:
                self._prompt()  # the prompt was pushed up by the new messages

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

    async def _poll(self) -> int:
        """Show the stored messages for this terminal's user; how many there were."""
        pending = await self.loket.store.undelivered(self.address)
        await self._show([
            Outbound(to=self.address, text=row["text"], message_id=row["id"],
                     buttons=[Button(**b) for group in row["buttons"] for b in group])
            for row in pending
        ])  # fmt: skip
        return len(pending)

    async def _show(self, messages: Sequence[Outbound]) -> None:
        for message in messages:
            # Replies are HTML-escaped for Telegram; a terminal shows the plain text.
            text = html.unescape(message.text)
            if message.image is not None:
                text += f"\n[afbeelding: {self._save(message.image, 'traject.png')}]"
            if message.document is not None:
                name = message.document_name or "bestand"
                text += f"\n[bestand: {self._save(message.document, name)}]"
            if self.json_mode:
                record = {
                    "to": message.to,
                    "text": text,
                    "buttons": [b.label for b in message.buttons],
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                # "\r": a message polled in while "> " waits takes the prompt's place.
                lead = "\r" if self.interactive else ""
                self.stdout.write(lead + "bot> " + text.replace("\n", "\n     ") + "\n")
                for number, button in enumerate(message.buttons, start=1):
                    self.stdout.write(f"     {number}) {button.label}\n")
            if message.buttons:
                self.last_buttons = list(message.buttons)
        self.stdout.flush()
        # A reply has its outbox row (marking it sent marks its transcript row too); what was
        # polled from the transcript has only that.
        shown = [m.outbox_id for m in messages if m.outbox_id is not None]
        polled = [m.message_id for m in messages if m.outbox_id is None and m.message_id]
        if shown:
            await self.loket.sent(shown)
        if polled:
            await self.loket.delivered(polled)

    def _save(self, content: bytes, name: str) -> Path:
        """Pictures and files land next to the database; the terminal shows the path."""
        self.file_dir.mkdir(parents=True, exist_ok=True)
        stem, dot, suffix = Path(name).name.rpartition(".")
        path = (
            self.file_dir / f"{stem or suffix}-{uuid.uuid4().hex[:6]}{dot}{suffix if stem else ''}"
        )
        path.write_bytes(content)
        return path


def read_line(stdin: TextIO) -> asyncio.Future[str]:
    """``stdin.readline()`` in a daemon thread, as a future of the running loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def work() -> None:
        try:
            line, error = stdin.readline(), None
        except Exception as exc:  # e.g. a closed stream; raised in the session
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # a closed loop: the session has ended
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=work, name="stdin-reader", daemon=True).start()
    return future
