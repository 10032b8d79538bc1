"""Which account manager a staff member means: "Bart", "bart j", "Jans" or the full name."""

from __future__ import annotations

from obm_bot.dialogue.desk import StaffActionError
from obm_bot.organisation import AccountManager, Organisation

MIN_PREFIX = 2


def manager_named(org: Organisation, typed: str) -> AccountManager:
    """The one account manager ``typed`` names: the full name, the first name, or the start
    of the name or of one of its words; an ambiguous or unknown name is refused with the
    names to choose from."""
    wanted = " ".join(typed.lower().split())
    managers = org.account_manager
    choices = ", ".join(m.name for m in managers)
    if not wanted:
        raise StaffActionError("unknown_manager", target=typed, names=choices)
    for rule in (_full, _first_name, _starts, _word_starts):
        found = [m for m in managers if rule(m.name.lower(), wanted)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(m.name for m in found)
            raise StaffActionError("ambiguous_manager", target=typed, names=names)
    raise StaffActionError("unknown_manager", target=typed, names=choices)


def _full(name: str, wanted: str) -> bool:
    return name == wanted


def _first_name(name: str, wanted: str) -> bool:
    return name.split(maxsplit=1)[0] == wanted


def _starts(name: str, wanted: str) -> bool:
    return len(wanted) >= MIN_PREFIX and name.startswith(wanted)


def _word_starts(name: str, wanted: str) -> bool:
    return len(wanted) >= MIN_PREFIX + 1 and any(w.startswith(wanted) for w in name.split())
