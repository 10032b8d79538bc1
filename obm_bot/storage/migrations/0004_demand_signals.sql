-- Demand evidence: every understood question about a course, with how well the catalogue
-- matched it, whether or not it became a request. The management report reads it.

CREATE TABLE demand_signals (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    role TEXT,
    company TEXT,
    intent TEXT NOT NULL,
    text TEXT NOT NULL,
    course_id TEXT,
    score REAL,
    participants INTEGER
);
CREATE INDEX demand_signals_by_created ON demand_signals(created_at);
CREATE INDEX handoffs_by_opened ON handoffs(opened_at);
