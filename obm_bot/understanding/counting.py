"""Counting the people a message is about, with the words around the numbers: "nee 4 man
niet 3", "14 man in dienst" (the staff, not the group), "een man of zes", "2 monteurs en ik"."""

from __future__ import annotations

from collections.abc import Sequence

from obm_bot.understanding import detail_cues as cues
from obm_bot.understanding.entities import counts_people, is_person_word, participants_in
from obm_bot.understanding.normalise import Normalised


def counted_participants(
    norm: Normalised, names: Sequence[str], not_names: frozenset[str]
) -> int | None:
    """How many people the message counts ("3 man", "een stuk of vijf", "twee jongens en een
    meid"), else how many it names (``names``, or capitalised words not in ``not_names``);
    None when it does neither, or counts only the staff ("14 man in dienst")."""
    words = norm.words
    found: list[tuple[int, bool]] = []  # value, ruled out
    rest = {w for w in words if not w.isdigit()}
    bare = bool(rest & cues.REASSERT) and rest <= cues.NUMBER_FILLERS | cues.REASSERT
    sized = False
    for i, word in enumerate(words):
        if not word.isdigit() or not 0 < int(word) <= 500:
            continue
        before = words[max(0, i - 2) : i]
        if {"dienst", "personeel"} & set(words[i + 1 : i + 6]) or (
            len(before) == 2 and before[0] in {"bedrijf", "zaak"} and before[1] in {"van", "met"}
        ):
            sized = True  # "14 man in dienst", "een bedrijf van 20 man": not the group
            continue
        following = [word]
        for follower in words[i + 1 : i + 4]:
            if follower.isdigit():
                break
            following.append(follower)
        people = (
            counts_people(following)
            or before[-1:] == ("stuk",)
            or (bool(before) and before[-1] in cues.APPROXIMATE)
            or (sized and len(following) > 1 and following[1] in cues.PART_OF)
            or (len(before) == 2 and before[1] == "of" and before[0] in cues.ROUGHLY_BEFORE)
            # "… en bhv voor 3": a number that ends the message after "voor" counts people
            or (before[-1:] == ("voor",) and i == len(words) - 1)
        )
        if people or before == ("met", "zijn"):
            value = int(word) + _joined_people(words, i)
            found.append((value, bool(before) and before[-1] in {"niet", "geen"}))
        elif bare:  # "3 zei ik toch al", "nee 4 niet 3"
            found.append((int(word), bool(before) and before[-1] == "niet"))
    wanted = [value for value, ruled_out in found if not ruled_out]
    if wanted:
        return wanted[0]
    if found or sized:
        return None
    if names:
        return len(names)
    return participants_in(norm, not_names)


def _joined_people(words: Sequence[str], at: int) -> int:
    """People joined to the group counted at ``at``: "ik en 2 collega's" (+1), "2 jongens en
    een meid" (+1), "2 monteurs en ik" (+1), "3 lassers en 2 monteurs" (+2)."""
    before = words[max(0, at - 2) : at]
    extra = 1 if len(before) == 2 and before[0] in cues.WRITER and before[1] in cues.JOINING else 0
    person = next(
        (j for j in range(at + 1, at + 4) if j < len(words) and is_person_word(words[j])), None
    )
    if person is None:
        return extra
    after = words[person + 1 : person + 4]
    if not after or after[0] not in cues.JOINING:
        return extra
    if len(after) > 1 and after[1] in cues.WRITER:
        speaks = len(after) > 2 and after[2] in cues.WRITER_SPEAKS
        return extra + (0 if speaks else 1)
    if len(after) > 2 and after[1] in cues.ONE and is_person_word(after[2]):
        return extra + 1
    if (
        len(after) > 1
        and after[1].isdigit()
        and counts_people(list(words[person + 2 : person + 6]))
    ):
        return extra + int(after[1])
    return extra
