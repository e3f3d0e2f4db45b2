-- An outcome's recipient may be a person of the register (a commendation, a gift), linked by
-- uid so the person's page lists what they received. `recipient` keeps the name as written; a
-- collective (hamlet, organisation, unit) is named there with no person linked.
ALTER TABLE outcome ADD COLUMN recipient_person_uid TEXT REFERENCES person(uid);
CREATE INDEX outcome_recipient_person ON outcome(recipient_person_uid);
