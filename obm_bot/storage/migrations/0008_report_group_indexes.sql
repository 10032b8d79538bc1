-- The management report counts a year of requests and questions per intent, per contact and
-- per course. Over a million rows SQLite spent most of its time sorting them in a temporary
-- B-tree for each GROUP BY; these indexes hand it the rows already in group order, and carry
-- created_at so that the period's filter is read from the index too (covering).
CREATE INDEX requests_by_intent ON requests(intent, created_at);
CREATE INDEX requests_by_contact ON requests(contact_id, created_at);
CREATE INDEX demand_signals_by_course ON demand_signals(course_id, created_at);
