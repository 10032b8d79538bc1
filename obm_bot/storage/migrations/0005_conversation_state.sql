-- The dialogue tracker (issue 11): a customer's e-mail address is part of what the loket
-- knows, and one conversation may record several requests that one handoff (the case,
-- named by the first request's reference) carries together.

ALTER TABLE contacts ADD COLUMN email TEXT;
ALTER TABLE requests ADD COLUMN case_reference TEXT;
CREATE INDEX requests_case ON requests (case_reference) WHERE case_reference IS NOT NULL;
