-- Contacts, conversations, the transcript, requests, handoffs, idempotency and the audit log.
-- Times are ISO 8601 strings in UTC.

CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    account_manager TEXT
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    channel_user_id TEXT NOT NULL,
    display_name TEXT,
    role TEXT,
    name TEXT,
    company TEXT,
    company_id INTEGER REFERENCES companies(id),
    phone TEXT,
    blocked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (channel, channel_user_id)
);

CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX conversations_by_contact ON conversations(contact_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author TEXT NOT NULL,
    recipient TEXT,
    text TEXT NOT NULL,
    buttons TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_undelivered ON messages(recipient, id) WHERE delivered_at IS NULL;

CREATE TABLE processed_inbound (
    channel TEXT NOT NULL,
    inbound_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (channel, inbound_id)
);

CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    intent TEXT NOT NULL,
    courses TEXT NOT NULL DEFAULT '[]',
    entities TEXT NOT NULL DEFAULT '{}',
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX requests_by_created ON requests(created_at);

CREATE TABLE handoffs (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL,
    request_id INTEGER REFERENCES requests(id) ON DELETE SET NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'closed', 'cancelled')),
    priority TEXT NOT NULL,
    assignee TEXT,
    opened_at TEXT NOT NULL,
    sla_deadline TEXT NOT NULL,
    reminder_at TEXT NOT NULL,
    reminded_at TEXT,
    escalated_at TEXT,
    claimed_at TEXT,
    first_response_at TEXT,
    closed_at TEXT,
    outcome TEXT
);
-- The queue: active handoffs oldest first; a partial index keeps it small however many closed.
CREATE INDEX handoffs_active ON handoffs(opened_at) WHERE status IN ('open', 'claimed');
CREATE INDEX handoffs_by_conversation ON handoffs(conversation_id, status);

CREATE TABLE handoff_notes (
    id INTEGER PRIMARY KEY,
    handoff_id INTEGER NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    handoff_id INTEGER REFERENCES handoffs(id) ON DELETE SET NULL,
    details TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
