"""/vergeet through the real engine and SQLite file: afterwards the person's name, phone and
words are in neither the database file nor its WAL, and what stays for the figures is
anonymous."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.reporting.build import build_report
from obm_bot.reporting.figures import Period
from obm_bot.storage.store import Store
from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import ANOUK, BART, answer_until_summary
from tests.integration.conftest import Harness

CUSTOMER = "555123"
STAFF_GROUP = -1001234567890
THREAD = 77
NAME = "Jorieke Quastenberg"
PHONE = "0634719265"
COMPANY = "Smederij Wolkentrapper"  # not a member: typed free text
LEARNER = "Sem Paardekoper"
RELAYED = "Vergeet de zuurstofcilinder Paarsbloesem niet mee te nemen"
STAFF_ANSWER = "Beste Jorieke, de Zilverreigergroep start in maart"
# What must be gone, as bytes in the files (lower case: compared with the lowered bytes).
SECRETS = ("jorieke", "quastenberg", PHONE, "wolkentrapper", "paardekoper", "paarsbloesem",
           "zilverreiger")  # fmt: skip


async def ask_for_a_course(chat: Chat, first: str, answers: dict[str, str]) -> str:
    """A request up to the desk; returns its reference."""
    await chat.say(first)
    if "Werkgever" in chat.labels:
        await chat.press("Werkgever")
    await answer_until_summary(chat, answers)
    await chat.press("Klopt, aanvragen")
    return (await chat.handoff()).reference


async def forget(chat: Chat) -> None:
    await chat.say("/vergeet")
    await chat.press("Ja, verwijder alles")


async def telegram_traces(store: Store, reference: str, now: dt.datetime) -> None:
    """What the Telegram side keeps of this case: the raw updates in the inbox (the
    customer's, the staff's answer in the case's topic, a staff command naming it), a sent
    staff notice in the outbox, a wrong link code tried, and the topic itself."""

    def update(text: str, chat_id: int, user: tuple[int, str], thread: int | None = None) -> str:
        message = {"chat": {"id": chat_id}, "from": {"id": user[0], "first_name": user[1]}}
        message |= {"text": text} | ({"message_thread_id": thread} if thread else {})
        return json.dumps({"update_id": 1, "message": message})

    customer, anouk, other = (int(CUSTOMER), "Jorieke"), (100001, "Anouk"), (999, "Kees")
    inbox = [
        ("10", CUSTOMER, CUSTOMER, update(RELAYED, customer[0], customer)),
        ("11", "100001", str(STAFF_GROUP), update(STAFF_ANSWER, STAFF_GROUP, anouk, THREAD)),
        ("12", "100001", "100001", update(f"/antwoord {reference} {STAFF_ANSWER}", 100001, anouk)),
        ("13", "999", "999", update("iemand anders", 999, other)),
        ("14", "100001", str(STAFF_GROUP), update("over een andere zaak", STAFF_GROUP, anouk, 78)),
    ]
    async with store.transaction():
        await store.save_thread(STAFF_GROUP, reference, THREAD, now)
        for update_id, user_id, chat_id, payload in inbox:
            await store._conn.execute(
                "INSERT INTO inbox (channel, update_id, user_id, chat_id, payload, received_at,"
                " handled_at) VALUES ('telegram', ?, ?, ?, ?, ?, ?)",
                (update_id, user_id, chat_id, payload, now.isoformat(), now.isoformat()),
            )
        notice = json.dumps({"to": f"staff:{ANOUK}", "text": NAME, "reference": reference})
        await store._conn.execute(
            "INSERT INTO outbox (lane, recipient, batch, payload, created_at, sent_at)"
            " VALUES ('telegram', ?, 'b', ?, ?, ?)",
            (f"staff:{ANOUK}", notice, now.isoformat(), now.isoformat()),
        )
        await store._conn.execute(
            "INSERT INTO link_attempts (channel, user_id, attempted_at) VALUES"
            " ('telegram', ?, ?), ('telegram', '999', ?)",
            (CUSTOMER, now.isoformat(), now.isoformat()),
        )


def found_in_files(db_path: Path) -> dict[str, list[str]]:
    """Which secrets each of the database's files still holds, byte for byte."""
    found = {}
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            data = path.read_bytes().lower()
            found[path.name] = [s for s in SECRETS if s.lower().encode() in data]
    return found


async def test_forgotten_words_are_gone_from_the_database_and_its_wal(
    harness: Harness, db_path: Path
) -> None:
    store = harness.loket.store
    chat = Chat(harness, CUSTOMER, channel="telegram")
    reference = await ask_for_a_course(
        chat,
        f"Goedemiddag, met {NAME} van {COMPANY}. graag {LEARNER} inschrijven voor vca vol,"
        f" in het weekend in Hengelo bij smeot. bel me op {PHONE}",
        {"company": COMPANY, "name": NAME, "phone": PHONE, "participants": "1"},
    )
    await chat.say(RELAYED)
    await harness.staff(ANOUK, f"/pak {reference}")
    await harness.staff(ANOUK, f"/antwoord {reference} {STAFF_ANSWER}")
    await telegram_traces(store, reference, harness.loket.clock())
    assert set(found_in_files(db_path)["obm.sqlite3-wal"]) == set(SECRETS)  # all there before

    await forget(chat)
    staff = [o for o in chat.staff if o.text.startswith(f"{reference}: de klant heeft")]
    assert staff and all(o.erase_topic and o.handoff_over for o in staff)

    contact = await store.contact_by_id(await contact_of(store, reference))
    assert (contact.name, contact.phone, contact.role, contact.company) == (None,) * 4
    assert contact.company_id is None and contact.channel_user_id.startswith("vergeten:")
    remaining = await store._all("SELECT update_id FROM inbox ORDER BY update_id")
    assert [r["update_id"] for r in remaining] == ["13", "14"]  # other people's, other cases
    attempts = await store._all("SELECT user_id FROM link_attempts")
    assert [a["user_id"] for a in attempts] == ["999"]
    letters = await store._all("SELECT recipient, payload FROM outbox")
    assert all(NAME not in r["payload"] for r in letters)  # at most the forget notices
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # truncated while the bot runs
    files = found_in_files(db_path)
    assert "obm.sqlite3" in files and all(not secrets for secrets in files.values()), files
    await store.close()  # the last connection checkpoints again: still nothing
    assert all(not secrets for secrets in found_in_files(db_path).values())


async def contact_of(store: Store, reference: str) -> int:
    handoff = await store.handoff_by_reference(reference)
    assert handoff is not None
    return handoff.contact_id


async def test_the_member_company_and_role_still_count_after_forgetting(
    harness: Harness, catalogue: Catalogue, organisation: Organisation
) -> None:
    chat = Chat(harness, "777")
    reference = await ask_for_a_course(
        chat,
        "met Henk Bos van Van Dam Constructie, ik wil Sem inschrijven voor vca vol"
        " in het weekend bij smeot, bel 0612345678",
        {"company": "Van Dam Constructie", "name": "Henk Bos", "phone": "0612345678",
         "participants": "1"},
    )  # fmt: skip
    assert (await chat.handoff()).assignee == BART
    await forget(chat)
    store = harness.loket.store
    today = harness.loket.clock().astimezone(organisation.zone).date()
    async with store.transaction():
        report = await build_report(
            store, catalogue, organisation, Period(today, today), harness.loket.clock()
        )
    assert [(c, n) for c, _, n in report.per_company] == [("Van Dam Constructie", 1)]
    assert report.per_role == [("werkgever", 1)]
    assert report.courses[0].course_id == "vca-vol" and report.courses[0].companies == 1
    [row] = report.rows
    assert row["reference"] == reference and "names" not in row["entities"]
    signals = await store._all("SELECT company, text, contact_id FROM demand_signals")
    assert signals and all(s["text"] == "" and s["contact_id"] is None for s in signals)
    assert {s["company"] for s in signals} == {"Van Dam Constructie"}


async def test_a_company_that_is_no_member_goes_from_the_figures(
    harness: Harness, catalogue: Catalogue, organisation: Organisation
) -> None:
    chat = Chat(harness, "778")
    await ask_for_a_course(
        chat,
        f"met {NAME} van {COMPANY}, ik wil {LEARNER} inschrijven voor vca vol in het weekend"
        f" bij smeot, bel {PHONE}",
        {"company": COMPANY, "name": NAME, "phone": PHONE, "participants": "1"},
    )
    await forget(chat)
    store = harness.loket.store
    today = harness.loket.clock().astimezone(organisation.zone).date()
    async with store.transaction():
        report = await build_report(
            store, catalogue, organisation, Period(today, today), harness.loket.clock()
        )
    assert [(c, n) for c, _, n in report.per_company] == [("onbekend", 1)]
    assert report.requests == 1 and report.courses[0].course_id == "vca-vol"
    signals = await store._all("SELECT company FROM demand_signals")
    assert signals and all(s["company"] is None for s in signals)
