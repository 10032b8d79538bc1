-- The management report's two heaviest figures over a year of a million requests.
--
-- Courses per company: the report unpacked every request's JSON course list, joined its
-- contact and sorted a million (course, company) rows. request_courses holds one row per
-- course of a request with the company and participants the report counts, and triggers keep
-- it right whoever writes (the store, /vergeet, a direct INSERT): a new request, a changed
-- request, a contact's changed company (the report counts the contact's current company). The
-- grouping then reads request_courses_by_group in group order: no JSON, no join, no sort.
--
-- The expressions are the report's own (reports.py): kept identical so the figures are.
-- course_id, company and people have no declared type, so they keep the type JSON gave them.
CREATE TABLE request_courses (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL,
    course_id,
    company,
    people,
    created_at TEXT NOT NULL
);

-- Existing requests, before the indexes: one sort per index instead of a million inserts.
-- A request whose course list or entities are no valid JSON counts as having no courses
-- rather than making its INSERT fail.
INSERT INTO request_courses (request_id, course_id, company, people, created_at)
SELECT r.id, j.value,
       COALESCE(c.company, json_extract(r.entities, '$.member_company')),
       COALESCE(NULLIF(CAST(json_extract(r.entities, '$.participants') AS INTEGER), 0), 1),
       r.created_at
FROM requests r JOIN contacts c ON c.id = r.contact_id,
     json_each(r.courses) j
WHERE json_valid(r.courses) AND json_valid(r.entities)
ORDER BY r.id, j.key;

CREATE INDEX request_courses_by_request ON request_courses(request_id);
-- Whole periods: in group order, the period's filter read from the index (covering).
CREATE INDEX request_courses_by_group ON request_courses(course_id, company, created_at, people);
-- Short periods: only the period's rows, sorted.
CREATE INDEX request_courses_by_created
    ON request_courses(created_at, course_id, company, people);

CREATE TRIGGER request_courses_on_insert AFTER INSERT ON requests
WHEN json_valid(NEW.courses) AND json_valid(NEW.entities)
BEGIN
    INSERT INTO request_courses (request_id, course_id, company, people, created_at)
    SELECT NEW.id, j.value,
           COALESCE(c.company, json_extract(NEW.entities, '$.member_company')),
           COALESCE(NULLIF(CAST(json_extract(NEW.entities, '$.participants') AS INTEGER), 0), 1),
           NEW.created_at
    FROM contacts c, json_each(NEW.courses) j
    WHERE c.id = NEW.contact_id;
END;

CREATE TRIGGER request_courses_on_update
AFTER UPDATE OF id, contact_id, courses, entities, created_at ON requests
BEGIN
    DELETE FROM request_courses WHERE request_id = OLD.id;
    INSERT INTO request_courses (request_id, course_id, company, people, created_at)
    SELECT NEW.id, j.value,
           COALESCE(c.company, json_extract(NEW.entities, '$.member_company')),
           COALESCE(NULLIF(CAST(json_extract(NEW.entities, '$.participants') AS INTEGER), 0), 1),
           NEW.created_at
    FROM contacts c, json_each(NEW.courses) j
    WHERE c.id = NEW.contact_id AND json_valid(NEW.courses) AND json_valid(NEW.entities);
END;

CREATE TRIGGER request_courses_on_delete AFTER DELETE ON requests
BEGIN
    DELETE FROM request_courses WHERE request_id = OLD.id;
END;

-- Deleting a contact deletes their requests (foreign keys); should it not, the report no
-- longer counts them either (it joined each request's contact).
CREATE TRIGGER request_courses_on_contact_delete AFTER DELETE ON contacts
BEGIN
    DELETE FROM request_courses
    WHERE request_id IN (SELECT id FROM requests WHERE contact_id = OLD.id);
END;

-- /vergeet clears the contact's company (and moves it onto the request's entities); a
-- contact saying which company they are from sets it. Unchanged, nothing is rewritten.
CREATE TRIGGER request_courses_on_company AFTER UPDATE OF company ON contacts
WHEN NEW.company IS NOT OLD.company
BEGIN
    UPDATE request_courses
    SET company = (
        SELECT COALESCE(NEW.company, json_extract(r.entities, '$.member_company'))
        FROM requests r WHERE r.id = request_courses.request_id
    )
    WHERE request_id IN (SELECT id FROM requests WHERE contact_id = NEW.id);
END;

-- Handoffs per person, SLA state, wait and outcome: a million rows sorted on four computed
-- keys. For answered handoffs all four are fixed once written, so an index on the same
-- expressions hands them over in group order; the few unanswered ones (whose state depends on
-- the report's date) are found on a partial index and sorted.
CREATE INDEX handoffs_answered_by_figures ON handoffs(
    COALESCE(NULLIF(assignee, ''), 'gedeelde wachtrij'),
    CASE WHEN first_response_at <= sla_deadline THEN 'met' ELSE 'missed' END,
    ROUND((julianday(first_response_at) - julianday(opened_at)) * 86400000) / 60000.0,
    CASE WHEN COALESCE(closed_at, '') != '' THEN COALESCE(NULLIF(outcome, ''), status) END,
    opened_at
) WHERE COALESCE(first_response_at, '') != '';
CREATE INDEX handoffs_unanswered ON handoffs(opened_at)
WHERE COALESCE(first_response_at, '') = '';
