"""A database with known numbers for the management report (period 2 to 15 November 2026)."""

from __future__ import annotations

import datetime as dt

from obm_bot.domain.learners import LearnerDraft, LearnerStatus
from obm_bot.domain.learners import MilestoneStatus as Status
from obm_bot.domain.models import Priority, RequestKind, Role
from obm_bot.organisation import Organisation
from obm_bot.storage.store import Store

FIRST, LAST = dt.date(2026, 11, 2), dt.date(2026, 11, 15)
NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


async def fill(store: Store, org: Organisation) -> None:
    async with store.transaction():
        await store.sync_companies([(c.name, c.account_manager) for c in org.member_company])
        people = {}
        for key, role, company in (
            ("c1", Role.EMPLOYER, "Bouwmeester Metaal"),
            ("c2", Role.EMPLOYER, "Van Dam Constructie"),
            ("c3", Role.EMPLOYEE, "Smederij Onbekend"),
            ("c4", Role.SCHOOL, None),
        ):
            contact, _ = await store.get_or_create_contact("console", key, key, at(1))
            await store.update_contact(contact.id, role=role, company=company, name=f"Naam {key}")
            conversation = await store.conversation_for(contact.id, at(1))
            people[key] = (contact.id, conversation.id)

        async def request(
            key: str,
            when: dt.datetime,
            kind: RequestKind,
            intent: str,
            courses: list[str],
            participants: int | None,
        ) -> tuple[int, str, int]:
            contact_id, conversation_id = people[key]
            made = await store.create_request(
                contact_id=contact_id, conversation_id=conversation_id, kind=kind, intent=intent,
                courses=courses, entities={"participants": participants}, summary="x", now=when,
            )  # fmt: skip
            return made.id, made.reference, conversation_id

        r1 = await request("c1", at(3), RequestKind.COURSE, "course_search", ["vca-basis"], 4)
        r2 = await request("c2", at(5), RequestKind.QUOTE, "quote_request", ["vca-basis"], 3)
        await request("c3", at(10), RequestKind.ENROLMENT, "enrolment", ["heftruck"], None)
        r4 = await request("c4", at(12), RequestKind.QUOTE, "quote_request", [], None)
        await request("c1", at(20), RequestKind.COURSE, "course_search", ["vca-basis"], 9)  # after

        for key, when, text, course, score in (
            ("c3", at(4), "cursus cobot programmeren", None, None),
            ("c1", at(6), "cobot programmeren voor 2 man", "plc-basis", 40.0),
            ("c4", at(11), "waterstof veiligheid training", "vca-basis", 55.0),
            ("c1", at(3), "vca basis voor 4 man", "vca-basis", 95.0),
        ):
            await store.add_demand_signal(
                when, people[key][0], None, None, "course_search", text, course, score, None
            )

        async def handoff(
            made: tuple[int, str, int], key: str, opened: dt.datetime, assignee: str | None
        ) -> int:
            created = await store.create_handoff(
                reference=made[1], request_id=made[0], conversation_id=made[2],
                contact_id=people[key][0], priority=Priority.NORMAL, assignee=assignee,
                now=opened, sla_deadline=opened + dt.timedelta(hours=1),
                reminder_at=opened + dt.timedelta(minutes=45),
            )  # fmt: skip
            return created.id

        h1 = await handoff(r1, "c1", at(3), "Anouk de Vries")
        await store.update_handoff(
            h1, status="closed", first_response_at=at(3, 10, 20), closed_at=at(3, 11),
            outcome="aangemeld",
        )  # fmt: skip
        h2 = await handoff(r2, "c2", at(5), "Bart Jansen")
        await store.update_handoff(h2, status="claimed", first_response_at=at(5, 12))
        await handoff(r4, "c4", at(12), None)  # never answered, still open

        def draft(name: str, start: dt.date, end: dt.date) -> LearnerDraft:
            return LearnerDraft(
                name=name, qualification_id="basislasser", path="BBL",
                company="Bouwmeester Metaal", start_date=start, planned_end=end,
            )  # fmt: skip

        learners = []
        for name, start, end, milestone_name, due in (
            ("Lotte", dt.date(2026, 11, 9), dt.date(2029, 11, 9), "intakegesprek", 11),
            ("Mees", dt.date(2025, 1, 6), dt.date(2027, 1, 4), "extra beoordeling", 4),
            ("Noor", dt.date(2024, 9, 2), dt.date(2026, 12, 31), "proeve", 6),
        ):
            learners.append(await store.create_learner(
                draft(name, start, end), [(milestone_name, dt.date(2026, 11, due), None, [])], at(9)
            ))  # fmt: skip
        l1, l2, l3 = learners
        for learner_id, achieved in ((l2, dt.date(2026, 11, 3)), (l3, dt.date(2026, 11, 10))):
            [milestone] = await store.milestones(learner_id)
            await store.update_milestone(milestone.id, status=Status.ACHIEVED, achieved_on=achieved)
        await store.set_learner_status(
            l2, LearnerStatus.STOPPED, "werk gevonden buiten de metaal", dt.date(2026, 11, 10)
        )
        await store.set_learner_status(l3, LearnerStatus.FINISHED, None, dt.date(2026, 11, 13))
        assert l1
