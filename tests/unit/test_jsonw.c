/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/jsonw.c: the streaming writer must produce the very
 * bytes jansson dumps for the same document with JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15), which is what the JSON
 * report was made with before (and what its readers were written
 * against): nesting, empty containers, escapes, UTF-8, integers, reals.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "report/jsonw.h"

static char *
dump_jansson(json_t *v)
{
	char	*s, *t;

	s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
	cr_assert_not_null(s);
	/* jsonw_end adds the newline a file ends with. */
	t = malloc(strlen(s) + 2);
	cr_assert_not_null(t);
	strcpy(t, s);
	strcat(t, "\n");
	free(s);
	json_decref(v);
	return t;
}

static const char *const strings[] = {
	"plain", "", "quote \" and backslash \\", "tab\tnew\nline\rcr",
	"bell \a, form \f, backspace \b, escape \x1b, unit sep \x1f",
	"del \x7f stays", "slash / stays", "Dana Reyes, RN, CCM",
	"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x9a", "line sep \xe2\x80\xa8"
};

static const double reals[] = {
	0.0, 1.0, 62.5, 0.1, 0.25, 17.5, 80.0, 1234.56, 10000.0, -3.75,
	1e20, 1.5e-7, 123456789012345.0
};

Test(jsonw, same_bytes_as_jansson)
{
	struct jsonw	 w;
	json_t		*root, *arr, *o, *e;
	char		*got = NULL, *want;
	size_t		 len = 0, i;
	FILE		*fp;

	root = json_object();
	json_object_set_new(root, "report", json_string("cetrack"));
	json_object_set_new(root, "format_version", json_integer(1));
	json_object_set_new(root, "none", json_null());
	json_object_set_new(root, "yes", json_true());
	json_object_set_new(root, "no", json_false());
	json_object_set_new(root, "empty_array", json_array());
	json_object_set_new(root, "empty_object", json_object());
	arr = json_array();
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		json_array_append_new(arr, json_string(strings[i]));
	json_object_set_new(root, "strings", arr);
	arr = json_array();
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		json_array_append_new(arr, json_real(reals[i]));
	json_object_set_new(root, "reals", arr);
	arr = json_array();
	o = json_object();
	json_object_set_new(o, "id", json_integer(-9007199254740993LL));
	e = json_object();
	json_object_set_new(e, "deep", json_array());
	json_object_set_new(o, "nested", e);
	json_array_append_new(arr, o);
	json_array_append_new(arr, json_object());
	json_array_append_new(arr, json_array());
	json_object_set_new(root, "people", arr);
	json_object_set_new(root, "k\"ey\n", json_integer(0));
	want = dump_jansson(root);

	fp = open_memstream(&got, &len);
	cr_assert_not_null(fp);
	jsonw_init(&w, fp);
	jsonw_open(&w, NULL, 0);
	jsonw_str(&w, "report", "cetrack");
	jsonw_int(&w, "format_version", 1);
	jsonw_null(&w, "none");
	jsonw_bool(&w, "yes", 1);
	jsonw_bool(&w, "no", 0);
	jsonw_open(&w, "empty_array", 1);
	jsonw_close(&w, 1);
	jsonw_open(&w, "empty_object", 0);
	jsonw_close(&w, 0);
	jsonw_open(&w, "strings", 1);
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		jsonw_str(&w, NULL, strings[i]);
	jsonw_close(&w, 1);
	jsonw_open(&w, "reals", 1);
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		jsonw_real(&w, NULL, reals[i]);
	jsonw_close(&w, 1);
	jsonw_open(&w, "people", 1);
	jsonw_open(&w, NULL, 0);
	jsonw_int(&w, "id", -9007199254740993LL);
	jsonw_open(&w, "nested", 0);
	jsonw_open(&w, "deep", 1);
	jsonw_close(&w, 1);
	jsonw_close(&w, 0);
	jsonw_close(&w, 0);
	jsonw_open(&w, NULL, 0);
	jsonw_close(&w, 0);
	jsonw_open(&w, NULL, 1);
	jsonw_close(&w, 1);
	jsonw_close(&w, 1);
	jsonw_int(&w, "k\"ey\n", 0);
	jsonw_close(&w, 0);
	cr_assert_eq(jsonw_end(&w), 0);
	cr_assert_eq(fclose(fp), 0);
	cr_expect_str_eq(got, want);
	free(got);
	free(want);
}

Test(jsonw, invalid_utf8_and_str_null)
{
	struct jsonw	 w;
	char		*got = NULL;
	size_t		 len = 0;
	FILE		*fp;

	fp = open_memstream(&got, &len);
	cr_assert_not_null(fp);
	jsonw_init(&w, fp);
	jsonw_open(&w, NULL, 1);
	jsonw_str(&w, NULL, "bad \xff byte");
	jsonw_str_null(&w, NULL, "");
	jsonw_str_null(&w, NULL, NULL);
	jsonw_str_null(&w, NULL, "x");
	jsonw_close(&w, 1);
	cr_assert_eq(jsonw_end(&w), 0);
	cr_assert_eq(fclose(fp), 0);
	cr_expect_str_eq(got, "[\n  \"(invalid UTF-8)\",\n  null,\n  null,\n"
	    "  \"x\"\n]\n");
	free(got);
}

Test(jsonw, unbalanced_is_an_error)
{
	struct jsonw	 w;
	char		*got = NULL;
	size_t		 len = 0;
	FILE		*fp;

	fp = open_memstream(&got, &len);
	cr_assert_not_null(fp);
	jsonw_init(&w, fp);
	jsonw_open(&w, NULL, 0);
	cr_expect_eq(jsonw_end(&w), -1);
	jsonw_close(&w, 0);
	jsonw_close(&w, 0);		/* one too many */
	cr_expect_eq(jsonw_end(&w), -1);
	cr_assert_eq(fclose(fp), 0);
	free(got);
}

/* Hours in hundredths print as the real centi / 100.0 does. */
Test(jsonw, centi_prints_as_the_real)
{
	struct jsonw	 w;
	char		*a = NULL, *b = NULL;
	size_t		 alen = 0, blen = 0;
	long long	 v, extra[] = { 99999999999999LL, -99999999999999LL,
			    100000000000000LL, 123456789012345LL, 1000000 };
	FILE		*fa, *fb;
	struct jsonw	 wb;
	size_t		 i;

	fa = open_memstream(&a, &alen);
	fb = open_memstream(&b, &blen);
	cr_assert(fa != NULL && fb != NULL);
	jsonw_init(&w, fa);
	jsonw_init(&wb, fb);
	jsonw_open(&w, NULL, 1);
	jsonw_open(&wb, NULL, 1);
	for (v = -20000; v <= 200000; v++) {
		jsonw_centi(&w, NULL, v);
		jsonw_real(&wb, NULL, (double)v / 100.0);
	}
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		jsonw_centi(&w, NULL, extra[i]);
		jsonw_real(&wb, NULL, (double)extra[i] / 100.0);
	}
	jsonw_close(&w, 1);
	jsonw_close(&wb, 1);
	cr_assert_eq(jsonw_end(&w), 0);
	cr_assert_eq(jsonw_end(&wb), 0);
	cr_assert_eq(fclose(fa), 0);
	cr_assert_eq(fclose(fb), 0);
	cr_expect_str_eq(a, b);
	free(a);
	free(b);
}

/*
 * A document made in parts: the middle of an array written by a writer in
 * memory that goes on where the first stood (as the report's second
 * thread does), put back with jsonw_raw, is the document made in one go.
 * The parts cross the writer's buffer, and one string is longer than it.
 */
Test(jsonw, parts_in_memory_make_the_same_document)
{
	struct jsonw	 w, part, like;
	char		*one = NULL, *two = NULL, *big;
	const char	*data;
	size_t		 onelen = 0, twolen = 0, n, i;
	FILE		*fa, *fb;
	int		 k;

	big = malloc(200001);
	cr_assert_not_null(big);
	memset(big, 'x', 200000);
	big[200000] = '\0';
	big[100] = '"';
	fa = open_memstream(&one, &onelen);
	fb = open_memstream(&two, &twolen);
	cr_assert(fa != NULL && fb != NULL);
	for (k = 0; k < 2; k++) {
		jsonw_init(&w, k == 0 ? fa : fb);
		jsonw_open(&w, NULL, 0);
		jsonw_open(&w, "people", 1);
		for (i = 0; i < 3000; i++) {
			if (k == 1 && i == 1) {
				/* The rest by a writer of its own. */
				like = w;
				jsonw_init_like(&part, NULL, &like);
				for (; i < 3000; i++) {
					jsonw_open(&part, NULL, 0);
					jsonw_int(&part, "id", (long long)i);
					jsonw_str(&part, "name", i == 2000 ?
					    big : "Dana Reyes, RN, CCM");
					jsonw_centi(&part, "h", (long long)i);
					jsonw_close(&part, 0);
				}
				data = jsonw_data(&part, &n);
				jsonw_raw(&w, data, n);
				jsonw_clear(&part);
				data = jsonw_data(&part, &n);
				cr_expect_eq(n, 0);
				jsonw_free(&part);
				break;
			}
			jsonw_open(&w, NULL, 0);
			jsonw_int(&w, "id", (long long)i);
			jsonw_str(&w, "name", i == 2000 ? big :
			    "Dana Reyes, RN, CCM");
			jsonw_centi(&w, "h", (long long)i);
			jsonw_close(&w, 0);
		}
		jsonw_close(&w, 1);
		jsonw_int(&w, "n", LLONG_MIN);
		jsonw_close(&w, 0);
		cr_assert_eq(jsonw_end(&w), 0);
	}
	cr_assert_eq(fclose(fa), 0);
	cr_assert_eq(fclose(fb), 0);
	cr_expect_gt(onelen, 300000);
	cr_expect_eq(onelen, twolen);
	cr_expect_str_eq(one, two);
	cr_expect_not_null(strstr(one, "\"n\": -9223372036854775808\n}\n"));
	free(one);
	free(two);
	free(big);
}
