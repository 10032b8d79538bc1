"""Letters on their way to one destination: what goes out together as one post.

A parcel is one post: a letter, its copies to other account managers in the same topic, and
the plain staff letters that piled up behind it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from telegram.constants import MessageLimit

from obm_bot.adapters.telegram.delivery import Origin, Route
from obm_bot.dialogue.messages import Outbound


@dataclass
class Parcel:
    ids: list[int]
    outbound: Outbound
    origin: Origin | None
    route: Route
    batch: str
    attempts: int
    close: str | None = None
    """For a staff letter that ends a handoff: "here" (it goes to the topic: close it after)
    or "post" (it goes elsewhere: post it in the topic too, then close)."""

    @property
    def mergeable(self) -> bool:
        o = self.outbound
        plain = not (o.buttons or o.image or o.document or o.attach or o.handoff_over)
        return o.to.startswith("staff:") and plain and not o.erase_topic

    def same_letter(self, other: Parcel) -> bool:
        return other.batch == self.batch and other.outbound.model_copy(
            update={"to": self.outbound.to, "outbox_id": None}
        ) == self.outbound.model_copy(update={"outbox_id": None})


def bundle(queue: deque[Parcel]) -> Parcel:
    """The next post of a destination: the head letter, its copies to other account managers,
    and the plain staff letters that piled up behind it (one post instead of many). Relayed
    messages of one case share their heading ("REF · who:"): it is written once."""
    head = queue.popleft()
    ids, text = list(head.ids), head.outbound.text
    heading = _heading(head.outbound)
    while queue:
        following = queue[0]
        if head.same_letter(following):
            ids += following.ids
        elif head.mergeable and following.mergeable:
            more = following.outbound.text
            joint = "\n" if heading and more.startswith(heading) else "\n\n"
            more = more.removeprefix(heading) if joint == "\n" else more
            if len(text) + len(joint) + len(more) > MessageLimit.MAX_TEXT_LENGTH:
                break
            ids += following.ids
            text += joint + more
        else:
            break
        queue.popleft()
    outbound = head.outbound.model_copy(update={"text": text})
    return Parcel(ids, outbound, head.origin, head.route, head.batch, head.attempts, head.close)


def _heading(outbound: Outbound) -> str:
    """``REF · Piet de Boer, werkgever, …: `` when the letter starts with its case's heading."""
    reference, text = outbound.reference, outbound.text
    if not reference or not text.startswith(reference) or ": " not in text:
        return ""
    return text[: text.index(": ") + 2]


def decide_topic_closing(parcels: list[Parcel]) -> None:
    """A handoff's end is posted in its topic once: by a letter that goes there, or else by the
    one to the staff member who ended it, wherever they are."""
    in_topic = {
        (p.batch, p.outbound.reference)
        for p in parcels
        if p.outbound.handoff_over and p.route.topic_of is not None
    }
    for parcel in parcels:
        outbound = parcel.outbound
        if not (outbound.handoff_over and outbound.reference and outbound.to.startswith("staff:")):
            continue
        if parcel.route.topic_of is not None:
            parcel.close = "here"
        elif (parcel.batch, outbound.reference) not in in_topic:
            parcel.close = "post"
            in_topic.add((parcel.batch, outbound.reference))
