"""Terminal chat: type a message, get the loket's answer. Used by ``make run`` without a token."""

from __future__ import annotations

import html
import sys
from typing import TextIO

from obm_bot.rendering.renderer import Renderer
from obm_bot.understanding.engine import Understander

PROMPT = "u> "
EXIT_WORDS = frozenset({"/stop", "/quit", "exit", "quit"})


def run_chat(
    understander: Understander,
    renderer: Renderer,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    interactive = stdin.isatty()
    if interactive:
        stdout.write("OBM-loket (terminal). Typ uw vraag; /stop om te stoppen.\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in EXIT_WORDS:
            return 0
        text = line.strip()
        if not text:
            stdout.write("bot> Ik zie geen tekst. Typ uw vraag, of 'help' voor het menu.\n")
            continue
        understanding = understander.understand(text)
        # Templates are HTML-escaped for Telegram; the terminal shows plain text.
        reply = html.unescape(renderer.reply_for(understanding))
        stdout.write("bot> " + reply.replace("\n", "\n     ") + "\n")
        stdout.flush()
