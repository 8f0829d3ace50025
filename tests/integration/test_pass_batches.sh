#!/bin/sh
# SPDX-License-Identifier: ISC
# A pass writes in batches of whole people (daemon/pass.c; issue 16,
# item 7), so that `cetrack` can write while a large pass runs. On the
# bench/gen small data set (40 people, 120 credentials):
#   - a batch per person plans exactly what one batch plans;
#   - kill -9 in the middle of a pass leaves whole batches, and the next
#     pass completes the plan with nothing twice;
#   - `ce log` during a pass succeeds, and the person it changed is due
#     again afterwards: the day computed from the data before the change
#     is not kept.
# CETRACKD_PASS_BATCH_MS=0 makes every person a batch, and
# CETRACKD_PASS_GAP_MS the pause after each (cetrackd(8)), so that a pass
# of 40 people lasts seconds. Everyone here is fictional.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"
NOW=2026-11-24T09:00

load_small
for db in ref batches crash live; do cp "$CETRACK_DB" "$T_DIR/$db.db"; done
write_config "$T_DIR/c.ini" "" ""

q_rows="SELECT dedup_key, status, ifnull(skip_reason, ''), ifnull(subject, ''), ifnull(body, '') FROM notification ORDER BY dedup_key"
q_watch="SELECT person_id, evaluated, next_eval FROM pass_watch ORDER BY person_id"
rows() { sqlite3 "$T_DIR/$1.db" "$q_rows"; }
watch() { sqlite3 "$T_DIR/$1.db" "$q_watch"; }
count() { sqlite3 "$T_DIR/$1.db" "$2" 2>/dev/null; }
same() {	# WHAT A B
	if [ "$(eval "$1 $2")" = "$(eval "$1 $3")" ]; then t_pass
	else
		eval "$1 $2" >"$T_DIR/a.rows"; eval "$1 $3" >"$T_DIR/b.rows"
		diff "$T_DIR/a.rows" "$T_DIR/b.rows" | head -10 >&2
		t_fail "$1: $3 differs from $2"
	fi
}
# pass DB [ENV...]: one cetrackd --once on DB, log in $T_DIR/DB.err
pass() {
	db=$1; shift
	env "$@" "$CETRACKD" -v -c "$T_DIR/c.ini" -d "$T_DIR/$db.db" --once \
	    --now "$NOW" >/dev/null 2>"$T_DIR/$db.err" ||
	    t_fail "pass on $db: $(tail -1 "$T_DIR/$db.err")"
}
# wait_for DB SQL: until SQL gives a number above 0 (10 s at most)
wait_for() {
	i=0
	while [ "$(count "$1" "$2")" -lt 1 ] 2>/dev/null ||
	    [ -z "$(count "$1" "$2")" ]; do
		i=$((i + 1))
		[ $i -gt 1000 ] && return 1
		sleep 0.01
	done
}

# The reference: one batch, however slow the build (ASan) makes the pass.
pass ref CETRACKD_PASS_BATCH_MS=60000
t_eq "the reference pass planned" 1 "$([ "$(count ref 'SELECT count(*) FROM notification')" -gt 50 ] && echo 1 || echo 0)"
t_eq "the reference pass was one batch" 1 "$(sed -n 's/.*evaluated, \([0-9]*\) batches.*/\1/p' "$T_DIR/ref.err")"

# 1. A batch per person: the same plan, the same days.
pass batches CETRACKD_PASS_BATCH_MS=0 CETRACKD_PASS_GAP_MS=0
# (a person with nothing to enqueue joins the next person's batch)
nb=$(sed -n 's/.*evaluated, \([0-9]*\) batches.*/\1/p' "$T_DIR/batches.err")
t_eq "a batch for nearly every person ($nb)" 1 "$([ "${nb:-0}" -ge 30 ] && echo 1 || echo 0)"
same rows ref batches
same watch ref batches

# 2. kill -9 in the middle of a pass of 40 batches, 100 ms apart.
CETRACKD_PASS_BATCH_MS=0 CETRACKD_PASS_GAP_MS=100 "$CETRACKD" \
    -c "$T_DIR/c.ini" -d "$T_DIR/crash.db" --once --now "$NOW" \
    >/dev/null 2>"$T_DIR/crash.err" &
pid=$!
if wait_for crash "SELECT count(*) FROM pass_watch WHERE next_eval <> '9999-12-30'"; then
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	t_pass
else
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	t_fail "no batch was committed in 10 s"
fi
n=$(count crash 'SELECT count(*) FROM notification')
all=$(count ref 'SELECT count(*) FROM notification')
t_eq "killed in the middle: part of the plan" 1 "$([ "$n" -gt 0 ] && [ "$n" -lt "$all" ] && echo 1 || echo 0)"
t_eq "the people not reached are still claimed, hence due" 1 \
    "$([ "$(count crash "SELECT count(*) FROM pass_watch WHERE next_eval = '9999-12-30'")" -gt 0 ] && echo 1 || echo 0)"
on() { main=$CETRACK_DB; CETRACK_DB="$T_DIR/$1.db"; shift; t_ok "$@"; CETRACK_DB=$main; }
on crash "the database is sound after kill -9" check
pass crash
same rows ref crash
same watch ref crash

# 3. A write during the pass: to the person the scan reaches last.
last=$(count live 'SELECT external_id FROM person ORDER BY id DESC LIMIT 1')
lastid=$(count live 'SELECT max(id) FROM person')
CETRACKD_PASS_BATCH_MS=0 CETRACKD_PASS_GAP_MS=100 "$CETRACKD" \
    -c "$T_DIR/c.ini" -d "$T_DIR/live.db" --once --now "$NOW" \
    >/dev/null 2>"$T_DIR/live.err" &
pid=$!
wait_for live "SELECT count(*) FROM pass_watch WHERE next_eval <> '9999-12-30'" ||
    t_fail "no batch was committed in 10 s"
on live "ce log while the pass runs" ce log \
    "Ethics in Care Transitions" --person "$last" --hours 2 \
    --date 2026-11-20 --topic ethics --approval CCMC
settled=$(count live "SELECT count(*) FROM pass_watch WHERE next_eval <> '9999-12-30'")
wait $pid || t_fail "the pass failed: $(tail -1 "$T_DIR/live.err")"
t_eq "the write came before the pass reached $last" 1 \
    "$([ "$settled" -lt 40 ] && echo 1 || echo 0)"
t_eq "$last is due again after the pass" 0 \
    "$(count live "SELECT count(*) FROM pass_watch WHERE person_id = $lastid")"
t_eq "everyone else is settled" 39 \
    "$(count live "SELECT count(*) FROM pass_watch WHERE next_eval <> '9999-12-30'")"
pass live
t_eq "the next pass evaluates $last alone" "1 of 40" \
    "$(sed -n 's/.*pass: \([0-9]* of [0-9]*\) people due.*/\1/p' "$T_DIR/live.err")"

t_done
