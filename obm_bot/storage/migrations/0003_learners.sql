-- Learner trajectories: learners, coaches, milestones with pay steps, portfolio items, notes,
-- one-time link codes (stored hashed) and failed link attempts (to slow down guessing).
-- Dates are ISO dates (YYYY-MM-DD); times ISO 8601 in UTC.

CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    qualification_id TEXT NOT NULL,
    path TEXT NOT NULL CHECK (path IN ('BBL', 'BOL', 'duaal')),
    company TEXT NOT NULL,
    practice_centre TEXT,
    start_date TEXT NOT NULL,
    planned_end TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'actief' CHECK (status IN ('actief', 'afgerond', 'gestopt')),
    stop_reason TEXT,
    ended_on TEXT,
    centre_weeks INTEGER NOT NULL DEFAULT 1 CHECK (centre_weeks >= 0),
    company_weeks INTEGER NOT NULL DEFAULT 1 CHECK (company_weeks >= 0),
    contact_id INTEGER UNIQUE REFERENCES contacts(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX learners_by_company ON learners(company);

CREATE TABLE coaches (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('praktijkopleider', 'leermeester', 'docent')),
    name TEXT NOT NULL,
    phone TEXT,
    email TEXT
);
CREATE INDEX coaches_by_learner ON coaches(learner_id);
CREATE INDEX coaches_by_name ON coaches(name);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    due_date TEXT NOT NULL,
    original_due TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'gepland' CHECK (status IN ('gepland', 'behaald', 'uitgesteld')),
    achieved_on TEXT,
    pay_step TEXT,
    reminded_at TEXT,
    overdue_noticed_at TEXT
);
CREATE INDEX milestones_by_learner ON milestones(learner_id, due_date);
-- Reminders look only at milestones still to be achieved.
CREATE INDEX milestones_pending ON milestones(due_date) WHERE status != 'behaald';

CREATE TABLE portfolio_items (
    id INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX portfolio_by_milestone ON portfolio_items(milestone_id, id);

CREATE TABLE learner_notes (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE link_codes (
    code_hash TEXT PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by INTEGER REFERENCES contacts(id) ON DELETE SET NULL
);

CREATE TABLE link_attempts (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    attempted_at TEXT NOT NULL
);
CREATE INDEX link_attempts_by_user ON link_attempts(channel, user_id, attempted_at);
