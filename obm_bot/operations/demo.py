"""``obm-bot demo``: a few believable months of the OBM, played through the real engine.

Every visitor of ``demo_script`` types their messages into ``Loket.handle`` and presses the
buttons the loket offers; the account managers answer with the staff commands (``/pak``,
``/antwoord``, ``/notitie``, ``/overdragen``, ``/sluit``) and the SLA timers run through
``Loket.tick`` when they are due. A clock of its own walks from the first day to today, so
every row carries the moment it would have had. Nothing is written by hand: the requests,
handoffs, demand signals, transcripts and learners are what the bot records.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Inbound, Outbound, Who
from obm_bot.operations.demo_script import ANSWERS, NOTES, Ending, Kind, Plan, Visit, make_plan

REFERENCE = re.compile(r"\bOBM-\d{4}-\d{6}\b")
MILESTONE = re.compile(r"\bM(\d+)\b")
LINK_CODE = re.compile(r"/start (\S+)")
LEARNER_CODE = re.compile(r"\b(L\d+)\b")
MAX_TURNS = 6
PRESS_FIRST = ("Klopt, aanvragen", "Correct, send it", "Ja, graag", "Yes, please")
NEVER_PRESSED = ("Annuleren", "Cancel", "Nee, bedankt", "No, thanks", "Niet meer wachten")
ROLE = "Werkgever"
CUSTOMER_CHANNEL = "console"


class DemoClock:
    """The loket's clock: moved forward by the player, never back."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def to(self, moment: dt.datetime) -> None:
        self.now = max(self.now, moment)

    def wait(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Played:
    """What the demo made, for the command's summary."""

    visits: int = 0
    references: list[str] = field(default_factory=list)
    staff_commands: int = 0
    learners: int = 0
    ticks: int = 0


Step = Callable[[], Awaitable[object]]


class Player:
    def __init__(self, loket: Loket, clock: DemoClock) -> None:
        self.loket = loket
        self.clock = clock
        self.played = Played()
        self._ids = itertools.count(1)
        self._agenda: list[tuple[dt.datetime, int, Step]] = []
        self._order = itertools.count()
        self._managers = [m.name for m in loket.org.account_manager]
        self.until = clock()

    # --- the agenda: every step at its moment, the SLA timers in between --------------------------

    def at(self, moment: dt.datetime, step: Step) -> None:
        heapq.heappush(self._agenda, (moment, next(self._order), step))

    async def play(self, plan: Plan, until: dt.datetime) -> Played:
        self.until = until
        self._learner_steps(plan, plan.visits[0].when if plan.visits else until)
        for visit in plan.visits:
            self.at(visit.when, partial(self._visit, visit))
        while self._agenda:
            moment, _, step = heapq.heappop(self._agenda)
            if moment > until:
                break
            await self._timers_until(moment)
            self.clock.to(moment)
            await step()
        await self._timers_until(until)
        self.clock.to(until)
        return self.played

    async def _timers_until(self, moment: dt.datetime) -> None:
        while (due := await self.loket.next_timer()) is not None and due <= moment:
            self.clock.to(due)
            await self._delivered(await self.loket.tick())
            self.played.ticks += 1

    # --- talking to the engine --------------------------------------------------------------------

    async def say(
        self, user: str, text: str | None = None, button: str | None = None, staff: bool = False
    ) -> list[Outbound]:
        who = Who(channel="staff" if staff else CUSTOMER_CHANNEL, user_id=user, display_name=user)
        inbound = Inbound(who=who, text=text, button=button, inbound_id=f"demo-{next(self._ids)}")
        out = await self.loket.handle(inbound)
        await self._delivered(out)
        self.clock.wait(minutes=1)
        return out

    async def staff(self, name: str, text: str) -> list[Outbound]:
        self.played.staff_commands += 1
        return await self.say(name, text, staff=True)

    async def _delivered(self, out: Sequence[Outbound]) -> None:
        """Everything said is read at once in the demo, as a terminal would show it: no
        letter waits in the outbox (a bot started on the demo database must not send months
        of notices)."""
        sent = [o.outbox_id for o in out if o.outbox_id is not None]
        if sent:
            await self.loket.sent(sent)

    # --- a visitor --------------------------------------------------------------------------------

    async def _visit(self, visit: Visit) -> None:
        self.played.visits += 1
        user, address = visit.person.user, f"{CUSTOMER_CHANNEL}:{visit.person.user}"
        out = await self.say(user, visit.opening)
        if visit.kind in (Kind.FUNDING, Kind.OFF_TOPIC):
            return
        if visit.kind is Kind.PRICE:  # a price question; now and then it becomes a request
            if "Aanmelden" in _labels(out, address) and visit.ending is Ending.CLOSED:
                out = await self._press(user, out, address, "Aanmelden")
            else:
                return
        reference = await self._answer_questions(visit, out, address)
        if reference is None:
            return
        self.played.references.append(reference)
        if visit.kind is Kind.WITHDRAWN:
            self.at(self.clock() + dt.timedelta(minutes=3), partial(self._withdraw, user))
            return
        self.at(self.clock() + visit.answer_after, partial(self._desk, visit, reference))

    async def _answer_questions(
        self, visit: Visit, out: list[Outbound], address: str
    ) -> str | None:
        """The visitor answers what the loket asks until it gives a reference."""
        person = visit.person
        for _ in range(MAX_TURNS):
            found = REFERENCE.search(" ".join(o.text for o in out if o.to == address))
            if found:
                return found.group(0)
            labels = _labels(out, address)
            choice = next((label for label in PRESS_FIRST if label in labels), None)
            choice = choice or next(
                (label for label in (visit.schedule, ROLE, "Maakt niet uit") if label in labels),
                None,
            )
            choice = choice or next((label for label in labels if label not in NEVER_PRESSED), None)
            if choice is not None:
                out = await self._press(person.user, out, address, choice)
            elif out and any(o.to == address for o in out):
                out = await self.say(
                    person.user, f"{person.company}, {person.name}, {person.phone}"
                )
            else:
                return None
        return None

    async def _press(
        self, user: str, out: list[Outbound], address: str, label: str
    ) -> list[Outbound]:
        data = [b.data for o in out if o.to == address for b in o.buttons if b.label == label]
        return await self.say(user, button=data[-1])

    async def _withdraw(self, user: str) -> None:
        out = await self.say(user, "/stop")
        labels = _labels(out, f"{CUSTOMER_CHANNEL}:{user}")
        withdraw = [label for label in labels if "intrekken" in label.lower()]
        if withdraw:
            await self._press(user, out, f"{CUSTOMER_CHANNEL}:{user}", withdraw[0])

    # --- the desk ---------------------------------------------------------------------------------

    async def _desk(self, visit: Visit, reference: str) -> None:
        if visit.ending is Ending.OPEN:
            return
        handoff = await self.loket.store.handoff_by_reference(reference)
        if handoff is None or handoff.status in ("closed", "cancelled"):
            return
        shared = sum(map(ord, visit.person.user)) % len(self._managers)  # the shared queue
        manager = handoff.assignee or self._managers[shared]
        await self.staff(manager, f"/pak {reference}")
        if visit.transfer and len(self._managers) > 1:
            other = next(m for m in self._managers if m != manager)
            await self.staff(manager, f"/overdragen {reference} {other}")
            manager = other
            await self.staff(manager, f"/pak {reference}")
        if visit.ending is Ending.CLAIMED:
            return
        if visit.note:
            await self.staff(manager, f"/notitie {reference} {NOTES[visit.kind]}")
        await self.staff(manager, f"/antwoord {reference} {ANSWERS[visit.kind]}")
        if visit.ending is Ending.CLOSED:
            later = self.clock() + dt.timedelta(days=2, hours=1)
            self.at(later, partial(self._close, visit, manager, reference))

    async def _close(self, visit: Visit, manager: str, reference: str) -> None:
        """Closed with an outcome; the customer gives the CSAT score they are asked for (or
        not), a low one with a remark, and the manager follows it up the next day."""
        out = await self.staff(manager, f"/sluit {reference} {visit.outcome}")
        user, address = visit.person.user, f"{CUSTOMER_CHANNEL}:{visit.person.user}"
        score = str(visit.rating)
        if visit.rating is None or score not in _labels(out, address):
            return
        await self._press(user, out, address, score)
        if visit.comment is not None:
            await self.say(user, visit.comment)
        if visit.rating <= 2:
            later = self.clock() + dt.timedelta(days=1)
            self.at(later, partial(self.staff, manager, f"/opgevolgd {reference}"))

    # --- learners ---------------------------------------------------------------------------------

    def _learner_steps(self, plan: Plan, first: dt.datetime) -> None:
        for n, learner in enumerate(plan.learners):
            start = dt.datetime.combine(learner[2], dt.time(10), tzinfo=self.loket.org.zone)
            self.at(max(first, start.astimezone(dt.UTC)), partial(self._enrol, n, *learner))

    async def _enrol(
        self, n: int, name: str, qualification: str, start: dt.date, end: dt.date
    ) -> None:
        """A learner entered by an account manager links their chat and asks where they
        stand; each milestone is signed off when it falls due (a few late)."""
        manager = self._managers[0]
        companies = [c.name for c in self.loket.org.member_company] or ["Leerbedrijf"]
        company = companies[n % len(companies)]
        line = f"/nieuweleerling {name}; {qualification}; BBL; {company}; {start}; {end}"
        text = " ".join(o.text for o in await self.staff(manager, line))
        code, learner = LINK_CODE.search(text), LEARNER_CODE.search(text)
        if code is None or learner is None:
            return
        self.played.learners += 1
        user = f"demo-leerling-{n + 1}"
        await self.say(user, f"/start {code.group(1)}")
        await self.say(user, "wanneer is mijn volgende mijlpaal?")
        shown = " ".join(o.text for o in await self.staff(manager, f"/leerling {learner.group(1)}"))
        zone = self.loket.org.zone
        for number in dict.fromkeys(MILESTONE.findall(shown)):
            milestone = await self.loket.store.milestone(int(number))
            if milestone is None:
                continue
            late = dt.timedelta(days=(n * 11) % 30 if n % 4 == 3 else 0)  # a few late
            day = max(milestone.due_date + late, self.clock().astimezone(zone).date())
            moment = dt.datetime.combine(day, dt.time(11), tzinfo=zone).astimezone(dt.UTC)
            # "toch": achieved with portfolio items still open, which staff confirm
            command = f"/mijlpaal M{number} behaald toch {day}"
            self.at(moment, partial(self.staff, manager, command))
        code_of = learner.group(1)
        if n == 4:  # one learner stops, a few weeks before the end of the demo
            stop = self.until - dt.timedelta(days=12)
            self.at(
                stop,
                partial(
                    self.staff, manager, f"/leerlingstatus {code_of} gestopt werk buiten de metaal"
                ),
            )
        if n == 3:  # one finishes: the day after the last milestone
            finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(12), tzinfo=zone)
            text = f"/leerlingstatus {code_of} afgerond {end + dt.timedelta(days=1)}"
            self.at(finish.astimezone(dt.UTC), partial(self.staff, manager, text))


def _labels(out: Sequence[Outbound], address: str) -> list[str]:
    for o in reversed(out):
        if o.to == address and o.buttons:
            return [b.label for b in o.buttons]
    return []


async def play_demo(
    loket: Loket, clock: DemoClock, last_day: dt.date, days: int, seed: int
) -> Played:
    """The plan played from ``days`` days before ``last_day`` to its end (17:00 local)."""
    plan = make_plan(loket.org, loket.catalogue, last_day, days, seed)
    until = dt.datetime.combine(last_day, dt.time(17, 0), tzinfo=loket.org.zone)
    player = Player(loket, clock)
    return await player.play(plan, until.astimezone(dt.UTC))
