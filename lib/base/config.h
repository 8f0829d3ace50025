/* SPDX-License-Identifier: ISC */
/*
 * cetrack.ini: loaded with iniparser into a typed struct config. Every value
 * is read as a string and validated against a schema table (name, type,
 * range, default) in config.c; unknown sections and keys are errors, and all
 * errors are reported at once as "file: [section] key: problem".
 *
 * Lookup when no path is given: $CETRACK_CONFIG (which must then exist),
 * $XDG_CONFIG_HOME/cetrack/cetrack.ini (~/.config/...), /etc/cetrack/
 * cetrack.ini, then the embedded defaults. The keys are documented in
 * cetrack.ini(5).
 */
#ifndef CETRACK_CONFIG_H
#define CETRACK_CONFIG_H

#include <limits.h>

#include "base/secret.h"
#include "base/util.h"

#define CONFIG_MAX_OFFSETS	16

enum starttls_mode {
	STARTTLS_REQUIRED,
	STARTTLS_OPTIONAL,
	STARTTLS_OFF
};

#define CONFIG_MAX_PROGRAM_REMINDERS 32

/* [reminders.CODE]: one program's own reminder policy. */
struct config_program_reminders {
	char	code[24];		/* upper case, e.g. "CCM" */
	int	has_before;
	int	before[CONFIG_MAX_OFFSETS];
	int	nbefore;
	int	has_after;
	int	after[CONFIG_MAX_OFFSETS];
	int	nafter;
	int	has_window_open;
	int	window_open;
};

struct config {
	char	path[PATH_MAX];		/* file loaded, "" for built-in defaults */

	/* [database] */
	char	db_path[PATH_MAX];	/* default: $XDG_DATA_HOME/cetrack/cetrack.db */
	int	cert_max_mb;		/* largest certificate stored, MiB */
	int	db_group;		/* [database] mode = group: a new
					   database file is 0660, not 0600 */

	/* [programs] */
	char	programs_dir[PATH_MAX];	/* "" : built-in packs only */

	/* [reminders] */
	/* Both lists are distinct values in chronological order: before
	 * largest first, after smallest first; either may be empty. */
	int	before[CONFIG_MAX_OFFSETS];	/* days before valid-through */
	int	nbefore;
	int	after[CONFIG_MAX_OFFSETS];	/* days after, in grace or lapsed */
	int	nafter;
	int	window_open;
	int	digest;
	int	send_time;		/* minutes after local midnight */
	char	timezone[64];		/* "" : the system's */
	int	at_risk_days;		/* default 90 */
	int	escalate;		/* tell the organization's contact */
	int	lapsed_repeat;		/* days between lapse notices; 0: once */
	struct config_program_reminders prog_rem[CONFIG_MAX_PROGRAM_REMINDERS];
	int	nprog_rem;

	/* [email] */
	int	email_enabled;		/* 1 only with smtp_url and from */
	char	smtp_url[512];
	enum starttls_mode starttls;
	char	from[320];
	char	username[128];
	char	password_file[PATH_MAX];
	char	ca_file[PATH_MAX];
	char	admin[320];

	/* [webhook] */
	int	webhook_enabled;	/* 1 only with webhook_url */
	char	webhook_url[1024];
	char	secret_file[PATH_MAX];
	int	webhook_timeout;	/* seconds */
	int	parallel;

	/* [delivery] */
	int	retry_first;		/* seconds */
	int	retry_max;
	int	give_up_after;

	/* [reports] */
	int	verify;			/* enum config_verify */
	int	verify_max_days;	/* 0: since the cycle began */
};

/* [reports] verify: which credentials need primary-source verification. */
enum config_verify {
	CONFIG_VERIFY_LICENSES,
	CONFIG_VERIFY_ALL,
	CONFIG_VERIFY_NONE
};

/* Fill with the built-in defaults (no file). */
void	 config_defaults(struct config *);

/*
 * Load `path`, or the first file found by the lookup above when path is
 * NULL (none found: defaults, returns 0). Returns 0, or -1 with every
 * problem appended to errs (the struct then holds defaults plus whatever
 * was valid; errs may be NULL). A path given here or in $CETRACK_CONFIG
 * must exist. A regular file writable by group or others is refused, as
 * ssh does; one readable by them is accepted, since secrets live in the
 * files that password_file and secret_file name. Not thread-safe (the
 * iniparser error callback is process-wide).
 */
int	 config_load(struct config *, const char *path, struct errlist *errs);

/*
 * Whether sending will work, as far as it can be known without sending:
 * everything the mailer or a webhook delivery would refuse, checked on a
 * loaded configuration. `cetrack check` and cetrackd (at start and on
 * reload) call this one function, so that what check passes the daemon
 * runs with. For an enabled channel:
 *   [email]   starttls = off only towards a loopback relay (or smtps://);
 *             ca_file readable; with a username, password_file read by
 *             secret_read() (owner-only, not empty) and free of NUL bytes
 *   [webhook] secret_file read by secret_read() and whsec_decode()'d;
 *             ca_file readable
 * Appends one line per problem to errs, "FILE: [section] key: problem;
 * what to do". The secrets read are handed back in *smtp and *hook when
 * those are not NULL (the caller secret_free()s them, also on failure),
 * and wiped at once otherwise. With notes (`cetrack check` in a shell),
 * a secret that is a systemd credential while $CREDENTIALS_DIRECTORY is
 * not set is not read and a note says so; without (the daemon), that is
 * a problem. Returns the number of problems.
 */
int	 config_check_delivery(const struct config *, struct secret *smtp,
	    struct secret *hook, struct errlist *errs, struct errlist *notes);

/* A mail host cetrack may talk to in clear: 127.0.0.1, [::1] or
 * localhost (any case). The mailer uses the same rule. */
int	 config_host_is_loopback(const char *host);

/* The [reminders.CODE] policy of a program, or NULL. */
const struct config_program_reminders *config_program_reminders(
	    const struct config *, const char *code);

/* The embedded default configuration text (config/cetrack.ini). */
const char *config_default_text(void);

#endif
