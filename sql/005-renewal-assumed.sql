-- SPDX-License-Identifier: ISC
-- cetrack schema, version 5: whether a cycle's renewal number was given.
--
-- Why: `cred add` without --renewal-index stored 1, "this cycle ends in
-- the first renewal after initial licensure", and eight rule packs exempt
-- that renewal: a long-time licensee added that way read "complete, 0 /
-- 0 h" (rule audit 2026-12, P2). A renewal number nobody gave is now
-- kept as assumed, and the compliance engine counts every obligation
-- that depends on it as owed, saying what would settle it
-- (`cetrack cred set ID --renewal-index N`).
--
-- The open cycles that already carry 1 may hold that old default: they
-- are marked assumed too, so the next status says so instead of showing
-- an exemption nobody confirmed. Closed cycles are history and stay.
ALTER TABLE cycle ADD COLUMN renewal_assumed INTEGER NOT NULL DEFAULT 0
    CHECK (renewal_assumed IN (0, 1));
UPDATE cycle SET renewal_assumed = 1 WHERE renewal_index = 1 AND closed IS NULL;
