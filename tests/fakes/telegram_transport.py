"""The two ways into the fake Bot API: an httpx transport in-process, an aiohttp server."""

from __future__ import annotations

import asyncio
import json
import re
from email.parser import BytesParser
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import httpx
from aiohttp import web

from tests.fakes.telegram_api import FakeTelegram, InjectedTimeoutError

PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")
PLAIN_TEXT = {"text", "caption", "name", "url", "secret_token", "callback_query_id", "parse_mode"}


def decode(raw: dict[str, str]) -> dict[str, Any]:
    """python-telegram-bot sends every parameter as a string, JSON-encoded unless a string."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in PLAIN_TEXT:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _form(request: httpx.Request) -> dict[str, str]:
    content_type = request.headers.get("content-type", "")
    body = request.content
    if content_type.startswith("multipart/form-data"):
        parsed = BytesParser().parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        form: dict[str, str] = {}
        for part in parsed.walk():
            if part.is_multipart():  # the form itself; its fields follow
                continue
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename():
                form[str(name)] = "<file>"
            else:
                form[str(name)] = payload.decode() if isinstance(payload, bytes) else ""
        return form
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def mock_transport(fake: FakeTelegram) -> httpx.MockTransport:
    async def handler(request: httpx.Request) -> httpx.Response:
        match = PATH.match(request.url.path)
        if match is None:
            return httpx.Response(
                404, json={"ok": False, "error_code": 404, "description": "Not Found"}
            )
        try:
            status, body = await fake.call(match["token"], match["method"], decode(_form(request)))
        except InjectedTimeoutError:
            raise httpx.ReadTimeout("injected timeout", request=request) from None
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handler)


class FakeTelegramServer:
    """The fake on 127.0.0.1 (random port) for whole-process tests: ``base_url`` is what
    ``OBM_TELEGRAM_BASE_URL`` should be."""

    def __init__(self, fake: FakeTelegram, timeout_seconds: float = 30) -> None:
        self.fake = fake
        self.timeout_seconds = timeout_seconds
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def _handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        raw = {k: v if isinstance(v, str) else "<file>" for k, v in form.items()}
        try:
            status, body = await self.fake.call(
                request.match_info["token"], request.match_info["method"], decode(raw)
            )
        except InjectedTimeoutError:
            await asyncio.sleep(self.timeout_seconds)
            status, body = 504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"}
        return web.json_response(body, status=status)

    async def __aenter__(self) -> FakeTelegramServer:
        app = web.Application()
        app.router.add_post(r"/bot{token}/{method}", self._handle)
        # Like Telegram, a long poll ends when the client goes away (SIGTERM, stop()).
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
