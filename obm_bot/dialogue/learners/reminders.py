"""Reminders before a milestone and notices when one is overdue, to the learner and the coaches
who work with the bot (and, when overdue, the company's account manager)."""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.desk import SYSTEM, Desk
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.domain.learners import Learner, Milestone
from obm_bot.organisation import Organisation
from obm_bot.organisation_models import LearnerSettings
from obm_bot.storage.store import Store


class Reminders:
    """Mixed into ``LearnerDesk``: the engine's timer asks it when to look and what to send."""

    desk: Desk
    store: Store
    org: Organisation
    settings: LearnerSettings

    def _remind_moment(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.settings.remind_at, self.org.zone)

    async def next_timer(self, now: dt.datetime) -> dt.datetime | None:
        """When the next reminder or overdue notice is due, never before today's sending
        time (a reminder missed while the bot was down goes out at once, or at 9:00)."""
        remind, overdue = await self.store.next_milestone_dates()
        moments = []
        if remind is not None:
            moments.append(self._remind_moment(remind - dt.timedelta(self.settings.reminder_days)))
        if overdue is not None:
            moments.append(self._remind_moment(overdue + dt.timedelta(days=1)))
        if not moments:
            return None
        local = now.astimezone(self.org.zone)
        allowed = (
            now if local.time() >= self.settings.remind_at else self._remind_moment(local.date())
        )
        return max(min(moments), allowed)

    async def tick(self, now: dt.datetime) -> list[Outbound]:
        local = now.astimezone(self.org.zone)
        if local.time() < self.settings.remind_at:
            return []  # reminders go out in the morning, not at midnight
        today = local.date()
        remind_until = today + dt.timedelta(days=self.settings.reminder_days)
        out: list[Outbound] = []
        for kind, milestone in await self.store.milestones_to_remind(remind_until, today):
            learner = await self.store.learner(milestone.learner_id)
            if learner is None:
                continue
            out += await self._remind(kind, learner, milestone, today, now)
            field = "overdue_noticed_at" if kind == "overdue" else "reminded_at"
            await self.store.update_milestone(milestone.id, **{field: now})
        return out

    async def _remind(
        self, kind: str, learner: Learner, milestone: Milestone, today: dt.date, now: dt.datetime
    ) -> list[Outbound]:
        context = {
            "kind": kind, "milestone": milestone, "code": learner.code, "name": learner.name,
            "company": learner.company, "first_name": learner.name.split()[0],
            "days": (milestone.due_date - today).days,
        }  # fmt: skip
        out: list[Outbound] = []
        conversation = None
        if learner.contact_id is not None:
            contact = await self.store.contact_by_id(learner.contact_id)
            conversation = await self.store.conversation_for(contact.id, now)
            if kind == "reminder":
                text = self.desk.renderer.render("learner_reminder", to_learner=True, **context)
                address = f"{contact.channel}:{contact.channel_user_id}"
                out.append(await self.desk.emit(conversation.id, address, text, now))
        staff = [c.name for c in learner.coaches if self.org.coach_named(c.name)]
        if kind == "overdue":
            company = self.org.company_for(learner.company)
            staff += (
                [company.account_manager] if company else [m.name for m in self.org.account_manager]
            )
        text = self.desk.renderer.render("learner_reminder", to_learner=False, **context)
        for name in dict.fromkeys(staff):
            if conversation is not None:  # stored with the learner's conversation
                out.append(await self.desk.emit(
                    conversation.id, staff_address(name), text, now, author=SYSTEM
                ))  # fmt: skip
            else:
                out.append(Outbound(to=staff_address(name), text=text))
        return out
