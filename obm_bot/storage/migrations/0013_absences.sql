-- Staff absence (issue 17): while an account manager is away, new cases for their companies
-- go to their deputy (or else the shared queue) and their open cases are offered to the
-- deputy. Rows come from /afwezig (source 'staff') and from obm.toml's [[absence]] (source
-- 'obm.toml', synced at start). ends_at NULL: until /terug. /terug sets ends_at and
-- returned_at, so a later sync of obm.toml does not bring the absence back.
CREATE TABLE absences (
    id INTEGER PRIMARY KEY,
    staff TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    source TEXT NOT NULL CHECK (source IN ('staff', 'obm.toml')),
    reason TEXT,
    created_at TEXT NOT NULL,
    offered_at TEXT,
    returned_at TEXT,
    UNIQUE (staff, source, starts_at)
);
CREATE INDEX absences_by_start ON absences(starts_at);
