-- Nothing lost (issue 12): an inbox of raw updates written before the channel is told they
-- arrived, a reply marker on processed inbound ids, and an outbox every outgoing message
-- passes through until the channel accepted it.

-- An update as the channel sent it; handled once the engine answered it (or ignored it).
CREATE TABLE inbox (
    channel TEXT NOT NULL,
    update_id TEXT NOT NULL,
    user_id TEXT,
    chat_id TEXT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handled_at TEXT,
    PRIMARY KEY (channel, update_id)
);
CREATE INDEX inbox_unhandled ON inbox(channel, received_at) WHERE handled_at IS NULL;
CREATE INDEX inbox_by_user ON inbox(channel, user_id);

-- A stored inbound message whose reply was never worked out (a kill in between) is answered
-- when it comes again; answered_at NULL marks it.
ALTER TABLE processed_inbound ADD COLUMN answered_at TEXT;
UPDATE processed_inbound SET answered_at = created_at;

-- Every outgoing message; ``lane`` says which process delivers it ('telegram', 'console').
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    lane TEXT NOT NULL,
    recipient TEXT NOT NULL,
    batch TEXT NOT NULL,
    payload TEXT NOT NULL,
    origin TEXT,
    message_id INTEGER,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at TEXT,
    failed_at TEXT
);
CREATE INDEX outbox_pending ON outbox(lane, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_by_recipient ON outbox(recipient);
CREATE INDEX outbox_by_message ON outbox(message_id) WHERE message_id IS NOT NULL;
