-- SPDX-License-Identifier: ISC
-- cetrack schema, version 11: the log of supervision (issue 18).
--
-- Why: licensing boards count supervision by the week or the month (Texas
-- at most 10 hours a month, Florida 100 hours, Illinois an average of 4 a
-- month). A row is one day (or the week ending on it) of a person's log:
-- the hours worked, shown beside the experience entries (which count the
-- hours), and the minutes of supervision, individual or group, which the
-- eligibility packs count.
CREATE TABLE experience_log (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	day		TEXT NOT NULL CHECK (date(julianday(day)) IS day),
	hours		INTEGER NOT NULL CHECK (hours BETWEEN 0 AND 16800),
	supervision_minutes INTEGER NOT NULL DEFAULT 0
			    CHECK (supervision_minutes BETWEEN 0 AND 10080),
	format		TEXT CHECK (format IS NULL OR format IN ('individual',
			    'group')),
	created		TEXT NOT NULL,
	CHECK ((supervision_minutes = 0) = (format IS NULL))
) STRICT;
CREATE INDEX experience_log_person ON experience_log(person_id, day);
