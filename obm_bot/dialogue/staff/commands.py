"""The one table of staff commands; menu, help, dispatch and authorisation derive from it.

The engine routes a staff command by its ``desk`` and refuses one whose ``audience`` excludes
the sender; the Telegram adapter builds its command menus and the topic shorthand from it; the
help text is rendered from it; the customer side refuses every name in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from obm_bot.dialogue.desk import NO_ANSWER, OUTCOMES
from obm_bot.rendering.renderer import Renderer


class Audience(StrEnum):
    MANAGERS = "managers"
    """Account managers only."""
    STAFF = "staff"
    """Account managers and coaches (a coach sees only their own learners and questions)."""


class DeskKind(StrEnum):
    """Which part of the staff side runs the command; the help groups them in this order."""

    QUEUE = "queue"
    LEARNERS = "learners"
    TRIAD = "triad"
    """The learner's three coaches on one line (``dialogue/coaches``)."""
    REPORT = "report"
    ABSENCE = "absence"
    HELP = "help"


@dataclass(frozen=True)
class StaffCommand:
    name: str
    usage: str
    """How to type it, as the help shows it (Dutch placeholders)."""
    description_nl: str
    audience: Audience
    desk: DeskKind
    in_topic: bool = False
    """Typed in a handoff's forum topic, the command gets the topic's reference."""

    def allowed(self, manager: bool) -> bool:
        return manager or self.audience is Audience.STAFF

    @property
    def menu_description(self) -> str:
        """The Telegram menu line: the description, and the usage when it has arguments."""
        text = self.description_nl[0].upper() + self.description_nl[1:]
        return f"{text}: {self.usage}" if " " in self.usage else text


_S, _M = Audience.STAFF, Audience.MANAGERS
_Q, _L = DeskKind.QUEUE, DeskKind.LEARNERS
STAFF_COMMANDS: tuple[StaffCommand, ...] = (
    StaffCommand("wachtrij", "/wachtrij", "open vragen, oudste eerst", _S, _Q),
    StaffCommand("pak", "/pak REF", "vraag oppakken", _S, _Q, in_topic=True),
    StaffCommand(
        "overnemen", "/overnemen REF", "vraag van een collega overnemen", _M, _Q, in_topic=True
    ),
    StaffCommand("antwoord", "/antwoord REF tekst", "antwoord aan de klant", _S, _Q, True),
    StaffCommand("notitie", "/notitie REF tekst", "interne notitie", _S, _Q, in_topic=True),
    StaffCommand(
        "overdragen", "/overdragen REF NAAM", "naar een andere accountmanager", _S, _Q, True
    ),
    StaffCommand("sluit", "/sluit REF UITKOMST", "afsluiten met een uitkomst", _S, _Q, True),
    StaffCommand(
        "opgevolgd", "/opgevolgd REF", "lage klantscore opgevolgd (uit de wachtrij)", _S, _Q, True
    ),
    StaffCommand("leerlingen", "/leerlingen", "met hun volgende mijlpaal, te laat eerst", _S, _L),
    StaffCommand(
        "leerling", "/leerling L12", "traject, mijlpalen (M-nummers), portfolio, notities", _S, _L
    ),
    StaffCommand(
        "nieuweleerling",
        "/nieuweleerling naam; kwalificatie; BBL|BOL|duaal; leerbedrijf; start; eind"
        "[; praktijkcentrum]",
        "leerling aanmaken",
        _M,  # the OBM enrols learners; the reply holds the link code to the learner's chat
        _L,
    ),
    StaffCommand("koppelcode", "/koppelcode L12", "nieuwe koppellink voor de leerling", _S, _L),
    StaffCommand(
        "mijlpaal",
        "/mijlpaal M31 behaald [toch] [JJJJ-MM-DD] | uitgesteld JJJJ-MM-DD",
        "mijlpaal behaald of uitgesteld",
        _S,
        _L,
    ),
    StaffCommand("portfolio", "/portfolio M31 2 [open]", "onderdeel afvinken", _S, _L),
    StaffCommand(
        "leerlingnotitie", "/leerlingnotitie L12 tekst", "notitie bij een leerling", _S, _L
    ),
    StaffCommand(
        "leerlingstatus",
        "/leerlingstatus L12 afgerond [JJJJ-MM-DD] | gestopt reden",
        "traject afgerond of gestopt",
        _S,
        _L,
    ),
    StaffCommand(
        "triade",
        "/triade L12 [tekst]",
        "lijn met de drie begeleiders: lezen of schrijven",
        _S,
        DeskKind.TRIAD,
    ),
    StaffCommand(
        "coachcode",
        "/coachcode L12 praktijkopleider|leermeester|docent [naam; telefoon]",
        "koppelcode voor een begeleider",
        _S,
        DeskKind.TRIAD,
    ),
    StaffCommand(
        "gesprek",
        "/gesprek L12 JJJJ-MM-DD [UU:MM]",
        "voortgangsgesprek vastleggen",
        _S,
        DeskKind.TRIAD,
    ),
    StaffCommand(
        "uitkomst",
        "/uitkomst L12 behaald [notitie] | uitgesteld JJJJ-MM-DD notitie",
        "uitkomst van het voortgangsgesprek",
        _S,
        DeskKind.TRIAD,
    ),
    StaffCommand(
        "rapport",
        "/rapport [VAN TOT]",
        "vraag en aanbod, service en leerlingen (HTML)",
        _M,
        DeskKind.REPORT,
    ),
    StaffCommand(
        "afwezig",
        "/afwezig [tot DATUM]",
        "afwezig: nieuwe vragen naar je vervanger",
        _S,
        DeskKind.ABSENCE,
    ),
    StaffCommand("terug", "/terug", "weer aanwezig", _S, DeskKind.ABSENCE),
    StaffCommand("help", "/help", "alle commando's voor medewerkers", _S, DeskKind.HELP),
)
BY_NAME = {command.name: command for command in STAFF_COMMANDS}
STAFF_COMMAND_NAMES: frozenset[str] = frozenset(BY_NAME)
TOPIC_COMMANDS: frozenset[str] = frozenset(c.name for c in STAFF_COMMANDS if c.in_topic)
SECTIONS = (
    ("Vragen van klanten", (_Q,)),
    ("Leerlingen", (_L,)),
    ("Triade: de drie begeleiders", (DeskKind.TRIAD,)),
    ("Verder", (DeskKind.REPORT, DeskKind.ABSENCE, DeskKind.HELP)),
)


def names(*desks: DeskKind) -> tuple[str, ...]:
    return tuple(c.name for c in STAFF_COMMANDS if c.desk in desks)


def find(word: str) -> StaffCommand | None:
    """The command typed as ``word`` (with or without the slash, any case)."""
    return BY_NAME.get(word.lstrip("/").lower())


def commands_for(manager: bool) -> list[StaffCommand]:
    """What an account manager (``manager``) or a coach may use, in table order."""
    return [c for c in STAFF_COMMANDS if c.allowed(manager)]


def help_text(renderer: Renderer, manager: bool) -> str:
    allowed = commands_for(manager)
    sections = [(title, [c for c in allowed if c.desk in desks]) for title, desks in SECTIONS]
    return renderer.render(
        "staff_help", sections=sections, outcomes=", ".join(OUTCOMES), reasons=NO_ANSWER
    )
