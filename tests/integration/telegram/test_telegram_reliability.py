"""Faults, duplicates, restarts, privacy and bad input through the real Application."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from obm_bot.adapters.telegram.app import SLA_JOB
from obm_bot.domain.models import HandoffStatus
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram.conftest import ANOUK, CUSTOMER, TelegramHarness
from tests.integration.telegram.test_telegram_flow import request_course

OTHER = 777


@pytest.mark.parametrize("fault", ["500", "timeout", "429"])
async def test_temporary_faults_are_retried(bot: TelegramHarness, fault: str) -> None:
    bot.fake.inject("sendMessage", fault, times=2, chat_id=CUSTOMER)
    await bot.say(CUSTOMER, "hallo")
    attempts = [c for c in bot.fake.calls if c.method == "sendMessage"]
    assert [c.status for c in attempts][-1] == 200 and len(attempts) == 3
    assert "Welkom" in bot.last_text(CUSTOMER)
    assert await bot.adapter.loket.store.undelivered(f"telegram:{CUSTOMER}") == []


async def test_an_outage_is_outlasted_while_the_bot_runs(bot: TelegramHarness) -> None:
    bot.fake.inject("sendMessage", "500", times=10, chat_id=CUSTOMER)
    await bot.say(CUSTOMER, "hallo")
    assert bot.fake.texts(CUSTOMER) == []  # resting between tries, nothing lost
    assert len(await bot.adapter.loket.store.undelivered(f"telegram:{CUSTOMER}")) == 1
    for _ in range(50):  # no restart: the outbox keeps trying, with growing pauses
        await asyncio.sleep(0.05)
        await bot.adapter.settled()
        if bot.fake.texts(CUSTOMER):
            break
    [welcome] = bot.fake.texts(CUSTOMER)
    assert "Welkom" in welcome
    assert len(bot.fake.sent(ok_only=False)) == 11
    assert await bot.adapter.loket.store.undelivered(f"telegram:{CUSTOMER}") == []


async def test_what_an_outage_kept_goes_out_after_a_restart(bot: TelegramHarness) -> None:
    bot.fake.inject("sendMessage", "500", times=1000, chat_id=CUSTOMER)
    await bot.say(CUSTOMER, "hallo")
    await bot.stop()
    bot.fake.faults.clear()
    await bot.start()
    await bot.adapter.settled()
    [welcome] = bot.fake.texts(CUSTOMER)
    assert "Welkom" in welcome
    assert await bot.adapter.loket.store.undelivered(f"telegram:{CUSTOMER}") == []


async def test_rate_limiter_waits_out_a_429(bot: TelegramHarness) -> None:
    bot.rate_limit = True
    await bot.restart()
    bot.fake.inject("sendMessage", "429", times=1, chat_id=CUSTOMER, retry_after=1)
    await bot.say(CUSTOMER, "hallo")
    assert [c.status for c in bot.fake.sent(ok_only=False)] == [429, 200]


async def test_blocked_user_is_marked_and_not_retried(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    bot.fake.blocked.add(CUSTOMER)
    thread = next(iter(bot.topics()))
    before = len(bot.fake.sent(ok_only=False))
    await bot.say(ANOUK, "Ik bel u zo.", chat_id=STAFF_GROUP, thread=thread)
    to_customer = [
        c for c in bot.fake.sent(ok_only=False)[before:] if c.params["chat_id"] == CUSTOMER
    ]
    assert [c.status for c in to_customer] == [403]
    contact = await bot.adapter.loket.store.contact("telegram", str(CUSTOMER))
    assert contact is not None and contact.blocked
    assert "geblokkeerd" in bot.last_text(STAFF_GROUP, thread)
    assert reference in bot.last_text(STAFF_GROUP, thread)
    bot.fake.blocked.clear()
    await bot.say(CUSTOMER, "sorry, per ongeluk geblokkeerd")
    contact = await bot.adapter.loket.store.contact("telegram", str(CUSTOMER))
    assert contact is not None and not contact.blocked


async def test_deleted_topic_is_recreated(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    [old] = list(bot.topics())
    del bot.topics()[old]  # a manager deleted the topic by hand
    await bot.say(CUSTOMER, "Is er al nieuws?")
    [new] = list(bot.topics())
    assert new != old and bot.topics()[new]["name"].startswith(reference)
    texts = bot.fake.texts(STAFF_GROUP, new)
    assert reference in texts[0] and "Piet de Boer" in texts[0]  # the case first
    assert "Is er al nieuws?" in texts[-1]
    assert await bot.adapter.loket.store.thread_for(STAFF_GROUP, reference) == new


async def test_duplicate_update_is_processed_once(bot: TelegramHarness) -> None:
    update = bot.users.text(CUSTOMER, "hallo")
    await bot.process(update)
    await bot.process(update)
    assert len(bot.fake.texts(CUSTOMER)) == 1


async def test_restart_mid_handoff_rearms_sla_and_keeps_relaying(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name(SLA_JOB)
    await bot.restart()
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name(SLA_JOB)
    handoff = await bot.adapter.loket.store.handoff_by_reference(reference)
    assert handoff is not None
    expected = (handoff.reminder_at - bot.clock()).total_seconds()
    assert job.next_t is not None
    scheduled = (job.next_t - dt.datetime.now(dt.UTC)).total_seconds()
    assert abs(scheduled - expected) < 5
    thread = next(iter(bot.topics()))
    await bot.say(CUSTOMER, "Nog een vraag over de datum")
    assert "Nog een vraag" in bot.last_text(STAFF_GROUP, thread)

    bot.clock.advance(minutes=46)
    await job.run(bot.app)  # the job as the JobQueue runs it at reminder time
    await bot.adapter.settled()
    assert reference in bot.last_text(STAFF_GROUP, thread)
    assert "herinnering" in bot.last_text(STAFF_GROUP, thread).lower()
    [rearmed] = bot.app.job_queue.get_jobs_by_name(SLA_JOB)
    assert rearmed is not job


async def test_forged_button_gets_a_polite_refusal(bot: TelegramHarness) -> None:
    await bot.say(CUSTOMER, "hallo")
    await bot.process(bot.users.press(CUSTOMER, bot.last(CUSTOMER), "sluit:OBM-2026-000001:1"))
    assert "hoort niet" in bot.last_text(CUSTOMER)
    assert all(bot.fake.callback_queries.values())  # the spinner stopped


async def test_customers_cannot_use_staff_commands(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    await bot.say(OTHER, f"/pak {reference}")
    assert "alleen voor medewerkers" in bot.last_text(OTHER)
    bot.users.chat(OTHER)
    before = len(bot.fake.calls)
    await bot.say(OTHER, f"/sluit {reference} 1", chat_id=STAFF_GROUP)
    assert bot.fake.calls[before:] == []  # a stranger in the staff group is ignored
    handoff = await bot.adapter.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.status is HandoffStatus.OPEN


async def test_my_data_and_forget(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    await bot.say(CUSTOMER, "/mijngegevens")
    shown = bot.last_text(CUSTOMER)
    assert "Piet de Boer" in shown and "06 12345678" in shown and reference in shown
    await bot.say(CUSTOMER, "/vergeet")
    assert "Weet u het zeker?" in bot.last_text(CUSTOMER)
    await bot.press(CUSTOMER, "Ja, verwijder alles")
    assert "verwijderd" in bot.last_text(CUSTOMER)
    assert bot.topics() == {}  # the topic held the conversation: it is deleted
    notice = bot.last_text(STAFF_GROUP)
    assert reference in notice and "gegevens te verwijderen" in notice
    assert "uit de groep verwijderd" in notice

    store = bot.adapter.loket.store
    assert await store.contact("telegram", str(CUSTOMER)) is None
    handoff = await store.handoff_by_reference(reference)
    assert handoff is not None and handoff.status is HandoffStatus.CANCELLED
    request = await store.request_by_id(handoff.request_id or 0)
    assert request is not None and "Piet" not in request.summary and request.courses
    forgotten = await store.contact_by_id(handoff.contact_id)
    assert forgotten.name is None and forgotten.phone is None
    left = await store.transcript(handoff.conversation_id)  # only the staff notice, no words
    assert [m.text.split(":")[0] for m in left] == [reference] * len(left)

    await bot.say(CUSTOMER, "hallo")  # a fresh start
    assert "Welkom" in bot.last_text(CUSTOMER)


async def test_forget_can_be_declined(bot: TelegramHarness) -> None:
    await bot.say(CUSTOMER, "hallo")
    await bot.say(CUSTOMER, "/vergeet")
    await bot.press(CUSTOMER, "Nee, bewaren")
    assert "niets verwijderd" in bot.last_text(CUSTOMER)
    assert await bot.adapter.loket.store.contact("telegram", str(CUSTOMER)) is not None


async def test_an_adapter_failure_is_logged_with_the_letter(
    bot: TelegramHarness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the network card caught fire")

    monkeypatch.setattr(bot.adapter.courier.postman, "post", broken)
    await bot.say(CUSTOMER, "hallo")
    failure = next(r for r in caplog.records if "failed" in r.message and "telegram:" in r.message)
    assert failure.exc_info is not None and "caught fire" in str(failure.exc_info[1])
    assert len(await bot.adapter.loket.store.undelivered(f"telegram:{CUSTOMER}")) == 1  # kept
    monkeypatch.undo()
    for _ in range(40):  # the outbox tries again while the bot runs
        await asyncio.sleep(0.05)
        await bot.adapter.settled()
        if bot.fake.texts(CUSTOMER):
            break
    assert "Welkom" in bot.last_text(CUSTOMER)
