"""What staff actions tell an English-speaking customer is English too."""

from __future__ import annotations

from tests.integration.conftest import Harness, texts_to

CUSTOMER = "console:77"
ANOUK = "Anouk de Vries"


async def test_claim_and_cancel_are_told_in_english(harness: Harness) -> None:
    await harness.send("77", "hello, I need forklift training for 2 people, evenings")
    out = await harness.send("77", "Bouwmeester Metaal, Piotr Nowak, 0612345678")
    out = await harness.send("77", button=out[-1].buttons[0].data)  # "Correct, send it"
    reference = "OBM-2026-000001"
    assert await harness.loket.store.handoff_by_reference(reference) is not None, out
    claimed = await harness.staff(ANOUK, f"/pak {reference}")
    assert texts_to(claimed, CUSTOMER) == [
        f"{ANOUK} is now handling your question ({reference})."
    ], claimed
    cancelled = await harness.send("77", "/stop")
    assert all("uw" not in t for t in texts_to(cancelled, CUSTOMER)), cancelled
