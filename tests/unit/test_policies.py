"""The customer policies on scripted understandings: no SQLite, no templates, no cue tuning."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import (
    Answer,
    CountChoice,
    CourseChoice,
    IntentChoice,
    StopWaiting,
    unpack,
)
from obm_bot.dialogue.customer import asking, policies
from obm_bot.dialogue.customer.actions import Ask, RecordRequests, Relay, Say
from obm_bot.dialogue.customer.dialogue import typed_button
from obm_bot.dialogue.customer.form import next_step
from obm_bot.dialogue.customer.listen import Listener
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.tracker import Item, Pending, Question, Tracker
from obm_bot.domain.models import RequestKind, Role
from obm_bot.understanding.entities import Entities
from obm_bot.understanding.result import CourseHit, Details, IntentScore, Understanding


def reading(
    text: str,
    intent: str = "course_search",
    courses: Mapping[str, float] | None = None,
    confidence: float = 0.9,
    runner: tuple[str, float] | None = None,
    **details: object,
) -> Understanding:
    """What the understanding layer would have said, written out by the test."""
    return Understanding(
        text=text,
        intent=intent,
        confidence=confidence,
        alternatives=[IntentScore(intent=runner[0], confidence=runner[1])] if runner else [],
        courses=[CourseHit(id=i, title=i, score=s) for i, s in (courses or {}).items()],
        entities=Entities(),
        details=Details.model_validate(details),
    )


class Scripted:
    """An understander that answers from a table, as the ``Understander`` protocol allows."""

    def __init__(self, answers: Mapping[str, Understanding]) -> None:
        self.answers = answers

    def __call__(self, text: str) -> Understanding:
        return self.answers.get(text) or reading(text, "out_of_scope")


@pytest.fixture()
def listener(catalogue: Catalogue) -> Listener:
    return Listener(catalogue, Scripted({}))


def test_a_clear_course_becomes_an_item_with_its_details(listener: Listener) -> None:
    tracker = Tracker()
    message = Message(
        "tig voor bram en ties",
        reading(
            "tig voor bram en ties",
            "enrolment",
            {"tig-lassen-staal-rvs": 100, "mig-mag-lassen-basis": 85},
            participant_names=["Bram", "Ties"],
            schedule="avond",
            provider="smeot",
        ),
    )
    heard = listener.listen(tracker, message)
    [item] = tracker.items
    assert heard.added == [0]
    assert item.course == "tig-lassen-staal-rvs" and item.kind is RequestKind.ENROLMENT
    assert item.participants == 2 and item.names == ["Bram", "Ties"]
    assert item.offering is not None and item.offering.startswith("smeot")
    assert tracker.profile.role is Role.EMPLOYER  # signing up two others


def test_close_matches_are_offered_as_a_choice(listener: Listener, catalogue: Catalogue) -> None:
    tracker = Tracker()
    text = "nen 3140 cursus"
    listener.listen(
        tracker, Message(text, reading(text, courses={"nen-3140-vop": 100, "nen-3140-vp": 100}))
    )
    step = next_step(tracker, catalogue)
    assert isinstance(step, Ask) and step.question is Question.COURSE
    assert [unpack(b.data) for b in step.buttons][:2] == [
        CourseChoice(index=0),
        CourseChoice(index=1),
    ]


def test_the_form_asks_only_what_is_missing(catalogue: Catalogue) -> None:
    tracker = Tracker()
    tracker.profile.role = Role.EMPLOYEE
    tracker.profile.company = "Van Dam Constructie"
    tracker.profile.name = "Els"
    tracker.items = [Item(kind=RequestKind.COURSE, intent="course_search", course="heftruck")]
    asked = []
    while isinstance(step := next_step(tracker, catalogue), Ask):
        asked.append(step.question)
        if step.question is Question.CONFIRM:
            break
        tracker.profile.phone = "0612345678"
        tracker.items[0].schedule = "geen"
    assert Question.PARTICIPANTS not in asked  # an employee signs up alone
    assert Question.COMPANY not in asked and Question.NAME not in asked
    assert asked[-1] is Question.CONFIRM
    tracker.confirmed = True
    assert isinstance(next_step(tracker, catalogue), RecordRequests)


def test_a_correction_at_the_confirmation_updates_the_item(listener: Listener) -> None:
    tracker = Tracker(items=[Item(kind=RequestKind.COURSE, intent="x", participants=3)])
    tracker.pending = Pending(question=Question.CONFIRM, buttons=[Answer(yes=True).button("Ja")])
    text = "nee toch 5, de stagiair ook"
    heard = listener.listen(tracker, Message(text, reading(text, "enrolment", participants=5)))
    assert tracker.items[0].participants == 5
    assert heard.learned and not heard.answered and not tracker.confirmed


def test_an_unclear_message_keeps_the_pending_question(
    listener: Listener, catalogue: Catalogue
) -> None:
    tracker = Tracker(items=[Item(kind=RequestKind.COURSE, intent="x", course="heftruck")])
    tracker.profile.role = Role.EMPLOYER
    buttons = [CountChoice(count=n).button(str(n)) for n in (1, 2, 3, 4, 5)]
    tracker.pending = Pending(question=Question.PARTICIPANTS, item=0, buttons=buttons)
    message = Message("eh wat?", reading("eh wat?", "out_of_scope"))
    heard = listener.listen(tracker, message)
    actions = asking.pending(tracker, message, heard, catalogue)
    assert actions is not None
    assert [type(a) for a in actions] == [Say, Ask]
    again = actions[-1]
    assert isinstance(again, Ask) and again.question is Question.PARTICIPANTS
    assert list(again.buttons) == buttons


def test_typed_variants_press_the_button() -> None:
    tracker = Tracker()
    tracker.pending = Pending(
        question=Question.CONFIRM,
        buttons=[
            Answer(yes=True).button("Klopt, aanvragen"),
            Answer(yes=False).button("Annuleren"),
        ],
    )
    assert typed_button(tracker, "ja graag", Details(reply="yes"), live=False) == Answer(yes=True)
    assert typed_button(tracker, "klopt, aanvragen!", Details(), live=False) == Answer(yes=True)
    # A typed "nee" to the summary is no "Annuleren": the customer says what is wrong.
    assert typed_button(tracker, "nee hoor", Details(reply="no"), live=False) is None
    assert typed_button(tracker, "annuleren", Details(), live=False) == Answer(yes=False)
    assert typed_button(tracker, "2", Details(number=2), live=False) == Answer(yes=False)
    tracker.pending = Pending(
        question=Question.OFFER,
        buttons=[Answer(yes=True).button("Ja, graag"), Answer(yes=False).button("Nee, bedankt")],
    )
    assert typed_button(tracker, "nee hoor", Details(reply="no"), live=False) == Answer(yes=False)
    counts = [CountChoice(count=n).button(str(n)) for n in (1, 2, 3, 5)]
    tracker.pending = Pending(question=Question.PARTICIPANTS, buttons=counts)
    assert typed_button(tracker, "4", Details(number=4), live=False) is None  # just a number
    assert typed_button(tracker, "5", Details(number=5), live=False) == CountChoice(count=5)


def test_while_waiting_messages_are_relayed_and_stop_asks_what_it_means() -> None:
    tracker = Tracker()
    facts = policies.Facts(live_handoff=True, reference="OBM-2026-000001")
    first = policies.handoff(tracker, Message("nog een vraag", reading("x")), facts)
    assert first == [Relay("nog een vraag", acknowledge=True)]
    tracker.acknowledged = True
    later = policies.handoff(tracker, Message("en nog iets", reading("x")), facts)
    assert later == [Relay("en nog iets", acknowledge=False)]
    asked = policies.handoff(tracker, Message("stop", reading("stop")), facts)
    assert asked is not None and isinstance(asked[0], Ask)
    assert asked[0].question is Question.STOP
    pressed = policies.handoff(tracker, Message("", None, StopWaiting(mode="wachten")), facts)
    assert pressed is not None and type(pressed[0]).__name__ == "EndWaiting"


def test_unsure_asks_which_intent_then_hands_off(catalogue: Catalogue) -> None:
    tracker = Tracker()
    unsure = reading("de planning", "training_plan", confidence=0.3, runner=("admin_support", 0.2))
    actions = policies.fallback(tracker, Message("de planning", unsure))
    assert actions is not None and isinstance(actions[0], Ask)
    assert [unpack(b.data) for b in actions[0].buttons][-1] == IntentChoice(intent="human_handoff")
    tracker.misses = 1
    again = policies.fallback(tracker, Message("de planning", unsure))
    assert again is not None and type(again[0]).__name__ == "StartRequest"


def test_two_course_intents_are_not_asked_apart() -> None:
    close = reading("heftruck", "course_info", {"heftruck": 100}, 0.4, ("course_search", 0.35))
    assert policies.fallback(Tracker(), Message("heftruck", close)) is None


def test_a_new_course_mid_question_is_added_and_the_question_asked_again(
    catalogue: Catalogue,
) -> None:
    tracker = Tracker(items=[Item(kind=RequestKind.COURSE, intent="x", course="vca-vol")])
    tracker.profile.role = Role.EMPLOYER
    counts = [CountChoice(count=n).button(str(n)) for n in (1, 2, 3, 5)]
    tracker.pending = Pending(question=Question.PARTICIPANTS, item=0, buttons=counts)
    text = "en ook heftruck voor 1 man"
    listener = Listener(catalogue, Scripted({}))
    message = Message(text, reading(text, "course_search", {"heftruck": 100}, participants=1))
    heard = listener.listen(tracker, message)
    assert [i.course for i in tracker.items] == ["vca-vol", "heftruck"]
    assert tracker.items[0].participants is None  # the detail belongs to the new course
    actions = asking.form(tracker, heard, catalogue, {})
    assert actions is not None and isinstance(actions[0], Ask)
    assert actions[0].lead == "also_noted" and actions[0].item == 0


def test_old_dict_states_are_migrated() -> None:
    old = {
        "step": "participants",
        "options": [["1", "aantal:1"]],
        "flow": {"kind": "inschrijving", "intent": "enrolment", "course": "vca-vol"},
    }
    tracker = Tracker.load(old)
    [item] = tracker.items
    assert item.course == "vca-vol" and item.kind is RequestKind.ENROLMENT
    assert tracker.pending is None  # the form asks the open question again
    assert Tracker.load(tracker.dump()) == tracker
    assert Tracker.load({"version": 2, "items": "broken"}) == Tracker()


def test_button_data_packs_within_telegrams_limit_and_refuses_forgeries() -> None:
    assert unpack(CourseChoice(index=2).pack()) == CourseChoice(index=2)
    assert unpack(Answer(yes=False).pack()) == Answer(yes=False)
    for forged in ("cursus:x", "cursus", "ja:maybe", "nothing:1", "", "rol:koning"):
        assert unpack(forged) is None
    with pytest.raises(ValueError, match="64 bytes"):
        IntentChoice(intent="x" * 80).pack()
