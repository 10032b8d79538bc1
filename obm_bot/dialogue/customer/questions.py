"""Questions answered in passing, before listening: an offering chosen from the list shown,
a question about the knowledge facts, a question about the courses shown. Each returns the
answer and what follows it (the open question or the request's next step), or None.
"""

from __future__ import annotations

import functools

from obm_bot.catalogue.fit import Ranking
from obm_bot.catalogue.models import Catalogue, Form
from obm_bot.catalogue.places import Places
from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.customer import policies
from obm_bot.dialogue.customer.actions import Action, Say
from obm_bot.dialogue.customer.answers import LEARNER_ONLY, catalogue_answer, follow_on
from obm_bot.dialogue.customer.followup import FollowUps
from obm_bot.dialogue.customer.knowledge_answers import KnowledgeAnswers
from obm_bot.dialogue.customer.needs import COURSE_INTENTS, NEW_COURSE, REQUEST_INTENTS
from obm_bot.dialogue.customer.showing import Showing
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.summary import offering_line
from obm_bot.dialogue.customer.tracker import Question
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.turn import Turn
from obm_bot.knowledge.loader import load_knowledge
from obm_bot.knowledge.models import Knowledge

# "te duur voor wat het was" complains, "bel me" wants a person: not catalogue questions.
NEVER_ABOUT_COURSES = frozenset({"complaint", "human_handoff"})


@functools.cache
def shipped_places() -> Places:
    """The gazetteer in ``catalogue/places.csv``, read once per process."""
    return Places.load()


@functools.cache
def shipped_knowledge() -> Knowledge:
    """The facts in ``knowledge/``, read once per process."""
    return load_knowledge(REPO_ROOT / "knowledge")


class Questions:
    def __init__(self, desk: Desk, catalogue: Catalogue, places: Places | None = None) -> None:
        self.desk = desk
        self.catalogue = catalogue
        ranking = Ranking(catalogue, places or shipped_places(), desk.org.reach_km)
        self.showing = Showing(catalogue, ranking, desk.org)
        self.followups = FollowUps(catalogue, ranking)
        self.knowledge = KnowledgeAnswers(shipped_knowledge(), catalogue, self._fund_of)

    def picked(self, turn: Turn, message: Message) -> list[Action] | None:
        """ "doe maar de eerste", "die van smeot graag": an offering shown, chosen."""
        tracker = turn.tracker
        if tracker.pending is not None and tracker.pending.question is Question.COURSE:
            return None  # "de tweede" there is a course from the list of courses
        today = turn.now.astimezone(self.desk.org.zone).date()
        fit = self.followups.picked(tracker, message, self.showing.wishes(tracker), today)
        item = tracker.current_item()
        if fit is None or item is None:
            return None
        offering = fit.offering
        item.course, item.choices, item.offering = offering.course, [], offering.id
        item.picked, item.provider = True, offering.provider
        in_company = offering.form is Form.IN_COMPANY
        item.schedule = "in_company" if in_company else offering.schedule.value
        if message.details.participants:  # "de eerste, voor 3 man"
            item.participants = message.details.participants
        tracker.confirmed = False
        line = offering_line(self.catalogue, offering.id, today, language=tracker.language)
        return [Say("picked", {"line": line}), *follow_on(tracker, self.catalogue)]

    def knowledge_question(self, turn: Turn, message: Message) -> list[Action] | None:
        """ "wat krijg ik terug voor 3 man?", "bestaat STAP nog?", "bron?": from knowledge/."""
        tracker = turn.tracker
        told = self.knowledge.read(tracker, message)
        if told is None:
            return None
        if not told.sources:
            ids = [f.id for f in told.facts]
            tracker.facts_told = [*[f for f in tracker.facts_told if f not in ids], *ids][-10:]
        context = {
            "facts": told.facts, "refund": told.refund, "sources": told.sources,
            "asks_size": told.asks_size, "fund": self.knowledge.fund(tracker),
        }  # fmt: skip
        # One question at a time: after "how many people work there?" the open one waits.
        rest = [] if told.asks_size else follow_on(tracker, self.catalogue)
        return [Say("knowledge_answer", context), *rest]

    def catalogue_question(
        self, turn: Turn, message: Message, waiting: bool = False
    ) -> list[Action] | None:
        """ "wat kost die in Almelo?", "wanneer nog meer?": answered from the catalogue, in the
        context of what was shown; the open question follows."""
        tracker, reading = turn.tracker, message.reading
        today = turn.now.astimezone(self.desk.org.zone).date()
        question = self.followups.read(tracker, message, self.showing.wishes(tracker), today)
        if question is None or reading is None:
            return None
        if reading.intent in NEVER_ABOUT_COURSES and reading.confidence >= policies.CONFIDENT:
            return None
        named = question.course_ids if question.course_ids else []
        named = [c.id for c in reading.courses[:1] if c.score >= NEW_COURSE] or named
        context = tracker.items or tracker.shown or tracker.last_course
        if not context and reading.intent in LEARNER_ONLY:
            return None  # "wanneer is mijn volgende tussenstap?"
        if not (context or named) and reading.intent not in COURSE_INTENTS:
            return None
        request = named and reading.intent in REQUEST_INTENTS and not question.compare
        if not context and request and not waiting:
            return None  # "3 man vca, wat kost dat?" is a request: the form shows the prices
        if tracker.pending is not None and tracker.pending.question is Question.CLARIFY:
            tracker.pending = None  # answered instead of asked which was meant
        tracker.last_words = message.text[:500]  # the words of a request its buttons start
        return catalogue_answer(
            tracker, question, self.catalogue, reading.intent, offer=not waiting
        )

    def _fund_of(self, company: str | None) -> str | None:
        member = self.desk.org.company_for(company) if company else None
        return member.fund if member else None
