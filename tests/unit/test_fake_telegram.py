"""The fake Bot API is only worth testing against if it is as strict as Telegram."""

from __future__ import annotations

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_users import STAFF_GROUP, Users

TOKEN = "123456:TEST-TOKEN"


async def test_unknown_method_wrong_token_and_missing_parameters() -> None:
    fake = FakeTelegram(TOKEN)
    assert (await fake.call(TOKEN, "sendTelepathy", {}))[0] == 404
    assert (await fake.call("1:other", "getMe", {}))[0] == 401
    status, body = await fake.call(TOKEN, "sendMessage", {"chat_id": 1})
    assert status == 400 and "text is required" in body["description"]


async def test_message_limits_and_markup() -> None:
    fake = FakeTelegram(TOKEN)
    Users(fake).chat(7)
    assert (await fake.call(TOKEN, "sendMessage", {"chat_id": 7, "text": "x" * 4097}))[0] == 400
    assert (await fake.call(TOKEN, "sendMessage", {"chat_id": 7, "text": "x" * 4096}))[0] == 200
    markup = {"inline_keyboard": [[{"text": "te lang", "callback_data": "d" * 65}]]}
    status, body = await fake.call(
        TOKEN, "sendMessage", {"chat_id": 7, "text": "kies", "reply_markup": markup}
    )
    assert status == 400 and "BUTTON_DATA_INVALID" in body["description"]
    status, _ = await fake.call(
        TOKEN, "sendMessage", {"chat_id": 7, "text": "<script>", "parse_mode": "HTML"}
    )
    assert status == 400  # unescaped HTML is refused like Telegram does
    assert (await fake.call(TOKEN, "sendMessage", {"chat_id": 8, "text": "hoi"}))[0] == 400


async def test_topics_and_threads() -> None:
    fake = FakeTelegram(TOKEN)
    users = Users(fake)
    users.forum()
    users.chat(7)
    status, body = await fake.call(TOKEN, "createForumTopic", {"chat_id": 7, "name": "x"})
    assert status == 400 and "not a forum" in body["description"]
    _, body = await fake.call(TOKEN, "createForumTopic", {"chat_id": STAFF_GROUP, "name": "REF"})
    thread = body["result"]["message_thread_id"]
    ok = {"chat_id": STAFF_GROUP, "text": "hoi", "message_thread_id": thread}
    assert (await fake.call(TOKEN, "sendMessage", ok))[0] == 200
    status, body = await fake.call(TOKEN, "sendMessage", {**ok, "message_thread_id": 99})
    assert status == 400 and "message thread not found" in body["description"]


async def test_injected_faults_and_blocked_users() -> None:
    fake = FakeTelegram(TOKEN)
    Users(fake).chat(7)
    fake.inject("sendMessage", "429", retry_after=3)
    status, body = await fake.call(TOKEN, "sendMessage", {"chat_id": 7, "text": "a"})
    assert status == 429 and body["parameters"]["retry_after"] == 3
    fake.blocked.add(7)
    assert (await fake.call(TOKEN, "sendMessage", {"chat_id": 7, "text": "a"}))[0] == 403
    assert [c.status for c in fake.calls] == [429, 403]


async def test_get_updates_confirms_by_offset() -> None:
    fake = FakeTelegram(TOKEN)
    users = Users(fake)
    first, second = users.text(7, "een"), users.text(7, "twee")
    await fake.push_update(first)
    await fake.push_update(second)
    _, body = await fake.call(TOKEN, "getUpdates", {"offset": 0})
    assert [u["update_id"] for u in body["result"]] == [first["update_id"], second["update_id"]]
    _, body = await fake.call(TOKEN, "getUpdates", {"offset": second["update_id"]})
    assert [u["update_id"] for u in body["result"]] == [second["update_id"]]
    fake.webhook = {"url": "https://x"}
    assert (await fake.call(TOKEN, "getUpdates", {}))[0] == 409
