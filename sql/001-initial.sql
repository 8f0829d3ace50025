-- SPDX-License-Identifier: ISC
-- cetrack schema, version 1. Applied by `cetrack init` inside one
-- transaction; PRAGMA user_version is set by the migration runner.
-- Hours are integers in hundredths; dates 'YYYY-MM-DD' (checked to be real
-- calendar dates by round-tripping through julianday(): SQLite 3.40's
-- date('2026-02-30') returns its input unchanged, julianday() rolls it over
-- to March 2, so only a real date survives); times UTC 'YYYY-MM-DDTHH:MM:SSZ'.

CREATE TABLE organization (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 127),
	contact_email	TEXT CHECK (contact_email IS NULL OR length(contact_email) < 255),
	webhook_url	TEXT,
	created		TEXT NOT NULL
) STRICT;

CREATE TABLE person (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 127),
	email		TEXT CHECK (email IS NULL OR length(email) < 255),
	org_id		INTEGER REFERENCES organization(id) ON DELETE SET NULL,
	external_id	TEXT CHECK (external_id IS NULL OR length(external_id) < 64),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created		TEXT NOT NULL,
	UNIQUE (org_id, external_id)
) STRICT;
CREATE INDEX person_org ON person(org_id);
CREATE INDEX person_name ON person(name);
CREATE INDEX person_external ON person(external_id);

CREATE TABLE credential (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	program		TEXT NOT NULL CHECK (length(program) BETWEEN 1 AND 23),
	number		TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 63),
	state		TEXT NOT NULL DEFAULT '' CHECK (length(state) < 8),
	attrs		TEXT NOT NULL DEFAULT '' CHECK (length(attrs) < 256),
	status		TEXT NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'retired', 'inactive')),
	created		TEXT NOT NULL,
	-- A number is unique within a program and jurisdiction.
	UNIQUE (program, state, number)
) STRICT;
CREATE INDEX credential_person ON credential(person_id);

CREATE TABLE cycle (
	id		INTEGER PRIMARY KEY,
	credential_id	INTEGER NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
	start		TEXT NOT NULL CHECK (date(julianday(start)) IS start),
	valid_through	TEXT NOT NULL CHECK (date(julianday(valid_through)) IS valid_through),
	renewal_index	INTEGER NOT NULL DEFAULT 1 CHECK (renewal_index BETWEEN 1 AND 1000),
	carry_in	INTEGER NOT NULL DEFAULT 0 CHECK (carry_in BETWEEN 0 AND 100000),
	closed		TEXT CHECK (closed IS NULL OR date(julianday(closed)) IS closed),
	outcome		TEXT CHECK (outcome IS NULL OR outcome IN ('ce', 'exam', 'lapsed', 'retired')),
	CHECK (start <= valid_through),
	CHECK ((closed IS NULL) = (outcome IS NULL))
) STRICT;
CREATE INDEX cycle_credential ON cycle(credential_id, valid_through);
-- At most one open cycle per credential.
CREATE UNIQUE INDEX cycle_open ON cycle(credential_id) WHERE closed IS NULL;

CREATE TABLE activity (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	title		TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
	provider	TEXT CHECK (provider IS NULL OR length(provider) < 128),
	completed	TEXT NOT NULL CHECK (date(julianday(completed)) IS completed),
	format		TEXT NOT NULL DEFAULT 'live' CHECK (format IN
			('live', 'live-online', 'self-study', 'academic', 'presenting', 'publication')),
	unit		TEXT NOT NULL DEFAULT 'hour' CHECK (unit IN
			('hour', 'minute', 'ceu', 'semester', 'quarter')),
	amount		INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000),
	certificate	TEXT CHECK (certificate IS NULL OR length(certificate) = 64),
	created		TEXT NOT NULL
) STRICT;
CREATE INDEX activity_person ON activity(person_id, completed);

CREATE TABLE activity_topic (
	activity_id	INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
	topic		TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 31),
	amount		INTEGER CHECK (amount IS NULL OR amount > 0),	-- NULL: all of it
	PRIMARY KEY (activity_id, topic)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity_approval (
	activity_id	INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
	body		TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 31),
	number		TEXT NOT NULL DEFAULT '' CHECK (length(number) < 64),
	PRIMARY KEY (activity_id, body)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity_target (
	activity_id	INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
	credential_id	INTEGER NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
	PRIMARY KEY (activity_id, credential_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX activity_target_credential ON activity_target(credential_id);

CREATE TABLE notification (
	id		INTEGER PRIMARY KEY,
	dedup_key	TEXT NOT NULL UNIQUE,
	credential_id	INTEGER REFERENCES credential(id) ON DELETE SET NULL,
	cycle_id	INTEGER REFERENCES cycle(id) ON DELETE SET NULL,
	event		TEXT NOT NULL,
	channel		TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'log')),
	recipient	TEXT NOT NULL,
	subject		TEXT,
	body		TEXT,
	payload		TEXT,
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'skipped')),
	attempts	INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt	TEXT,
	last_error	TEXT,
	created		TEXT NOT NULL,
	updated		TEXT NOT NULL
) STRICT;
CREATE INDEX notification_due ON notification(status, next_attempt);

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	INTEGER,
	detail		TEXT
) STRICT;

-- The audit log is append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
