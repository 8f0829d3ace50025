/* SPDX-License-Identifier: ISC */
/*
 * cetrack eligibility [PROGRAM] [--person P] [--as-of DATE] [--json]: is a
 * person eligible for an exam or a license, by the eligibility packs
 * (lib/rules/eligibility.c)? For one pack, every route in effect with each
 * requirement: what the records show, what is needed, what is still to be
 * attested, and, for a route fed by ongoing experience, the day it would
 * be met. Without PROGRAM, one line per pack. The packs are the embedded
 * ones and those in the eligibility/ folder of [programs] dir.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "base/date.h"
#include "base/model.h"
#include "rules/eligibility.h"
#include "store/store.h"
#include "base/util.h"

static const char elig_usage[] =
    "usage: cetrack eligibility [PROGRAM] [--person P] [--as-of DATE]\n"
    "                           [--json]\n"
    "\n"
    "Whether a person is eligible for an exam or a license: for PROGRAM\n"
    "(CCM, ACM-RN, ACM-SW, CMGT-BC, CDMS, LCSW-CA, ...) each route with\n"
    "what the records show (credentials, 'cetrack edu', 'cetrack exp',\n"
    "'cetrack exam', CE), what is needed, what is still to be attested,\n"
    "and when ongoing experience would meet it; without PROGRAM, every\n"
    "program.\n"
    "\n"
    "  -p, --person P     id, external id or exact name (may be left out\n"
    "                     when the database holds one person)\n"
    "  -a, --as-of DATE   check on DATE (default today)\n"
    "      --json         the result as JSON (see cetrack(1))\n";

/* The person's records, and the pack set. */
struct elig_data {
	struct credential	*creds;
	struct cycle		*cycles;
	size_t			 ncreds;
	struct education	*edu;
	size_t			 nedu;
	struct experience	*exp;
	size_t			 nexp;
	struct exam_sat		*exams;
	size_t			 nexams;
	struct activity		*acts;
	size_t			 nacts;
	struct exp_log		*logs;
	size_t			 nlogs;
};

static void
elig_data_free(struct elig_data *d)
{
	free(d->creds);
	free(d->cycles);
	free(d->edu);
	free(d->exp);
	free(d->exams);
	free(d->acts);
	free(d->logs);
}

static int
elig_read(struct cli *c, int64_t pid, struct elig_data *d, char *err,
    size_t errlen)
{
	size_t	i;

	memset(d, 0, sizeof(*d));
	if (store_cred_list(&c->db, pid, &d->creds, &d->ncreds, err,
	    errlen) == -1)
		return -1;
	d->cycles = xcalloc(d->ncreds + 1, sizeof(*d->cycles));
	for (i = 0; i < d->ncreds; i++) {
		char e2[256];

		if (store_cred_issued_get(&c->db, &d->creds[i], err,
		    errlen) == -1)
			return -1;
		if (store_cycle_open(&c->db, d->creds[i].id, &d->cycles[i], e2,
		    sizeof(e2)) == -1)
			d->cycles[i].id = 0;	/* none open: not current */
	}
	if (store_edu_list(&c->db, pid, &d->edu, &d->nedu, err, errlen) == -1 ||
	    store_exp_list(&c->db, pid, &d->exp, &d->nexp, err, errlen) == -1 ||
	    store_exam_list(&c->db, pid, &d->exams, &d->nexams, err,
	    errlen) == -1 ||
	    store_activity_list(&c->db, pid, 0, c->today, &d->acts, &d->nacts,
	    err, errlen) == -1 ||
	    store_explog_list(&c->db, pid, &d->logs, &d->nlogs, err,
	    errlen) == -1)
		return -1;
	return 0;
}

static const char *
elig_state_word(const struct elig_req_result *r)
{
	switch (r->state) {
	case ELIG_MET:
		return "met";
	case ELIG_TO_ATTEST:
		return r->req->type == ELIG_ATTEST ? "attest" : "met, attest";
	case ELIG_NOT_MET:
		break;
	}
	return "not met";
}

/*
 * What is still to be attested: the items of the route met that needs
 * the fewest (the first of them on a tie), since one route is enough.
 */
static size_t
elig_attest_items(const struct elig_result *res, const char **v, size_t max)
{
	const struct elig_route_result	*best = NULL;
	size_t				 i, j, k, n, bestn = 0;

	for (i = 0; i < res->nroutes; i++) {
		const struct elig_route_result *rr = &res->routes[i];

		if (!rr->met)
			continue;
		for (j = n = 0; j < rr->nreqs; j++)
			n += rr->reqs[j].state == ELIG_TO_ATTEST;
		if (best == NULL || n < bestn) {
			best = rr;
			bestn = n;
		}
	}
	if (best == NULL)
		return 0;
	for (j = n = 0; j < best->nreqs && n < max; j++) {
		const struct elig_req *q = best->reqs[j].req;
		const char *t;

		if (best->reqs[j].state != ELIG_TO_ATTEST)
			continue;
		t = q->type == ELIG_ATTEST ? q->label : q->attest;
		for (k = 0; k < n; k++)
			if (strcmp(v[k], t) == 0)
				break;
		if (k == n)
			v[n++] = t;
	}
	return n;
}

/* "eligible", "eligible once you attest 2 items", "not yet: ...". */
static void
elig_verdict(const struct elig_result *res, char *buf, size_t len)
{
	const char	*items[32];
	char		 d[DATE_BUFSZ];
	size_t		 n = elig_attest_items(res, items, 32);

	if (res->eligible && n == 0)
		(void)cet_fmt(buf, len, "eligible");
	else if (res->eligible)
		(void)cet_fmt(buf, len, "eligible once you attest %zu item%s",
		    n, n == 1 ? "" : "s");
	else if (res->earliest >= 0)
		(void)cet_fmt(buf, len, "not yet: met on %s if the current "
		    "work goes on as it is", date_format(res->earliest, d));
	else
		(void)cet_fmt(buf, len, "not eligible on these records");
}

static json_t *
elig_json_num(const struct elig_req_result *r, long v)
{
	if (r->req->type == ELIG_EXPERIENCE || r->req->type == ELIG_CE ||
	    r->req->type == ELIG_SUPERVISION)
		return cli_json_hours(v);	/* centi-units as a number */
	return json_integer(v);
}

static json_t *
elig_json(const struct elig_result *res, const struct person *p, int as_of)
{
	const struct elig_pack	*pk = res->pack;
	const char		*items[32];
	json_t			*routes, *att, *o, *rq;
	size_t			 i, j, n;

	routes = json_array();
	for (i = 0; i < res->nroutes; i++) {
		const struct elig_route_result *rr = &res->routes[i];

		rq = json_array();
		for (j = 0; j < rr->nreqs; j++) {
			const struct elig_req_result *r = &rr->reqs[j];
			const struct elig_req *q = r->req;

			(void)json_array_append_new(rq, json_pack("{s:s, s:o, "
			    "s:s, s:b, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:b}",
			    "id", q->id, "label", cli_json_str(q->label),
			    "type", q->type == ELIG_CREDENTIAL ? "credential" :
			    q->type == ELIG_DEGREE ? "degree" :
			    q->type == ELIG_EXPERIENCE ? "experience" :
			    q->type == ELIG_CE ? "ce" : q->type == ELIG_EXAM ?
			    "exam" : q->type == ELIG_SUPERVISION ?
			    "supervision" : "attest",
			    "met", r->state == ELIG_MET ||
			    (r->state == ELIG_TO_ATTEST && q->type != ELIG_ATTEST),
			    "attest", r->state == ELIG_TO_ATTEST ?
			    cli_json_str(q->type == ELIG_ATTEST ? q->label :
			    q->attest) : json_null(),
			    "have", q->type == ELIG_ATTEST ? json_null() :
			    elig_json_num(r, r->have),
			    "need", q->type == ELIG_ATTEST ? json_null() :
			    elig_json_num(r, r->need),
			    "unit", r->unit != NULL ? r->unit : "",
			    "what", cli_json_str(r->what),
			    "settle", r->settle[0] != '\0' ?
			    cli_json_str(r->settle) : json_null(),
			    "earliest", r->earliest >= 0 ?
			    cli_json_date(r->earliest) : json_null(),
			    "assumption", r->assumption));
		}
		(void)json_array_append_new(routes, json_pack("{s:s, s:o, s:b, "
		    "s:o, s:o}", "id", rr->route->id, "label",
		    cli_json_str(rr->route->label), "met", rr->met,
		    "earliest", rr->earliest >= 0 ? cli_json_date(rr->earliest) :
		    json_null(), "requirements", rq));
	}
	att = json_array();
	n = elig_attest_items(res, items, 32);
	for (i = 0; i < n; i++)
		(void)json_array_append_new(att, cli_json_str(items[i]));
	o = json_pack("{s:s, s:o, s:o, s:I, s:o, s:b, s:o, s:o, s:o, s:o, "
	    "s:s, s:s, s:o, s:s}",
	    "program", pk->code, "name", cli_json_str(pk->name),
	    "issuer", cli_json_str(pk->issuer),
	    "person_id", (json_int_t)p->id, "as_of", cli_json_date(as_of),
	    "eligible", res->eligible, "attest", att,
	    "earliest", res->earliest >= 0 ? cli_json_date(res->earliest) :
	    json_null(), "routes", routes,
	    "assumption", pk->assumption[0] != '\0' ?
	    cli_json_str(pk->assumption) : json_null(),
	    "confidence", pk->confidence, "version", pk->version,
	    "sources", cli_json_str(pk->sources), "origin", pk->origin);
	return o;
}

static void
elig_print(const struct elig_result *res, const struct person *p, int as_of)
{
	const struct elig_pack	*pk = res->pack;
	const char		*items[32];
	char			 v[256], d[DATE_BUFSZ], h1[32], h2[32];
	size_t			 i, j, n;

	elig_verdict(res, v, sizeof(v));
	printf("%s: %s\n", pk->code, pk->name);
	printf("  %s, as of %s: %s\n", p->name, date_format(as_of, d), v);
	n = elig_attest_items(res, items, 32);
	for (i = 0; i < n; i++)
		printf("  to attest: %s\n", items[i]);
	for (i = 0; i < res->nroutes; i++) {
		const struct elig_route_result *rr = &res->routes[i];

		printf("\n  route %s: %s%s\n", rr->route->id, rr->route->label,
		    rr->met ? " (met)" : "");
		for (j = 0; j < rr->nreqs; j++) {
			const struct elig_req_result *r = &rr->reqs[j];
			const struct elig_req *q = r->req;

			printf("    [%s] %s\n", elig_state_word(r), q->label);
			if (q->type == ELIG_EXPERIENCE || q->type == ELIG_CE ||
			    q->type == ELIG_SUPERVISION)
				printf("        have %s, need %s %s%s\n",
				    elig_format(r->have, h1, sizeof(h1)),
				    elig_format(r->need, h2, sizeof(h2)),
				    r->unit, r->assumption ? " (assumption: "
				    "see below)" : "");
			else if (q->type != ELIG_ATTEST)
				printf("        %s\n", r->what);
			if (r->state == ELIG_TO_ATTEST &&
			    q->type != ELIG_ATTEST)
				printf("        to attest: %s\n", q->attest);
			if (r->earliest >= 0 && r->state == ELIG_NOT_MET)
				printf("        met on %s if it goes on as it is\n",
				    date_format(r->earliest, d));
			if (r->settle[0] != '\0')
				printf("        settle: %s\n", r->settle);
		}
	}
	if (pk->assumption[0] != '\0')
		printf("\n  Assumption: %s.\n", pk->assumption);
	printf("  Rules checked %s (confidence %s): %s.\n", pk->version,
	    pk->confidence, pk->sources);
}

int
cmd_eligibility(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "as-of",	required_argument,	NULL,	'a' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct elig_set		 set;
	struct elig_data	 data;
	struct elig_input	 in;
	struct elig_result	 res;
	struct errlist		 errs = { NULL, 0 };
	struct person		 p;
	const struct elig_pack	*one = NULL;
	const char		*ref = NULL, *as_of_arg = NULL;
	json_t			*all = NULL, *o;
	char			 err[1024], dir[PATH_MAX + 16], v[256];
	size_t			 i;
	int			 ch, json = 0, as_of = c->today, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":p:a:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'a':
			as_of_arg = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(elig_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack eligibility --help'", argv[optind + 1]);
	if (as_of_arg != NULL && cli_date_arg(c, "--as-of", as_of_arg,
	    &as_of) == -1)
		return EXIT_USAGE;
	if (optind < argc && cli_text_arg(c, "PROGRAM", argv[optind],
	    CODE_MAX_LEN, 0) == -1)
		return EXIT_USAGE;

	(void)cet_fmt(dir, sizeof(dir), "%s%s", c->cfg.programs_dir,
	    c->cfg.programs_dir[0] != '\0' ? "/eligibility" : "");
	memset(&data, 0, sizeof(data));
	if (elig_load(&set, dir, &errs) == -1) {
		for (i = 0; i + 1 < errs.n; i++)
			cli_warn(c, "%s", errs.v[i]);
		cli_error(c, EXIT_FAIL, "%s", errs.n > 0 ? errs.v[errs.n - 1] :
		    "cannot load the eligibility packs");
		goto out;
	}
	if (optind < argc && (one = elig_find(&set, argv[optind])) == NULL) {
		char list[512] = "";

		for (i = 0; i < set.n; i++)
			(void)cet_fmt(list + strlen(list), sizeof(list) -
			    strlen(list), "%s%s", i > 0 ? ", " : "",
			    set.v[i].code);
		cli_error(c, EXIT_USAGE, "PROGRAM: '%s' has no eligibility "
		    "pack, expected one of %s", argv[optind], list);
		rc = EXIT_USAGE;
		goto out;
	}
	if (cli_open_db(c) == -1 || cli_person(c, ref, &p) == -1)
		goto out;
	if (elig_read(c, p.id, &data, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	memset(&in, 0, sizeof(in));
	in.as_of = as_of;
	in.creds = data.creds;
	in.cycles = data.cycles;
	in.ncreds = data.ncreds;
	in.edu = data.edu;
	in.nedu = data.nedu;
	in.exp = data.exp;
	in.nexp = data.nexp;
	in.exams = data.exams;
	in.nexams = data.nexams;
	in.acts = data.acts;
	in.nacts = data.nacts;
	in.logs = data.logs;
	in.nlogs = data.nlogs;

	if (json && one == NULL)
		all = json_array();
	for (i = 0; i < set.n; i++) {
		const struct elig_pack *pk = &set.v[i];

		if (one != NULL && pk != one)
			continue;
		(void)elig_check(pk, &in, &res);
		if (json) {
			o = elig_json(&res, &p, as_of);
			if (one != NULL) {
				elig_result_free(&res);
				rc = cli_json_print(o) == 0 ? EXIT_OK :
				    EXIT_FAIL;
				goto out;
			}
			(void)json_array_append_new(all, o);
		} else if (one != NULL)
			elig_print(&res, &p, as_of);
		else {
			elig_verdict(&res, v, sizeof(v));
			printf("%-9s %s\n", pk->code, v);
		}
		elig_result_free(&res);
	}
	if (json) {
		o = json_pack("{s:I, s:o, s:o}", "person_id", (json_int_t)p.id,
		    "as_of", cli_json_date(as_of), "programs", all);
		all = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	rc = EXIT_OK;
out:
	json_decref(all);
	elig_data_free(&data);
	elig_free(&set);
	errlist_free(&errs);
	return rc;
}
