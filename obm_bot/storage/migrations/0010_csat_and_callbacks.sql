-- Issue 17: the customer's verdict after a case (CSAT) and a call-back at a preferred moment.
--
-- One csat row per closed case, made when the customer is asked: the unique handoff_id is
-- what makes "asked once, never a second prompt" hold whoever closes the case and however
-- often. assignee and kind are copied at asking time, so the report counts a rating for the
-- account manager who closed the case and the kind of request it was, whatever happens to
-- the handoff later. prompt_message_id: the question in the transcript; a number typed as the
-- customer's very next message is the rating, a number typed later answers something else.
-- followed_up_at: a low score that somebody has taken up (the queue shows
-- the others as follow-ups).
CREATE TABLE csat (
    id INTEGER PRIMARY KEY,
    handoff_id INTEGER NOT NULL UNIQUE REFERENCES handoffs(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    reference TEXT NOT NULL,
    assignee TEXT,
    kind TEXT,
    asked_at TEXT NOT NULL,
    prompt_message_id INTEGER,
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    rated_at TEXT,
    comment TEXT,
    awaiting_comment INTEGER NOT NULL DEFAULT 0,
    followed_up_at TEXT,
    followed_up_by TEXT
);
CREATE INDEX csat_by_contact ON csat(contact_id, id);
CREATE INDEX csat_by_asked ON csat(asked_at);
CREATE INDEX csat_follow_ups ON csat(rated_at) WHERE score <= 2 AND followed_up_at IS NULL;

-- The moment a customer asked to be called ("bel me morgen na 14:00"), as an instant, and
-- the words they used; the account manager is reminded at that moment.
ALTER TABLE handoffs ADD COLUMN callback_at TEXT;
ALTER TABLE handoffs ADD COLUMN callback_said TEXT;
ALTER TABLE handoffs ADD COLUMN callback_reminded_at TEXT;
CREATE INDEX handoffs_callbacks ON handoffs(callback_at)
WHERE callback_at IS NOT NULL AND callback_reminded_at IS NULL;
