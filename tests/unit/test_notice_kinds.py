"""A template that picks its text by kind fails loudly on a kind it does not know.

Found in a code review: ``staff_notice`` had no ``{% else %}``, so a misspelt kind sent an
empty notice to the account manager.
"""

from __future__ import annotations

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.rendering.renderer import Renderer, UnknownKindError


@pytest.fixture(scope="module")
def renderer(catalogue: Catalogue) -> Renderer:
    return Renderer()


@pytest.mark.parametrize("template", ["staff_notice", "learner_notice"])
def test_an_unknown_kind_raises(renderer: Renderer, template: str) -> None:
    with pytest.raises(UnknownKindError, match=f"{template}: no text for kind 'claimd'"):
        renderer.render(template, kind="claimd", reference="OBM-2026-000001")


def test_known_kinds_still_render(renderer: Renderer) -> None:
    assert renderer.render("staff_notice", kind="noted", reference="OBM-2026-000001") == (
        "Notitie bewaard bij OBM-2026-000001."
    )
    assert renderer.render("learner_notice", kind="noted", code="L1", name="Sanne") == (
        "Notitie bewaard bij L1 Sanne."
    )


def test_the_new_holder_kinds_render(renderer: Renderer) -> None:
    reference, holder = "OBM-2026-000001", "Anouk de Vries"
    held = renderer.render(
        "staff_notice", kind="held_by_other", reference=reference, assignee=holder
    )
    assert held.startswith(f"{reference} is opgepakt door {holder}")
    assert held.endswith(f"/overnemen {reference} ({holder} krijgt bericht).")
    taken = renderer.render(
        "staff_notice", kind="taken_over", staff="Bart Jansen", reference=reference, contact="Piet"
    )
    assert taken == (
        f"Bart Jansen heeft {reference} overgenomen (Piet); de vraag staat nu op naam van"
        " Bart Jansen."
    )
