"""One learner's thread: who is on it, and a post reaching all of them but its author.

The thread is kept in ``triad_posts``. Each post goes to every linked coach's own chat, to the
coaches who work behind the loket (``[[coach]]``), and to the thread's forum topic in the
coaches' group (``coach_chat_id``); without that group, to the account manager directly. The
letters are stored with a conversation of the thread's own (a contact on channel ``triad``),
so a terminal picks them up as it does any other message, and nothing is mixed into the
learner's transcript: the learner is not on the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.messages import Button, Outbound, staff_address
from obm_bot.domain.learners import Learner
from obm_bot.domain.triads import TriadMember

TRIAD_CHANNEL = "triad"
BOT = "bot"
MANAGER_ROLE = "accountmanager"


@dataclass(frozen=True)
class Author:
    """Who writes in a thread: a coach of the learner, OBM staff, or the bot (name None)."""

    name: str | None
    role: str
    contact_id: int | None = None
    staff: str | None = None

    @classmethod
    def bot(cls) -> Author:
        return cls(None, BOT)


def triad_address(learner_id: int) -> str:
    """The thread's own place (the forum topic): ``triad:12``."""
    return f"{TRIAD_CHANNEL}:{learner_id}"


def triad_reference(learner_id: int) -> str:
    """How the thread is named in commands and as the topic's key: L12."""
    return f"L{learner_id}"


class Thread:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store
        self.org = desk.org

    def managers(self, learner: Learner) -> list[str]:
        company = self.org.company_for(learner.company)
        if company is not None:
            return [company.account_manager]
        return [m.name for m in self.org.account_manager]

    def staff_coach(self, member: TriadMember) -> str | None:
        """The configured name of a coach who works behind the loket, if this one does."""
        found = self.org.coach_named(member.name)
        return found.name if found else None

    async def conversation(self, learner: Learner, now: dt.datetime) -> int:
        contact, _ = await self.store.get_or_create_contact(
            TRIAD_CHANNEL, str(learner.id), f"Triade {triad_reference(learner.id)}", now
        )
        return (await self.store.conversation_for(contact.id, now)).id

    async def post(
        self,
        learner: Learner,
        author: Author,
        text: str,
        now: dt.datetime,
        buttons: list[Button] | None = None,
        html: bool = False,
        not_to: Author | None = None,
    ) -> list[Outbound]:
        """Keep the post and send it to everyone on the thread but its author (or ``not_to``:
        the bot's word about someone who was just told). ``html``: the text is a rendered
        template (escaped already), not a person's own words."""
        stored_role = BOT if author.name is None else author.role
        await self.store.add_triad_post(learner.id, author.name or BOT, stored_role, text, now)
        conversation = await self.conversation(learner, now)
        render = self.desk.renderer.render
        context = {
            "code": triad_reference(learner.id), "learner": learner.name, "author": author.name,
            "role": author.role, "text": text, "html": html,
        }  # fmt: skip
        out: list[Outbound] = []
        if self.org.coach_chat_id is not None:
            topic_text = render("coach_post", topic=True, **context)
            topic = triad_address(learner.id)
            reference = triad_reference(learner.id)
            letter = await self._emit(conversation, topic, topic_text, now, buttons, reference)
            # A person's words: where they wrote them in the topic, they are there already.
            out.append(letter.model_copy(update={"repeats_inbound": not html}))
        personal = render("coach_post", topic=False, **context)
        for address, _ in (await self.recipients(learner, not_to or author))[0]:
            out.append(await self._emit(conversation, address, personal, now, buttons))
        return out

    async def recipients(
        self, learner: Learner, author: Author | None = None
    ) -> tuple[list[tuple[str, str]], list[str]]:
        """Who gets the thread's posts in their own chat, but the author: (address, "name
        (role)"); and the coaches who cannot yet (not linked), as "name (role)"."""
        found: dict[str, str] = {}
        missing: list[str] = []
        for member in await self.store.triad_members(learner.id):
            label = f"{member.name} ({member.role.value})"
            if member.contact_id is not None:
                if author is None or member.contact_id != author.contact_id:
                    contact = await self.store.contact_by_id(member.contact_id)
                    found.setdefault(f"{contact.channel}:{contact.channel_user_id}", label)
            elif (name := self.staff_coach(member)) is not None:
                if author is None or name != author.staff:
                    found.setdefault(staff_address(name), label)
            else:
                missing.append(label)
        if self.org.coach_chat_id is None:  # else the account manager reads the topic
            for name in self.managers(learner):
                if author is None or name != author.staff:
                    found.setdefault(staff_address(name), f"{name} ({MANAGER_ROLE})")
        return list(found.items()), missing

    async def _emit(
        self,
        conversation: int,
        to: str,
        text: str,
        now: dt.datetime,
        buttons: list[Button] | None,
        reference: str | None = None,
    ) -> Outbound:
        return await self.desk.emit(
            conversation, to, text, now, buttons, author="triade", reference=reference
        )
