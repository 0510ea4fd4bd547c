/*
 * Unit tests for the label module: a lookup and its fallbacks (the
 * language asked, the runbook's, any, the id), evidence fields by step,
 * items with their titles, copies, and durations in words of Vietnamese
 * and English.
 */
#include "label.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

static void test_lookup(void **state)
{
	struct labels *l = labels_new("vi"), *c;
	enum label_kind kind;
	const char *id, *lang, *text;

	(void)state;
	assert_int_equal(labels_add(l, LABEL_ROLE, "truc-su-co", "vi",
				    "Trực ứng phó sự cố"), 0);
	assert_int_equal(labels_add(l, LABEL_ROLE, "truc-su-co", "en",
				    "Incident desk"), 0);
	/* Twice in one language: kept as it was. */
	assert_int_equal(labels_add(l, LABEL_ROLE, "truc-su-co", "en", "X"), 1);
	assert_int_equal(labels_add(l, LABEL_SEVERITY, "high", "en", "High"),
			 0);
	assert_string_equal(label_get(l, LABEL_ROLE, "truc-su-co", "en"),
			    "Incident desk");
	assert_string_equal(label_get(l, LABEL_ROLE, "truc-su-co", "vi"),
			    "Trực ứng phó sự cố");
	/* A language without one: the runbook's. */
	assert_string_equal(label_get(l, LABEL_ROLE, "truc-su-co", "fr"),
			    "Trực ứng phó sự cố");
	/* Only English given: any language's word beats the slug. */
	assert_string_equal(label_get(l, LABEL_SEVERITY, "high", "vi"), "High");
	assert_null(labels_exact(l, LABEL_SEVERITY, "high", "vi"));
	/* No label at all: the id; the kinds are apart. */
	assert_string_equal(label_get(l, LABEL_ROLE, "high", "en"), "high");
	assert_string_equal(label_get(NULL, LABEL_ROLE, "x", "en"), "x");
	assert_null(labels_find(l, LABEL_SYSTEM, "truc-su-co", "vi"));
	/* Sorted by kind, id, language; a copy holds the same. */
	assert_int_equal(labels_count(l), 3);
	labels_at(l, 0, &kind, &id, &lang, &text);
	assert_int_equal(kind, LABEL_ROLE);
	assert_string_equal(lang, "en");
	c = labels_dup(l);
	labels_free(l);
	assert_string_equal(labels_lang(c), "vi");
	assert_string_equal(label_get(c, LABEL_SEVERITY, "high", "en"), "High");
	labels_free(c);
	labels_free(NULL);
}

static void test_fields_and_items(void **state)
{
	struct labels *l = labels_new("en");
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	labels_add(l, LABEL_FIELD, "phone", "en", "Phone");
	labels_add(l, LABEL_FIELD, "desk/phone", "en", "Desk phone");
	assert_string_equal(label_field(l, "desk", "phone", "en"),
			    "Desk phone");
	assert_string_equal(label_field(l, "other", "phone", "en"), "Phone");
	assert_string_equal(label_field(l, NULL, "phone", "en"), "Phone");
	assert_string_equal(label_field(l, "other", "email", "en"), "email");
	labels_add(l, LABEL_ITEM, "R1", "en", "Freeze the changes");
	label_item(&sb, l, "R1", "en");
	assert_string_equal(sb.buf, "R1: Freeze the changes");
	strbuf_reset(&sb);
	label_item(&sb, l, "R2", "en");
	assert_string_equal(sb.buf, "R2");
	strbuf_release(&sb);
	labels_free(l);
}

static void test_kinds_and_langs(void **state)
{
	enum label_kind k;

	(void)state;
	assert_int_equal(label_kind_parse("severity", &k), 0);
	assert_int_equal(k, LABEL_SEVERITY);
	assert_string_equal(label_kind_name(LABEL_TERM), "term");
	assert_null(label_kind_name(LABEL_NKINDS));
	assert_int_equal(label_kind_parse("nope", &k), -1);
	assert_true(label_valid_lang("vi"));
	assert_true(label_valid_lang("fil"));
	assert_false(label_valid_lang("VI"));
	assert_false(label_valid_lang("e"));
	assert_false(label_valid_lang("en-US"));
	assert_true(label_known_lang("en"));
	assert_false(label_known_lang("fr"));
}

static void check_span(int64_t s, enum label_span span, const char *lang,
		       const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	label_duration(&sb, s, span, lang);
	if (strcmp(sb.buf, want))
		fail_msg("%lld %s: '%s', want '%s'", (long long)s, lang, sb.buf,
			 want);
	strbuf_release(&sb);
}

/* "4h" reads as 04:00 in Vietnamese: durations are words. */
static void test_durations(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	check_span(4 * 3600, LABEL_LEFT, "vi", "còn 4 giờ");
	check_span(4 * 3600 + 7 * 60, LABEL_SPAN, "vi", "4 giờ 7 phút");
	check_span(93784, LABEL_LATE, "vi", "trễ 1 ngày 2 giờ");
	check_span(-93784, LABEL_LATE, "vi", "trễ 1 ngày 2 giờ");
	check_span(59, LABEL_SPAN, "vi", "0 phút");
	check_span(3 * 86400, LABEL_AGO, "vi", "3 ngày trước");
	check_span(3600, LABEL_LEFT, "en", "1 hour left");
	check_span(2 * 86400 + 3600, LABEL_LATE, "en", "2 days 1 hour late");
	check_span(61, LABEL_SPAN, "en", "1 minute");
	check_span(7200 + 120, LABEL_AGO, "en", "2 hours 2 minutes ago");
	/* A language the engine has no words in: English. */
	check_span(60, LABEL_SPAN, "fr", "1 minute");
	check_span(INT64_MIN, LABEL_SPAN, "en", "106751991167300 days 15 hours");
	label_from_t0(&sb, 1000, 1000 + 4 * 3600, "vi");
	assert_string_equal(sb.buf, "4 giờ trước T0");
	strbuf_reset(&sb);
	label_from_t0(&sb, 1000 + 90060, 1000, "en");
	assert_string_equal(sb.buf, "1 day 1 hour after T0");
	strbuf_reset(&sb);
	label_from_t0(&sb, 1030, 1000, "en");
	assert_string_equal(sb.buf, "T0");
	strbuf_release(&sb);
}

static void check_capital(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	label_capitalize(&sb, in);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_capitalize(void **state)
{
	(void)state;
	check_capital("directive item", "Directive item");
	check_capital("đơn vị", "Đơn vị");
	check_capital("ủy ban", "Ủy ban");
	check_capital("ơn", "Ơn");
	check_capital("élément", "Élément");
	check_capital("Already", "Already");
	check_capital("1. section", "1. section");
	check_capital("", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_fields_and_items),
		cmocka_unit_test(test_kinds_and_langs),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_capitalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
