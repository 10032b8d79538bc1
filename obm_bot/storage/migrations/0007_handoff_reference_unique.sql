-- Every /pak, /antwoord and /sluit looks a case up by its reference; without an index each one
-- scanned the whole table. A handoff is only ever opened for a newly recorded request, whose
-- reference is unique (requests.reference), so the reference names one handoff: UNIQUE makes
-- the database guard that too.
CREATE UNIQUE INDEX handoffs_by_reference ON handoffs(reference);
