"""What coaches and account managers do with learners, as staff commands in any channel.

Account managers see every learner; a coach (``[[coach]]`` in obm.toml) only the learners
who name them as a coach.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

from obm_bot.dialogue.desk import SYSTEM
from obm_bot.dialogue.learners.desk import IssuedCode, LearnerDesk
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.staff.commands import DeskKind, find, names
from obm_bot.domain.learners import Learner, LearnerDraft, LearnerStatus, Milestone
from obm_bot.domain.learners import MilestoneStatus as Status

LEARNER_COMMANDS = names(DeskKind.LEARNERS)
CODE = re.compile(r"^([LM])(\d{1,9})$", re.IGNORECASE)


class LearnerActionError(Exception):
    def __init__(self, kind: str, **context: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.context = context


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise LearnerActionError("bad_date", text=text) from None


class LearnerStaff:
    def __init__(self, learners: LearnerDesk) -> None:
        self.learners = learners
        self.store = learners.store
        self.renderer = learners.desk.renderer
        self.org = learners.org

    def notice(self, kind: str, **context: object) -> str:
        return self.renderer.render("learner_notice", kind=kind, **context)

    async def handle(self, staff: str, command: str, rest: str, now: dt.datetime) -> list[Outbound]:
        to = staff_address(staff)
        spec = find(command)
        if spec is not None and not spec.allowed(not self._is_coach(staff)):
            # /nieuweleerling: the engine refuses it too, but a coach must never get a link
            # code of a learner who is not theirs, whoever calls this.
            return [
                Outbound(to=to, text=self.learners.desk.notice("managers_only", command=command))
            ]
        try:
            return await self._dispatch(staff, command, rest.strip(), now)
        except LearnerActionError as exc:
            return [Outbound(to=to, text=self.notice(exc.kind, **exc.context))]

    async def _dispatch(
        self, staff: str, command: str, rest: str, now: dt.datetime
    ) -> list[Outbound]:
        reply = staff_address(staff)
        first, _, argument = rest.partition(" ")
        if command == "leerlingen":
            return [Outbound(to=reply, text=await self.overview(staff, now))]
        if command == "nieuweleerling":
            return [Outbound(to=reply, text=await self.create(rest, now))]
        if command == "mijlpaal":
            return await self.milestone(staff, first, argument, now)
        if command == "portfolio":
            return [Outbound(to=reply, text=await self.portfolio(staff, first, argument, now))]
        if command not in LEARNER_COMMANDS or not first:
            return [Outbound(to=reply, text=self.notice("usage"))]
        learner = await self._learner(staff, first)
        if command == "leerling":
            text = self.renderer.render(
                "staff_learner", learner=learner, programme=self.learners.programme(learner),
                milestones=await self.store.milestones(learner.id),
                notes=await self.store.learner_notes(learner.id),
                today=now.astimezone(self.org.zone).date(),
            )  # fmt: skip
        elif command == "koppelcode":
            text = self._code_text(learner, await self.learners.issue_code(learner.id, now))
        elif command == "leerlingnotitie":
            if not argument.strip():
                raise LearnerActionError("usage")
            await self.store.add_learner_note(learner.id, staff, argument.strip(), now)
            text = self.notice("noted", code=learner.code, name=learner.name)
        elif command == "leerlingstatus":
            text = await self.set_status(learner, argument, now)
        else:
            raise LookupError(f"/{command} is in the command table but has no handler here")
        await self.store.audit(staff, command, None, {"learner": learner.id}, now)
        return [Outbound(to=reply, text=text)]

    # --- lookups with the coach restriction ----------------------------------------------------

    def _is_coach(self, staff: str) -> bool:
        return self.org.manager(staff) is None

    async def _learner(self, staff: str, code: str) -> Learner:
        match = CODE.match(code)
        learner = (
            await self.store.learner(int(match.group(2)))
            if match and match.group(1).upper() == "L"
            else None
        )
        coach = self._is_coach(staff)
        if learner is None or (
            coach and staff.lower() not in {c.name.lower() for c in learner.coaches}
        ):
            raise LearnerActionError("unknown_learner", code=code, coach=coach)
        return learner

    async def _milestone(self, staff: str, code: str) -> tuple[Learner, Milestone]:
        match = CODE.match(code)
        milestone = (
            await self.store.milestone(int(match.group(2)))
            if match and match.group(1).upper() == "M"
            else None
        )
        if milestone is None:
            raise LearnerActionError("unknown_milestone", code=code)
        return await self._learner(staff, f"L{milestone.learner_id}"), milestone

    # --- the commands ---------------------------------------------------------------------------

    async def overview(self, staff: str, now: dt.datetime) -> str:
        today = now.astimezone(self.org.zone).date()
        mine = self._is_coach(staff)
        rows = []
        for learner in await self.store.learners(coach=staff if mine else None):
            upcoming = next(
                (
                    m
                    for m in await self.store.milestones(learner.id)
                    if m.status is not Status.ACHIEVED
                ),
                None,
            )
            rows.append({
                "code": learner.code, "name": learner.name, "company": learner.company,
                "next": upcoming, "late": bool(upcoming and upcoming.due_date < today),
                "days": self.learners.days_left(upcoming.due_date, today) if upcoming else "",
                "urgency": (upcoming.due_date - today).days if upcoming else None,
            })  # fmt: skip
        # Most overdue first, then the nearest due date; learners with everything done last.
        rows.sort(key=lambda r: (r["urgency"] is None, r["urgency"] or 0))
        return self.renderer.render("staff_learners", rows=rows, mine=mine)

    async def create(self, rest: str, now: dt.datetime) -> str:
        parts = [p.strip() for p in rest.split(";")]
        if len(parts) < 6:
            raise LearnerActionError("usage")
        name, programme, path, company, start, end = parts[:6]
        qualification = self.learners.catalogue.qualification(programme)
        if qualification is None:
            raise LearnerActionError("invalid", problem=f"kwalificatie {programme!r} onbekend")
        try:
            draft = LearnerDraft(
                name=name, qualification_id=qualification.id, path=path, company=company,
                practice_centre=parts[6] if len(parts) > 6 and parts[6] else None,
                start_date=parse_day(start), planned_end=parse_day(end),
            )  # fmt: skip
        except ValidationError as exc:
            error = exc.errors()[0]
            raise LearnerActionError(
                "invalid", problem=f"{'.'.join(map(str, error['loc']))}: {error['msg']}"
            ) from None
        if draft.planned_end <= draft.start_date:
            raise LearnerActionError("invalid", problem="eind ligt niet na start")
        if draft.path.lower() not in {p.value for p in qualification.paths}:
            raise LearnerActionError(
                "invalid", problem=f"{qualification.title} kent geen leerweg {draft.path}"
            )
        learner, issued = await self.learners.create(draft, now)
        created = self.notice("created", code=learner.code, name=learner.name)
        return f"{created}\n{self._code_text(learner, issued)}"

    def _code_text(self, learner: Learner, issued: IssuedCode) -> str:
        return self.notice(
            "code", code=learner.code, name=learner.name, link_code=issued.code,
            link=self.learners.deep_link(issued.code),
            expires=issued.expires.astimezone(self.org.zone).date(),
        )  # fmt: skip

    async def milestone(
        self, staff: str, code: str, argument: str, now: dt.datetime
    ) -> list[Outbound]:
        learner, milestone = await self._milestone(staff, code)
        verb, _, when = argument.strip().partition(" ")
        today = now.astimezone(self.org.zone).date()
        reply = staff_address(staff)
        out: list[Outbound] = []
        if verb.lower() == "behaald":
            words = when.split()
            sure = any(w.lower() == "toch" for w in words)
            dates = [w for w in words if w.lower() != "toch"]
            day = parse_day(dates[0]) if dates else today
            if milestone.open_items and not sure:  # nothing is stored until it is confirmed
                return [Outbound(to=reply, text=self.notice(
                    "confirm_achieved", milestone=milestone.name, code=learner.code,
                    name=learner.name, items=[i.name for i in milestone.open_items],
                    command=f"/mijlpaal M{milestone.id} behaald toch"
                    + (f" {dates[0]}" if dates else ""), ref=f"M{milestone.id}",
                ))]  # fmt: skip
            await self.store.update_milestone(milestone.id, status=Status.ACHIEVED, achieved_on=day)
            out += await self._congratulate(learner, milestone, now)
            text = self.notice(
                "achieved", milestone=milestone.name, code=learner.code, name=learner.name,
                told=bool(out),
            )  # fmt: skip
        elif verb.lower() == "uitgesteld" and when.strip():
            day = parse_day(when)
            await self.store.update_milestone(
                milestone.id, status=Status.POSTPONED, due_date=day, reminded_at=None,
                overdue_noticed_at=None,
            )  # fmt: skip
            text = self.notice(
                "postponed", milestone=milestone.name, code=learner.code, name=learner.name, day=day
            )
        else:
            raise LearnerActionError("usage")
        await self.store.audit(
            staff, f"mijlpaal {verb.lower()}", None, {"milestone": milestone.id}, now
        )
        if self.learners.triad is not None:  # the three coaches hear it in their thread
            changed = await self.store.milestone(milestone.id) or milestone
            out += await self.learners.triad.milestone_set(
                staff, learner, changed, verb.lower(), changed.due_date, now
            )
        return [Outbound(to=reply, text=text), *out]

    async def _congratulate(
        self, learner: Learner, milestone: Milestone, now: dt.datetime
    ) -> list[Outbound]:
        if learner.contact_id is None:
            return []
        contact = await self.store.contact_by_id(learner.contact_id)
        conversation = await self.store.conversation_for(contact.id, now)
        upcoming = next(
            (m for m in await self.store.milestones(learner.id) if m.status is not Status.ACHIEVED),
            None,
        )
        text = self.renderer.render(
            "milestone_achieved", first_name=learner.name.split()[0], milestone=milestone,
            next=upcoming,
        )  # fmt: skip
        address = f"{contact.channel}:{contact.channel_user_id}"
        return [await self.learners.desk.emit(conversation.id, address, text, now, author=SYSTEM)]

    async def portfolio(self, staff: str, code: str, argument: str, now: dt.datetime) -> str:
        learner, milestone = await self._milestone(staff, code)
        number, _, reopen = argument.strip().partition(" ")
        if not number.isdigit() or not 1 <= int(number) <= len(milestone.portfolio):
            raise LearnerActionError("unknown_item", number=number, milestone=milestone.name)
        item = milestone.portfolio[int(number) - 1]
        done = reopen.strip().lower() != "open"
        await self.store.mark_item_done(
            item.id, now.astimezone(self.org.zone).date() if done else None
        )
        await self.store.audit(staff, "portfolio", None, {"item": item.id, "done": done}, now)
        return self.notice(
            "item", milestone=milestone.name, code=learner.code, item=item.name, done=done
        )

    async def set_status(self, learner: Learner, argument: str, now: dt.datetime) -> str:
        word, _, rest = argument.strip().partition(" ")
        today = now.astimezone(self.org.zone).date()
        if word.lower() == "afgerond":
            day = parse_day(rest) if rest.strip() else today
            await self.store.set_learner_status(learner.id, LearnerStatus.FINISHED, None, day)
        elif word.lower() == "gestopt" and rest.strip():
            await self.store.set_learner_status(
                learner.id, LearnerStatus.STOPPED, rest.strip(), today
            )
        else:
            raise LearnerActionError("usage")
        return self.notice("status", code=learner.code, name=learner.name, status=word.lower())
