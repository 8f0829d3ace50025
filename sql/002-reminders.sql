-- SPDX-License-Identifier: ISC
-- cetrack schema, version 2: reminders. Per-credential reminder settings,
-- what the outbox keeps on each notification (a webhook id stable across
-- retries, the digest it went out in, why it was skipped, when it was first
-- tried and when it was sent), webhook endpoints disabled after 410 Gone,
-- and one row per cetrackd pass (the heartbeat `cetrack status` checks).
-- Applied by `cetrack init` to a version-1 database in one transaction:
-- only ADD COLUMN and new tables, so every existing row is kept.
-- Times are UTC 'YYYY-MM-DDTHH:MM:SSZ', checked by a round trip through
-- julianday() as the dates of 001 are.

-- NULL: the configured policy. Otherwise days as "120,60,30" (digits and
-- commas; '' = no reminders at all on that side).
ALTER TABLE credential ADD COLUMN remind_before TEXT
	CHECK (remind_before IS NULL OR (length(remind_before) < 128 AND
	    remind_before NOT GLOB '*[^0-9,]*'));
ALTER TABLE credential ADD COLUMN remind_after TEXT
	CHECK (remind_after IS NULL OR (length(remind_after) < 128 AND
	    remind_after NOT GLOB '*[^0-9,]*'));
-- Nothing is sent for this credential through this day (records are kept).
ALTER TABLE credential ADD COLUMN snooze_until TEXT
	CHECK (snooze_until IS NULL OR
	    date(julianday(snooze_until)) IS snooze_until);
-- Channels opted out of: '' none, or 'email', 'webhook', 'email,webhook',
-- 'all' (every channel, log included).
ALTER TABLE credential ADD COLUMN opt_out TEXT NOT NULL DEFAULT ''
	CHECK (opt_out IN ('', 'email', 'webhook', 'email,webhook', 'all'));

-- The Standard Webhooks id: "msg_" + 32 hex digits derived from dedup_key.
ALTER TABLE notification ADD COLUMN webhook_id TEXT
	CHECK (webhook_id IS NULL OR (length(webhook_id) = 36 AND
	    webhook_id GLOB 'msg_*' AND
	    substr(webhook_id, 5) NOT GLOB '*[^0-9a-f]*'));
-- The message that carried it (a digest's Message-ID), once sent.
ALTER TABLE notification ADD COLUMN digest_group TEXT
	CHECK (digest_group IS NULL OR length(digest_group) BETWEEN 1 AND 255);
-- Why a `skipped` item was not sent (snoozed, opted out, caught up, ...).
ALTER TABLE notification ADD COLUMN skip_reason TEXT
	CHECK (skip_reason IS NULL OR length(skip_reason) BETWEEN 1 AND 511);
-- give_up_after counts from the first attempt.
ALTER TABLE notification ADD COLUMN first_attempt TEXT
	CHECK (first_attempt IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ',
	    julianday(first_attempt)) IS first_attempt);
ALTER TABLE notification ADD COLUMN sent TEXT
	CHECK (sent IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ',
	    julianday(sent)) IS sent);

-- Pending items in the order the daemon sends them.
CREATE INDEX notification_pending ON notification(next_attempt, id)
	WHERE status = 'pending';
CREATE INDEX notification_credential ON notification(credential_id);
CREATE INDEX notification_recipient ON notification(channel, recipient)
	WHERE status = 'pending';
CREATE UNIQUE INDEX notification_webhook_id ON notification(webhook_id)
	WHERE webhook_id IS NOT NULL;

-- A webhook receiver that answered 410 Gone: nothing is sent to it until
-- an administrator enables it again.
CREATE TABLE webhook_endpoint (
	id		INTEGER PRIMARY KEY,
	url		TEXT NOT NULL UNIQUE
			    CHECK (length(url) BETWEEN 1 AND 1023),
	disabled_at	TEXT CHECK (disabled_at IS NULL OR
			    strftime('%Y-%m-%dT%H:%M:%SZ',
			    julianday(disabled_at)) IS disabled_at),
	reason		TEXT CHECK (reason IS NULL OR length(reason) < 512),
	CHECK (disabled_at IS NOT NULL OR reason IS NULL)
) STRICT;

-- One row per cetrackd pass: the heartbeat, and what the pass did.
CREATE TABLE daemon_pass (
	id		INTEGER PRIMARY KEY,
	started		TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ',
			    julianday(started)) IS started),
	finished	TEXT CHECK (finished IS NULL OR
			    strftime('%Y-%m-%dT%H:%M:%SZ',
			    julianday(finished)) IS finished),
	now_used	TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ',
			    julianday(now_used)) IS now_used),
	items_enqueued	INTEGER NOT NULL DEFAULT 0 CHECK (items_enqueued >= 0),
	items_sent	INTEGER NOT NULL DEFAULT 0 CHECK (items_sent >= 0),
	items_failed	INTEGER NOT NULL DEFAULT 0 CHECK (items_failed >= 0),
	CHECK (finished IS NULL OR finished >= started)
) STRICT;
CREATE INDEX daemon_pass_started ON daemon_pass(started);
