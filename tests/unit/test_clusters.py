"""Unmet demand grouped by wording: the same need joins, different needs stay apart."""

from __future__ import annotations

import pytest

from obm_bot.reporting.clusters import cluster_texts, core


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ik zoek een cursus cobot programmeren", "programmeren van een cobot voor 2 man"),
        ("cobot programeren", "cobot programmeren"),
        ("waterstof veiligheid", "veilig werken met waterstof"),
        ("hebben jullie iets voor drone inspectie", "inspectie met drones"),
        ("warmtepomp installatie", "warmtepompen installeren"),
    ],
)
def test_the_same_need_in_other_words_is_one_topic(first: str, second: str) -> None:
    [topic] = cluster_texts([first, first, second])
    assert topic.count == 3


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("cobot programmeren", "lasrobot offline programmeren"),
        ("accu veiligheid", "waterstof veiligheid"),
        ("engels voor monteurs", "nederlands voor monteurs"),
        ("solidworks simulatie", "ansys simulatie"),
    ],
)
def test_different_needs_sharing_a_word_stay_apart(first: str, second: str) -> None:
    assert [t.count for t in cluster_texts([first, first, second])] == [2, 1]


def test_label_keeps_the_askers_word_order_and_drops_filler() -> None:
    [topic] = cluster_texts(["Kan iemand ons helpen met Lean Six Sigma green belt voor 3 man?"])
    assert topic.label == "lean six sigma green belt"
    assert core("green belt lean six sigma") == core("lean six sigma green belt")


def test_most_asked_first_and_nothing_from_filler_only_questions() -> None:
    topics = cluster_texts(
        ["drone inspectie", "laser cladding", "laser cladding", "ik zoek een cursus"]
    )
    assert [(t.label, t.count) for t in topics] == [("laser cladding", 2), ("drone inspectie", 1)]


def test_examples_leave_out_phone_numbers_and_e_mail_addresses() -> None:
    [topic] = cluster_texts(
        [
            "drone inspectie, bel me op 06-12345678",
            "drone inspectie: jan@smederij.nl of +31 6 1234 5678",
        ]
    )
    assert topic.count == 2
    assert topic.examples == [
        "drone inspectie, bel me op [telefoon]",
        "drone inspectie: [e-mail] of [telefoon]",
    ]
