"""Reply texts from jinja2 templates in ``rendering/templates`` (Dutch, formal "u").

Autoescape is on because Telegram replies are sent as HTML: anything the user typed that
ends up in a reply is escaped. ``StrictUndefined`` turns a template typo into an error in the
tests instead of an empty hole in a reply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    Template,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context as JinjaContext


def euro(amount: float) -> str:
    """Dutch money notation: 1.234,50 -> "€ 1.234,50"; whole euros without cents."""
    whole = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return "€ " + (whole[:-3] if whole.endswith(",00") else whole)


def dutch_date(value: dt.date) -> str:
    months = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
    return f"{value.day} {months[value.month - 1]} {value.year}"


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_in(value: dt.date, language: str) -> str:
    """ "12 jan 2027" in Dutch, "12 Jan 2027" in English."""
    if language == "en":
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return dutch_date(value)


@pass_context
def _date_in_language(context: JinjaContext, value: dt.date) -> str:
    return date_in(value, str(context.get("language", "nl")))


class UnknownKindError(ValueError):
    """A template that picks its text by ``kind`` was given a kind it has no text for."""


def unknown_kind(template: str, kind: object) -> NoReturn:
    """Called from a template's ``{% else %}``: a misspelt kind fails loudly in the tests
    instead of sending an empty message."""
    raise UnknownKindError(f"{template}: no text for kind {kind!r}")


class Renderer:
    def __init__(self) -> None:
        self._env = Environment(
            loader=PackageLoader("obm_bot.rendering", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # The templates ship with the package and never change while the loket runs: no
            # stat() of the file before every render.
            auto_reload=False,
        )
        self._templates: dict[str, Template] = {}
        self._english = frozenset(
            name.removeprefix("en/").removesuffix(".txt.j2")
            for name in self._env.list_templates(extensions=["j2"])
            if name.startswith("en/")
        )
        self._env.filters["euro"] = euro
        self._env.filters["datum"] = _date_in_language
        self._env.globals["unknown_kind"] = unknown_kind

    def page(self, template: str, filters: dict[str, Any], **context: Any) -> str:
        """A whole document (the HTML report), with extra filters for its numbers."""
        environment = self._env.overlay()
        environment.filters.update(filters)
        return environment.get_template(template).render(**context)

    def render(self, template: str, **context: Any) -> str:
        """The reply in the conversation's language (``language="en"``: ``en/<name>`` when it
        exists; staff texts have none and stay Dutch)."""
        english = context.setdefault("language", "nl") == "en"  # the date filter reads it
        name = f"en/{template}" if english and template in self._english else template
        # Looked up once per name: jinja2's own cache costs a loader call and a lock per render.
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self._env.get_template(f"{name}.txt.j2")
        return found.render(**context).strip()
