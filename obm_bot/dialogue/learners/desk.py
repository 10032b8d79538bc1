"""Learners in the chat: linking by one-time code, milestones and pay, coaches, reminders.

Only a contact linked to a learner sees learner data, and only that learner's: every answer
here starts from ``store.learner_for_contact``. Link codes are random (96 bits), stored as a
SHA-256 hash, single use, expire, and wrong guesses from one chat account are slowed down.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import LearnerAction
from obm_bot.dialogue.desk import SYSTEM
from obm_bot.dialogue.learners import hearing
from obm_bot.dialogue.learners.answers import LearnerAnswers
from obm_bot.dialogue.learners.pay import pay_view
from obm_bot.dialogue.learners.reception import Reception
from obm_bot.dialogue.learners.reminders import Reminders
from obm_bot.dialogue.turn import Turn, Voice
from obm_bot.domain.learners import Learner, LearnerDraft, LearnerStatus, Milestone
from obm_bot.domain.learners import MilestoneStatus as Status
from obm_bot.domain.models import Priority, RequestKind, Role
from obm_bot.organisation_models import LearnerPay
from obm_bot.rendering.renderer import dutch_date
from obm_bot.rendering.timeline import timeline_png

if TYPE_CHECKING:  # the triad hooks in; importing it here would go round in a circle
    from obm_bot.dialogue.coaches.desk import TriadDesk

LEARNER_BUTTONS = [
    LearnerAction(action="traject").button("Toon mijn traject"),
    LearnerAction(action="begeleider").button("Mijn begeleider"),
]
TALK_BUTTONS = [
    LearnerAction(action="spreken").button("Ja, neem contact op"),
    LearnerAction(action="driegesprek").button("Driegesprek aanvragen"),
    LearnerAction(action="nee").button("Nee, bedankt"),
]


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires: dt.datetime


class LearnerDesk(Reminders, Reception):
    def __init__(self, voice: Voice, catalogue: Catalogue) -> None:
        self.voice = voice
        self.desk = voice.desk
        self.store = voice.desk.store
        self.org = voice.desk.org
        self.settings = voice.desk.org.learners
        self.catalogue = catalogue
        self.bot_username: str | None = self.org.bot_username
        self.triad: TriadDesk | None = None
        """The coaches' line: a learner asks there for a three-way meeting."""
        self.answers = LearnerAnswers(self)

    # --- creating and linking -----------------------------------------------------------------

    async def create(self, draft: LearnerDraft, now: dt.datetime) -> tuple[Learner, IssuedCode]:
        """A learner with the default milestones and pay steps, and a first link code."""
        span = (draft.planned_end - draft.start_date).days
        # Under a cao's BBL wage table the pay does not step at milestones.
        steps = self.pay_for(draft.company).scheme == "obm_steps"
        pay = self.settings.pay_steps
        milestones = [
            (t.name, draft.start_date + dt.timedelta(days=round(span * t.share)),
             pay[i + 1] if steps else None, list(t.portfolio))
            for i, t in enumerate(self.settings.milestones)
        ]  # fmt: skip
        learner_id = await self.store.create_learner(draft, milestones, now)
        learner = await self.store.learner(learner_id)
        if learner is None:
            raise LookupError(f"learner {learner_id} missing right after it was created")
        return learner, await self.issue_code(learner_id, now)

    async def create_all(
        self, drafts: list[LearnerDraft], now: dt.datetime
    ) -> list[tuple[Learner, IssuedCode]]:
        """An import: every learner in one transaction, so an error stores none of them."""
        async with self.store.transaction():
            return [await self.create(draft, now) for draft in drafts]

    async def issue_code(self, learner_id: int, now: dt.datetime) -> IssuedCode:
        code = secrets.token_urlsafe(12)  # 96 random bits; fits a Telegram /start payload
        expires = now + dt.timedelta(days=self.settings.link_code_days)
        await self.store.save_link_code(code_hash(code), learner_id, now, expires)
        return IssuedCode(code, expires)

    def deep_link(self, code: str) -> str | None:
        return f"https://t.me/{self.bot_username}?start={code}" if self.bot_username else None

    async def link(self, turn: Turn, code: str) -> None:
        contact, now = turn.contact, turn.now
        since = now - dt.timedelta(hours=1)
        if (
            await self.store.failed_link_attempts(contact.channel, contact.channel_user_id, since)
            >= self.settings.link_attempts_per_hour
        ):
            await self.voice.say(turn, self.desk.renderer.render("link_result", kind="too_many"))
            return
        found = await self.store.link_code(code_hash(code))
        learner = await self.store.learner(found["learner_id"]) if found else None
        if found is None or learner is None:
            kind = "unknown"
        elif found["used_at"] is not None:
            kind = "used"
        elif found["expires_at"] <= now:
            kind = "expired"
        elif learner.status is not LearnerStatus.ACTIVE:
            kind = "stopped"
        else:
            kind = "linked"
        if kind != "linked" or learner is None:
            await self.store.failed_link_attempt(contact.channel, contact.channel_user_id, now)
            await self.voice.say(turn, self.desk.renderer.render("link_result", kind=kind))
            return
        await self.store.use_link_code(code_hash(code), contact.id, now)
        await self.store.link_learner(learner.id, contact.id)
        await self.store.update_contact(
            contact.id, role=Role.LEARNER, name=contact.name or learner.name,
            company=contact.company or learner.company,
        )  # fmt: skip
        await self.store.audit(SYSTEM, "leerling gekoppeld", None, {"learner": learner.id}, now)
        turn.contact = await self.store.contact_by_id(contact.id)
        turn.tracker.profile.role = Role.LEARNER
        text = self.desk.renderer.render(
            "link_result", kind="linked", first_name=learner.name.split()[0],
            programme=self.programme(learner),
        )  # fmt: skip
        await self.voice.say(turn, text, LEARNER_BUTTONS)

    # --- what the learner sees ----------------------------------------------------------------

    def pay_for(self, company: str) -> LearnerPay:
        """The pay scheme of the cao the learner's company falls under (by its fund)."""
        member = self.org.company_for(company)
        return self.settings.pay_for(member.fund if member else None)

    def programme(self, learner: Learner) -> str:
        qualification = self.catalogue.qualification(learner.qualification_id)
        return qualification.title if qualification else learner.qualification_id

    @staticmethod
    def progress(milestones: list[Milestone], today: dt.date) -> str:
        """One compact line: ✅ done · ▶ next · ○ later · ⚠ late."""
        parts, seen_next = [], False
        for m in milestones:
            if m.status is Status.ACHIEVED:
                mark = "✅"
            elif m.due_date < today:
                mark, seen_next = "⚠", True
            elif not seen_next:
                mark, seen_next = "▶", True
            else:
                mark = "○"
            parts.append(f"{mark} {m.name}")
        return " · ".join(parts)

    @staticmethod
    def days_left(due: dt.date, today: dt.date) -> str:
        days = (due - today).days
        if days == 0:
            return "vandaag"
        if days < 0:
            return f"{-days} dagen te laat" if days < -1 else "1 dag te laat"
        return f"nog {days} dagen" if days > 1 else "morgen"

    def centre_line(self, learner: Learner, today: dt.date) -> str | None:
        period = learner.next_centre_period(today)
        if period is None or period[0] > learner.planned_end:
            return None
        place = learner.practice_centre or "het praktijkcentrum"
        first, last = period
        if first <= today:
            return f"Je bent nu bij {place}, tot en met {dutch_date(last)}."
        return f"Je volgende periode bij {place}: {dutch_date(first)} t/m {dutch_date(last)}."

    async def status(self, turn: Turn, learner: Learner) -> None:
        today = turn.now.astimezone(self.org.zone).date()
        milestones = await self.store.milestones(learner.id)
        upcoming = next((m for m in milestones if m.status is not Status.ACHIEVED), None)
        text = self.voice.render(
            turn, "learner_status", first_name=learner.name.split()[0],
            programme=self.programme(learner), progress=self.progress(milestones, today),
            next=upcoming, days=self.days_left(upcoming.due_date, today) if upcoming else "",
            pay=pay_view(
                learner, milestones, self.pay_for(learner.company), self.settings.pay_steps[0],
                today,
            ),
            centre=self.centre_line(learner, today),
        )  # fmt: skip
        await self.voice.say(turn, text, LEARNER_BUTTONS)

    async def picture(self, turn: Turn, learner: Learner) -> None:
        today = turn.now.astimezone(self.org.zone).date()
        milestones = await self.store.milestones(learner.id)
        steps = self.pay_for(learner.company).scheme == "obm_steps"
        png = timeline_png(
            learner, self.programme(learner), milestones,
            self.settings.pay_steps[0] if steps else "", today,
        )  # fmt: skip
        progress = self.progress(milestones, today)  # a template: "<MIG>" escaped for HTML
        caption = self.voice.render(turn, "learner_picture", progress=progress)
        await self.voice.say(turn, caption, LEARNER_BUTTONS, image=png)

    async def coaches(self, turn: Turn, learner: Learner) -> None:
        text = self.voice.render(turn, "learner_coaches", coaches=learner.coaches)
        await self.voice.say(turn, text, TALK_BUTTONS)

    async def talk_to_coach(self, turn: Turn, learner: Learner) -> None:
        """To the coach when the coach works with the bot, else to the account manager."""
        staff_coach = next((c.name for c in learner.coaches if self.org.coach_named(c.name)), None)
        details = "; ".join(
            f"{c.role.value} {c.name}" + (f" {c.phone}" if c.phone else "") for c in learner.coaches
        )
        request = await self.store.create_request(
            contact_id=turn.contact.id, conversation_id=turn.conversation_id,
            kind=RequestKind.CALLBACK, intent="coach_contact", courses=[], entities={},
            summary=f"{learner.code} {learner.name} wil de begeleider spreken"
            + (f" ({details})" if details else ""), now=turn.now,
        )  # fmt: skip
        turn.tracker.reset()
        text = self.voice.render(
            turn, "recorded", references=[request.reference], titles=[], complaint=False
        )
        await self.voice.say(turn, text)
        turn.out += await self.desk.open(
            turn.contact, turn.conversation_id, [request], Priority.NORMAL, turn.address,
            turn.informal, turn.now, assignee=staff_coach,
        )  # fmt: skip
        turn.tracker.waiting, turn.tracker.acknowledged = True, False
        turn.tracker.extra_buttons = list(turn.out[-1].buttons)

    async def answer(self, turn: Turn, intent: str) -> bool:
        """A linked learner's question (an intent label, or what ``hear`` found); False for
        anyone else."""
        learner = await self.store.learner_for_contact(turn.contact.id)
        if learner is None:
            return False
        if intent in hearing.Ask.__members__.values():
            await self.answers.answer(turn, learner, hearing.Ask(intent), turn.tracker.last_words)
        elif intent == "milestone_status":
            await self.status(turn, learner)
        else:
            await self.coaches(turn, learner)
        return True

    async def button(self, turn: Turn, action: str) -> None:
        """ "Toon mijn traject", "Mijn begeleider", "Ja, neem contact op": linked learners."""
        learner = await self.store.learner_for_contact(turn.contact.id)
        if action == "nee":
            await self.voice.say(turn, self.voice.render(turn, "declined"))
        elif learner is None:
            await self.voice.say(turn, self.voice.render(turn, "unknown_button"))
        elif action == "traject":
            await self.picture(turn, learner)
        elif action == "alles":
            await self.status(turn, learner)
        elif action == "begeleider":
            await self.coaches(turn, learner)
        elif action == "driegesprek" and self.triad is not None:
            await self.triad.meeting_request(turn, learner)
        else:
            await self.talk_to_coach(turn, learner)
