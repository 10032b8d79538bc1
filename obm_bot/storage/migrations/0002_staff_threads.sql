-- Where the staff discuss a handoff on a chat channel: a Telegram forum topic per handoff.

CREATE TABLE staff_threads (
    chat_id INTEGER NOT NULL,
    reference TEXT NOT NULL,
    thread_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, reference)
);
CREATE UNIQUE INDEX staff_threads_by_thread ON staff_threads(chat_id, thread_id);
