/*
 * The national report: every province side by side, from the state each
 * one published and the national office verified (cutover national
 * fetch); and the section a published report gives its own signed
 * checkpoint and its witnesses' cosignatures.  Everything a province
 * wrote (names, difficulties) goes through report_escape.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

enum nl {
	NL_HEADING, NL_PROVINCES, NL_PROVINCE, NL_RUN, NL_TASKS, NL_OPEN_ISSUES,
	NL_CHECKPOINT, NL_SIGNED_AT, NL_AGE, NL_WITNESS, NL_STATE,
	NL_VERIFIED, NL_REFUSED, NL_NOTHING, NL_BY_ITEM, NL_ITEM,
	NL_NOT_READY, NL_ALL_READY, NL_ISSUES_BY_SYSTEM, NL_OPEN_COUNT,
	NL_OPEN_LIST, NL_CHECKPOINTS, NL_ORIGIN, NL_EVENTS, NL_ROOT, NL_HEAD,
	NL_PROBLEMS, NL_REF, NL_WHY, NL_SUMMARY, NL_NO_ISSUES, NL_MORE_UNITS,
	NL_SIGNED_CP, NL_SIGNER, NL_VERIFY_WITH, NL_WITNESSES, NL_NO_WITNESS,
	NL_COSIGNED, NL_AGO, NL_MORE_ISSUES, NL_REFUSED_AT, NL_COUNT
};

static const char *const nl_labels[NL_COUNT][2] = {
	[NL_HEADING] = { "Báo cáo toàn quốc", "National report" },
	[NL_PROVINCES] = { "Các tỉnh", "Provinces" },
	[NL_PROVINCE] = { "Tỉnh", "Province" },
	[NL_RUN] = { "Lượt chạy", "Run" },
	[NL_TASKS] = { "Nhiệm vụ", "Tasks" },
	[NL_OPEN_ISSUES] = { "Vướng mắc mở", "Open difficulties" },
	[NL_CHECKPOINT] = { "Điểm kiểm (sự kiện)", "Checkpoint (events)" },
	[NL_SIGNED_AT] = { "Ký lúc", "Signed at" },
	[NL_AGE] = { "Tuổi", "Age" },
	[NL_WITNESS] = { "Nhân chứng", "Witness" },
	[NL_STATE] = { "Tình trạng", "State" },
	[NL_VERIFIED] = { "đã xác minh", "verified" },
	[NL_REFUSED] = { "bị từ chối lần tải gần nhất",
			 "refused at the last fetch" },
	[NL_NOTHING] = { "chưa có gì được xác minh", "nothing verified yet" },
	[NL_BY_ITEM] = { "Mức sẵn sàng theo mục chỉ đạo",
			 "Readiness per directive item" },
	[NL_ITEM] = { "Mục", "Item" },
	[NL_NOT_READY] = { "Đơn vị chưa sẵn sàng", "Units not ready" },
	[NL_ALL_READY] = { "mọi đơn vị đã hoàn thành",
			   "every unit is done" },
	[NL_ISSUES_BY_SYSTEM] = { "Vướng mắc đang mở theo hệ thống",
				  "Open difficulties by system" },
	[NL_OPEN_COUNT] = { "Đang mở", "Open" },
	[NL_OPEN_LIST] = { "Danh sách vướng mắc đang mở",
			   "The open difficulties" },
	[NL_CHECKPOINTS] = { "Điểm kiểm đã ký của từng tỉnh",
			     "Each province's signed checkpoint" },
	[NL_ORIGIN] = { "Nguồn (origin)", "Origin" },
	[NL_EVENTS] = { "Sự kiện", "Events" },
	[NL_ROOT] = { "Gốc Merkle", "Merkle root" },
	[NL_HEAD] = { "Mã băm cuối", "Chain head" },
	[NL_PROBLEMS] = { "Bị từ chối, không hợp nhất",
			  "Refused, never merged" },
	[NL_REF] = { "Nhánh", "Ref" },
	[NL_WHY] = { "Lý do", "Why" },
	[NL_SUMMARY] = { "Tổng hợp", "Summary" },
	[NL_NO_ISSUES] = { "không có vướng mắc nào đang mở",
			   "no open difficulty" },
	[NL_MORE_UNITS] = { "và %zu đơn vị khác", "and %zu more units" },
	[NL_SIGNED_CP] = { "Điểm kiểm đã ký", "Signed checkpoint" },
	[NL_SIGNER] = { "Khóa ký", "Signing key" },
	[NL_VERIFY_WITH] = { "Kiểm tra bằng", "Check it with" },
	[NL_WITNESSES] = { "Nhân chứng đồng ký", "Witnesses' cosignatures" },
	[NL_NO_WITNESS] = { "chưa có nhân chứng nào đồng ký",
			    "no witness has cosigned yet" },
	[NL_COSIGNED] = { "đã đồng ký %lld sự kiện lúc",
			  "cosigned %lld events at" },
	[NL_AGO] = { "trước", "ago" },
	[NL_REFUSED_AT] = { "Từ chối lúc", "Refused at" },
	[NL_MORE_ISSUES] = { "và %zu vướng mắc khác",
			     "and %zu more difficulties" },
};

static const char *nl(enum nl l, enum report_lang lang)
{
	return nl_labels[l][lang];
}

/* "29/05/2026 18:00" at the offset given. */
static void when(struct strbuf *md, instant_t t, int offset,
		 enum report_lang lang)
{
	struct clock_zone *zone = clock_zone_fixed(offset);

	if (lang == REPORT_VI)
		clock_format_dmy(md, t, zone);
	else
		clock_format_local(md, t, zone);
	clock_zone_free(zone);
}

void report_checkpoint(struct strbuf *md, const struct report_checkpoint *c,
		       const struct store_run *run, enum report_lang lang)
{
	size_t i;

	strbuf_addf(md, "\n## %s\n\n", nl(NL_SIGNED_CP, lang));
	strbuf_addf(md, "- %s: `", nl(NL_ORIGIN, lang));
	report_escape(md, c->origin);
	strbuf_addf(md, "`\n- %s: %lld\n", nl(NL_EVENTS, lang),
		    (long long)c->size);
	strbuf_addf(md, "- %s: `%s`\n", nl(NL_ROOT, lang), c->root);
	strbuf_addf(md, "- %s: `%s`\n", nl(NL_HEAD, lang), c->head);
	strbuf_addf(md, "- %s: ", nl(NL_SIGNED_AT, lang));
	report_when(md, c->at, run, lang);
	strbuf_addf(md, "\n- %s: `", nl(NL_SIGNER, lang));
	report_escape(md, c->signer);
	strbuf_addf(md, "`\n- %s: `cutover verify --checkpoint checkpoint"
		    " --pubkey KEY`\n", nl(NL_VERIFY_WITH, lang));
	strbuf_addf(md, "- %s:", nl(NL_WITNESSES, lang));
	if (!c->nwitnesses)
		strbuf_addf(md, " %s\n", nl(NL_NO_WITNESS, lang));
	else
		strbuf_addch(md, '\n');
	for (i = 0; i < c->nwitnesses; i++) {
		strbuf_adds(md, "  - `");
		report_escape(md, c->witnesses[i].witness);
		strbuf_adds(md, "` ");
		strbuf_addf(md, nl(NL_COSIGNED, lang),
			    (long long)c->witnesses[i].size);
		strbuf_addch(md, ' ');
		report_when(md, c->witnesses[i].at, run, lang);
		strbuf_addch(md, '\n');
	}
}

/* ---- the national report ---- */

/* A province's numbers, read once from its verified state. */
struct numbers {
	struct store_tally tally;
	struct store_issue *issues;     /* open ones */
	size_t nissues;
	int ok;
};

static void cell(struct strbuf *md, const char *s)
{
	strbuf_adds(md, " ");
	report_escape(md, s ? s : "–");
	strbuf_adds(md, " |");
}

static void share_cell(struct strbuf *md, int64_t part, int64_t whole)
{
	strbuf_adds(md, " ");
	report_percent(md, part, whole);
	strbuf_adds(md, " |");
}

static void age(struct strbuf *md, instant_t now, instant_t t,
		enum report_lang lang)
{
	clock_format_duration(md, now > t ? now - t : 0);
	strbuf_addf(md, " %s", nl(NL_AGO, lang));
}

static void summary(struct strbuf *md, const struct report_province *p,
		    size_t n, const struct numbers *num, instant_t now,
		    int offset, enum report_lang lang)
{
	size_t i;

	strbuf_addf(md, "\n## %s\n\n", nl(NL_PROVINCES, lang));
	strbuf_addf(md, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
		    " %s |\n", nl(NL_PROVINCE, lang), nl(NL_RUN, lang),
		    nl(NL_TASKS, lang), report_label(RL_DONE, lang),
		    report_label(RL_LATE, lang),
		    report_label(RL_BLOCKED, lang),
		    nl(NL_OPEN_ISSUES, lang), nl(NL_CHECKPOINT, lang),
		    nl(NL_AGE, lang), nl(NL_WITNESS, lang),
		    nl(NL_STATE, lang));
	strbuf_adds(md, "|---|---|--:|--:|--:|--:|--:|--:|---|---|---|\n");
	for (i = 0; i < n; i++) {
		const struct store_count *all = &num[i].tally.all;

		strbuf_adds(md, "|");
		cell(md, p[i].id);
		if (num[i].ok) {
			cell(md, p[i].run->name);
			strbuf_addf(md, " %lld | %lld (", (long long)all->total,
				    (long long)(all->done + all->skipped));
			report_percent(md, all->done + all->skipped,
				       all->total);
			strbuf_addf(md, ") | %lld | %lld | %zu | %lld |",
				    (long long)all->late,
				    (long long)(all->blocked + all->failed),
				    num[i].nissues, (long long)p[i].size);
			strbuf_adds(md, " ");
			age(md, now, p[i].signed_at, lang);
			strbuf_adds(md, " |");
		} else {
			strbuf_adds(md, " – | – | – | – | – | – | – | – |");
		}
		if (p[i].cosigned_size) {
			strbuf_addf(md, " %lld, ", (long long)p[i].cosigned_size);
			when(md, p[i].cosigned_at, offset, lang);
			strbuf_adds(md, " |");
		} else {
			strbuf_adds(md, " – |");
		}
		cell(md, p[i].problem ? nl(NL_REFUSED, lang) : num[i].ok ?
		     nl(NL_VERIFIED, lang) : nl(NL_NOTHING, lang));
		strbuf_addch(md, '\n');
	}
}

/* The directive items of every province, in the order first seen. */
static void by_item(struct strbuf *md, const struct report_province *p,
		    size_t n, const struct numbers *num, enum report_lang lang)
{
	const char **items = NULL;
	size_t nitems = 0, alloc = 0, i, j, k;

	for (i = 0; i < n; i++) {
		if (!num[i].ok)
			continue;
		for (j = 0; j < num[i].tally.n[STORE_BY_DIRECTIVE]; j++) {
			const char *key =
				num[i].tally.groups[STORE_BY_DIRECTIVE][j].key;

			for (k = 0; k < nitems; k++)
				if (!strcmp(items[k], key))
					break;
			if (k == nitems) {
				XGROW(items, alloc, nitems + 1);
				items[nitems++] = key;
			}
		}
	}
	strbuf_addf(md, "\n## %s\n\n| %s |", nl(NL_BY_ITEM, lang),
		    nl(NL_ITEM, lang));
	for (i = 0; i < n; i++)
		cell(md, p[i].id);
	strbuf_adds(md, "\n|---|");
	for (i = 0; i < n; i++)
		strbuf_adds(md, "--:|");
	strbuf_addch(md, '\n');
	for (k = 0; k < nitems; k++) {
		strbuf_adds(md, "|");
		cell(md, items[k]);
		for (i = 0; i < n; i++) {
			const struct store_count *g = NULL;

			for (j = 0; num[i].ok &&
			     j < num[i].tally.n[STORE_BY_DIRECTIVE]; j++)
				if (!strcmp(num[i].tally.groups
					    [STORE_BY_DIRECTIVE][j].key,
					    items[k]))
					g = &num[i].tally.groups
						[STORE_BY_DIRECTIVE][j];
			if (g)
				share_cell(md, g->done + g->skipped, g->total);
			else
				strbuf_adds(md, " – |");
		}
		strbuf_addch(md, '\n');
	}
	free(items);
}

#define UNITS_PER_PROVINCE 20

static void not_ready(struct strbuf *md, const struct report_province *p,
		      size_t n, struct numbers *num, enum report_lang lang)
{
	size_t i, j, shown;

	strbuf_addf(md, "\n## %s\n", nl(NL_NOT_READY, lang));
	for (i = 0; i < n; i++) {
		struct store_count *u = num[i].tally.groups[STORE_BY_UNIT];
		size_t nu = num[i].tally.n[STORE_BY_UNIT], left = 0;

		if (!num[i].ok)
			continue;
		strbuf_adds(md, "\n### ");
		report_escape(md, p[i].id);
		strbuf_adds(md, "\n\n");
		if (nu)
			qsort(u, nu, sizeof(*u), store_count_least_ready);
		for (j = 0; j < nu; j++)
			left += u[j].done + u[j].skipped < u[j].total;
		if (!left) {
			strbuf_addf(md, "%s\n", nl(NL_ALL_READY, lang));
			continue;
		}
		strbuf_addf(md, "| %s | %s | %s | %s |\n|---|--:|--:|--:|\n",
			    report_label(RL_UNIT, lang),
			    report_label(RL_DONE, lang),
			    report_label(RL_LATE, lang),
			    report_label(RL_BLOCKED, lang));
		for (j = 0, shown = 0; j < nu && shown < UNITS_PER_PROVINCE;
		     j++) {
			if (u[j].done + u[j].skipped >= u[j].total)
				continue;
			strbuf_adds(md, "|");
			cell(md, u[j].label ? u[j].label : u[j].key);
			strbuf_addf(md, " %lld/%lld | %lld | %lld |\n",
				    (long long)(u[j].done + u[j].skipped),
				    (long long)u[j].total, (long long)u[j].late,
				    (long long)(u[j].blocked + u[j].failed));
			shown++;
		}
		if (left > shown) {
			strbuf_adds(md, "\n");
			strbuf_addf(md, nl(NL_MORE_UNITS, lang), left - shown);
			strbuf_addch(md, '\n');
		}
	}
}

static void issues_by_system(struct strbuf *md,
			     const struct report_province *p, size_t n,
			     const struct numbers *num, enum report_lang lang)
{
	const char **sys = NULL;
	size_t nsys = 0, alloc = 0, i, j, k, total = 0, shown = 0;

	for (i = 0; i < n; i++)
		for (j = 0; num[i].ok && j < num[i].nissues; j++) {
			for (k = 0; k < nsys; k++)
				if (!strcmp(sys[k], num[i].issues[j].system))
					break;
			if (k == nsys) {
				XGROW(sys, alloc, nsys + 1);
				sys[nsys++] = num[i].issues[j].system;
			}
			total++;
		}
	strbuf_addf(md, "\n## %s\n\n", nl(NL_ISSUES_BY_SYSTEM, lang));
	if (!total) {
		strbuf_addf(md, "%s\n", nl(NL_NO_ISSUES, lang));
		free(sys);
		return;
	}
	strbuf_addf(md, "| %s | %s | %s |\n|---|--:|---|\n",
		    report_label(RL_SYSTEM, lang), nl(NL_OPEN_COUNT, lang),
		    nl(NL_PROVINCES, lang));
	for (k = 0; k < nsys; k++) {
		struct strbuf who = STRBUF_INIT;
		size_t count = 0, here;

		for (i = 0; i < n; i++) {
			for (j = 0, here = 0; num[i].ok && j < num[i].nissues;
			     j++)
				here += !strcmp(num[i].issues[j].system,
						sys[k]);
			if (!here)
				continue;
			count += here;
			if (who.len)
				strbuf_adds(&who, ", ");
			strbuf_addf(&who, "%s %zu", p[i].id, here);
		}
		strbuf_adds(md, "|");
		cell(md, sys[k]);
		strbuf_addf(md, " %zu |", count);
		cell(md, who.buf);
		strbuf_addch(md, '\n');
		strbuf_release(&who);
	}
	strbuf_addf(md, "\n### %s\n\n| %s | %s | %s | %s | %s |\n"
		    "|---|---|---|---|---|\n", nl(NL_OPEN_LIST, lang),
		    nl(NL_PROVINCE, lang), report_label(RL_UNIT, lang),
		    report_label(RL_SYSTEM, lang),
		    report_label(RL_SEVERITY, lang),
		    report_label(RL_TEXT, lang));
	for (i = 0; i < n; i++)
		for (j = 0; num[i].ok && j < num[i].nissues; j++) {
			const struct store_issue *is = &num[i].issues[j];

			if (shown == REPORT_MAX_ROWS)
				break;
			strbuf_adds(md, "|");
			cell(md, p[i].id);
			cell(md, is->unit_name ? is->unit_name : is->unit_id);
			cell(md, is->system);
			cell(md, is->severity);
			cell(md, is->text);
			strbuf_addch(md, '\n');
			shown++;
		}
	report_cap_note(md, nl(NL_MORE_ISSUES, lang), total, REPORT_MAX_ROWS);
	free(sys);
}

static void checkpoints(struct strbuf *md, const struct report_province *p,
			size_t n, instant_t now, int offset,
			enum report_lang lang)
{
	size_t i, refused = 0;

	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s | %s | %s |\n"
		    "|---|---|--:|---|---|---|---|\n",
		    nl(NL_CHECKPOINTS, lang), nl(NL_PROVINCE, lang),
		    nl(NL_ORIGIN, lang), nl(NL_EVENTS, lang),
		    nl(NL_ROOT, lang), nl(NL_HEAD, lang),
		    nl(NL_SIGNED_AT, lang), nl(NL_AGE, lang));
	for (i = 0; i < n; i++) {
		refused += p[i].problem != NULL;
		if (!p[i].origin)
			continue;
		strbuf_adds(md, "|");
		cell(md, p[i].id);
		cell(md, p[i].origin);
		strbuf_addf(md, " %lld | `%s` | `%.16s…` | ",
			    (long long)p[i].size, p[i].root, p[i].head);
		when(md, p[i].signed_at, offset, lang);
		strbuf_adds(md, " | ");
		age(md, now, p[i].signed_at, lang);
		strbuf_adds(md, " |\n");
	}
	if (!refused)
		return;
	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s |\n|---|---|---|---|\n",
		    nl(NL_PROBLEMS, lang), nl(NL_PROVINCE, lang),
		    nl(NL_REF, lang), nl(NL_REFUSED_AT, lang),
		    nl(NL_WHY, lang));
	for (i = 0; i < n; i++) {
		if (!p[i].problem)
			continue;
		strbuf_adds(md, "|");
		cell(md, p[i].id);
		cell(md, p[i].problem_ref);
		strbuf_adds(md, " ");
		when(md, p[i].problem_at, offset, lang);
		strbuf_adds(md, " |");
		cell(md, p[i].problem);
		strbuf_addch(md, '\n');
	}
}

int report_national(const struct report_province *p, size_t n,
		    instant_t now, int offset, enum report_lang lang,
		    struct render_doc *doc, struct err *err)
{
	struct numbers *num = xcalloc(n + 1, sizeof(*num));
	struct strbuf *md = &doc->md;
	struct store_issue_filter open = { NULL, NULL, 1, 0 };
	size_t i, ok = 0, refused = 0;
	int ret = -1;

	for (i = 0; i < n; i++) {
		if (!p[i].st)
			continue;
		if (store_tally(p[i].st, p[i].run->id, now, 0, &num[i].tally,
				err) ||
		    store_issues(p[i].st, p[i].run->id, &open, &num[i].issues,
				 &num[i].nissues, err)) {
			err_prefix(err, "%s", p[i].id);
			goto done;
		}
		num[i].ok = 1;
		ok++;
	}
	for (i = 0; i < n; i++)
		refused += p[i].problem != NULL;
	doc->lang = report_lang_code(lang);
	strbuf_reset(&doc->title);
	strbuf_adds(&doc->title, nl(NL_HEADING, lang));
	strbuf_addf(md, "# %s\n\n- %s: ", nl(NL_HEADING, lang),
		    report_label(RL_NOW, lang));
	when(md, now, offset, lang);
	strbuf_addf(md, "\n- %s: %zu (%s %zu, %s %zu)\n",
		    nl(NL_PROVINCES, lang), n, nl(NL_VERIFIED, lang), ok,
		    nl(NL_REFUSED, lang), refused);
	summary(md, p, n, num, now, offset, lang);
	render_doc_break(doc);
	by_item(md, p, n, num, lang);
	render_doc_break(doc);
	not_ready(md, p, n, num, lang);
	render_doc_break(doc);
	issues_by_system(md, p, n, num, lang);
	render_doc_break(doc);
	checkpoints(md, p, n, now, offset, lang);
	ret = 0;
done:
	for (i = 0; i < n; i++) {
		store_tally_release(&num[i].tally);
		store_issues_free(num[i].issues, num[i].nissues);
	}
	free(num);
	return ret;
}
