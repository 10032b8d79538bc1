-- The learner's school day (0 is Monday: BBL learners go to school one day a week) and their
-- age at the start of the first school year (the row of a cao's BBL wage table).

ALTER TABLE learners ADD COLUMN school_day INTEGER CHECK (school_day BETWEEN 0 AND 6);
ALTER TABLE learners ADD COLUMN age_at_start INTEGER CHECK (age_at_start BETWEEN 14 AND 67);
