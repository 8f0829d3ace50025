/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/config.c: the defaults with no file, the shipped
 * config/cetrack.ini (it must load clean and say exactly what the built-in
 * defaults are), every key's invalid values with their exact messages, the
 * files under tests/data/{good,bad}/config, the lookup order, "~/" paths
 * and the refusal of files that others can write.
 *
 * Each test runs in its own process (Criterion forks), so the environment
 * is set freely: HOME points into a fresh temporary directory, the XDG and
 * CETRACK_CONFIG variables are cleared, and TZDIR names a small fake tz
 * database so that the results do not depend on the host's tzdata.
 *
 * Run from the top of the source tree (the data files are found relative
 * to it). Files are copied to the temporary directory before loading, so
 * that a checkout made with umask 002 does not trip the permission rule.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "helpers.h"
#include "base/config.h"
#include "base/util.h"

#define SHIPPED		"config/cetrack.ini"
#define MANPAGE		"man/cetrack.ini.5"
#define GOOD_DIR	"tests/data/good/config"
#define BAD_DIR		"tests/data/bad/config"

static char	tmp[PATH_MAX];	/* this test's scratch directory */
static char	home[PATH_MAX];	/* $HOME inside it */

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmp, name);
}

static void
mkdirs(const char *path)
{
	char	buf[PATH_MAX], *p;

	cr_assert_lt(cet_strlcpy(buf, path, sizeof(buf)), sizeof(buf));
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		cr_assert(mkdir(buf, 0700) == 0 || errno == EEXIST, "%s", buf);
		*p = '/';
	}
	cr_assert(mkdir(buf, 0700) == 0 || errno == EEXIST, "%s", buf);
}

/* Write text to path (directories created) with the given mode. */
static void
put(const char *path, const char *text, mode_t mode)
{
	char	 dir[PATH_MAX], *slash;
	FILE	*f;

	cet_strlcpy(dir, path, sizeof(dir));
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		mkdirs(dir);
	}
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
	/* chmod, not the umask, decides: the test is about the mode. */
	cr_assert_eq(chmod(path, mode), 0);
}

/* Copy a source-tree file into the scratch directory, mode 0600. */
static char *
copy_in(const char *src)
{
	const char	*base;
	char		*text, *dst;

	base = strrchr(src, '/') != NULL ? strrchr(src, '/') + 1 : src;
	text = slurp(src, NULL);
	dst = tpath(base);
	put(dst, text, 0600);
	free(text);
	return dst;
}

static void
setup(void)
{
	char	*zone;

	scratch_make(tmp, sizeof(tmp), "config");
	cr_assert_eq(cet_fmt(home, sizeof(home), "%s/home", tmp), 0);
	mkdirs(home);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
	unsetenv("CETRACK_CONFIG");

	zone = tpath("zoneinfo/America/Chicago");
	put(zone, "TZif fake\n", 0644);
	free(zone);
	zone = tpath("zoneinfo/UTC");
	put(zone, "TZif fake\n", 0644);
	free(zone);
	zone = tpath("zoneinfo");
	setenv("TZDIR", zone, 1);
	free(zone);
}

static void
teardown(void)
{
	scratch_remove(tmp);
}

TestSuite(config, .init = setup, .fini = teardown);

/* Load text written to the scratch file t.ini (0600); returns its path. */
static char *
load_text(const char *text, struct config *cfg, struct errlist *errs,
    int *rc)
{
	char	*path;

	path = tpath("t.ini");
	put(path, text, 0600);
	*rc = config_load(cfg, path, errs);
	return path;
}

static void
assert_errors(const struct errlist *errs, const char *file,
    const char *const *want, size_t nwant)
{
	size_t	 i;
	char	*line;

	for (i = 0; i < errs->n && i < nwant; i++) {
		line = xasprintf("%s%s", file, want[i]);
		cr_expect_str_eq(errs->v[i], line);
		free(line);
	}
	for (; i < errs->n; i++)
		cr_expect_fail("unexpected error: %s", errs->v[i]);
	for (; i < nwant; i++)
		cr_expect_fail("missing error: %s%s", file, want[i]);
}

static void
assert_defaults(const struct config *c)
{
	static const int	before[] = { 180, 90, 60, 30, 14, 7, 1 };
	static const int	after[] = { 1, 7, 30 };
	int			i;

	cr_assert_eq(c->nbefore, 7);
	for (i = 0; i < 7; i++)
		cr_assert_eq(c->before[i], before[i]);
	cr_assert_eq(c->nafter, 3);
	for (i = 0; i < 3; i++)
		cr_assert_eq(c->after[i], after[i]);
	cr_assert_str_eq(c->programs_dir, "");
	cr_assert_eq(c->window_open, 1);
	cr_assert_eq(c->digest, 1);
	cr_assert_eq(c->send_time, 9 * 60);
	cr_assert_str_eq(c->timezone, "");
	cr_assert_eq(c->at_risk_days, 90);
	cr_assert_eq(c->email_enabled, 0);
	cr_assert_str_eq(c->smtp_url, "");
	cr_assert_eq(c->starttls, STARTTLS_REQUIRED);
	cr_assert_str_eq(c->from, "");
	cr_assert_str_eq(c->username, "");
	cr_assert_str_eq(c->password_file, "");
	cr_assert_str_eq(c->ca_file, "");
	cr_assert_str_eq(c->admin, "");
	cr_assert_eq(c->webhook_enabled, 0);
	cr_assert_str_eq(c->webhook_url, "");
	cr_assert_str_eq(c->secret_file, "");
	cr_assert_eq(c->webhook_timeout, 10);
	cr_assert_eq(c->parallel, 32);
	cr_assert_eq(c->retry_first, 60);
	cr_assert_eq(c->retry_max, 21600);
	cr_assert_eq(c->give_up_after, 259200);
}

Test(config, defaults_apply_when_no_file_exists)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*db;

	if (access("/etc/cetrack/cetrack.ini", F_OK) == 0)
		cr_skip_test("/etc/cetrack/cetrack.ini exists on this host");
	memset(&c, 0xa5, sizeof(c));
	cr_assert_eq(config_load(&c, NULL, &errs), 0);
	cr_assert_eq(errs.n, 0);
	cr_assert_str_eq(c.path, "");
	db = xasprintf("%s/.local/share/cetrack/cetrack.db", home);
	cr_assert_str_eq(c.db_path, db);
	free(db);
	assert_defaults(&c);
}

Test(config, default_database_follows_xdg_data_home)
{
	struct config	c;

	setenv("XDG_DATA_HOME", "/srv/data", 1);
	config_defaults(&c);
	cr_assert_str_eq(c.db_path, "/srv/data/cetrack/cetrack.db");

	/* The XDG spec: a relative value is invalid and is ignored. */
	setenv("XDG_DATA_HOME", "data", 1);
	config_defaults(&c);
	cr_assert_eq(strncmp(c.db_path, home, strlen(home)), 0);
	cr_assert_str_eq(c.db_path + strlen(home),
	    "/.local/share/cetrack/cetrack.db");
}

/*
 * The shipped file documents the defaults; loading it must change nothing
 * but the recorded file name (and the database path is left commented out
 * because its default depends on the environment).
 */
Test(config, shipped_file_loads_clean_and_matches_the_defaults)
{
	struct config	 c, d;
	struct errlist	 errs = { 0 };
	char		*path;

	path = copy_in(SHIPPED);
	cr_assert_eq(config_load(&c, path, &errs), 0, "%s",
	    errs.n > 0 ? errs.v[0] : "");
	cr_assert_eq(errs.n, 0);
	cr_assert_str_eq(c.path, path);
	config_defaults(&d);
	memset(c.path, 0, sizeof(c.path));
	cr_assert_eq(memcmp(&c, &d, sizeof(c)), 0,
	    "config/cetrack.ini does not match the built-in defaults");
	free(path);
}

Test(config, embedded_text_is_the_shipped_file)
{
	char	*text;

	text = slurp(SHIPPED, NULL);
	cr_assert_str_eq(config_default_text(), text,
	    "the embedded configuration is stale; rerun scripts/embed.sh");
	free(text);
}

/* The keys are a contract: each one is in the shipped file and the page. */
Test(config, every_key_is_in_the_shipped_file_and_the_manual)
{
	static const char *const keys[] = {
		"path", "dir", "before", "after", "window_open", "digest",
		"send_time", "timezone", "at_risk_days", "escalate", "enabled",
		"smtp_url", "starttls", "from", "username", "password_file",
		"ca_file", "admin", "url", "secret_file", "timeout",
		"parallel", "retry_first", "retry_max", "give_up_after",
		"verify", "verify_max_days",
	};
	static const char *const sections[] = {
		"database", "programs", "reminders", "email", "webhook",
		"delivery", "reports",
	};
	char	*ini, *man, *a, *b, *c, *d;
	size_t	 i;

	ini = slurp(SHIPPED, NULL);
	man = slurp(MANPAGE, NULL);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		a = xasprintf("\n%s =", keys[i]);
		b = xasprintf("\n;%s =", keys[i]);
		c = xasprintf("\n.B %s\n", keys[i]);
		cr_expect(strstr(ini, a) != NULL || strstr(ini, b) != NULL,
		    "%s: %s missing", SHIPPED, keys[i]);
		cr_expect(strstr(man, c) != NULL, "%s: %s missing", MANPAGE,
		    keys[i]);
		free(a);
		free(b);
		free(c);
	}
	for (i = 0; i < ARRAY_SIZE(sections); i++) {
		a = xasprintf("\n[%s]\n", sections[i]);
		d = xasprintf("\n.SS [%s]\n", sections[i]);
		cr_expect(strstr(ini, a) != NULL, "%s: [%s] missing", SHIPPED,
		    sections[i]);
		cr_expect(strstr(man, d) != NULL, "%s: [%s] missing", MANPAGE,
		    sections[i]);
		free(a);
		free(d);
	}
	free(ini);
	free(man);
}

/* Every file under tests/data/good/config loads without a single error. */
Test(config, good_files_load_clean)
{
	DIR		*dir;
	struct dirent	*de;
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*src, *path;
	size_t		 n = 0, i;

	dir = opendir(GOOD_DIR);
	cr_assert_not_null(dir, "%s: %s", GOOD_DIR, strerror(errno));
	while ((de = readdir(dir)) != NULL) {
		if (strlen(de->d_name) < 5 || strcmp(de->d_name +
		    strlen(de->d_name) - 4, ".ini") != 0)
			continue;
		src = xasprintf("%s/%s", GOOD_DIR, de->d_name);
		path = copy_in(src);
		cr_expect_eq(config_load(&c, path, &errs), 0, "%s", src);
		for (i = 0; i < errs.n; i++)
			cr_expect_fail("%s", errs.v[i]);
		errlist_free(&errs);
		free(src);
		free(path);
		n++;
	}
	closedir(dir);
	cr_assert_geq(n, 4);
}

Test(config, full_file_sets_every_key)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path, *want;

	path = copy_in(GOOD_DIR "/full.ini");
	cr_assert_eq(config_load(&c, path, &errs), 0);
	cr_assert_str_eq(c.db_path, "/srv/cetrack/dana-reyes.db");
	want = xasprintf("%s/cetrack/programs", home);
	cr_assert_str_eq(c.programs_dir, want);
	free(want);
	/* Chronological order whatever the order written. */
	cr_assert_eq(c.nbefore, 3);
	cr_assert_eq(c.before[0], 120);
	cr_assert_eq(c.before[1], 30);
	cr_assert_eq(c.before[2], 7);
	cr_assert_eq(c.nafter, 2);
	cr_assert_eq(c.after[0], 3);
	cr_assert_eq(c.after[1], 14);
	cr_assert_eq(c.window_open, 0);
	cr_assert_eq(c.digest, 0);
	cr_assert_eq(c.send_time, 7 * 60 + 45);
	cr_assert_str_eq(c.timezone, "America/Chicago");
	cr_assert_eq(c.at_risk_days, 120);
	cr_assert_eq(c.email_enabled, 1);
	cr_assert_str_eq(c.smtp_url, "smtps://mail.example.org:465");
	cr_assert_eq(c.starttls, STARTTLS_OPTIONAL);
	cr_assert_str_eq(c.from,
	    "Dana Reyes, RN, CCM <dana.reyes@example.org>");
	cr_assert_str_eq(c.username, "dreyes");
	want = xasprintf("%s/.config/cetrack/smtp-password", home);
	cr_assert_str_eq(c.password_file, want);
	free(want);
	cr_assert_str_eq(c.ca_file, "/etc/ssl/certs/example-ca.pem");
	cr_assert_str_eq(c.admin, "it-alerts@example.org");
	cr_assert_eq(c.webhook_enabled, 1);
	cr_assert_str_eq(c.webhook_url,
	    "https://hooks.example.org:8443/cetrack?team=case-mgmt");
	cr_assert_str_eq(c.secret_file,
	    "/run/credentials/cetrackd.service/webhook-secret");
	cr_assert_eq(c.webhook_timeout, 30);
	cr_assert_eq(c.parallel, 8);
	cr_assert_eq(c.retry_first, 120);
	cr_assert_eq(c.retry_max, 3600);
	cr_assert_eq(c.give_up_after, 86400);
	free(path);
}

Test(config, case_quotes_and_inline_comments)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;

	path = copy_in(GOOD_DIR "/case-and-quotes.ini");
	cr_assert_eq(config_load(&c, path, &errs), 0);
	cr_assert_eq(c.nbefore, 3);
	cr_assert_eq(c.before[0], 90);
	cr_assert_eq(c.before[2], 1);
	cr_assert_eq(c.nafter, 0, "\"none\" is the empty list");
	cr_assert_eq(c.window_open, 1);
	cr_assert_eq(c.digest, 0);
	cr_assert_eq(c.send_time, 18 * 60 + 30);
	cr_assert_eq(c.at_risk_days, 90, "empty value means the default");
	cr_assert_eq(c.starttls, STARTTLS_OFF);
	cr_assert_str_eq(c.username, "ops;team");
	free(path);
}

Test(config, service_file_keeps_a_quoted_display_name)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;

	path = copy_in(GOOD_DIR "/service.ini");
	cr_assert_eq(config_load(&c, path, &errs), 0);
	cr_assert_str_eq(c.from,
	    "\"Northside Case Management\" <cetrack@northside.example>");
	cr_assert_str_eq(c.smtp_url, "smtp://[2001:db8::25]:587");
	cr_assert_str_eq(c.timezone, "UTC");
	free(path);
}

/*
 * Each file under tests/data/bad/config lists the errors it must produce,
 * in order, as "; expect: FILE..." comment lines (FILE stands for the name
 * the file was loaded under).
 */
Test(config, bad_files_report_exactly_their_expected_errors)
{
	DIR		*dir;
	struct dirent	*de;
	struct config	 c;
	struct errlist	 errs = { 0 };
	const char	*want[16];
	char		*src, *path, *text, *p, *nl;
	size_t		 n = 0, nwant;

	dir = opendir(BAD_DIR);
	cr_assert_not_null(dir, "%s: %s", BAD_DIR, strerror(errno));
	while ((de = readdir(dir)) != NULL) {
		if (strlen(de->d_name) < 5 || strcmp(de->d_name +
		    strlen(de->d_name) - 4, ".ini") != 0)
			continue;
		src = xasprintf("%s/%s", BAD_DIR, de->d_name);
		path = copy_in(src);
		text = slurp(src, NULL);
		nwant = 0;
		for (p = text; (p = strstr(p, "; expect: FILE")) != NULL;
		    p = nl + 1) {
			p += strlen("; expect: FILE");
			cr_assert_not_null(nl = strchr(p, '\n'));
			*nl = '\0';
			cr_assert_lt(nwant, ARRAY_SIZE(want));
			want[nwant++] = p;
		}
		cr_assert_gt(nwant, 0, "%s: no \"; expect:\" line", src);
		cr_expect_eq(config_load(&c, path, &errs), -1, "%s", src);
		assert_errors(&errs, path, want, nwant);
		errlist_free(&errs);
		free(text);
		free(src);
		free(path);
		n++;
	}
	closedir(dir);
	cr_assert_geq(n, 10);
}

/*
 * One bad value per row, alone in its section: the exact message. The
 * problem text quotes the value; the form comes from the key's schema row.
 */
struct bad_value {
	const char	*section;
	const char	*key;
	const char	*value;
	const char	*message;	/* after "FILE: [section] key: " */
};

#define NOTABS	"expected an absolute path or ~/PATH"
#define DAYS	"expected numbers 0..3650 separated by commas"
#define BOOL	"expected yes|no|true|false|on|off|1|0"
#define HHMM	"expected HH:MM from 00:00 to 23:59"
#define TZF	"expected a tz database name such as America/Chicago, or " \
		"empty for the system's"
#define SMTPF	"expected smtp://HOST[:PORT] or smtps://HOST[:PORT]"
#define FROMF	"expected NAME <USER@DOMAIN> or USER@DOMAIN"
/* Ten times U+00E9, two bytes each. */
#define E10	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" \
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define HOOKF	"expected https://HOST[:PORT]/PATH or http://HOST[:PORT]/PATH"

static const struct bad_value bad_values[] = {
	{ "database", "path", "cetrack.db",
	  "'cetrack.db' is not an absolute path, " NOTABS },
	{ "database", "path", "~dana/cetrack.db",
	  "'~dana/cetrack.db' is not an absolute path, " NOTABS },
	{ "programs", "dir", "packs",
	  "'packs' is not an absolute path, " NOTABS },

	{ "reminders", "before", "180,abc",
	  "'180,abc' is not a list of days, " DAYS },
	{ "reminders", "before", "180,,90",
	  "'180,,90' is not a list of days, " DAYS },
	{ "reminders", "before", "90,",
	  "'90,' is not a list of days, " DAYS },
	{ "reminders", "before", "30 days",
	  "'30 days' is not a list of days, " DAYS },
	{ "reminders", "before", "0x10",
	  "'0x10' is not a list of days, " DAYS },
	{ "reminders", "before", "+30",
	  "'+30' is not a list of days, " DAYS },
	{ "reminders", "before", "180, 9999",
	  "'9999' is out of range, " DAYS },
	{ "reminders", "before", "-1",
	  "'-1' is out of range, " DAYS },
	{ "reminders", "before", "30, 7, 30",
	  "'30' is listed twice, " DAYS },
	{ "reminders", "before", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
	  "'1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17' has more than 16 "
	  "values, " DAYS },
	{ "reminders", "before", "99999999999999999999",
	  "'99999999999999999999' is not a list of days, " DAYS },
	/* Cut at 48 bytes, never inside a character. */
	{ "reminders", "before", "x" E10 E10 E10,
	  "'x" E10 E10 "\xc3\xa9\xc3\xa9\xc3\xa9...' is not a list of days, "
	  DAYS },
	{ "reminders", "after", "0",
	  "'0' is out of range, expected numbers 1..3650 separated by "
	  "commas" },
	{ "reminders", "window_open", "maybe",
	  "'maybe' is not a boolean, " BOOL },
	/* iniparser_getboolean() would take these two as true. */
	{ "reminders", "digest", "yesterday",
	  "'yesterday' is not a boolean, " BOOL },
	{ "reminders", "digest", "11",
	  "'11' is not a boolean, " BOOL },
	{ "reminders", "send_time", "25:00",
	  "'25:00' is not a time of day, " HHMM },
	{ "reminders", "send_time", "09:60",
	  "'09:60' is not a time of day, " HHMM },
	{ "reminders", "send_time", "9",
	  "'9' is not a time of day, " HHMM },
	{ "reminders", "send_time", "9:5",
	  "'9:5' is not a time of day, " HHMM },
	{ "reminders", "send_time", "09:00pm",
	  "'09:00pm' is not a time of day, " HHMM },
	{ "reminders", "send_time", "123:00",
	  "'123:00' is not a time of day, " HHMM },
	{ "reminders", "timezone", "Mars/Olympus_Mons",
	  "'Mars/Olympus_Mons' is not a known time zone, " TZF },
	{ "reminders", "timezone", "../../etc/passwd",
	  "'../../etc/passwd' is not a time zone, " TZF },
	{ "reminders", "timezone", "/etc/localtime",
	  "'/etc/localtime' is not a time zone, " TZF },
	{ "reminders", "timezone", "America/",
	  "'America/' is not a time zone, " TZF },
	{ "reminders", "at_risk_days", "0",
	  "'0' is out of range, expected a whole number 1..365" },
	{ "reminders", "at_risk_days", "366",
	  "'366' is out of range, expected a whole number 1..365" },
	/* iniparser_getint() would read these as 90 and 16. */
	{ "reminders", "at_risk_days", "90d",
	  "'90d' is not a number of days, expected a whole number 1..365" },
	{ "reminders", "at_risk_days", "0x10",
	  "'0x10' is not a number of days, expected a whole number 1..365" },

	{ "email", "enabled", "Y",
	  "'Y' is not a boolean, " BOOL },
	{ "email", "smtp_url", "http://mail.example.org",
	  "'http://mail.example.org' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "mail.example.org:25",
	  "'mail.example.org:25' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://",
	  "'smtp://' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://:25",
	  "'smtp://:25' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://mail.example.org:0",
	  "'smtp://mail.example.org:0' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://mail.example.org:65536",
	  "'smtp://mail.example.org:65536' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://mail.example.org:25x",
	  "'smtp://mail.example.org:25x' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://mail example.org",
	  "'smtp://mail example.org' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://[::1",
	  "'smtp://[::1' is not an SMTP URL, " SMTPF },
	{ "email", "smtp_url", "smtp://ops@mail.example.org",
	  "a user name or password in the URL is not allowed, " SMTPF },
	{ "email", "starttls", "yes",
	  "'yes' is not a STARTTLS mode, expected required|optional|off" },
	{ "email", "from", "cetrack",
	  "'cetrack' is not an email address, " FROMF },
	{ "email", "from", "ce@example@org",
	  "'ce@example@org' is not an email address, " FROMF },
	{ "email", "from", "cetrack <ce@example.org",
	  "'cetrack <ce@example.org' is not an email address, " FROMF },
	{ "email", "from", "<ce@example.org> cetrack",
	  "'<ce@example.org> cetrack' is not an email address, " FROMF },
	{ "email", "from", "ce@-example.org",
	  "'ce@-example.org' is not an email address, " FROMF },
	{ "email", "from", "ce..ops@example.org",
	  "'ce..ops@example.org' is not an email address, " FROMF },
	{ "email", "from", "ce@example..org",
	  "'ce@example..org' is not an email address, " FROMF },
	{ "email", "from", "Acme \"Ops\" <ops@example.org>",
	  "'Acme \"Ops\" <ops@example.org>' is not an email address, " FROMF },
	{ "email", "username",
	  "dreyes-0123456789012345678901234567890123456789012345678901234567"
	  "890123456789012345678901234567890123456789012345678901234567890",
	  "'dreyes-01234567890123456789012345678901234567890...' is too long "
	  "(at most 127 bytes), expected a user name of at most 127 bytes" },
	{ "email", "username", "d\xff" "reyes",
	  "'d?reyes' contains control characters or invalid UTF-8, "
	  "expected a user name of at most 127 bytes" },
	{ "email", "password_file", "smtp-password",
	  "'smtp-password' is not an absolute path, " NOTABS },
	{ "email", "ca_file", "certs/ca.pem",
	  "'certs/ca.pem' is not an absolute path, " NOTABS },
	{ "email", "admin", "IT <it-alerts@example.org>",
	  "'IT <it-alerts@example.org>' is not an email address, expected "
	  "USER@DOMAIN" },

	{ "webhook", "enabled", "2",
	  "'2' is not a boolean, " BOOL },
	{ "webhook", "url", "ftp://hooks.example.org/x",
	  "'ftp://hooks.example.org/x' is not a webhook URL, " HOOKF },
	{ "webhook", "url", "https://bot:token@hooks.example.org/x",
	  "a user name or password in the URL is not allowed, " HOOKF },
	{ "webhook", "secret_file", "webhook-secret",
	  "'webhook-secret' is not an absolute path, " NOTABS },
	{ "webhook", "timeout", "0",
	  "'0' is out of range, expected a whole number 1..300" },
	{ "webhook", "timeout", "301",
	  "'301' is out of range, expected a whole number 1..300" },
	{ "webhook", "timeout", "10s",
	  "'10s' is not a number of seconds, expected a whole number 1..300" },
	{ "webhook", "parallel", "0",
	  "'0' is out of range, expected a whole number 1..1024" },
	{ "webhook", "parallel", "1025",
	  "'1025' is out of range, expected a whole number 1..1024" },
	{ "webhook", "parallel", "many",
	  "'many' is not a number of requests, expected a whole number "
	  "1..1024" },

	{ "delivery", "retry_first", "0",
	  "'0' is out of range, expected a whole number 1..86400" },
	{ "delivery", "retry_first", "86401",
	  "'86401' is out of range, expected a whole number 1..86400" },
	{ "delivery", "retry_max", "604801",
	  "'604801' is out of range, expected a whole number 1..604800" },
	{ "delivery", "give_up_after", "59",
	  "'59' is out of range, expected a whole number 60..2592000" },
	{ "delivery", "give_up_after", "3 days",
	  "'3 days' is not a number of seconds, expected a whole number "
	  "60..2592000" },
};

Test(config, each_bad_value_is_rejected_with_its_message)
{
	const struct bad_value	*b;
	struct config		 c, d;
	struct errlist		 errs = { 0 };
	char			*text, *path, *want;
	size_t			 i;
	int			 rc;

	config_defaults(&d);
	for (i = 0; i < ARRAY_SIZE(bad_values); i++) {
		b = &bad_values[i];
		text = xasprintf("[%s]\n%s = %s\n", b->section, b->key,
		    b->value);
		path = load_text(text, &c, &errs, &rc);
		want = xasprintf("%s: [%s] %s: %s", path, b->section, b->key,
		    b->message);
		cr_expect_eq(rc, -1, "%s", text);
		cr_expect_eq(errs.n, 1, "%s: %zu errors", text, errs.n);
		if (errs.n > 0)
			cr_expect_str_eq(errs.v[0], want);
		/* A rejected value leaves the default in place. */
		memset(c.path, 0, sizeof(c.path));
		cr_expect_eq(memcmp(&c, &d, sizeof(c)), 0, "%s", text);
		errlist_free(&errs);
		free(text);
		free(path);
		free(want);
	}
}

Test(config, booleans_accept_exactly_the_documented_words)
{
	static const struct {
		const char	*word;
		int		 value;
	} words[] = {
		{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
		{ "on", 1 }, { "off", 0 }, { "1", 1 }, { "0", 0 },
		{ "YES", 1 }, { "Off", 0 },
	};
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*text, *path;
	size_t		 i;
	int		 rc;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		text = xasprintf("[reminders]\nwindow_open = %s\n"
		    "digest = %s\n", words[i].word, words[i].word);
		path = load_text(text, &c, &errs, &rc);
		cr_expect_eq(rc, 0, "%s", words[i].word);
		cr_expect_eq(c.window_open, words[i].value, "%s",
		    words[i].word);
		cr_expect_eq(c.digest, words[i].value, "%s", words[i].word);
		errlist_free(&errs);
		free(text);
		free(path);
	}
}

Test(config, lists_are_sorted_bounded_and_may_be_none)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc, i;

	path = load_text("[reminders]\nbefore = 1, 30,7, 0\nafter = 30,1\n",
	    &c, &errs, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(c.nbefore, 4);
	cr_assert_eq(c.before[0], 30);
	cr_assert_eq(c.before[1], 7);
	cr_assert_eq(c.before[2], 1);
	cr_assert_eq(c.before[3], 0);
	cr_assert_eq(c.nafter, 2);
	cr_assert_eq(c.after[0], 1);
	cr_assert_eq(c.after[1], 30);
	free(path);

	path = load_text("[reminders]\nbefore = None\n"
	    "after = 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16\n",
	    &c, &errs, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(c.nbefore, 0);
	cr_assert_eq(c.nafter, CONFIG_MAX_OFFSETS);
	for (i = 0; i < CONFIG_MAX_OFFSETS; i++)
		cr_assert_eq(c.after[i], i + 1);
	free(path);
}

Test(config, send_time_accepts_one_or_two_hour_digits)
{
	static const struct {
		const char	*text;
		int		 minutes;
	} times[] = {
		{ "00:00", 0 }, { "9:05", 545 }, { "09:05", 545 },
		{ "23:59", 1439 },
	};
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*text, *path;
	size_t		 i;
	int		 rc;

	for (i = 0; i < ARRAY_SIZE(times); i++) {
		text = xasprintf("[reminders]\nsend_time = %s\n",
		    times[i].text);
		path = load_text(text, &c, &errs, &rc);
		cr_expect_eq(rc, 0, "%s", times[i].text);
		cr_expect_eq(c.send_time, times[i].minutes, "%s",
		    times[i].text);
		free(text);
		free(path);
	}
}

Test(config, unknown_section_and_key_are_errors)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc;
	static const char *const want[] = {
		": [smtp]: unknown section",
		": [email] smtp_ur: unknown key",
	};

	path = load_text("[smtp]\nhost = mail.example.org\n"
	    "[email]\nsmtp_ur = smtp://mail.example.org\n", &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	assert_errors(&errs, path, want, ARRAY_SIZE(want));
	errlist_free(&errs);
	free(path);
}

/* Valid keys still apply beside invalid ones; all errors come at once. */
Test(config, several_errors_are_reported_together)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc;
	static const char *const want[] = {
		": [reminders] before: '180,abc' is not a list of days, "
		    DAYS,
		": [reminders] digest: 'sometimes' is not a boolean, " BOOL,
		": [webhook] parallel: '0' is out of range, expected a whole "
		    "number 1..1024",
		": [webhook] colour: unknown key",
	};

	path = load_text("[reminders]\nbefore = 180,abc\nafter = 2, 5\n"
	    "digest = sometimes\n[webhook]\nparallel = 0\ntimeout = 45\n"
	    "colour = blue\n", &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	assert_errors(&errs, path, want, ARRAY_SIZE(want));
	cr_assert_eq(c.nafter, 2);
	cr_assert_eq(c.after[1], 5);
	cr_assert_eq(c.webhook_timeout, 45);
	cr_assert_eq(c.nbefore, 7, "the default stays");
	cr_assert_eq(c.parallel, 32, "the default stays");
	errlist_free(&errs);
	free(path);
}

Test(config, email_needs_a_url_and_a_sender)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc;

	/* A URL alone does not turn email on. */
	path = load_text("[email]\nsmtp_url = smtp://mail.example.org\n",
	    &c, &errs, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(c.email_enabled, 0);
	free(path);

	path = load_text("[email]\nenabled = yes\n"
	    "smtp_url = smtp://mail.example.org:587\n"
	    "from = cetrack@example.org\n", &c, &errs, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(c.email_enabled, 1);
	free(path);

	/* Missing pieces: reported, and email is left off. */
	path = load_text("[email]\nenabled = yes\nfrom = x@example.org\n",
	    &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	cr_assert_eq(errs.n, 1);
	cr_assert_eq(c.email_enabled, 0);
	errlist_free(&errs);
	free(path);

	/* An invalid URL is reported once, not also as missing. */
	path = load_text("[email]\nenabled = yes\nsmtp_url = mail\n"
	    "from = x@example.org\n", &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	cr_assert_eq(errs.n, 1, "%s", errs.n > 1 ? errs.v[1] : "");
	cr_assert_eq(c.email_enabled, 0);
	errlist_free(&errs);
	free(path);
}

Test(config, tilde_paths_expand_to_home)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path, *want;
	int		 rc;

	path = load_text("[database]\npath = ~/ce/cetrack.db\n"
	    "[email]\nca_file = ~/ca.pem\n", &c, &errs, &rc);
	cr_assert_eq(rc, 0);
	want = xasprintf("%s/ce/cetrack.db", home);
	cr_assert_str_eq(c.db_path, want);
	free(want);
	want = xasprintf("%s/ca.pem", home);
	cr_assert_str_eq(c.ca_file, want);
	free(want);
	free(path);
}

Test(config, tilde_path_too_long_after_expansion)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		 longhome[PATH_MAX - 8], *path, *want;
	int		 rc;

	/* Only $HOME can make a path longer than iniparser's lines. */
	memset(longhome, 'h', sizeof(longhome) - 1);
	longhome[0] = '/';
	longhome[sizeof(longhome) - 1] = '\0';
	setenv("HOME", longhome, 1);
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	path = load_text("[programs]\ndir = ~/cetrack/programs\n", &c, &errs,
	    &rc);
	cr_assert_eq(rc, -1);
	want = xasprintf("%s: [programs] dir: '~/cetrack/programs' is too "
	    "long (at most %d bytes), " NOTABS, path, PATH_MAX - 1);
	cr_assert_eq(errs.n, 1);
	cr_assert_str_eq(errs.v[0], want);
	errlist_free(&errs);
	free(want);
	free(path);
}

Test(config, file_writable_by_others_is_refused)
{
	static const mode_t	 modes[] = { 0666, 0620, 0602 };
	struct config		 c;
	struct errlist		 errs = { 0 };
	char			*path, *want;
	size_t			 i;

	path = tpath("shared.ini");
	want = xasprintf("%s: is writable by others; chmod go-w", path);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		/* Valid content: the mode alone is the problem. */
		put(path, "[reminders]\nbefore = 30\n", modes[i]);
		cr_expect_eq(config_load(&c, path, &errs), -1, "%o", modes[i]);
		cr_expect_eq(errs.n, 1);
		if (errs.n > 0)
			cr_expect_str_eq(errs.v[0], want);
		cr_expect_eq(c.nbefore, 7, "nothing is read from it");
		errlist_free(&errs);
	}
	/* Readable by all is fine: secrets live in other files. */
	put(path, "[reminders]\nbefore = 30\n", 0644);
	cr_assert_eq(config_load(&c, path, &errs), 0);
	cr_assert_eq(c.nbefore, 1);
	free(want);
	free(path);
}

Test(config, explicit_missing_file_or_directory_is_an_error)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path, *want;

	path = tpath("nope.ini");
	want = xasprintf("%s: cannot open: No such file or directory", path);
	cr_assert_eq(config_load(&c, path, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_assert_str_eq(errs.v[0], want);
	errlist_free(&errs);
	free(want);

	want = xasprintf("%s: is a directory, expected a configuration file",
	    home);
	cr_assert_eq(config_load(&c, home, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_assert_str_eq(errs.v[0], want);
	errlist_free(&errs);
	free(want);
	free(path);
}

Test(config, lookup_prefers_cetrack_config_then_xdg_then_home)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*envfile, *xdg, *xdgfile, *homefile;

	envfile = tpath("env.ini");
	xdg = tpath("xdg");
	xdgfile = tpath("xdg/cetrack/cetrack.ini");
	homefile = xasprintf("%s/.config/cetrack/cetrack.ini", home);
	put(envfile, "[reminders]\nat_risk_days = 10\n", 0600);
	put(xdgfile, "[reminders]\nat_risk_days = 20\n", 0600);
	put(homefile, "[reminders]\nat_risk_days = 30\n", 0600);

	setenv("CETRACK_CONFIG", envfile, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	cr_assert_eq(config_load(&c, NULL, &errs), 0);
	cr_assert_str_eq(c.path, envfile);
	cr_assert_eq(c.at_risk_days, 10);

	/* An empty variable counts as unset. */
	setenv("CETRACK_CONFIG", "", 1);
	cr_assert_eq(config_load(&c, NULL, &errs), 0);
	cr_assert_str_eq(c.path, xdgfile);
	cr_assert_eq(c.at_risk_days, 20);

	unsetenv("CETRACK_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	cr_assert_eq(config_load(&c, NULL, &errs), 0);
	cr_assert_str_eq(c.path, homefile);
	cr_assert_eq(c.at_risk_days, 30);

	/* A relative XDG_CONFIG_HOME is ignored, as the spec says. */
	setenv("XDG_CONFIG_HOME", "xdg", 1);
	cr_assert_eq(config_load(&c, NULL, &errs), 0);
	cr_assert_str_eq(c.path, homefile);

	/* An explicit path wins over all of them. */
	setenv("CETRACK_CONFIG", envfile, 1);
	cr_assert_eq(config_load(&c, xdgfile, &errs), 0);
	cr_assert_str_eq(c.path, xdgfile);
	cr_assert_eq(errs.n, 0);

	free(envfile);
	free(xdg);
	free(xdgfile);
	free(homefile);
}

Test(config, xdg_config_home_hides_the_home_default)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*xdg, *homefile;

	if (access("/etc/cetrack/cetrack.ini", F_OK) == 0)
		cr_skip_test("/etc/cetrack/cetrack.ini exists on this host");
	/* $XDG_CONFIG_HOME replaces ~/.config; it does not add to it. */
	xdg = tpath("empty-xdg");
	mkdirs(xdg);
	homefile = xasprintf("%s/.config/cetrack/cetrack.ini", home);
	put(homefile, "[reminders]\nat_risk_days = 30\n", 0600);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	cr_assert_eq(config_load(&c, NULL, &errs), 0);
	cr_assert_str_eq(c.path, "");
	cr_assert_eq(c.at_risk_days, 90);
	free(xdg);
	free(homefile);
}

Test(config, cetrack_config_naming_a_missing_file_is_an_error)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*missing, *homefile, *want;

	missing = tpath("typo.ini");
	homefile = xasprintf("%s/.config/cetrack/cetrack.ini", home);
	put(homefile, "", 0600);
	setenv("CETRACK_CONFIG", missing, 1);
	cr_assert_eq(config_load(&c, NULL, &errs), -1);
	want = xasprintf("%s: cannot open: No such file or directory",
	    missing);
	cr_assert_eq(errs.n, 1);
	cr_assert_str_eq(errs.v[0], want);
	errlist_free(&errs);
	free(want);
	free(homefile);
	free(missing);
}

Test(config, lookup_refuses_a_shared_writable_file)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*homefile, *want;

	homefile = xasprintf("%s/.config/cetrack/cetrack.ini", home);
	put(homefile, "", 0664);
	cr_assert_eq(config_load(&c, NULL, &errs), -1);
	want = xasprintf("%s: is writable by others; chmod go-w", homefile);
	cr_assert_eq(errs.n, 1);
	cr_assert_str_eq(errs.v[0], want);
	errlist_free(&errs);
	free(want);
	free(homefile);
}

/* iniparser's own messages are captured, never printed. */
Test(config, syntax_errors_name_the_line_and_stay_off_stderr,
    .init = cr_redirect_stderr)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc;
	static const char *const want[] = {
		":2: syntax error in 'before 30', expected [SECTION], "
		    "KEY = VALUE or a ; comment",
		":4: syntax error in '[email', expected [SECTION], "
		    "KEY = VALUE or a ; comment",
	};

	path = load_text("[reminders]\nbefore 30\ndigest = no\n[email\n",
	    &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	assert_errors(&errs, path, want, ARRAY_SIZE(want));
	fflush(stderr);
	cr_assert_stderr_eq_str("");
	errlist_free(&errs);
	free(path);
}

Test(config, overlong_line_is_reported_with_its_number)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		 line[1200], *text, *path, *want;
	int		 rc;

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	text = xasprintf("[email]\nusername = %s\n", line);
	path = load_text(text, &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	want = xasprintf("%s:2: line too long, expected at most 1022 bytes "
	    "per line", path);
	cr_assert_eq(errs.n, 1);
	cr_assert_str_eq(errs.v[0], want);
	errlist_free(&errs);
	free(want);
	free(text);
	free(path);
}

/* A hostile file must not reach the user's terminal with escapes. */
Test(config, error_messages_neutralize_control_characters)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc;

	path = load_text("[reminders]\nsend_time = \x1b]0;owned\x07\n"
	    "[x\x1b[2Jy]\n", &c, &errs, &rc);
	cr_assert_eq(rc, -1);
	cr_assert_eq(errs.n, 2);
	cr_assert_null(strchr(errs.v[0], '\x1b'));
	cr_assert_null(strchr(errs.v[1], '\x1b'));
	cr_assert_not_null(strstr(errs.v[1], "[x?[2jy]: unknown section"),
	    "%s", errs.v[1]);
	errlist_free(&errs);
	free(path);
}

/* The daemon reloads on SIGHUP with the name it loaded before. */
Test(config, reload_from_its_own_path_field)
{
	struct config	 c;
	struct errlist	 errs = { 0 };
	char		*path;
	int		 rc;

	path = load_text("[reminders]\nat_risk_days = 45\n", &c, &errs, &rc);
	cr_assert_eq(rc, 0);
	put(path, "[reminders]\nat_risk_days = 60\n", 0600);
	cr_assert_eq(config_load(&c, c.path, &errs), 0);
	cr_assert_str_eq(c.path, path);
	cr_assert_eq(c.at_risk_days, 60);
	free(path);
}

Test(config, errors_are_counted_without_an_error_list)
{
	struct config	 c;
	char		*path;

	path = tpath("t.ini");
	put(path, "[reminders]\nbefore = x\n", 0600);
	cr_assert_eq(config_load(&c, path, NULL), -1);
	free(path);
}

Test(config, program_sections_override_the_reminder_policy)
{
	struct config c;
	struct errlist errs = { 0 };
	const struct config_program_reminders *pr;
	int rc;

	load_text("[reminders]\nbefore = 90, 30\nescalate = no\n"
	    "[reminders.ccm]\nbefore = 240, 120, 7\nwindow_open = no\n"
	    "[reminders.LCSW-TX]\nafter = 3\n", &c, &errs, &rc);
	cr_assert_eq(rc, 0, "%s", errs.n ? errs.v[0] : "?");
	cr_expect_eq(c.escalate, 0);
	cr_expect_eq(c.nbefore, 2);
	pr = config_program_reminders(&c, "CCM");
	cr_assert_not_null(pr);
	cr_expect(pr->has_before);
	cr_expect_eq(pr->nbefore, 3);
	cr_expect_eq(pr->before[0], 240);
	cr_expect_eq(pr->before[2], 7);
	cr_expect(pr->has_window_open);
	cr_expect_eq(pr->window_open, 0);
	cr_expect(!pr->has_after);
	pr = config_program_reminders(&c, "lcsw-tx");
	cr_assert_not_null(pr);
	cr_expect(pr->has_after);
	cr_expect_eq(pr->after[0], 3);
	cr_expect_null(config_program_reminders(&c, "RN-CA"));
	errlist_free(&errs);
}

Test(config, program_sections_refuse_unknown_keys_and_bad_values)
{
	struct config c;
	struct errlist errs = { 0 };
	int rc;
	size_t i;
	int saw_key = 0, saw_val = 0, saw_code = 0;

	load_text("[reminders.ccm]\nbefore = 240, x\nsend_time = 08:00\n"
	    "[reminders.c c]\n", &c, &errs, &rc);
	cr_expect_eq(rc, -1);
	for (i = 0; i < errs.n; i++) {
		if (strstr(errs.v[i], "[reminders.ccm] send_time: unknown key"))
			saw_key = 1;
		if (strstr(errs.v[i], "[reminders.ccm] before:"))
			saw_val = 1;
		if (strstr(errs.v[i], "not a program code"))
			saw_code = 1;
	}
	cr_expect(saw_key && saw_val && saw_code, "errors: %zu", errs.n);
	errlist_free(&errs);
}
