-- The learner's triad (issue 19): one shared line for the praktijkopleider, the leermeester
-- and the docent, plus the account manager. Coaches link their chat account with one-time
-- codes (stored hashed, as the learners' codes are; failed attempts share link_attempts);
-- the thread's posts are kept here, and so are the progress meetings (voortgangsgesprekken).

ALTER TABLE coaches ADD COLUMN contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL;
CREATE INDEX coaches_by_contact ON coaches(contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE coach_link_codes (
    code_hash TEXT PRIMARY KEY,
    coach_id INTEGER NOT NULL REFERENCES coaches(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by INTEGER REFERENCES contacts(id) ON DELETE SET NULL
);
CREATE INDEX coach_link_codes_by_coach ON coach_link_codes(coach_id);

-- What was said in the thread: by a coach, staff, the learner's request, or the bot.
CREATE TABLE triad_posts (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX triad_posts_by_learner ON triad_posts(learner_id, id);

-- One progress meeting before a milestone (due_date: the milestone's date when proposed, so
-- a postponed milestone gets a meeting of its own); status voorgesteld -> afgesproken ->
-- uitkomst_gevraagd -> afgerond.
CREATE TABLE progress_meetings (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    due_date TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'voorgesteld'
        CHECK (status IN ('voorgesteld', 'afgesproken', 'uitkomst_gevraagd', 'afgerond')),
    created_at TEXT NOT NULL,
    planned_at TEXT,
    planned_by TEXT,
    ask_outcome_at TEXT,
    outcome TEXT CHECK (outcome IN ('behaald', 'uitgesteld')),
    postponed_to TEXT,
    note TEXT,
    closed_at TEXT
);
CREATE INDEX progress_meetings_by_milestone ON progress_meetings(milestone_id, due_date);
CREATE INDEX progress_meetings_open ON progress_meetings(learner_id) WHERE status != 'afgerond';
