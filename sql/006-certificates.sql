-- SPDX-License-Identifier: ISC
-- cetrack schema, version 6: certificates live in the database.
--
-- Why: `ce log --certificate` used to copy the file into a certificates/
-- folder beside the database. That folder was shared by every database in
-- the directory, left out of `cetrack backup` and `export`, never checked
-- by `cetrack check` (a missing folder still read "Certificate: on file"),
-- no command gave a certificate back, and the file's name and type were
-- lost. A row here is one certificate, keyed by the SHA-256 of its bytes
-- (the same file logged twice is stored once), so the backup API, export
-- and check see it like any other data.
--
-- activity.certificate keeps naming the digest; it is not a foreign key
-- (SQLite cannot add one to an existing column without copying the
-- table, and an upgraded database may name a digest whose file was lost):
-- `cetrack check` reports an activity whose certificate has no row.
--
-- The blob sits in its own table, never in activity: the scans read
-- activity through the covering index activity_person (003), which holds
-- the digest only, so a status or a daemon pass never reads a byte of a
-- certificate.
--
-- The rows of an upgraded database's certificates/ folder are read in by
-- `cetrack init` after this migration (lib/store/cert.c), not here: SQL
-- cannot read files.

CREATE TABLE certificate (
	digest		TEXT PRIMARY KEY CHECK (length(digest) = 64 AND
			    digest NOT GLOB '*[^0-9a-f]*'),
	-- The file's name when it was stored (no directory); NULL when not
	-- known (a file of the old certificates/ folder, named by digest).
	name		TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 255),
	media_type	TEXT NOT NULL CHECK (length(media_type) BETWEEN 3 AND 127),
	size		INTEGER NOT NULL CHECK (size >= 0),
	data		BLOB NOT NULL CHECK (length(data) = size),
	created		TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ',
			    julianday(created)) IS created)
) STRICT;
