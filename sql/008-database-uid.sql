-- SPDX-License-Identifier: ISC
-- cetrack schema, version 8: an identity for the database itself.
--
-- Why: a calendar event's UID was "cetrack-cred-1-cycle-1-deadline@cetrack",
-- unique only within one database. Two databases (two employers, a
-- person's own and their employer's) number their credentials from 1
-- alike, so a calendar application that imported both calendars let one's
-- deadlines overwrite the other's (issue 17). The UIDs now end in this
-- database's own random id ("@<uid>.cetrack"), made once, here, and never
-- changed: every calendar and reminder of one database keeps its UIDs,
-- export after export. A restore (an import of an export into a new
-- database) has an id of its own, so calendars made after it are new
-- events to a calendar application; the export does not carry the id, as
-- two databases restored from one export must not share it.
CREATE TABLE database_meta (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	uid		TEXT NOT NULL CHECK (length(uid) = 32 AND
			    uid NOT GLOB '*[^0-9a-f]*')
) STRICT;
INSERT INTO database_meta (id, uid) VALUES (1, lower(hex(randomblob(16))));
