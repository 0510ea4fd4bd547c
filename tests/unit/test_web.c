/*
 * Unit tests for what the web front door and the command line share
 * without a server: the HTML writers (each context's escaping), the
 * routing table's pattern matching (captures, and what a path that
 * matches only in part leaves), the table of actions and what is said
 * once one is recorded, and a person's name.
 */
/* The project headers come before <cmocka.h> (its fail() macro). */
#include "action.h"
#include "err.h"
#include "evidence.h"
#include "signoff.h"
#include "strbuf.h"
#include "web/html.h"
#include "web/web.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

static void check_txt(const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;

	html_txt(&out, in);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
}

static void test_html_txt(void **state)
{
	(void)state;
	check_txt("<script>alert('x')</script> & \"y\"",
		  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
	check_txt("Xã Đại Sơn", "Xã Đại Sơn");
	check_txt("a\033[31mb\x7f", "a [31mb ");
	check_txt(NULL, "");
}

static void test_html_attr(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	/* Neither quote can end the attribute it is written in. */
	html_attr(&out, "\" onmouseover=\"x' y");
	assert_null(strchr(out.buf, '"'));
	assert_null(strchr(out.buf, '\''));
	assert_string_equal(out.buf, "&quot; onmouseover=&quot;x&#39; y");
	strbuf_release(&out);
}

static void test_html_url_arg(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	html_url_arg(&out, "daily-report@dai-son#2026-05-30");
	assert_string_equal(out.buf, "daily-report%40dai-son%232026-05-30");
	strbuf_reset(&out);
	html_url_arg(&out, "a/b?c=d&e f\"<>Đ");
	assert_string_equal(out.buf, "a%2Fb%3Fc%3Dd%26e%20f%22%3C%3E%C4%90");
	strbuf_reset(&out);
	html_url_arg(&out, "A-Z_a.z~09");
	assert_string_equal(out.buf, "A-Z_a.z~09");
	strbuf_release(&out);
}

static void test_route_match(void **state)
{
	char *p[3];

	(void)state;
	assert_int_equal(web_route_match("/t/{task}/sign", "/t/x@y/sign", p), 1);
	assert_string_equal(p[0], "x@y");
	assert_null(p[1]);
	free(p[0]);
	assert_int_equal(web_route_match("/u/{unit}/roster/{shift}/remove",
					 "/u/dai-son/roster/12/remove", p), 1);
	assert_string_equal(p[0], "dai-son");
	assert_string_equal(p[1], "12");
	free(p[0]);
	free(p[1]);
	/* A segment is never empty, never more than one. */
	assert_int_equal(web_route_match("/u/{unit}", "/u/", p), 0);
	assert_int_equal(web_route_match("/u/{unit}", "/u/a/b", p), 0);
	assert_int_equal(web_route_match("/c", "/c/", p), 0);
	assert_int_equal(web_route_match("/", "/", p), 1);
	/*
	 * Matched in part, then not: nothing is left to free (the fuzzer's
	 * first find: a capture freed here and again by the server).
	 */
	assert_int_equal(web_route_match("/api/v1/units/{unit}/tasks",
					 "/api/v1/units/dai-son/tas\xebs", p), 0);
	assert_null(p[0]);
	assert_null(p[1]);
	assert_null(p[2]);
}

static void test_routes_table(void **state)
{
	size_t i, j;
	char *p[3];

	(void)state;
	for (i = 0; i < web_nroutes; i++) {
		const struct web_route *r = &web_routes[i];

		/* A route of a unit says which unit: {unit} or {task}. */
		if (r->needs == WEB_UNIT &&
		    !strstr(r->pattern, "{unit}") && !strstr(r->pattern, "{task}"))
			fail_msg("%s %s: a unit route naming no unit", r->method,
				 r->pattern);
		/* The API is under /api/, and only the API. */
		if (!(r->flags & WEB_API) != !!strncmp(r->pattern, "/api/", 5))
			fail_msg("%s: API flag and path disagree", r->pattern);
		/* No two routes answer the same method and pattern. */
		for (j = i + 1; j < web_nroutes; j++)
			if (!strcmp(r->method, web_routes[j].method) &&
			    !strcmp(r->pattern, web_routes[j].pattern))
				fail_msg("%s %s twice", r->method, r->pattern);
		assert_true(!strcmp(r->method, "GET") || !strcmp(r->method, "POST"));
	}
	assert_int_equal(web_route_match("/l/{code}", "/l/abc", p), 1);
	free(p[0]);
}

static void test_action_ack(void **state)
{
	struct signoff_result res;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	signoff_result_init(&res);
	res.recorded = 1;
	res.seq = 42;
	action_ack(&out, "fee-review@dai-son", "blocked", &res, NULL);
	assert_string_equal(out.buf, "marked fee-review@dai-son blocked (event 42)");
	strbuf_reset(&out);
	res.waived = 1;
	action_ack(&out, "x@y", "done", &res, NULL);
	assert_string_equal(out.buf, "signed x@y with a waiver (event 42)");
	strbuf_reset(&out);
	res.recorded = 0;
	res.previous_state = TASK_SKIPPED;
	action_ack(&out, "x@y", "skipped", &res, NULL);
	assert_string_equal(out.buf, "x@y is already skipped; nothing recorded");
	strbuf_reset(&out);
	action_would(&out, "x@y", "failed");
	assert_string_equal(out.buf, "would mark x@y failed");
	assert_string_equal(action_by_command("block")->kind, "blocked");
	assert_string_equal(action_by_kind("reopened")->command, "reopen");
	assert_null(action_by_command("bogus"));
	assert_string_equal(action_state_name("shift-added"), "shift-added");
	assert_string_equal(action_state_name("unheard-of"), "unheard-of");
	signoff_result_release(&res);
	strbuf_release(&out);
}

static void test_person_name(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;
	char long_name[300];

	(void)state;
	assert_int_equal(evidence_name("  Lê Minh Tuấn ", &out, &err), 0);
	assert_string_equal(out.buf, "Lê Minh Tuấn");
	strbuf_reset(&out);
	assert_int_equal(evidence_name("a\nb", &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "one line"));
	err_reset(&err);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	strbuf_reset(&out);
	assert_int_equal(evidence_name(long_name, &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "longer than 200"));
	err_reset(&err);
	/* A bidirectional override would reverse what a report shows. */
	strbuf_reset(&out);
	assert_int_equal(evidence_name("An \xe2\x80\xae nahT", &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "U+202E"));
	strbuf_release(&out);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_txt),
		cmocka_unit_test(test_html_attr),
		cmocka_unit_test(test_html_url_arg),
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_routes_table),
		cmocka_unit_test(test_action_ack),
		cmocka_unit_test(test_person_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
