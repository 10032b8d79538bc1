"""What only the learner room answers, read before the customer policies: a link code pasted
anywhere in a message, a linked learner's own question, and a learner without a code who
already has a training company (asked for company, name and phone, then handed to the
account manager; never the pitch for someone who is looking for a school)."""

from __future__ import annotations

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.customer.actions import Action, Ask, Delegate, RecordRequests, Say
from obm_bot.dialogue.customer.answers import YES_NO
from obm_bot.dialogue.customer.form import next_step
from obm_bot.dialogue.customer.needs import COURSE_INTENTS
from obm_bot.dialogue.customer.policies import NAMED
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.tracker import Item, Question
from obm_bot.dialogue.learners import hearing
from obm_bot.dialogue.turn import Turn
from obm_bot.domain.models import RequestKind, Role
from obm_bot.storage.store import Store
from obm_bot.understanding.result import Details


class Reception:
    """Mixed into ``LearnerDesk``; the customer dialogue calls ``hear`` for every message."""

    store: Store
    catalogue: Catalogue

    async def hear(self, turn: Turn, message: Message, live: bool) -> list[Action] | None:
        """What only the learner room answers, before the customer policies: a link code
        anywhere in the message, a linked learner's own question ("krijg ik al 75%?"), and a
        learner without a code who already has a training company. None: not for us (nor
        while a person holds the conversation: then the person reads it)."""
        text, details = message.text, message.details
        if live or not text:
            return None
        code = hearing.link_code(text)
        if code is not None:
            return [Delegate("link", code)]
        learner = await self.store.learner_for_contact(turn.contact.id)
        reading = message.reading
        if (
            reading is not None
            and reading.intent in COURSE_INTENTS
            and reading.courses
            and reading.courses[0].score >= NAMED
        ):
            return None  # "is er een vca-cursus op school?": the catalogue answers it
        if learner is not None:
            ask = hearing.learner_question(text)
            if ask in (None, hearing.Ask.SCHOOL, hearing.Ask.CENTRE, hearing.Ask.DIPLOMA):
                milestones = await self.store.milestones(learner.id)
                if hearing.portfolio_item(text, milestones) is not None:
                    ask = hearing.Ask.PORTFOLIO  # "wat moet ik voor de proeve doen?"
            if ask is None:
                return None
            turn.tracker.last_words = text[:500]  # the answer reads the words again
            return [Delegate("learner", ask.value)]
        tracker = turn.tracker
        if tracker.items or tracker.pending is not None:
            return None
        if hearing.learner_question(text) is hearing.Ask.PICTURE and "traject" in text.lower():
            # "stuur een plaatje van mijn traject" before linking: how to link, in "je"
            tracker.profile.role = Role.LEARNER
            return [Ask(Question.OFFER, "milestone_status", {}, YES_NO,
                        intent="milestone_status", words=text[:500])]  # fmt: skip
        if tracker.profile.role in (Role.EMPLOYER, Role.SCHOOL):
            return None  # "wij hebben al een leerbedrijf": not a learner writing
        if not hearing.has_training_company(text):
            return None
        return self.stranger(turn, details, text)

    def stranger(self, turn: Turn, details: Details, text: str) -> list[Action]:
        """A learner with a training company but no code: their name and company are asked,
        and the account manager gets both (and looks up the trajectory, or sends a code)."""
        profile = turn.tracker.profile
        profile.role = Role.LEARNER  # "je" from here on
        profile.name = profile.name or details.name
        if profile.company is None and details.company:
            profile.company, profile.member = details.company, details.member
        turn.tracker.items.append(
            Item(kind=RequestKind.CALLBACK, intent="milestone_status", words=text[:500])
        )
        lead = {"company": profile.company}
        if profile.company is None:
            ask = Ask(Question.COMPANY, "ask_company", {"role": Role.LEARNER.value},
                      lead="learner_stranger", lead_context=lead)  # fmt: skip
            return [ask]
        step = next_step(turn.tracker, self.catalogue)
        if isinstance(step, RecordRequests):
            return [Say("learner_stranger", lead), step]
        return [Ask(step.question, step.template, step.context, step.buttons,
                    lead="learner_stranger", lead_context=lead)]  # fmt: skip
