#!/bin/sh
# SPDX-License-Identifier: ISC
# The systemd side of cetrackd: the units pass `systemd-analyze verify`,
# the system unit's exposure score stays below 2.0 and every hardening
# directive it promises is there with its comment, the sysusers.d and
# tmpfiles.d entries create what the unit expects, the daemon speaks the
# notification protocol the unit relies on (READY, STATUS, WATCHDOG,
# RELOADING with a refused and an accepted reload, STOPPING, exit 0) with
# journald priority prefixes, and the README's webhook verification
# snippets (Python and shell/openssl) accept the Standard Webhooks test
# vector and real cetrackd deliveries, and refuse tampered ones.
#
# Needs systemd-analyze, systemd-sysusers and systemd-tmpfiles (Debian
# package "systemd"; no running systemd is needed) and openssl.
. "$(dirname "$0")/../cli/lib.sh"

umask 022	# cetrack refuses a group- or world-writable configuration
unset CETRACK_DB	# each part below names its database in its configuration
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SYS_UNIT="$ROOT/systemd/cetrackd.service"
USER_UNIT="$ROOT/systemd/cetrackd.user.service"
SYSUSERS="$ROOT/systemd/cetrack.sysusers"
TMPFILES="$ROOT/systemd/cetrack.tmpfiles"
CETRACKD="$(cd "$BUILD" && pwd)/cetrackd"
PY=/usr/bin/python3
RECV_PID=""
trap '[ -n "$RECV_PID" ] && kill "$RECV_PID" 2>/dev/null; rm -rf "$T_DIR"' EXIT

# t_true NAME CMD...: the command succeeds (its output kept for t_fail).
t_true() {
	_n=$1; shift
	if "$@" >"$T_DIR/out" 2>"$T_DIR/err"; then t_pass; else t_fail "$_n"; fi
}

for tool in systemd-analyze systemd-sysusers systemd-tmpfiles openssl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		: >"$T_DIR/out"; : >"$T_DIR/err"
		t_fail "$tool not found: install the Debian package" \
		    "$( [ "$tool" = openssl ] && echo openssl || echo systemd)"
	fi
done
[ "$T_FAIL" -eq 0 ] || { t_done; exit 1; }

# --- The directives the system unit promises ---------------------------------

# Lines that must appear exactly (grep -x) in systemd/cetrackd.service.
cat >"$T_DIR/want-system" <<'EOF'
Type=notify
NotifyAccess=main
ExecStart=/usr/local/bin/cetrackd -c /etc/cetrack/cetrack.ini --foreground
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
WatchdogSec=5min
TimeoutStopSec=30s
User=cetrack
Group=cetrack
StateDirectory=cetrack
StateDirectoryMode=2770
UMask=0007
LoadCredential=smtp-password:cetrack-smtp-password
LoadCredential=webhook-secret:cetrack-webhook-secret
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
DevicePolicy=closed
PrivateMounts=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
ProtectProc=invisible
ProcSubset=pid
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
PrivateUsers=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
KeyringMode=private
RemoveIPC=yes
PrivateIPC=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
SystemCallErrorNumber=EPERM
EOF
while IFS= read -r line; do
	if grep -qxF -- "$line" "$SYS_UNIT"; then t_pass
	else : >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "system unit lacks '$line'"; fi
done <"$T_DIR/want-system"

# Each of those directives states its choice in a comment (cronie style):
# the line right above it is a comment, except for the second of a pair
# that shares its partner's comment (Type/NotifyAccess, User/Group, ...),
# which must then sit right under that partner.
awk '
	BEGIN {
		split("Type:NotifyAccess User:Group StateDirectory:StateDirectoryMode " \
		    "CapabilityBoundingSet:AmbientCapabilities " \
		    "SystemCallFilter:SystemCallFilter LoadCredential:LoadCredential", p, " ")
		for (i in p) pair[p[i]] = 1
	}
	/^#/ { prev = "#"; next }
	/^[A-Za-z]+=/ {
		k = $0; sub(/=.*/, "", k)
		ok = (prev == "#") || (prevok && ((prevkey ":" k) in pair))
		if (!ok) print k
		prevok = (prev == "#")	# only a commented partner shares
		prev = "d"; prevkey = k
		next
	}
	{ prev = ""; prevkey = ""; prevok = 0 }
' "$SYS_UNIT" | sort -u >"$T_DIR/uncommented"
: >"$T_DIR/missing-comment"
while IFS= read -r line; do
	key=${line%%=*}
	grep -qxF -- "$key" "$T_DIR/uncommented" && echo "$key" >>"$T_DIR/missing-comment"
done <"$T_DIR/want-system"
t_eq "every hardening directive has its comment" "" "$(sort -u "$T_DIR/missing-comment" | tr '\n' ' ')"

# What is deliberately not set is said too.
t_eq "no DynamicUser= (the CLI must open the database)" 0 \
    "$(grep -c '^DynamicUser=' "$SYS_UNIT")"
t_eq "the DynamicUser= choice is explained" 1 \
    "$(grep -c '^# A static user, NOT DynamicUser=' "$SYS_UNIT")"
t_eq "no IPAddressDeny=, and why" "0 1" \
    "$(grep -c '^IPAddressDeny=' "$SYS_UNIT") $(grep -c '^# Not set: IPAddressDeny=' "$SYS_UNIT")"

# The user unit: her own files, no fixed user, the seccomp-based sandbox.
for line in Type=notify 'ExecStart=/usr/local/bin/cetrackd --foreground' \
    'ExecReload=/bin/kill -HUP $MAINPID' WatchdogSec=5min UMask=0077 \
    NoNewPrivileges=yes 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' \
    SystemCallArchitectures=native SystemCallFilter=@system-service \
    'SystemCallFilter=~@privileged @resources' WantedBy=default.target; do
	if grep -qxF -- "$line" "$USER_UNIT"; then t_pass
	else : >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "user unit lacks '$line'"; fi
done
t_eq "user unit has no User=/Group=" 0 "$(grep -c '^\(User\|Group\)=' "$USER_UNIT")"

# --- systemd-analyze verify --------------------------------------------------

# verify checks that ExecStart's binary exists and that every man: page in
# Documentation= resolves. The unit names /usr/local/bin/cetrackd, which
# exists only after `make install`, so a copy is verified whose ExecStart
# is the cetrackd just built (nothing else differs, which the diff checks),
# with MANPATH pointing at this tree's man pages.
if [ ! -x "$CETRACKD" ]; then
	: >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "no $CETRACKD (make)"
fi
mkdir -p "$T_DIR/units/system" "$T_DIR/units/user" "$T_DIR/man/man1" \
    "$T_DIR/man/man5" "$T_DIR/man/man8" "$T_DIR/run"
chmod 700 "$T_DIR/run"
cp "$ROOT"/man/*.1 "$T_DIR/man/man1/"; cp "$ROOT"/man/*.5 "$T_DIR/man/man5/"
cp "$ROOT"/man/*.8 "$T_DIR/man/man8/"
sed "s,/usr/local/bin/cetrackd,$CETRACKD," "$SYS_UNIT" >"$T_DIR/units/system/cetrackd.service"
sed "s,/usr/local/bin/cetrackd,$CETRACKD," "$USER_UNIT" >"$T_DIR/units/user/cetrackd.service"
t_eq "the verified copy differs only in ExecStart" "1" \
    "$(diff "$SYS_UNIT" "$T_DIR/units/system/cetrackd.service" | grep -c '^<')"

# Without man(1) installed (minimal images) the man: checks cannot run;
# those lines alone are dropped, and the pages are checked to exist here.
verify() {
	MANPATH="$T_DIR/man" XDG_RUNTIME_DIR="$T_DIR/run" \
	    systemd-analyze "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
	if ! command -v man >/dev/null 2>&1; then
		grep -v "Command 'man " "$T_DIR/err" >"$T_DIR/err.f"
		mv "$T_DIR/err.f" "$T_DIR/err"
		[ -s "$T_DIR/err" ] || T_RC=0
	fi
}
verify verify "$T_DIR/units/system/cetrackd.service"
t_eq "system unit: systemd-analyze verify is silent" "0:" "$T_RC:$(cat "$T_DIR/err")"
verify --user verify "$T_DIR/units/user/cetrackd.service"
t_eq "user unit: systemd-analyze --user verify is silent" "0:" "$T_RC:$(cat "$T_DIR/err")"
for page in cetrackd.8 cetrack.ini.5 cetrack.1; do
	t_true "man page $page exists for Documentation=" test -s "$ROOT/man/$page"
done

# The check bites: a typo is reported.
sed 's/^ProtectSystem=strict$/ProtectSystem=stric/' \
    "$T_DIR/units/system/cetrackd.service" >"$T_DIR/units/cetrackd.service"
verify verify "$T_DIR/units/cetrackd.service"
if grep -q 'stric' "$T_DIR/err"; then t_pass
else t_fail "verify did not report ProtectSystem=stric"; fi

# --- Exposure score -----------------------------------------------------------

# score FILE: the "Overall exposure level" number systemd-analyze prints.
score() {
	systemd-analyze security --offline=yes "$1" 2>/dev/null |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9][0-9.]*\).*/\1/p'
}
below2() {
	awk -v s="$1" 'BEGIN { exit !(s != "" && s + 0 < 2.0) }'
}
s=$(score "$SYS_UNIT")
if below2 "$s"; then t_pass; else : >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "exposure score '$s', want < 2.0"; fi
# --threshold is in tenths: 19 means "at most 1.9".
t_true "systemd-analyze --threshold=19 accepts the unit" \
    systemd-analyze security --offline=yes --threshold=19 "$SYS_UNIT"
# The README states the score; it must be the one measured.
if grep -qF "Overall exposure level for cetrackd.service: $s " \
    "$ROOT/README.md" 2>/dev/null; then t_pass
else : >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "README does not state the measured score $s"; fi

# The check bites: without the sandbox the same service scores high.
grep -vE '^(Protect|Private|Restrict|SystemCall|NoNew|Capability|Ambient|Lock|Memory|Keyring|RemoveIPC|DevicePolicy|ProcSubset|UMask|PrivateUsers)' \
    "$SYS_UNIT" >"$T_DIR/units/cetrackd.service"
w=$(score "$T_DIR/units/cetrackd.service")
if [ -n "$w" ] && ! below2 "$w"; then t_pass
else : >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "unhardened copy scored '$w', want >= 2.0"; fi
if systemd-analyze security --offline=yes --threshold=19 \
    "$T_DIR/units/cetrackd.service" >/dev/null 2>&1; then
	t_fail "--threshold=19 accepted the unhardened copy"
else t_pass; fi

# --- sysusers.d and tmpfiles.d in a scratch root ----------------------------

R="$T_DIR/root"
mkdir -p "$R/etc"
t_true "systemd-sysusers creates the user and group" \
    systemd-sysusers --root="$R" "$SYSUSERS"
pw=$(grep '^cetrack:' "$R/etc/passwd" 2>/dev/null)
gr=$(grep '^cetrack:' "$R/etc/group" 2>/dev/null)
uid=$(echo "$pw" | cut -d: -f3)
gid=$(echo "$gr" | cut -d: -f3)
t_eq "cetrack's home and shell" "/var/lib/cetrack:/usr/sbin/nologin" \
    "$(echo "$pw" | cut -d: -f6-7)"
t_eq "cetrack's primary group is cetrack" "$gid" "$(echo "$pw" | cut -d: -f4)"
if [ -n "$uid" ] && [ "$uid" -lt 1000 ]; then t_pass
else : >"$T_DIR/out"; : >"$T_DIR/err"; t_fail "uid '$uid' is not a system uid"; fi

unit_mode=$(sed -n 's/^StateDirectoryMode=//p' "$SYS_UNIT")
t_eq "tmpfiles.d mode matches StateDirectoryMode" "$unit_mode cetrack cetrack" \
    "$(awk '$2 == "/var/lib/cetrack" { print $3, $4, $5 }' "$TMPFILES")"
if [ "$(id -u)" -eq 0 ]; then
	# Creating a directory owned by another user needs root.
	t_true "systemd-tmpfiles creates /var/lib/cetrack" \
	    systemd-tmpfiles --root="$R" --create "$TMPFILES"
	t_eq "state directory mode and owner" "2770 $uid $gid" \
	    "$(stat -c '%a %u %g' "$R/var/lib/cetrack" 2>&1)"
fi

# --- The notification protocol, with the real daemon -------------------------

cat >"$T_DIR/notify.ini" <<EOF
[database]
path = $T_DIR/notify.db
EOF
cat >"$T_DIR/notify.py" <<'EOF'
# Play systemd: a notify socket, WATCHDOG_USEC and JOURNAL_STREAM; start
# cetrackd, reload it with a broken then a good configuration, stop it.
# Prints one "ok NAME" or "FAIL NAME: why" per check, always all of them.
import os, re, signal, socket, subprocess, sys, time

sock_path, cetrackd, cfg, errfile = sys.argv[1:5]
good = open(cfg).read()
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sock_path)
s.settimeout(0.1)
env = dict(os.environ, NOTIFY_SOCKET=sock_path, WATCHDOG_USEC="2000000")
env.pop("WATCHDOG_PID", None)
msgs = []
checks = []

def check(name, ok, why=""):
    checks.append(name)
    print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)), flush=True)

def wait_for(pred, since, timeout):
    """Index of the first datagram at or after `since` matching pred."""
    end = time.monotonic() + timeout
    i = since
    while True:
        while i < len(msgs):
            if pred(msgs[i]):
                return i
            i += 1
        if time.monotonic() > end:
            return None
        try:
            msgs.append(s.recv(4096).decode())
        except socket.timeout:
            if p.poll() is not None:
                return None	# exited, and nothing more is queued

def has(line):
    return lambda m: line in m.split("\n")

with open(errfile, "wb") as err:
    # systemd's JOURNAL_STREAM: "DEVICE:INODE" of the stream stderr is.
    st = os.fstat(err.fileno())
    env["JOURNAL_STREAM"] = "%d:%d" % (st.st_dev, st.st_ino)
    p = subprocess.Popen([cetrackd, "-c", cfg, "--foreground", "--now",
                          "2027-03-02T09:00"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=err, env=env)
try:
    r = wait_for(has("READY=1"), 0, 60)
    check("READY=1 at startup", r is not None, "none in %r" % msgs)
    st = wait_for(lambda m: m.startswith("STATUS=last pass "), 0, 60)
    check("STATUS= after the first pass", st is not None, "none in %r" % msgs)
    w1 = wait_for(has("WATCHDOG=1"), r or 0, 10)
    w2 = wait_for(has("WATCHDOG=1"), (w1 or 0) + 1, 10) if w1 is not None else None
    check("WATCHDOG=1 pinged repeatedly", w2 is not None, "got %r" % msgs)

    with open(cfg, "w") as f:
        f.write("[nonsense]\nkey = 1\n")
    mark = len(msgs)
    p.send_signal(signal.SIGHUP)
    rl = wait_for(has("RELOADING=1"), mark, 30)
    check("RELOADING=1 with MONOTONIC_USEC on SIGHUP",
          rl is not None and re.search(r"(^|\n)MONOTONIC_USEC=[0-9]+($|\n)", msgs[rl]),
          "got %r" % msgs[mark:])
    rd = wait_for(has("READY=1"), (rl or mark) + 1, 30) if rl is not None else None
    check("READY=1 after a refused reload, still running",
          rd is not None and p.poll() is None, "got %r, exit %r" % (msgs[mark:], p.poll()))

    with open(cfg, "w") as f:
        f.write(good)
    mark = len(msgs)
    p.send_signal(signal.SIGHUP)
    rl = wait_for(has("RELOADING=1"), mark, 30)
    rd = wait_for(has("READY=1"), (rl or mark) + 1, 30) if rl is not None else None
    check("RELOADING=1 then READY=1 on a good reload", rd is not None,
          "got %r" % msgs[mark:])

    mark = len(msgs)
    p.send_signal(signal.SIGTERM)
    sp = wait_for(has("STOPPING=1"), mark, 30)
    check("STOPPING=1 on SIGTERM", sp is not None, "got %r" % msgs[mark:])
    try:
        rc = p.wait(30)
    except subprocess.TimeoutExpired:
        rc = "still running"
    check("exit status 0 after SIGTERM", rc == 0, "got %r" % rc)
finally:
    if p.poll() is None:
        p.kill()
        p.wait()
EOF
if [ -x "$CETRACKD" ]; then
	$PY "$T_DIR/notify.py" "$T_DIR/notify.sock" "$CETRACKD" \
	    "$T_DIR/notify.ini" "$T_DIR/notify.err" >"$T_DIR/notify.out" 2>&1
fi
n=0
while IFS= read -r line; do
	case $line in
	"ok "*) t_pass; n=$((n + 1)) ;;
	"FAIL "*) : >"$T_DIR/out"; cp "$T_DIR/notify.err" "$T_DIR/err" 2>/dev/null
		t_fail "sd_notify: ${line#FAIL }"; n=$((n + 1)) ;;
	esac
done <"$T_DIR/notify.out"
t_eq "all 8 protocol checks ran" 8 "$n"
[ "$n" -eq 8 ] || sed 's/^/  notify.py: /' "$T_DIR/notify.out" >&2

# Under systemd (JOURNAL_STREAM set) every log line carries a <N> priority;
# the refused reload is a warning, the good one is information.
t_true "the daemon logged" test -s "$T_DIR/notify.err"
t_eq "every log line has a <N> priority prefix" 0 \
    "$(grep -v '^<[0-7]>' "$T_DIR/notify.err" 2>/dev/null | wc -l)"
t_true "the refused reload is logged at warning priority" \
    grep -q '^<4>.*reload' "$T_DIR/notify.err"
t_true "the refused configuration is named" \
    grep -q '^<4>.*nonsense' "$T_DIR/notify.err"
t_true "the good reload is logged at info priority" \
    grep -q '^<6>.*reloaded' "$T_DIR/notify.err"

# Not the journal: JOURNAL_STREAM inherited by a process whose stderr is
# something else (a pipe, a file) gives plain "cetrackd: " lines, as does
# a stderr that merely is not a terminal.
if [ -x "$CETRACKD" ]; then
	JOURNAL_STREAM="8:424242" "$CETRACKD" -c "$T_DIR/notify.ini" \
	    --once --now 2027-03-02T09:00 -d "$T_DIR/stale.db" \
	    2>"$T_DIR/stale.err" >/dev/null
	env -u JOURNAL_STREAM "$CETRACKD" -c "$T_DIR/notify.ini" \
	    --once --now 2027-03-02T09:00 -d "$T_DIR/plain.db" 2>&1 >/dev/null |
	    cat >"$T_DIR/plain.err"
fi
t_true "a stale JOURNAL_STREAM: the daemon logged" test -s "$T_DIR/stale.err"
t_eq "a stale JOURNAL_STREAM: no priority prefixes" 0 \
    "$(grep -c '^<[0-7]>' "$T_DIR/stale.err" 2>/dev/null)"
t_true "a stale JOURNAL_STREAM: lines start with cetrackd:" \
    grep -q '^cetrackd: ' "$T_DIR/stale.err"
t_true "stderr a pipe: the daemon logged" test -s "$T_DIR/plain.err"
t_eq "stderr a pipe: no priority prefixes" 0 \
    "$(grep -c '^<[0-7]>' "$T_DIR/plain.err" 2>/dev/null)"

# --- The README's webhook verification snippets ------------------------------

DOC="$ROOT/README.md"
grep -q '^## Receiving webhooks' "$ROOT/README.md" 2>/dev/null && DOC="$ROOT/README.md"
# The section's first ```python block, and the ```sh block that calls openssl.
awk '/^## Receiving webhooks/ { s = 1; next } s && /^## / { s = 0 }
	s && /^```python$/ && !done { c = 1; next }
	c && /^```$/ { c = 0; done = 1 } c' "$DOC" >"$T_DIR/verify_snippet.py"
awk '/^## Receiving webhooks/ { s = 1; next } s && /^## / { s = 0 }
	s && /^```sh$/ { c = 1; b = ""; next }
	c && /^```$/ { c = 0; if (b ~ /openssl dgst/) { printf "%s", b; exit } next }
	c { b = b $0 "\n" }' "$DOC" >"$T_DIR/verify_snippet.sh"
t_true "README has the Python snippet" grep -q 'def verify_webhook' "$T_DIR/verify_snippet.py"
t_true "README has the openssl snippet" grep -q 'openssl dgst' "$T_DIR/verify_snippet.sh"

cat >"$T_DIR/vector.py" <<'EOF'
import sys
exec(open(sys.argv[1]).read())
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n"
H = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
     "webhook-timestamp": "1614265330",
     "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
BODY = b'{"test": 2432232314}'
def outcome(secret, headers, body, now):
    try:
        verify_webhook(secret, headers, body, now=now)
        return "accept"
    except ValueError:
        return "refuse"
print(outcome(SECRET, H, BODY, 1614265330 + 10),
      outcome(SECRET, H, BODY + b" ", 1614265330),
      outcome("whsec_" + "A" * 44, H, BODY, 1614265330),
      outcome(SECRET, H, BODY, 1614265330 + 301),
      outcome(SECRET, dict(H, **{"webhook-signature": "v1,bm90IGl0 " + H["webhook-signature"]}), BODY, 1614265330))
EOF
t_eq "Python snippet: spec vector, tampered body, wrong secret, stale, two signatures" \
    "accept refuse refuse refuse accept" \
    "$($PY "$T_DIR/vector.py" "$T_DIR/verify_snippet.py" 2>&1)"

# shell_verify ID TS SIGS SECRET BODYFILE: the openssl snippet's verdict.
shell_verify() {
	(cd "$T_DIR" && cp "$5" body.bin && id=$1 ts=$2 sigs=$3 secret=$4 &&
	    . ./verify_snippet.sh) 2>&1
}
printf '%s' '{"test": 2432232314}' >"$T_DIR/vector.body"
t_eq "openssl snippet accepts the spec vector" "signature valid: yes" \
    "$(shell_verify msg_p5jXN8AQM9LWM0D4loKWxJek 1614265330 \
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' \
    whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw "$T_DIR/vector.body")"
printf '%s' '{"test": 2432232315}' >"$T_DIR/tampered.body"
t_eq "openssl snippet refuses a tampered body" "signature valid: no" \
    "$(shell_verify msg_p5jXN8AQM9LWM0D4loKWxJek 1614265330 \
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' \
    whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw "$T_DIR/tampered.body")"

# Real deliveries: cetrackd posts to a receiver on 127.0.0.1 that records
# each request; both snippets must accept every one of them.
cat >"$T_DIR/receiver.py" <<'EOF'
import http.server, json, sys
portfile, logfile = sys.argv[1:3]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        with open(logfile, "a") as f:
            f.write(json.dumps({"id": self.headers["webhook-id"],
                                "ts": self.headers["webhook-timestamp"],
                                "sig": self.headers["webhook-signature"],
                                "body": body.decode()}) + "\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os; os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
EOF
$PY "$T_DIR/receiver.py" "$T_DIR/port" "$T_DIR/requests" 2>"$T_DIR/receiver.err" &
RECV_PID=$!
i=0
while [ ! -s "$T_DIR/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$T_DIR/port" 2>/dev/null)
printf 'whsec_%s\n' 'ZGFuYS1yZXllcy1maWN0aW9uYWwtdGVzdC1zZWNyZXQ=' >"$T_DIR/hook-secret"
chmod 600 "$T_DIR/hook-secret"
cat >"$T_DIR/hook.ini" <<EOF
[database]
path = $T_DIR/hook.db

[webhook]
enabled = yes
url = http://127.0.0.1:$port/cetrack
secret_file = $T_DIR/hook-secret
EOF
HC="$T_DIR/hook.ini"
t_true "setup: init" "$CETRACK" -c "$HC" init
t_true "setup: person" "$CETRACK" -c "$HC" person add "Dana Reyes" --email dana.reyes@example.org
t_true "setup: CCM" "$CETRACK" -c "$HC" cred add CCM --person 1 --number CCM-100234 \
    --valid-through 2027-05-31 --renewal-index 2
t_true "setup: ethics course" "$CETRACK" -c "$HC" ce log "Ethics in Care Transitions" \
    --hours 3 --date 2025-03-12 --approval CCMC:C-12345 --topic ethics
t_true "cetrackd --once delivers the webhooks" \
    "$CETRACKD" -c "$HC" --once --now 2027-03-02T09:00
kill "$RECV_PID" 2>/dev/null; wait "$RECV_PID" 2>/dev/null; RECV_PID=""

nreq=$(wc -l <"$T_DIR/requests" 2>/dev/null || echo 0)
if [ "$nreq" -ge 1 ]; then t_pass
else : >"$T_DIR/out"; cp "$T_DIR/receiver.err" "$T_DIR/err"; t_fail "no webhook request received"; fi
cat >"$T_DIR/real.py" <<'EOF'
import json, sys
exec(open(sys.argv[1]).read())
secret = open(sys.argv[2]).read()
n = bad = 0
for line in open(sys.argv[3]):
    r = json.loads(line)
    h = {"webhook-id": r["id"], "webhook-timestamp": r["ts"], "webhook-signature": r["sig"]}
    verify_webhook(secret, h, r["body"].encode(), now=int(r["ts"]))
    n += 1
    try:
        verify_webhook(secret, h, r["body"].encode() + b"\n", now=int(r["ts"]))
    except ValueError:
        bad += 1
print(n == bad and "all %s" % ("verified" if n else "none"))
EOF
t_eq "Python snippet verifies every real delivery (and refuses each altered)" \
    "all verified" "$($PY "$T_DIR/real.py" "$T_DIR/verify_snippet.py" \
    "$T_DIR/hook-secret" "$T_DIR/requests" 2>&1)"
# The first request through the openssl snippet.
$PY - "$T_DIR/requests" "$T_DIR/real" <<'EOF'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
open(sys.argv[2] + ".body", "w").write(r["body"])
open(sys.argv[2] + ".hdr", "w").write("%s %s %s\n" % (r["id"], r["ts"], r["sig"]))
EOF
read -r rid rts rsig <"$T_DIR/real.hdr"
t_eq "openssl snippet verifies a real delivery" "signature valid: yes" \
    "$(shell_verify "$rid" "$rts" "$rsig" "$(cat "$T_DIR/hook-secret")" "$T_DIR/real.body")"

t_done
