"""Message understanding: normalise Dutch text, score intents, extract entities, match courses.

Nothing here knows about Telegram, SQL or templates.
"""

from obm_bot.understanding.engine import Understander
from obm_bot.understanding.result import Understanding

__all__ = ["Understander", "Understanding"]
