"""Questions answered from the dated, sourced facts in ``knowledge/`` (issue 16).

"wat krijg ik terug voor 3 man" is computed from the OOM scheme and the course in the
conversation; "bestaat STAP nog", "moet dat vooraf", "hoe lang is mijn VCA geldig", "hoe lang
duurt evc" get the fact itself; "bron?" gets where the last facts come from and when they were
checked. Pure: reads the tracker and the message, returns what to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.tracker import Tracker
from obm_bot.knowledge.models import Fact, Knowledge
from obm_bot.rendering.renderer import euro

SOURCE = re.compile(r"^\W*(?:bron|source)\W*$|\bwaar staat dat\b|\bwhere does it say\b", re.I)
REFUND = re.compile(
    r"\b(?:krijg|krijgen|krijgt) (?:ik|we|wij|u) (?:\w+ )?(?:terug|vergoed)\b|\bterug\s*(?:voor|\?)"
    r"|\bhoeveel (?:subsidie|vergoeding|krijg)\w*|\bmax\w* \d+\s*(?:terug|vergoed)",
    re.IGNORECASE,
)
# "krijg ik mijn geld terug?" after a cancellation asks for money paid back, not a subsidy.
MONEY_BACK = re.compile(
    r"\b(?:mijn|ons|het|onze) geld\b|\bterugbeta\w*|\brestitutie\b|\bgeannuleerd\b"
    r"|\bafgezegd\b|\bmoney back\b|\brefund\b",
    re.IGNORECASE,
)
MEMBERSHIP = re.compile(
    r"\blidmaatschap\w*|\bcontributie\b|\bdeelnemerschap\b|\blid (?:te )?(?:worden|zijn)\b"
    r"|\bmembership\b|\bbecome a member\b",
    re.IGNORECASE,
)
COST = re.compile(r"\bkost\w*|\bprijs\b|\bper jaar\b|\bhoeveel\b|\bhow much\b|\bcosts?\b", re.I)
STAP = re.compile(r"\bstap(?:-?budget)?\b", re.IGNORECASE)
BEFOREHAND = re.compile(r"\bvooraf\b|\bvan tevoren\b|\bvoor de (?:start|cursus)\b", re.I)
VALID = re.compile(r"\bgeldig\w*|\bverlo(?:pen|opt)\b|\bverleng\w*|\bvalid\b", re.I)
ASKED = re.compile(r"\?|^\W*(?:hoe|wanneer|tot wanneer|is|moet|how|when|until)\b", re.I)
"""Facts answer questions: "bhv herhaling voor 5 man" asks for the course, not its validity."""
EVC = re.compile(r"\bevc\b", re.IGNORECASE)
EVC_ASPECTS = (
    (re.compile(r"\bhoe lang\b|\bduur(?:t)?\b|\bhow long\b", re.I), "evc-duration"),
    (re.compile(r"\bkost\w*|\bprijs\b|\bhow much\b", re.I), "evc-cost"),
    (re.compile(r"\broute\w*|\bhoe werkt\b|\bhoe gaat\b", re.I), "evc-routes"),
)
CERTIFICATES = (
    (re.compile(r"\bvca\b", re.I), "vca"),
    (re.compile(r"\bbhv\b", re.I), "bhv"),
    (re.compile(r"9606-2|\blasproef aluminium\b|\balu\w* lasproef\b", re.I), "iso-9606-2"),
    (re.compile(r"\blasproef\b|\blascertificaat\b|9606|\blasserskwalificatie\b", re.I),
     "iso-9606-1"),
    (re.compile(r"\bnen\s*3140\b|\bvop\b", re.I), "nen-3140"),
)  # fmt: skip
AO, OOM = "A+O Metalektro", "OOM"
WHICH_FUND = "oom-or-ao-metalektro"
# The answer to "hoeveel mensen werken er bij u?": "45", "we zijn met 12 man", "ongeveer 40".
STAFF_SIZE = re.compile(r"^\D{0,40}?\b(\d{1,5})\b\D{0,40}$")
# The facts a service answer states, so that "bron?" after it names their sources.
TEMPLATE_FACTS = {
    "funding": ("oom-ptt", "oom-or-ao-metalektro", "slim-scholingssubsidie", "stap"),
    "evc": ("evc-routes", "evc-duration", "evc-cost"),
    "exam_certification": ("vca", "bhv", "iso-9606-1", "nen-3140"),
    "apprenticeship_employer": ("praktijkovereenkomst", "erkend-leerbedrijf"),
}


def told_in(templates: list[str], known: list[str]) -> list[str]:
    """The facts told so far, with those of the service answers just given last."""
    ids = [f for t in templates for f in TEMPLATE_FACTS.get(t, ())]
    return [*[f for f in known if f not in ids], *ids][-10:] if ids else known


@dataclass(frozen=True)
class Told:
    """What to say: the facts, and for a refund question the sum worked out."""

    facts: list[Fact]
    refund: dict[str, object] | None = None
    sources: bool = False
    asks_size: bool = False
    """The company's fund is unknown: the answer asks how many people work there."""


class KnowledgeAnswers:
    def __init__(
        self,
        knowledge: Knowledge,
        catalogue: Catalogue,
        fund_of: Callable[[str | None], str | None] = lambda company: None,
    ) -> None:
        """``fund_of``: a member company's training fund from ``obm.toml``, None if unknown.
        For other companies the fund follows from the staff size they give when asked."""
        self.knowledge = knowledge
        self.catalogue = catalogue
        self.fund_of = fund_of

    def read(self, tracker: Tracker, message: Message) -> Told | None:
        text = message.text
        if not text or message.button is not None:
            return None
        if SOURCE.search(text):
            facts = [self.knowledge.fact(i) for i in tracker.facts_told[-4:]]
            return Told(facts, sources=True) if facts else None
        if REFUND.search(text) and not MONEY_BACK.search(text):
            return self._refund(tracker, message)
        size = STAFF_SIZE.match(text)
        if size and tracker.facts_told[-1:] == [WHICH_FUND]:
            # The refund answer asked how many people work there: now the fund is known.
            tracker.profile.staff = int(size.group(1))
            return self._refund(tracker, message, sized=True)
        if MEMBERSHIP.search(text) and COST.search(text):
            return Told([self.knowledge.fact("membership-fee")])  # not a course's price list
        if STAP.search(text) and "?" in text:
            return Told([self.knowledge.fact("stap")])
        if BEFOREHAND.search(text) and "oom-ptt" in tracker.facts_told[-2:]:
            return Told([self.knowledge.fact("oom-ptt")])
        if not ASKED.search(text):
            return None
        if EVC.search(text):
            facts = [self.knowledge.fact(f) for cue, f in EVC_ASPECTS if cue.search(text)]
            return Told(facts) if facts else None
        if VALID.search(text):
            facts = [self.knowledge.fact(f) for cue, f in CERTIFICATES if cue.search(text)][:1]
            return Told(facts) if facts else None
        return None

    def fund(self, tracker: Tracker) -> str | None:
        """The member company's fund, else the one its staff size points to, else unknown."""
        fund = self.fund_of(tracker.profile.company)
        staff = tracker.profile.staff
        if fund is None and staff is not None:
            limit = int(self.knowledge.fact(WHICH_FUND).values.get("employees", 31))
            fund = AO if staff > limit else OOM
        return fund

    def _refund(self, tracker: Tracker, message: Message, sized: bool = False) -> Told:
        """The fund's sum for the course and people in the conversation: the OOM-PTT, or
        A+O Metalektro's for its companies; for an unknown company also which fund fits."""
        fund = self.fund(tracker)
        people = None if sized else message.details.participants
        ptt = self.knowledge.fact("ao-metalektro-examples" if fund == AO else "oom-ptt")
        item = tracker.current_item()
        people = people or (item.participants if item else None)
        offering = None
        if item is not None and item.offering:
            offering = self.catalogue.offering(item.offering)
        if offering is None:
            shown = [o for o in map(self.catalogue.offering, tracker.shown) if o is not None]
            offering = shown[0] if shown else None  # the best fit shown, of the first course
        if offering is None and item is not None and item.course:
            offering = min(
                self.catalogue.offerings_for(item.course), key=lambda o: o.price_eur, default=None
            )
        which = [] if fund else [self.knowledge.fact(WHICH_FUND)]
        if offering is None:
            return Told([ptt, *which], refund=None, asks_size=not fund)
        course = self.catalogue.course(offering.course)
        title = course.title if course else offering.course
        if fund == AO:
            # A+O's figures are for digital skills, side-entrants and work-to-work: whether a
            # VCA or a welding course counts is for the account manager to find out.
            return Told([ptt], refund={"ao": True, "course": title, "sized": sized})
        rate = float(ptt.values.get("rate", 0.5))
        maximum = float(ptt.values.get("maximum_eur", 800))
        each = min(rate * offering.price_eur, maximum)
        refund: dict[str, object] = {
            "course": title,
            "price": euro(offering.price_eur), "rate": round(rate * 100),
            "each": euro(each), "maximum": euro(maximum),
            "people": people, "total": euro(each * people) if people else None,
            "portal": "ao-metalektro.nl" if fund == AO else "mijnoom.nl",
            "fund": "A+O Metalektro" if fund == AO else "de OOM-PTT",
            "per": str(ptt.values.get("per", "persoon per jaar")),
        }  # fmt: skip
        refund["sized"] = sized
        return Told([ptt, *which], refund=refund, asks_size=not fund)
