-- SPDX-License-Identifier: ISC
-- cetrack schema, version 9: primary-source verification of credentials.
--
-- Why: before a survey an employer must show that every license was
-- checked at its primary source (the state board's lookup, Nursys, the
-- certifying body's registry): who checked, on which day, where (issue
-- 17). Each check is a row of its own and rows are never changed, so the
-- history stays; a report shows the latest (by verified_on, then id). A
-- credential removed takes its checks with it (the audit log keeps them).
CREATE TABLE verification (
	id		INTEGER PRIMARY KEY,
	credential_id	INTEGER NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
	verified_on	TEXT NOT NULL CHECK (date(julianday(verified_on)) IS verified_on),
	verified_by	TEXT NOT NULL CHECK (length(verified_by) BETWEEN 1 AND 127),
	source		TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 511),
	created		TEXT NOT NULL
) STRICT;
CREATE INDEX verification_credential ON verification(credential_id, verified_on, id);
