"""What a customer message says about the customer and their request, besides its intent.

The dialogue mines every message for these details before it chooses a question, so that
nothing already said is asked again: who is writing (role, company, name, phone, e-mail) and
the particulars of the request (people, schedule, place, provider, language, remarks), plus
the shape of the message (a yes or no, a bare number, a correction).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from obm_bot.understanding import detail_cues as cues
from obm_bot.understanding.counting import counted_participants
from obm_bot.understanding.entities import (
    place_keys,
    schedule_spans,
)
from obm_bot.understanding.lexicon import COMMON_WORDS
from obm_bot.understanding.normalise import Normalised, normalise, strip_accents
from obm_bot.understanding.phones import PHONE, phone_number
from obm_bot.understanding.result import Details


class DetailReader:
    """Reads :class:`Details` from one message; built once, ``read`` is pure and fast."""

    def __init__(
        self,
        companies: Sequence[tuple[str, Sequence[str]]],
        providers: Sequence[tuple[str, str]],
        places: Iterable[str],
        *,
        known_words: Iterable[str] = (),
    ) -> None:
        """``known_words`` (e.g. the catalogue vocabulary) are never taken for people's names."""
        self._members = sorted(
            ((name, cues.key_of(k)) for name, aliases in companies for k in (name, *aliases)),
            key=lambda pair: -len(pair[1]),
        )
        # Fuzzy matching only for long keys: "van dam" or "hpw" with one typo is another word.
        self._fuzzy = [(n, k.strip(), len(k.split())) for n, k in self._members if len(k) >= 10]
        place_list = [p for p in places if p.strip().lower() != "online"]
        self._places = place_keys(place_list)
        place_set = {key for _, key in self._places}
        # "Hogeschool Rotterdam" without "Hogeschool" is the place, not the provider.
        self._providers = sorted(
            (pid, key)
            for pid, name in providers
            for key in cues.provider_keys(pid, name)
            if key not in place_set
        )
        self._masks = [key for _, key in self._members] + [key for _, key in self._providers]
        words_of = {w for _, key in self._members + self._providers for w in key.split()}
        self._company_words = frozenset(words_of - cues.NAME_PARTICLES)
        self._plain_words = frozenset(
            {w for key in place_set for w in key.split()}
            | {w for _, key in self._providers for w in key.split()}
            | COMMON_WORDS
            | cues.COMPANY_JOINERS
        )
        self._not_names = frozenset(
            {strip_accents(w.lower()) for w in known_words}
            | COMMON_WORDS
            | cues.NOT_A_NAME
            | self._company_words
            | {w for _, key in self._places for w in key.split()}
        )

    def read(self, text: str) -> Details:
        masked = cues.NOT_COUNTS.sub(" ", PHONE.sub(" ", cues.EMAIL.sub(" ", text)))
        # One normalisation for everything: clause ends become "|" so that a "niet" never
        # reaches across "maar" or a comma, and company names hide their places.
        marked = normalise(cues.CLAUSE_SPLIT.sub(lambda m: f" {_CLAUSE} {m[0]} ", masked)).words
        words = tuple(w for w in marked if w != _CLAUSE)
        flat = " " + " ".join(words) + " "
        clauses = self._masked(" " + " ".join("|" if w == _CLAUSE else w for w in marked) + " ")
        name = self._writer_name(masked) or self._name_before_phone(text)
        company, member = self._company(masked, flat)
        if company and not member:  # "Techniek Twente BV" is not in Twente
            clauses = clauses.replace(cues.key_of(company), " _ ")
        own = {strip_accents(w.lower()) for w in f"{name or ''} {company or ''}".split()}
        names = self._participant_names(masked, own)
        norm = Normalised(original=masked, words=words, tokens=words)
        spans = sorted((s, e, v) for v, s, e in schedule_spans(clauses))
        schedule, schedule_not = cues.first_and_ruled_out(
            clauses, [(v, s, e) for s, e, v in spans], 3
        )
        place, place_not = cues.first_and_ruled_out(clauses, self._place_hits(clauses), 4)
        phone = phone_number(text)
        email = cues.EMAIL.search(text)
        return Details(
            role=next((role for role, cue in cues.ROLE_CUES if cue.search(flat)), None),
            company=company,
            member=member,
            name=name,
            phone=phone,
            email=email.group(0) if email else None,
            participant_names=names,
            participants=self._participants(norm, names, own),
            schedule=schedule,
            schedule_not=schedule_not,
            place=place,
            place_not=place_not[0] if place_not else None,
            provider=self._provider(text, flat),
            language=next((lang for lang, cue in cues.LANGUAGE_CUES if cue.search(flat)), None),
            remarks=cues.remarks_in(text),
            reply=cues.bare_reply(text) if len(text) <= _REPLY_MAX else None,
            number=cues.bare_number(words),
            correction=bool(cues.CORRECTION.search(flat)),
            asks_wait=bool(cues.ASKS_WAIT.search(flat)),
        )

    def _masked(self, clauses: str) -> str:
        # Company and provider names hide their places: "Hengelo Plaatwerk" is not Hengelo.
        for key in self._masks:
            if key in clauses:
                clauses = clauses.replace(key, " _ ")
        return clauses

    def _place_hits(self, clauses: str) -> list[tuple[str, int, int]]:
        hits: list[tuple[int, str, int]] = []
        for display, key in self._places:
            start = clauses.find(key)
            if start >= 0:
                hits.append((start, display, start + len(key)))
                # Blank it out so "Den Helder" is not found again as "Helder".
                clauses = f"{clauses[:start]} {'_' * (len(key) - 2)} {clauses[start + len(key) :]}"
        return [(display, start, end) for start, display, end in sorted(hits)]

    def _provider(self, text: str, flat: str) -> str | None:
        found: list[tuple[int, int, str]] = []  # first named wins; the longer name on a tie
        for pid, key in self._providers:
            at = flat.find(key)
            # "Han" is more often a first name than the HAN.
            short = key.strip()
            if at >= 0 and not (len(short) <= 3 and re.search(rf"\b{short.title()}\b", text)):
                found.append((at, -len(key), pid))
        return min(found)[2] if found else None

    def _company(self, text: str, flat: str) -> tuple[str | None, bool]:
        for name, key in self._members:
            if key in flat:
                return name, True
        words = flat.split()
        for name, key, size in self._fuzzy:
            for i in range(len(words) - size + 1):
                if fuzz.ratio(" ".join(words[i : i + size]), key) >= 88:
                    return name, True
        for anchor in cues.COMPANY_ANCHOR.finditer(text):
            found = self._company_at(text, anchor.end(), bool(cues.STRONG_ANCHOR.search(anchor[0])))
            if found:
                return found, False
        return None, False

    def _company_at(self, text: str, start: int, strong: bool) -> str | None:
        parts: list[str] = []
        marked = False
        for token in cues.NAME_TOKEN.finditer(text, start):
            word = token[0]
            low = strip_accents(word.lower())
            is_marker = cues.COMPANY_MARKERS.fullmatch(word.rstrip(".")) is not None
            if not word[0].isalnum():
                break
            if (
                (parts and low in cues.COMPANY_JOINERS)
                or cues.CAPITALISED.fullmatch(word)
                or (word.isupper() and len(word) > 1)
                or is_marker
            ):
                parts.append(word)
            elif marked and low not in self._not_names and word.isalpha() and len(parts) < 4:
                parts.append(word)  # typed in lower case: "smederij jansen"
            else:
                break
            marked = marked or is_marker
            if len(parts) >= 6:
                break
        while parts and parts[-1].lower() in cues.COMPANY_JOINERS:
            parts.pop()
        if not parts or not (marked or strong):
            return None
        lows = {strip_accents(p.lower()) for p in parts}
        if lows <= self._plain_words:
            return None  # a place, a provider or plain words
        return " ".join(parts)

    def _writer_name(self, text: str) -> str | None:
        intro = cues.NAME_INTRO.search(text)
        if intro and (name := self._name_at(text, intro.end(), lower_ok=True)):
            return name
        intro = cues.SELF_INTRO.search(text)
        if intro and (name := self._name_at(text, intro.end(), lower_ok=False)):
            return name
        if cues.NAME_OF_COMPANY.match(text) and (name := self._name_at(text, 0, lower_ok=False)):
            return name  # "Jeroen de Wit van Bouwmeester Metaal, 3 man …"
        here = cues.NAME_HERE.search(text)  # "Henk Bos hier van Van Dam Constructie"
        if here and (name := self._name_at(here[0], 0, lower_ok=False)):
            return name
        for lower in (cues.LOWER_SELF_INTRO, cues.LOWER_NAME_HERE):
            intro = lower.search(text)
            if intro and (name := self._name_at(text, intro.end(), lower_ok=True)):
                return name
        sign_off = cues.SIGN_OFF.search(text)
        if sign_off:
            return self._name_at(sign_off[1], 0, lower_ok=True)
        return None

    def _name_before_phone(self, text: str) -> str | None:
        """ "…, Jan de Vries 0612345678": read before the phone number is masked."""
        found = cues.NAME_BEFORE_PHONE.search(text)
        return self._name_at(text, found.start(), lower_ok=False) if found else None

    def _name_at(self, text: str, start: int, lower_ok: bool) -> str | None:
        parts: list[str] = []
        particle_groups = 0
        for token in cues.NAME_TOKEN.finditer(text, start):
            word = token[0]
            low = strip_accents(word.lower())
            if parts and low in cues.NAME_PARTICLES:
                if parts[-1].lower() not in cues.NAME_PARTICLES:
                    particle_groups += 1
                if particle_groups > 1:
                    break  # "Jeroen de Wit van Bouwmeester": one particle group per name
                parts.append(low)
                continue
            shaped = cues.CAPITALISED.fullmatch(word) or (
                lower_ok and word.isalpha() and word.islower()
            )
            if not shaped or low in self._not_names or cues.COMPANY_MARKERS.fullmatch(word):
                break
            parts.append(word[0].upper() + word[1:])
            if len(parts) >= 5:
                break
        return " ".join(_trimmed(parts)) or None

    def _participant_names(self, text: str, own: set[str]) -> list[str]:
        # Runs of capitalised words (particles inside) are names; "en" or a comma lists them.
        names: list[tuple[list[str], bool, bool]] = []  # words, opens a sentence, listed on
        current: list[str] = []
        opens = sentence_start = True
        for token in cues.NAME_TOKEN.finditer(text):
            word = token[0]
            low = strip_accents(word.lower())
            if (current and low in cues.NAME_PARTICLES) or (
                cues.CAPITALISED.fullmatch(word)
                and low not in self._not_names
                and low not in own
                and not cues.ENROL.fullmatch(word)
            ):
                opens = opens if current else sentence_start
                current.append(word)
            elif current:
                names.append((current, opens, low in _LIST_JOINERS))
                current = []
            elif names and low not in _LIST_JOINERS:
                names[-1] = (names[-1][0], names[-1][1], False)  # "Bram en de collega"
            sentence_start = word in {".", "!", "?", ":"}
        if current:
            names.append((current, opens, False))
        # A capital that opens a sentence is only a name in a list: "Bram en Ties ...".
        kept = [
            " ".join(_trimmed(parts))
            for i, (parts, at_start, listed) in enumerate(names)
            if not at_start or listed or (i > 0 and names[i - 1][2])
        ]
        kept = [name for name in kept if name]
        listed = len(kept) >= 2 and any(entry[2] for entry in names)
        if kept and (listed or cues.ENROL.search(text) or re.search(r"\d", text)):
            return kept
        return []

    def _participants(self, norm: Normalised, names: list[str], own: set[str]) -> int | None:
        # Usually nothing of the writer's own is known: then the large set is not copied.
        not_names = self._not_names | own if own - self._not_names else self._not_names
        return counted_participants(norm, names, not_names)


_CLAUSE = "qqclauseqq"  # survives normalise() as one word
_REPLY_MAX = 60  # a longer message is more than a yes or a no
_LIST_JOINERS = frozenset({"en", ",", "&"})


def _trimmed(parts: list[str]) -> list[str]:
    while parts and parts[-1] in cues.NAME_PARTICLES:
        parts = parts[:-1]
    return parts


def split_needs(text: str) -> list[str]:
    """Split one message into the parts that each carry one need, in order; a message with a
    single need comes back as [text].

    Parts are cut at sentence ends and at joiners that start a new need ("en daarnaast",
    "en ook", "verder", ", en"); "en een ..." only when the right side names a kind of course
    ("... en een heftruckcursus"). "Bram en Ties" or "TIG en MIG" stay whole; the dialogue
    merges parts that name no course back into their neighbour.
    """
    parts: list[str] = []
    for sentence in cues.SENTENCE_END.split(text):
        for piece in cues.NEED_JOINER.split(sentence):
            pieces = cues.ARTICLE_JOINER.split(piece)
            current = pieces[0]
            for right in pieces[1:]:
                head = cues.NEED_HEADS.search(" ".join(right.split()[:5]))
                if head and len(current.split()) >= 2:
                    parts.append(current)
                    current = right
                else:
                    current = f"{current} en {right}"
            parts.append(current)
    cleaned = [cues.LEADING_CONJUNCTION.sub("", p.strip(" \t,;")).strip() for p in parts]
    cleaned = [p for p in cleaned if p]
    return cleaned if len(cleaned) > 1 else [text]
