-- SPDX-License-Identifier: ISC
-- cetrack schema, version 3: what the scan reads is stored in person order.
--
-- Why: status, reports and every cetrackd pass read people with all their
-- activities (lib/store.c, store_scan_*). With the child tables keyed by
-- activity id alone, each of 2,000,000 activities cost one B-tree search
-- per child table (about 4 s of a 5 s read on the employer benchmark,
-- bench/RESULTS.md). Keyed by (person_id, activity_id, ...), the children
-- of everyone are one sequential read in the same person order as the
-- activities, and one person's children are one range.
--
-- person_id repeats activity.person_id: the store writes both from the
-- same value, and the trigger below keeps them equal should an activity
-- ever move to another person. The index on activity_id serves lookups of
-- one activity and the ON DELETE CASCADE from activity.
--
-- The index the activities are read through carries every column the
-- compliance engine needs, so a scan that needs no titles (a pass of
-- cetrackd, status, an organization's report without transcripts) never
-- visits the table itself; it replaces the index of 001 on the same
-- leading columns.
-- Applied by `cetrack init` in one transaction; every row is kept.

DROP INDEX activity_person;
CREATE INDEX activity_person ON activity(person_id, completed, id, format, unit,
    amount, certificate);

CREATE TABLE activity_topic_new (
	person_id	INTEGER NOT NULL,
	activity_id	INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
	topic		TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 31),
	amount		INTEGER CHECK (amount IS NULL OR amount > 0),	-- NULL: all of it
	PRIMARY KEY (person_id, activity_id, topic)
) STRICT, WITHOUT ROWID;
INSERT INTO activity_topic_new (person_id, activity_id, topic, amount)
SELECT a.person_id, t.activity_id, t.topic, t.amount
FROM activity_topic t JOIN activity a ON a.id = t.activity_id;
DROP TABLE activity_topic;
ALTER TABLE activity_topic_new RENAME TO activity_topic;
CREATE INDEX activity_topic_activity ON activity_topic(activity_id);

CREATE TABLE activity_approval_new (
	person_id	INTEGER NOT NULL,
	activity_id	INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
	body		TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 31),
	number		TEXT NOT NULL DEFAULT '' CHECK (length(number) < 64),
	PRIMARY KEY (person_id, activity_id, body)
) STRICT, WITHOUT ROWID;
INSERT INTO activity_approval_new (person_id, activity_id, body, number)
SELECT a.person_id, p.activity_id, p.body, p.number
FROM activity_approval p JOIN activity a ON a.id = p.activity_id;
DROP TABLE activity_approval;
ALTER TABLE activity_approval_new RENAME TO activity_approval;
CREATE INDEX activity_approval_activity ON activity_approval(activity_id);

CREATE TABLE activity_target_new (
	person_id	INTEGER NOT NULL,
	activity_id	INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
	credential_id	INTEGER NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
	PRIMARY KEY (person_id, activity_id, credential_id)
) STRICT, WITHOUT ROWID;
INSERT INTO activity_target_new (person_id, activity_id, credential_id)
SELECT a.person_id, g.activity_id, g.credential_id
FROM activity_target g JOIN activity a ON a.id = g.activity_id;
DROP TABLE activity_target;
ALTER TABLE activity_target_new RENAME TO activity_target;
CREATE INDEX activity_target_activity ON activity_target(activity_id);
CREATE INDEX activity_target_credential ON activity_target(credential_id);

-- Should an activity move to another person, its children move with it.
CREATE TRIGGER activity_children_person AFTER UPDATE OF person_id ON activity
BEGIN
	UPDATE activity_topic SET person_id = NEW.person_id
	    WHERE activity_id = NEW.id;
	UPDATE activity_approval SET person_id = NEW.person_id
	    WHERE activity_id = NEW.id;
	UPDATE activity_target SET person_id = NEW.person_id
	    WHERE activity_id = NEW.id;
END;
