-- SPDX-License-Identifier: ISC
-- cetrack schema, version 4: what cetrackd's next pass can skip.
--
-- Why: a pass evaluated every credential every day, although for nearly
-- all of them nothing can change from one day to the next: the events
-- planned are fixed dates (before-N, window-open, after-N, lapsed) and
-- the state changes with the date alone only at known days (at risk from
-- valid-through minus at_risk_days, grace, lapsed, the day a linear pace
-- overtakes what was earned, the date of an activity logged ahead). A
-- pass records, per person, the first day on which any of those can come
-- for any of the person's credentials (daemon/pass.c), and the next pass
-- evaluates only the people whose day has come or whose data changed. On
-- the employer benchmark the daily pass went from 2.4 s to well under
-- 0.5 s (bench/RESULTS.md).
--
-- A person with no row is due. Every write that can change what a pass
-- plans for a person deletes the person's row (the triggers below): the
-- person, their credentials and cycles, their activities and the
-- activities' topics, approvals and targets, their organization (its
-- contact is told of escalations), and an item deleted from the outbox. What the configuration and the rule
-- packs contribute is summed up in pass_watch_meta.digest: a pass that
-- finds another digest forgets every row first.
--
-- evaluated: the day of the pass that wrote the row; a pass on an earlier
-- day (a clock set back, --now in the past) treats the row as due.

CREATE TABLE pass_watch (
	person_id	INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
	evaluated	TEXT NOT NULL CHECK (date(julianday(evaluated)) IS evaluated),
	next_eval	TEXT NOT NULL CHECK (date(julianday(next_eval)) IS next_eval),
	CHECK (next_eval > evaluated)
) STRICT;

CREATE TABLE pass_watch_meta (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	digest		TEXT NOT NULL CHECK (length(digest) BETWEEN 1 AND 64)
) STRICT;

CREATE TRIGGER watch_person_update AFTER UPDATE ON person
BEGIN
	DELETE FROM pass_watch WHERE person_id IN (OLD.id, NEW.id);
END;

CREATE TRIGGER watch_credential_insert AFTER INSERT ON credential
BEGIN
	DELETE FROM pass_watch WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER watch_credential_update AFTER UPDATE ON credential
BEGIN
	DELETE FROM pass_watch WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER watch_credential_delete AFTER DELETE ON credential
BEGIN
	DELETE FROM pass_watch WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER watch_cycle_insert AFTER INSERT ON cycle
BEGIN
	DELETE FROM pass_watch WHERE person_id =
	    (SELECT person_id FROM credential WHERE id = NEW.credential_id);
END;
CREATE TRIGGER watch_cycle_update AFTER UPDATE ON cycle
BEGIN
	DELETE FROM pass_watch WHERE person_id IN
	    (SELECT person_id FROM credential
	     WHERE id IN (OLD.credential_id, NEW.credential_id));
END;
CREATE TRIGGER watch_cycle_delete AFTER DELETE ON cycle
BEGIN
	DELETE FROM pass_watch WHERE person_id =
	    (SELECT person_id FROM credential WHERE id = OLD.credential_id);
END;

CREATE TRIGGER watch_activity_insert AFTER INSERT ON activity
BEGIN
	DELETE FROM pass_watch WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER watch_activity_update AFTER UPDATE ON activity
BEGIN
	DELETE FROM pass_watch WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER watch_activity_delete AFTER DELETE ON activity
BEGIN
	DELETE FROM pass_watch WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER watch_topic_insert AFTER INSERT ON activity_topic
BEGIN
	DELETE FROM pass_watch WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER watch_topic_update AFTER UPDATE ON activity_topic
BEGIN
	DELETE FROM pass_watch WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER watch_topic_delete AFTER DELETE ON activity_topic
BEGIN
	DELETE FROM pass_watch WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER watch_approval_insert AFTER INSERT ON activity_approval
BEGIN
	DELETE FROM pass_watch WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER watch_approval_update AFTER UPDATE ON activity_approval
BEGIN
	DELETE FROM pass_watch WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER watch_approval_delete AFTER DELETE ON activity_approval
BEGIN
	DELETE FROM pass_watch WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER watch_target_insert AFTER INSERT ON activity_target
BEGIN
	DELETE FROM pass_watch WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER watch_target_update AFTER UPDATE ON activity_target
BEGIN
	DELETE FROM pass_watch WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER watch_target_delete AFTER DELETE ON activity_target
BEGIN
	DELETE FROM pass_watch WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER watch_organization_update AFTER UPDATE ON organization
BEGIN
	DELETE FROM pass_watch WHERE person_id IN
	    (SELECT id FROM person WHERE org_id IN (OLD.id, NEW.id));
END;

-- An item taken out of the outbox by hand is planned again by the next
-- pass, as it would be without pass_watch.
CREATE TRIGGER watch_notification_delete AFTER DELETE ON notification
BEGIN
	DELETE FROM pass_watch WHERE person_id =
	    (SELECT person_id FROM credential WHERE id = OLD.credential_id);
END;
