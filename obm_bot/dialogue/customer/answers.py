"""What the loket says to each intent, and which request flow it starts."""

from __future__ import annotations

from obm_bot.dialogue.customer.flow import YES_NO, RequestFlow, Turn
from obm_bot.dialogue.learners.desk import LearnerDesk
from obm_bot.dialogue.messages import Button
from obm_bot.domain.models import RequestKind
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.result import Understanding

KIND_BY_INTENT = {
    "course_search": RequestKind.COURSE, "enrolment": RequestKind.ENROLMENT,
    "quote_request": RequestKind.QUOTE, "human_handoff": RequestKind.CALLBACK,
    "complaint": RequestKind.COMPLAINT,
}  # fmt: skip
SERVICE_INTENTS = frozenset({
    "funding", "training_plan", "career_advice", "evc", "exam_certification", "membership",
    "apprenticeship_employer", "apprenticeship_learner", "school_services", "admin_support",
})  # fmt: skip
SMALL_TALK = frozenset({"greeting", "help", "thanks_goodbye"})
COURSE_INTENTS = frozenset({"course_search", "course_info", "enrolment", "quote_request"})
LEARNER_ONLY = frozenset({"milestone_status", "coach_contact"})
MENU = [
    Button(label="Cursus zoeken", data="menu:course_search"),
    Button(label="Subsidie", data="menu:funding"),
    Button(label="Medewerker spreken", data="menu:human_handoff"),
]
INTENT_LABELS_NL = {
    "course_search": "Een cursus zoeken", "course_info": "Informatie over een cursus",
    "enrolment": "Iemand aanmelden", "quote_request": "Een offerte",
    "apprenticeship_employer": "Een leerling in mijn bedrijf",
    "apprenticeship_learner": "Een opleiding (BBL/BOL) volgen", "funding": "Subsidie",
    "training_plan": "Een opleidingsplan", "career_advice": "Loopbaanadvies", "evc": "EVC",
    "exam_certification": "Examen of certificaat", "milestone_status": "Mijn voortgang",
    "coach_contact": "Mijn begeleider", "membership": "Lid worden van het OBM",
    "school_services": "Diensten voor scholen", "admin_support": "Administratie",
    "human_handoff": "Een medewerker spreken", "complaint": "Een klacht",
    "greeting": "Gewoon hallo", "help": "Wat kan ik hier vragen?",
    "thanks_goodbye": "Bedankt", "out_of_scope": "Iets anders",
}  # fmt: skip
DIRECT_MATCH = 90.0  # an enrolment/quote naming one course this clearly skips the choice
MAX_CHOICES = 3


class IntentAnswers:
    def __init__(
        self, flow: RequestFlow, understander: Understander, learners: LearnerDesk
    ) -> None:
        self.flow = flow
        self.understander = understander
        self.learners = learners
        self.intents = understander.intents

    def template_text(
        self, turn: Turn, intent: str, result: Understanding, course_ids: list[str]
    ) -> str:
        rows = self.flow.desk.renderer.course_rows(
            course_ids, turn.now.astimezone(self.flow.desk.org.zone).date()
        )
        return self.flow.render(
            turn,
            self.intents.specs[intent].template,
            u=result,
            courses=rows,
            entities=result.entities,
        )

    async def answer(self, turn: Turn, intent: str, result: Understanding) -> None:
        say, flow = self.flow.say, self.flow
        if intent in COURSE_INTENTS and result.text:
            await self.record_demand(turn, intent, result)
        entities = result.entities.model_dump()
        if intent in SMALL_TALK:
            template = self.intents.specs[intent].template
            await say(turn, flow.render(turn, template, intent=intent), MENU)
        elif intent == "out_of_scope":
            await say(turn, self.template_text(turn, intent, result, []))
        elif intent in LEARNER_ONLY and (
            learner := await self.learners.store.learner_for_contact(turn.contact.id)
        ):
            if intent == "milestone_status":
                await self.learners.status(turn, learner)
            else:
                await self.learners.coaches(turn, learner)
        elif intent in LEARNER_ONLY:
            flow.start(turn, RequestKind.CALLBACK, intent, None, result.text, entities)
            await say(turn, self.template_text(turn, intent, result, []), YES_NO)
        elif intent in ("human_handoff", "complaint"):
            flow.start(turn, KIND_BY_INTENT[intent], intent, None, result.text, entities)
            await flow.advance(turn)
        elif intent == "course_info":
            await self.course_info(turn, result)
        elif intent in KIND_BY_INTENT:
            await self.course_request(turn, intent, result)
        else:
            flow.start(turn, RequestKind.SERVICE, intent, None, result.text, entities)
            await say(turn, self.template_text(turn, intent, result, []), YES_NO)

    async def record_demand(self, turn: Turn, intent: str, result: Understanding) -> None:
        """Evidence for the management report: what was asked and how well we matched it."""
        best = result.courses[0] if result.courses else None
        contact = turn.contact
        await self.flow.desk.store.add_demand_signal(
            turn.now, contact.id, contact.role.value if contact.role else None, contact.company,
            intent, result.text[:500], best.id if best else None, best.score if best else None,
            result.entities.participants,
        )  # fmt: skip

    async def learner_button(self, turn: Turn, data: str) -> None:
        """ "Toon mijn traject", "Mijn begeleider", "Ja, neem contact op": linked learners only."""
        learner = await self.learners.store.learner_for_contact(turn.contact.id)
        if learner is None:
            await self.flow.say(turn, self.flow.render(turn, "unknown_button"))
        elif data == "traject":
            await self.learners.picture(turn, learner)
        elif data == "begeleider":
            await self.learners.coaches(turn, learner)
        else:
            await self.learners.talk_to_coach(turn, learner)

    async def course_info(self, turn: Turn, result: Understanding) -> None:
        if not result.courses:
            await self.flow.say(turn, self.template_text(turn, "course_info", result, []))
            return
        best = result.courses[0].id
        await self.flow.say(turn, self.template_text(turn, "course_info", result, [best]), [
            Button(label="Aanmelden", data=f"aanvraag:{RequestKind.ENROLMENT.value}:{best}"),
            Button(label="Offerte", data=f"aanvraag:{RequestKind.QUOTE.value}:{best}"),
        ])  # fmt: skip

    async def course_request(self, turn: Turn, intent: str, result: Understanding) -> None:
        kind = KIND_BY_INTENT[intent]
        entities = result.entities.model_dump()
        courses = result.courses
        if not courses:
            self.flow.start(turn, kind, intent, None, result.text, entities)
            await self.flow.say(turn, self.flow.render(turn, "no_course"), YES_NO)
            return
        clear = len(courses) == 1 or courses[0].score - courses[1].score >= 10
        if kind is not RequestKind.COURSE and courses[0].score >= DIRECT_MATCH and clear:
            self.flow.start(turn, kind, intent, courses[0].id, result.text, entities)
            await self.flow.advance(turn)
            return
        choices = [c.id for c in courses[:MAX_CHOICES]]
        self.flow.start(turn, kind, intent, None, result.text, entities)
        turn.flow["choices"] = choices
        turn.state["step"] = "choose"
        heading = "Dit vond ik in ons aanbod:"
        rows = self.flow.desk.renderer.course_rows(
            choices, turn.now.astimezone(self.flow.desk.org.zone).date()
        )
        buttons = [
            Button(label=r["course"].title[:60], data=f"cursus:{i}") for i, r in enumerate(rows)
        ]
        buttons.append(Button(label="Iets anders", data="nee"))
        template = self.intents.specs[intent].template
        text = self.flow.render(turn, template, heading=heading, courses=rows)
        await self.flow.say(turn, text, buttons)
