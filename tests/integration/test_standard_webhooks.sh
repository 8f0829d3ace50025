#!/bin/sh
# SPDX-License-Identifier: ISC
# Real deliveries checked by the official Standard Webhooks library (the
# `standardwebhooks` npm package, pinned, installed into the build folder
# with its own cache so that reruns are offline and fast) and by the
# project's own receiver, with a secret made by `cetrack notify
# new-secret`:
#   - in real time, and under `cetrackd --now` in the past and in the
#     future: the webhook-timestamp is the real time of sending, so the
#     library (5 minutes' tolerance on its own clock) accepts every one;
#   - the library does refuse what cetrackd used to send (the simulated
#     time) and a tampered body, so the checks above can fail;
#   - what sending would refuse (a secret without whsec_, one others can
#     read, starttls = off towards another host) is reported by `cetrack
#     check` and cetrackd will not start on it, one line per problem.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

SWH_VERSION=1.3.0
npm_dir="$(cd "$BUILD" && pwd)/npm"
swh="$npm_dir/node_modules/standardwebhooks"

if ! grep -q "\"version\": \"$SWH_VERSION\"" "$swh/package.json" 2>/dev/null; then
	mkdir -p "$npm_dir"
	if ! npm install --prefix "$npm_dir" --cache "$npm_dir/cache" \
	    --prefer-offline --no-audit --no-fund --save-exact \
	    "standardwebhooks@$SWH_VERSION" >"$T_DIR/npm.log" 2>&1; then
		cat "$T_DIR/npm.log" >&2
		t_fail "npm install standardwebhooks@$SWH_VERSION into $npm_dir"
		t_done
		exit 1
	fi
fi
t_eq "standardwebhooks $SWH_VERSION installed" 1 \
    "$(grep -c "\"version\": \"$SWH_VERSION\"" "$swh/package.json")"

# The secret both sides use, as an administrator makes it.
(umask 077; "$CETRACK" notify new-secret >"$T_DIR/whsec")
t_eq "new-secret: whsec_ + base64 of 32 bytes" 1 \
    "$(grep -cE '^whsec_[A-Za-z0-9+/]{43}=$' "$T_DIR/whsec")"

# start_swh NAME: the official library's receiver; sets HOOK_PORT; one
# JSON line per request in $T_DIR/NAME.log.
start_swh() {
	: >"$T_DIR/$1.log"
	node "$SRV_DIR/swh_receiver.js" "$swh" "$T_DIR/whsec" "$T_DIR/$1.log" \
	    >"$T_DIR/$1.out" 2>"$T_DIR/$1.err" &
	T_PIDS="$T_PIDS $!"
	HOOK_PORT=$(srv_wait_port "$T_DIR/$1.out") || return 1
}

# swh_count NAME ok|bad: requests the library accepted or refused.
swh_count() {
	/usr/bin/python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["ok"] == (sys.argv[2] == "ok"):
        n += 1
        if not r["ok"]:
            print("refused:", r.get("error"), file=sys.stderr)
print(n)' "$T_DIR/$1.log" "$2"
}

# scenario NAME URL VALID_THROUGH [--now T]: a fresh database with Dana's
# CCM (no hours yet: at risk) and one cetrackd pass; the outbox's sent
# webhooks are counted in SENT.
scenario() {
	sc=$1; url=$2; valid=$3; shift 3
	CETRACK_DB="$T_DIR/$sc.db"
	write_config "$T_DIR/$sc.ini" "" "$url" "[reminders]" \
	    "at_risk_days = 365"
	t_ok "$sc: init" init
	t_ok "$sc: Dana" person add "Dana Reyes" --email dana.reyes@example.org
	t_ok "$sc: CCM" cred add CCM --number CCM-100234 \
	    --valid-through "$valid" --renewal-index 2
	cd_run -c "$T_DIR/$sc.ini" --once "$@"
	t_eq "$sc: the pass exits 0" 0 "$D_RC"
	[ "$D_RC" -eq 0 ] || cat "$T_DIR/derr" >&2
	ct notify list --json
	SENT=$(t_jv "len([n for n in (j['notifications'] if isinstance(j, dict) else j) if n['channel'] == 'webhook' and n['status'] == 'sent'])")
	t_eq "$sc: webhooks were due and sent" 1 \
	    "$([ "$SENT" -ge 1 ] && echo 1 || echo 0)"
}

# The next CCM deadline (May 31 or Nov 30) from today: at most six
# months away, so with at_risk_days = 365 Dana is at risk now.
y=$(date +%Y); md=$(date +%m%d)
if [ "$md" -le 0531 ]; then next="$y-05-31"
elif [ "$md" -le 1130 ]; then next="$y-11-30"
else next="$((y + 1))-05-31"; fi

start_swh official || exit 1
official=$HOOK_PORT
for run in "real $next" "past 2025-05-31 --now 2025-03-02T09:00" \
    "future 2027-05-31 --now 2027-03-02T09:00"; do
	# shellcheck disable=SC2086
	set -- $run
	run=$1; valid=$2; shift 2
	before=$(swh_count official ok)
	scenario "$run" "http://127.0.0.1:$official/hook" "$valid" "$@"
	t_eq "$run: the library verified every delivery" \
	    "$((before + SENT))" "$(swh_count official ok)"
	t_eq "$run: and refused none" 0 "$(swh_count official bad)"
done

# The project's receiver, on the real clock with the same 5 minutes.
start_receiver own --tolerance 300 || exit 1
scenario own "http://127.0.0.1:$HOOK_PORT/ok" 2027-05-31 \
    --now 2027-03-02T09:00
t_eq "own receiver: every delivery verified" "$SENT" "$(hook_count own)"
t_eq "own receiver: no bad signature" 0 \
    "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bad_signature"])' "$T_DIR/own.stats")"

# The library is no rubber stamp: what the old cetrackd sent under --now
# (the simulated time, signed correctly) and a tampered body are refused.
out=$(/usr/bin/python3 - "$T_DIR/whsec" "$official" <<'PY'
import base64, hashlib, hmac, sys, time, urllib.request, urllib.error
key = base64.b64decode(open(sys.argv[1]).read().strip()[6:])
def post(ts, body, signed):
    sig = base64.b64encode(hmac.new(key, b"msg_x.%d.%s" % (ts, signed),
                                    hashlib.sha256).digest()).decode()
    req = urllib.request.Request(
        "http://127.0.0.1:%s/hook" % sys.argv[2], data=body,
        headers={"webhook-id": "msg_x", "webhook-timestamp": str(ts),
                 "webhook-signature": "v1," + sig,
                 "Content-Type": "application/json"})
    try:
        return urllib.request.urlopen(req, timeout=5).status
    except urllib.error.HTTPError as e:
        return e.code
now = int(time.time())
body = b'{"event":"x"}'
print(post(now, body, body), post(1803999600, body, body),
      post(now, body + b" ", body))
PY
)
t_eq "library: right 204, simulated time 400, tampered 400" "204 400 400" "$out"
t_eq "library said why" 2 "$(grep -cE 'timestamp too new|No matching signature' "$T_DIR/official.log")"

# What sending refuses, check reports and cetrackd will not start on.
CETRACK_DB="$T_DIR/future.db"
sent_before=$(swh_count official ok)
printf 'correct horse battery staple\n' >"$T_DIR/raw"
chmod 600 "$T_DIR/raw"
write_config "$T_DIR/raw.ini" "" "http://127.0.0.1:$official/hook"
sed -i "s|^secret_file = .*|secret_file = $T_DIR/raw|" "$T_DIR/raw.ini"
"$CETRACK" -c "$T_DIR/raw.ini" -d "$CETRACK_DB" check >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "check: a secret without whsec_ fails" 1 "$?"
t_eq "check: one line naming file, section, key, form and remedy" 1 \
    "$(grep -cF "$T_DIR/raw.ini: [webhook] secret_file: $T_DIR/raw does not start with whsec_; expected whsec_ followed by base64 (Standard Webhooks); make one with: (umask 077; cetrack notify new-secret > $T_DIR/raw)" "$T_DIR/err")"
t_eq "check: the secret is not quoted" 0 "$(grep -c horse "$T_DIR/err")"
cd_run -c "$T_DIR/raw.ini" --once --now 2027-05-30T09:00
t_eq "cetrackd --once refuses it" 1 "$D_RC"
t_eq "cetrackd says the same line" 1 \
    "$(grep -cF "[webhook] secret_file: $T_DIR/raw does not start with whsec_" "$T_DIR/derr")"
t_eq "cetrackd says it does not start" 1 "$(grep -c 'not starting' "$T_DIR/derr")"
timeout 10 "$CETRACKD" -c "$T_DIR/raw.ini" -f >"$T_DIR/dout" 2>"$T_DIR/derr"
t_eq "resident cetrackd does not start either" 1 "$?"
t_eq "nothing was sent with the bad secret" "$sent_before" "$(swh_count official ok)"

chmod 644 "$T_DIR/whsec"
"$CETRACK" -c "$T_DIR/future.ini" check >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "check: a secret others can read fails" 1 "$?"
t_eq "check: says so, with the remedy" 1 \
    "$(grep -cF "$T_DIR/future.ini: [webhook] secret_file: $T_DIR/whsec: is readable by others (mode 0644); chmod 600 $T_DIR/whsec" "$T_DIR/err")"
cd_run -c "$T_DIR/future.ini" --once --now 2027-05-30T09:00
t_eq "cetrackd refuses it" 1 "$D_RC"
chmod 600 "$T_DIR/whsec"

write_config "$T_DIR/tls.ini" "smtp://mail.example.org:587" ""
"$CETRACK" -c "$T_DIR/tls.ini" check >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "check: starttls = off towards another host fails" 1 "$?"
t_eq "check: names file, section and key" 1 \
    "$(grep -cF "$T_DIR/tls.ini: [email] starttls: off would send mail in clear to mail.example.org" "$T_DIR/err")"
cd_run -c "$T_DIR/tls.ini" --once
t_eq "cetrackd refuses it" 1 "$D_RC"

"$CETRACK" -c "$T_DIR/future.ini" check >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "check: the good configuration passes" 0 "$?"
t_eq "check: says delivery is ok" 1 "$(grep -c '^ok: delivery settings (webhook)$' "$T_DIR/out")"

t_done
