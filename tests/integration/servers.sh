# SPDX-License-Identifier: ISC
# Start and stop the test servers (tests/integration/smtpd.py and
# webhook_receiver.py) on free ports of 127.0.0.1. Source after
# tests/cli/lib.sh. Every server started here is stopped on exit.

T_PIDS=""
SRV_DIR=$(cd "$(dirname "$0")" && pwd)

srv_cleanup() {
	for p in $T_PIDS; do kill "$p" 2>/dev/null; done
	for p in $T_PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T_DIR"
}
trap srv_cleanup EXIT

# srv_wait_port FILE: wait (bounded, 10 s) for "PORT <n>" in FILE.
srv_wait_port() {
	i=0
	while [ $i -lt 200 ]; do
		p=$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$1" 2>/dev/null | head -1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	echo "server did not start: $(cat "$1" 2>/dev/null)" >&2
	return 1
}

# start_smtpd NAME ARGS...: sets SMTP_PORT; mail lands in $T_DIR/NAME.mail
start_smtpd() {
	name=$1; shift
	mkdir -p "$T_DIR/$name.mail"
	/usr/bin/python3 "$SRV_DIR/smtpd.py" --maildir "$T_DIR/$name.mail" "$@" \
	    >"$T_DIR/$name.out" 2>"$T_DIR/$name.err" &
	T_PIDS="$T_PIDS $!"
	eval "${name}_PID=$!"
	SMTP_PORT=$(srv_wait_port "$T_DIR/$name.out") || return 1
}

# start_receiver NAME ARGS...: sets HOOK_PORT; log in $T_DIR/NAME.log,
# stats in $T_DIR/NAME.stats; the secret is $T_DIR/whsec.
start_receiver() {
	name=$1; shift
	[ -f "$T_DIR/whsec" ] || { printf 'whsec_%s\n' "$(printf 'cetrack-test-secret-0123456789' | base64)" >"$T_DIR/whsec"; chmod 600 "$T_DIR/whsec"; }
	/usr/bin/python3 "$SRV_DIR/webhook_receiver.py" --secret-file "$T_DIR/whsec" \
	    --log "$T_DIR/$name.log" --stats "$T_DIR/$name.stats" "$@" \
	    >"$T_DIR/$name.out" 2>"$T_DIR/$name.err" &
	T_PIDS="$T_PIDS $!"
	eval "${name}_PID=$!"
	: >"$T_DIR/$name.log"
	HOOK_PORT=$(srv_wait_port "$T_DIR/$name.out") || return 1
}

# mail_count NAME: messages received; hook_count NAME: deliveries accepted
mail_count() { ls "$T_DIR/$1.mail"/*.eml 2>/dev/null | wc -l; }
hook_count() { wc -l <"$T_DIR/$1.log"; }

# free_port: a port nothing listens on (bound then released).
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# write_config FILE SMTP_URL HOOK_URL [EXTRA...]: a cetrack.ini for tests.
write_config() {
	f=$1; smtp=$2; hook=$3; shift 3
	{
		echo "[database]"
		echo "path = $CETRACK_DB"
		if [ -n "$smtp" ]; then
			echo "[email]"
			echo "enabled = yes"
			echo "smtp_url = $smtp"
			echo "starttls = off"
			echo "from = cetrack <cetrack@example.org>"
		fi
		if [ -n "$hook" ]; then
			echo "[webhook]"
			echo "enabled = yes"
			echo "url = $hook"
			echo "secret_file = $T_DIR/whsec"
			echo "timeout = 2"
			echo "parallel = 10"
		fi
		for x in "$@"; do echo "$x"; done
	} >"$f"
	chmod 600 "$f"
}

CETRACKD="$(cd "$(dirname "$BUILD/cetrackd")" && pwd)/cetrackd"

# load_small: bench/gen's small data set (40 people, 120 credentials,
# 2,500 activities, in $T_DIR/data) imported into $CETRACK_DB; the script
# ends here if it cannot be made.
load_small() {
	"$(dirname "$0")/../../bench/gen" small "$T_DIR/data" --seed 1 \
	    >/dev/null 2>&1 || { t_fail "bench/gen small"; t_done; exit 1; }
	t_ok "init" init
	while read -r o; do t_ok "org $o" org add "$o"; done \
	    <"$T_DIR/data/orgs.txt"
	t_ok "roster" import "$T_DIR/data/roster.csv"
	t_ok "transcript" import "$T_DIR/data/transcript.csv"
}

# cd_run ARGS...: cetrackd; output in $T_DIR/dout, $T_DIR/derr, rc in $D_RC
cd_run() {
	"$CETRACKD" "$@" >"$T_DIR/dout" 2>"$T_DIR/derr"
	D_RC=$?
}
