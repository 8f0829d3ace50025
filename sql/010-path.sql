-- SPDX-License-Identifier: ISC
-- cetrack schema, version 10: the path into a credential (issue 18).
--
-- Why: most of a case manager's career before renewal is a path into a
-- credential: a degree, a license held for some time, months of (often
-- supervised) case-management experience, an exam. Eligibility packs read
-- these records; this migration only adds them, each kept per person and
-- removed with the person:
--   credential.issued  the original issue date of a license or
--                      certification ("licensed for 2 years"); NULL: not
--                      given, and what depends on it is not counted as met
--   education          a degree: level, field, title, conferral date
--   experience         a job or placement: employer, role, span (no end:
--                      ongoing, accruing to the as-of date), hours per week
--                      or a total, and what kind of work it was
--   exam               an exam sat: its name, day and result
-- Hours are centi-hours like every amount (hours.h); dates YYYY-MM-DD.
ALTER TABLE credential ADD COLUMN issued TEXT
    CHECK (issued IS NULL OR date(julianday(issued)) IS issued);

CREATE TABLE education (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	level		TEXT NOT NULL CHECK (level IN ('associate', 'diploma',
			    'bachelor', 'master', 'doctorate')),
	field		TEXT NOT NULL CHECK (field IN ('nursing', 'social-work',
			    'health', 'human-services', 'other')),
	title		TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 63),
	conferred	TEXT NOT NULL CHECK (date(julianday(conferred)) IS conferred),
	institution	TEXT CHECK (institution IS NULL OR
			    length(institution) BETWEEN 1 AND 127),
	accreditor	TEXT CHECK (accreditor IS NULL OR
			    length(accreditor) BETWEEN 1 AND 31),
	created		TEXT NOT NULL
) STRICT;
CREATE INDEX education_person ON education(person_id, conferred);

CREATE TABLE experience (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	employer	TEXT NOT NULL CHECK (length(employer) BETWEEN 1 AND 127),
	role		TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 127),
	start		TEXT NOT NULL CHECK (date(julianday(start)) IS start),
	end		TEXT CHECK (end IS NULL OR date(julianday(end)) IS end),
	-- One of the two: an average week, or the hours of the whole span.
	hours_per_week	INTEGER CHECK (hours_per_week IS NULL OR
			    hours_per_week BETWEEN 1 AND 10000),
	hours_total	INTEGER CHECK (hours_total IS NULL OR
			    hours_total BETWEEN 1 AND 100000000),
	case_management	INTEGER NOT NULL DEFAULT 0 CHECK (case_management IN (0, 1)),
	supervised	INTEGER NOT NULL DEFAULT 0 CHECK (supervised IN (0, 1)),
	supervisor	TEXT CHECK (supervisor IS NULL OR
			    length(supervisor) BETWEEN 1 AND 127),
	supervisor_credential TEXT CHECK (supervisor_credential IS NULL OR
			    length(supervisor_credential) BETWEEN 1 AND 63),
	supervises_case_managers INTEGER NOT NULL DEFAULT 0
			    CHECK (supervises_case_managers IN (0, 1)),
	clinical	INTEGER NOT NULL DEFAULT 0 CHECK (clinical IN (0, 1)),
	-- NULL: not said (a rule that needs paid work counts it as not met).
	paid		INTEGER CHECK (paid IS NULL OR paid IN (0, 1)),
	setting		TEXT CHECK (setting IS NULL OR setting IN ('hospital',
			    'payer', 'post-acute', 'community', 'private-practice',
			    'workers-comp', 'other')),
	tags		TEXT NOT NULL DEFAULT '' CHECK (length(tags) < 256),
	created		TEXT NOT NULL,
	CHECK (end IS NULL OR start <= end),
	CHECK ((hours_per_week IS NULL) <> (hours_total IS NULL)),
	CHECK (supervised = 1 OR (supervisor IS NULL AND
	    supervisor_credential IS NULL))
) STRICT;
CREATE INDEX experience_person ON experience(person_id, start);

CREATE TABLE exam (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	exam		TEXT NOT NULL CHECK (length(exam) BETWEEN 1 AND 63),
	day		TEXT NOT NULL CHECK (date(julianday(day)) IS day),
	result		TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
	created		TEXT NOT NULL
) STRICT;
CREATE INDEX exam_person ON exam(person_id, day);
