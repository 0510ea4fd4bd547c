/*
 * Reminders and routed reports: who gets what, composed in the report's
 * language, delivered one address at a time, each delivery an event.
 * The messages' words live in one table of {vi, en} pairs, as the
 * reports' do, so both languages carry the same content.
 */
#include "notify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hook.h"
#include "i18n.h"
#include "json.h"
#include "mail.h"
#include "render.h"
#include "seal.h"
#include "smtp.h"
#include "store_notify.h"
#include "xalloc.h"
#include "banned.h"

#define PURPOSE_REMIND "remind"
#define PURPOSE_DAILY "daily-report"
#define DAY_SECONDS 86400
/* The sender when none is configured: a dry run, a hook. */
#define DEFAULT_FROM "cutover@localhost"
/* How far back notify_round_due looks for a missed round. */
#define MAX_CATCH_UP (7 * DAY_SECONDS)

enum label {
	L_REMIND, L_REHEARSAL, L_LATE_N, L_SOON_N, L_DEAR, L_RUN, L_MODE_R,
	L_MODE_L, L_AT, L_LATE_HEAD, L_SOON_HEAD, L_ITEM, L_KEY, L_DUE,
	L_TO, L_STATE_BLOCKED, L_STATE_FAILED, L_LINK,
	L_ASK, L_FOOTER, L_DAILY, L_DAILY_TO, L_DAILY_INTRO, L_AND,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_REMIND] = { "[Nhắc việc]", "[Reminder]" },
	[L_REHEARSAL] = { "[DIỄN TẬP]", "[REHEARSAL]" },
	[L_LATE_N] = { "%zu nhiệm vụ đã trễ hạn", "%zu late" },
	[L_SOON_N] = { "%zu nhiệm vụ sắp đến hạn", "%zu due soon" },
	[L_DEAR] = { "Kính gửi", "To" },
	[L_RUN] = { "Lượt chạy", "Run" },
	[L_MODE_R] = { "diễn tập", "rehearsal" },
	[L_MODE_L] = { "chính thức", "live" },
	[L_AT] = { "Tình hình tính đến", "As of" },
	[L_LATE_HEAD] = { "NHIỆM VỤ ĐÃ TRỄ HẠN", "LATE TASKS" },
	[L_SOON_HEAD] = { "NHIỆM VỤ SẮP ĐẾN HẠN (trong %s tới)",
			  "TASKS DUE SOON (within %s)" },
	[L_ITEM] = { "Mục", "Item" },
	[L_KEY] = { "mã", "key" },
	[L_DUE] = { "Hạn", "Due" },
	[L_TO] = { "Gửi kết quả cho", "Report to" },
	[L_STATE_BLOCKED] = { "Đang bị chặn", "Blocked" },
	[L_STATE_FAILED] = { "Không đạt", "Failed" },
	[L_LINK] = { "Xem và ký xác nhận tại", "See and sign off at" },
	[L_ASK] = { "Đề nghị đơn vị hoàn thành và ký xác nhận; nếu có khó"
		    " khăn, vướng mắc, báo ngay về đầu mối điều phối.",
		    "Please complete and sign off these tasks; report any"
		    " difficulty to the coordinator at once." },
	[L_FOOTER] = { "Thư gửi tự động từ hệ thống theo dõi ngắt chuyển"
		       " (cutover), lượt chạy %s.",
		       "Sent automatically by the cutover tracking system,"
		       " run %s." },
	[L_DAILY] = { "[Báo cáo hằng ngày]", "[Daily report]" },
	[L_DAILY_TO] = { "gửi", "to" },
	[L_DAILY_INTRO] = { "Phần báo cáo tình hình hằng ngày gửi %s, theo"
			    " phân công của văn bản chỉ đạo.",
			    "The part of the daily report routed to %s, as"
			    " the directive assigns it." },
	[L_AND] = { ", ", ", " },
};

#define L(lang, x) labels[x][(lang) == REPORT_EN]

void notify_result_release(struct notify_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->o[i].unit_id);
		free(r->o[i].unit_name);
		free(r->o[i].to);
		free(r->o[i].subject);
		free(r->o[i].error);
		free(r->o[i].message);
		free(r->o[i].body);
	}
	free(r->o);
	r->o = NULL;
	r->n = r->alloc = 0;
}

static struct notify_outcome *add_outcome(struct notify_result *r,
					  enum notify_status status,
					  const char *unit_id,
					  const char *unit_name,
					  const char *to)
{
	struct notify_outcome *o;

	XGROW(r->o, r->alloc, r->n + 1);
	o = &r->o[r->n++];
	memset(o, 0, sizeof(*o));
	o->status = status;
	o->unit_id = xstrdup(unit_id);
	o->unit_name = xstrdup(unit_name ? unit_name : unit_id);
	o->to = xstrdup(to ? to : "");
	return o;
}

/* ---- who ---- */

static int has_address(char **list, size_t n, const char *addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(list[i], addr))
			return 1;
	return 0;
}

static void add_address(char ***list, size_t *n, const char *addr)
{
	if (!addr || !mail_address_valid(addr) || has_address(*list, *n, addr))
		return;
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = xstrdup(addr);
}

static const struct store_contact *signed_contact(
	const struct store_contact *c, size_t n, const char *unit_id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(c[i].unit_id, unit_id))
			return &c[i];
	return NULL;
}

void notify_addresses(const struct config *cfg,
		      const struct unit_registry *reg,
		      const struct store_contact *contacts, size_t ncontacts,
		      const char *unit_id, char ***out, size_t *n)
{
	const struct config_unit *cu = cfg ? config_unit(cfg, unit_id) : NULL;
	const struct unit *u = reg ? units_find(reg, unit_id) : NULL;
	const struct store_contact *sc;
	size_t i;

	if (cu && cu->nemails) {
		for (i = 0; i < cu->nemails; i++)
			add_address(out, n, cu->emails[i]);
		return;
	}
	for (i = 0; u && i < u->ncontacts; i++)
		if (!strncmp(u->contacts[i].key, "email", 5))
			add_address(out, n, u->contacts[i].value);
	sc = signed_contact(contacts, ncontacts, unit_id);
	if (sc)
		add_address(out, n, sc->email);
}

/* The phones a hook may text: the configuration's, else the others. */
static void unit_phones(const struct config *cfg,
			const struct unit_registry *reg,
			const struct store_contact *contacts,
			size_t ncontacts, const char *unit_id,
			struct strbuf *out)
{
	const struct config_unit *cu = cfg ? config_unit(cfg, unit_id) : NULL;
	const struct unit *u = reg ? units_find(reg, unit_id) : NULL;
	const struct store_contact *sc;
	size_t i;

	if (cu && cu->nphones) {
		for (i = 0; i < cu->nphones; i++)
			strbuf_addf(out, "%s%s", out->len ? "," : "",
				    cu->phones[i]);
		return;
	}
	for (i = 0; u && i < u->ncontacts; i++)
		if (!strncmp(u->contacts[i].key, "phone", 5))
			strbuf_addf(out, "%s%s", out->len ? "," : "",
				    u->contacts[i].value);
	sc = signed_contact(contacts, ncontacts, unit_id);
	if (sc && sc->phone)
		strbuf_addf(out, "%s%s", out->len ? "," : "", sc->phone);
}

void notify_unit_link(struct strbuf *out, const char *base_url,
		      const char *unit_id)
{
	size_t len = strlen(base_url);

	while (len && base_url[len - 1] == '/')
		len--;
	strbuf_add(out, base_url, len);
	/* cutover serve's page of the unit (its checklist). */
	strbuf_addf(out, "/u/%s", unit_id);
}

static void free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- one delivery ---- */

struct job {
	struct store *st;
	const struct store_run *run;
	const struct book *book;
	const struct notify_opts *opts;
	struct notify_result *out;
	struct store_contact *contacts;
	size_t ncontacts;
	struct store_sent *sent;       /* delivered within the period */
	size_t nsent;
	char *from_name, *from_addr;
	struct smtp *smtp;             /* opened at the first send */
	char *unreachable;             /* why the server cannot be used */
};

/* What one message says, to whom, and what it is about. */
struct letter {
	const char *purpose;
	const char *unit_id;
	const char *unit_name;
	char **addrs;
	size_t naddrs;
	const char *subject;
	const char *body;
	char **about;
	size_t nabout;
	size_t late, soon;
};

static int cmp_sent(const void *a, const void *b)
{
	const struct store_sent *x = a, *y = b;
	int c = strcmp(x->unit_id, y->unit_id);

	if (!c)
		c = strcmp(x->to, y->to);
	return c ? c : strcmp(x->about, y->about);
}

static int was_sent(const struct job *j, const char *unit_id, const char *to,
		    const char *about)
{
	struct store_sent key;

	key.unit_id = (char *)unit_id;
	key.to = (char *)to;
	key.about = (char *)about;
	return j->nsent && bsearch(&key, j->sent, j->nsent, sizeof(*j->sent),
				   cmp_sent) != NULL;
}

static int all_sent(const struct job *j, const struct letter *l,
		    const char *to)
{
	size_t i;

	for (i = 0; i < l->nabout; i++)
		if (!was_sent(j, l->unit_id, to, l->about[i]))
			return 0;
	return l->nabout > 0;
}

static void evidence_json(struct strbuf *json, const struct job *j,
			  const struct letter *l, const char *to,
			  const char *message_id, const char *hash,
			  const char *error)
{
	size_t i;

	strbuf_addch(json, '{');
	json_key_string(json, "purpose", l->purpose, 1);
	json_key_string(json, "channel", j->opts->channel == NOTIFY_EXEC ?
			"exec" : "smtp", 0);
	json_key_string(json, "to", to, 0);
	json_key_string(json, "subject", l->subject, 0);
	json_key_string(json, "message_id", message_id, 0);
	json_key_string(json, "hash", hash, 0);
	json_key(json, "about", 0);
	strbuf_addch(json, '[');
	for (i = 0; i < l->nabout; i++) {
		if (i)
			strbuf_addch(json, ',');
		json_string(json, l->about[i]);
	}
	strbuf_addch(json, ']');
	json_key_string(json, "result", error ? "failed" : "sent", 0);
	if (error)
		json_key_string(json, "error", error, 0);
	strbuf_addch(json, '}');
}

static void compose(const struct job *j, const struct letter *l,
		    const char *to, struct strbuf *msg, struct strbuf *id)
{
	struct mail_mailbox *rcpt = xcalloc(l->naddrs + 1, sizeof(*rcpt));
	struct mail_header extra[2];
	struct mail_message m;
	const char *domain = strchr(j->from_addr, '@');
	size_t i, n = 0;

	if (to && *to) {
		rcpt[n].name = l->unit_name;
		rcpt[n++].addr = to;
	} else {
		for (i = 0; i < l->naddrs; i++) {
			rcpt[n].name = l->unit_name;
			rcpt[n++].addr = l->addrs[i];
		}
	}
	mail_new_id(id, domain ? domain + 1 : NULL);
	extra[0].name = "X-Cutover-Run";
	extra[0].value = j->run->name;
	extra[1].name = "X-Cutover-Unit";
	extra[1].value = l->unit_id;
	memset(&m, 0, sizeof(m));
	m.from.name = j->from_name;
	m.from.addr = j->from_addr;
	m.to = rcpt;
	m.nto = n;
	m.subject = l->subject;
	m.body = l->body;
	m.date = j->opts->now;
	m.offset_minutes = clock_zone_offset(j->run->zone, m.date);
	m.message_id = id->buf;
	m.extra = extra;
	m.nextra = 2;
	mail_compose(msg, &m);
	free(rcpt);
}

static int deliver_smtp(struct job *j, const char *to,
			const struct strbuf *msg, struct err *why)
{
	const struct config *c = j->opts->config;
	struct smtp_server srv;
	int rc;

	if (j->unreachable)
		return fail(why, "%s", j->unreachable);
	if (!j->smtp) {
		memset(&srv, 0, sizeof(srv));
		srv.url = c->smtp_url;
		srv.user = c->smtp_user;
		srv.password = c->smtp_password;
		srv.ca_file = c->smtp_ca_file;
		if (smtp_open(&srv, &j->smtp, why)) {
			j->unreachable = xstrdup(why->msg.buf);
			return -1;
		}
	}
	rc = smtp_send(j->smtp, j->from_addr, to, msg->buf, msg->len, why);
	if (rc == SMTP_UNREACHABLE)
		j->unreachable = xstrdup(why->msg.buf);
	return rc ? -1 : 0;
}

static int deliver_exec(struct job *j, const struct letter *l,
			const struct strbuf *msg, const char *message_id,
			struct err *why)
{
	struct strbuf to = STRBUF_INIT, phones = STRBUF_INIT;
	struct strbuf subject = STRBUF_INIT, link = STRBUF_INIT;
	struct strbuf name = STRBUF_INIT;
	struct hook_var vars[10];
	size_t i, n = 0;
	int rc;

	for (i = 0; i < l->naddrs; i++)
		strbuf_addf(&to, "%s%s", i ? "," : "", l->addrs[i]);
	unit_phones(j->opts->config, j->book ? j->book->units : NULL,
		    j->contacts, j->ncontacts, l->unit_id, &phones);
	mail_clean_line(&subject, l->subject);
	mail_clean_line(&name, l->unit_name);
	if (j->opts->config && j->opts->config->base_url)
		notify_unit_link(&link, j->opts->config->base_url, l->unit_id);
	vars[n].name = "CUTOVER_TO", vars[n++].value = to.buf;
	vars[n].name = "CUTOVER_PHONE", vars[n++].value = phones.buf;
	vars[n].name = "CUTOVER_UNIT", vars[n++].value = l->unit_id;
	vars[n].name = "CUTOVER_UNIT_NAME", vars[n++].value = name.buf;
	vars[n].name = "CUTOVER_SUBJECT", vars[n++].value = subject.buf;
	vars[n].name = "CUTOVER_PURPOSE", vars[n++].value = l->purpose;
	vars[n].name = "CUTOVER_MESSAGE_ID", vars[n++].value = message_id;
	vars[n].name = "CUTOVER_RUN", vars[n++].value = j->run->name;
	vars[n].name = "CUTOVER_LINK", vars[n++].value = link.buf;
	rc = hook_run(j->opts->exec_cmd, vars, n, msg->buf, msg->len, why);
	strbuf_release(&to);
	strbuf_release(&phones);
	strbuf_release(&subject);
	strbuf_release(&link);
	strbuf_release(&name);
	return rc;
}

/*
 * Sends the letter to `to` (an address; "" for a hook, which gets every
 * address), records it, and appends the outcome.  -1 only when the
 * store cannot record it (err set): that stops the round.
 */
static int send_letter(struct job *j, const struct letter *l, const char *to,
		       struct err *err)
{
	struct strbuf msg = STRBUF_INIT, id = STRBUF_INIT, json = STRBUF_INIT;
	char hash[SEAL_HEX_LEN + 1];
	struct notify_outcome *o;
	struct err why = ERR_INIT;
	int rc, ret = 0;
	int64_t seq = 0;

	if (all_sent(j, l, to)) {
		o = add_outcome(j->out, NOTIFY_ALREADY, l->unit_id,
				l->unit_name, to);
		o->subject = xstrdup(l->subject);
		return 0;
	}
	compose(j, l, to, &msg, &id);
	if (j->opts->channel == NOTIFY_DRY_RUN) {
		o = add_outcome(j->out, NOTIFY_COMPOSED, l->unit_id,
				l->unit_name, to);
		o->subject = xstrdup(l->subject);
		o->message = strbuf_detach(&msg, NULL);
		o->body = xstrdup(l->body);
		o->late = l->late;
		o->soon = l->soon;
		goto done;
	}
	seal_content(msg.buf, msg.len, hash);
	if (j->opts->channel == NOTIFY_EXEC)
		rc = deliver_exec(j, l, &msg, id.buf, &why);
	else
		rc = deliver_smtp(j, to, &msg, &why);
	evidence_json(&json, j, l, to, id.buf, hash, rc ? why.msg.buf : NULL);
	if (store_add_message(j->st, j->run, l->unit_id, j->opts->actor,
			      j->opts->now, json.buf, &seq, err)) {
		ret = -1;
		goto done;
	}
	o = add_outcome(j->out, rc ? NOTIFY_FAILED : NOTIFY_SENT, l->unit_id,
			l->unit_name, to);
	o->subject = xstrdup(l->subject);
	o->late = l->late;
	o->soon = l->soon;
	o->seq = seq;
	if (rc)
		o->error = xstrdup(why.msg.buf);
done:
	err_release(&why);
	strbuf_release(&msg);
	strbuf_release(&id);
	strbuf_release(&json);
	return ret;
}

/* Sends the letter to each address, or once to the hook; 0 or -1. */
static int send_all(struct job *j, const struct letter *l, struct err *err)
{
	size_t i;

	if (j->opts->channel == NOTIFY_EXEC ||
	    (j->opts->channel == NOTIFY_DRY_RUN && j->opts->dry_run_exec))
		return send_letter(j, l, "", err);
	if (!l->naddrs) {
		struct notify_outcome *o = add_outcome(j->out,
			NOTIFY_NO_ADDRESS, l->unit_id, l->unit_name, "");

		o->subject = xstrdup(l->subject);
		o->late = l->late;
		o->soon = l->soon;
		/* A dry run shows what nobody would have received. */
		if (j->opts->channel == NOTIFY_DRY_RUN)
			o->body = xstrdup(l->body);
		return 0;
	}
	for (i = 0; i < l->naddrs; i++)
		if (send_letter(j, l, l->addrs[i], err))
			return -1;
	return 0;
}

static int job_init(struct job *j, struct store *st,
		    const struct store_run *run, const struct book *book,
		    const struct notify_opts *opts, struct notify_result *out,
		    const char *purpose, instant_t since, struct err *err)
{
	const struct config *c = opts->config;
	const char *from = c && c->mail_from ? c->mail_from : NULL;

	memset(j, 0, sizeof(*j));
	j->st = st;
	j->run = run;
	j->book = book;
	j->opts = opts;
	j->out = out;
	if (opts->channel == NOTIFY_SMTP && (!c || !c->smtp_url))
		return fail(err, "%s", _("no mail server: set CUTOVER_SMTP_URL"
					 " or smtp.url in the workspace's"
					 " config (or give --exec CMD)"));
	if (opts->channel == NOTIFY_SMTP && !from)
		return fail(err, "%s", _("no sender: set CUTOVER_MAIL_FROM or"
					 " mail.from in the workspace's"
					 " config"));
	if (mail_parse_mailbox(from ? from : DEFAULT_FROM, &j->from_name,
			       &j->from_addr, err)) {
		err_prefix(err, "mail.from");
		return -1;
	}
	if (store_signed_contacts(st, run->id, &j->contacts, &j->ncontacts,
				  err) ||
	    store_messages_sent(st, run->id, purpose, since, &j->sent,
				&j->nsent, err))
		return -1;
	/* SQLite sorted them by bytes, as strcmp does: bsearch needs it. */
	if (j->nsent)
		qsort(j->sent, j->nsent, sizeof(*j->sent), cmp_sent);
	return 0;
}

static void job_release(struct job *j)
{
	smtp_close(j->smtp);
	free(j->unreachable);
	free(j->from_name);
	free(j->from_addr);
	store_contacts_free(j->contacts, j->ncontacts);
	store_sent_free(j->sent, j->nsent);
}

/* ---- what a message says ---- */

static void when(struct strbuf *out, instant_t t, const struct store_run *run,
		 enum report_lang lang)
{
	if (lang == REPORT_VI)
		clock_format_dmy(out, t, run->zone);
	else
		clock_format_local(out, t, run->zone);
	/* Where the clocks change, which of a repeated hour. */
	if (clock_zone_has_dst(run->zone))
		strbuf_addf(out, " %s", clock_zone_abbrev(run->zone, t));
}

/* The local date alone: "30/05/2026", or "2026-05-30" in English. */
static void date_only(struct strbuf *out, instant_t t,
		      const struct store_run *run, enum report_lang lang)
{
	struct strbuf full = STRBUF_INIT;

	if (lang == REPORT_VI) {
		clock_format_dmy(&full, t, run->zone);
		strbuf_add(out, full.buf, full.len < 10 ? full.len : 10);
	} else {
		clock_format_date(out, t, run->zone);
	}
	strbuf_release(&full);
}

/* "4 giờ trước T0", "4 hours before T0": in words, never "T-4h". */
static void relative_to_t0(struct strbuf *out, instant_t t, instant_t t0,
			   enum report_lang lang)
{
	label_from_t0(out, t, t0, report_lang_code(lang));
}

static void text_line(struct strbuf *out, const char *s)
{
	mail_clean_line(out, s);
	strbuf_addch(out, '\n');
}

static void head(struct strbuf *b, const struct store_run *run,
		 const char *to_name, instant_t now, enum report_lang lang)
{
	strbuf_addf(b, "%s: ", L(lang, L_DEAR));
	text_line(b, to_name);
	strbuf_addch(b, '\n');
	text_line(b, run->title);
	strbuf_addf(b, "%s: %s (%s)\n", L(lang, L_RUN), run->name,
		    strcmp(run->mode, "live") ? L(lang, L_MODE_R) :
		    L(lang, L_MODE_L));
	strbuf_addf(b, "%s: ", L(lang, L_AT));
	when(b, now, run, lang);
	strbuf_adds(b, " (");
	relative_to_t0(b, now, run->t0, lang);
	strbuf_adds(b, ")\n");
}

static void footer(struct strbuf *b, const struct store_run *run,
		   enum report_lang lang)
{
	strbuf_adds(b, "\n-- \n");
	strbuf_addf(b, L(lang, L_FOOTER), run->name);
	strbuf_addch(b, '\n');
}

static void task_entry(struct strbuf *b, size_t n,
		       const struct store_task *t, instant_t now,
		       const struct store_run *run, enum report_lang lang)
{
	strbuf_addf(b, "\n%zu. ", n);
	text_line(b, t->title);
	strbuf_adds(b, "   ");
	if (t->directive) {
		struct strbuf item = STRBUF_INIT;

		/* The item with its title, as the runbook names it. */
		label_item(&item, run->labels, t->directive,
			   report_lang_code(lang));
		strbuf_addf(b, "%s ", L(lang, L_ITEM));
		mail_clean_line(b, item.buf);
		strbuf_adds(b, " · ");
		strbuf_release(&item);
	}
	strbuf_addf(b, "%s %s\n   %s: ", L(lang, L_KEY), t->key,
		    L(lang, L_DUE));
	when(b, t->due, run, lang);
	strbuf_adds(b, ", ");
	label_duration(b, t->due - now, t->due < now ? LABEL_LATE : LABEL_LEFT,
		       report_lang_code(lang));
	strbuf_addch(b, '\n');
	if (t->recipient) {
		strbuf_addf(b, "   %s: ", L(lang, L_TO));
		text_line(b, t->recipient_name ? t->recipient_name :
			  t->recipient);
	}
	if (task_state_stopped(t->state)) {
		strbuf_addf(b, "   %s", t->state == TASK_BLOCKED ?
			    L(lang, L_STATE_BLOCKED) :
			    L(lang, L_STATE_FAILED));
		if (t->state_comment) {
			strbuf_adds(b, ": ");
			mail_clean_line(b, t->state_comment);
		}
		strbuf_addch(b, '\n');
	}
}

static void subject_prefix(struct strbuf *s, const struct store_run *run,
			   enum report_lang lang, enum label what)
{
	if (strcmp(run->mode, "live"))
		strbuf_addf(s, "%s ", L(lang, L_REHEARSAL));
	strbuf_addf(s, "%s ", L(lang, what));
}

/* ---- reminders ---- */

static int cmp_unit_then_index(const void *a, const void *b, void *ctx)
{
	const struct store_task *t = ctx;
	size_t i = *(const size_t *)a, k = *(const size_t *)b;
	int c = strcmp(t[i].unit_id, t[k].unit_id);

	return c ? c : (i > k) - (i < k);
}

struct group {
	size_t first, n;     /* a range of the sorted indices */
	size_t earliest;     /* its first task in due order */
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return (x->earliest > y->earliest) - (x->earliest < y->earliest);
}

static int remind_unit(struct job *j, const struct store_task *tasks,
		       const size_t *idx, size_t n, struct err *err)
{
	const struct notify_opts *o = j->opts;
	enum report_lang lang = o->lang;
	const struct store_task *first = &tasks[idx[0]];
	struct strbuf subject = STRBUF_INIT, body = STRBUF_INIT;
	struct strbuf dur = STRBUF_INIT;
	struct letter l;
	size_t i, late = 0, soon = 0, k;
	int rc;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < n; i++)
		late += tasks[idx[i]].due < o->now;
	soon = n - late;
	subject_prefix(&subject, j->run, lang, L_REMIND);
	mail_clean_line(&subject, first->unit_name ? first->unit_name :
			first->unit_id);
	strbuf_adds(&subject, ": ");
	if (late)
		strbuf_addf(&subject, L(lang, L_LATE_N), late);
	if (late && soon)
		strbuf_adds(&subject, L(lang, L_AND));
	if (soon)
		strbuf_addf(&subject, L(lang, L_SOON_N), soon);

	head(&body, j->run, first->unit_name ? first->unit_name :
	     first->unit_id, o->now, lang);
	l.about = xcalloc(n, sizeof(*l.about));
	for (k = 0; k < 2; k++) {
		size_t shown = 0;

		if (!(k ? soon : late))
			continue;
		if (k) {
			label_duration(&dur, o->within, LABEL_SPAN,
				       report_lang_code(lang));
			strbuf_adds(&body, "\n");
			strbuf_addf(&body, L(lang, L_SOON_HEAD), dur.buf);
			strbuf_addf(&body, " (%zu)\n", soon);
		} else {
			strbuf_addf(&body, "\n%s (%zu)\n",
				    L(lang, L_LATE_HEAD), late);
		}
		for (i = 0; i < n; i++) {
			const struct store_task *t = &tasks[idx[i]];

			if ((t->due < o->now) != !k)
				continue;
			task_entry(&body, ++shown, t, o->now, j->run, lang);
			strbuf_reset(&dur);
			strbuf_addf(&dur, "%s:%s", t->key, k ? "due" : "late");
			l.about[l.nabout++] = strbuf_detach(&dur, NULL);
		}
	}
	strbuf_addch(&body, '\n');
	if (o->config && o->config->base_url) {
		strbuf_addf(&body, "%s: ", L(lang, L_LINK));
		notify_unit_link(&body, o->config->base_url, first->unit_id);
		strbuf_addch(&body, '\n');
	}
	strbuf_addf(&body, "%s\n", L(lang, L_ASK));
	footer(&body, j->run, lang);

	l.purpose = PURPOSE_REMIND;
	l.unit_id = first->unit_id;
	l.unit_name = first->unit_name ? first->unit_name : first->unit_id;
	l.subject = subject.buf;
	l.body = body.buf;
	l.late = late;
	l.soon = soon;
	notify_addresses(o->config, j->book ? j->book->units : NULL,
			 j->contacts, j->ncontacts, first->unit_id, &l.addrs,
			 &l.naddrs);
	rc = send_all(j, &l, err);
	free_list(l.about, l.nabout);
	free_list(l.addrs, l.naddrs);
	strbuf_release(&subject);
	strbuf_release(&body);
	strbuf_release(&dur);
	return rc;
}

int notify_remind(struct store *st, const struct store_run *run,
		  const struct book *book, const struct notify_opts *opts,
		  struct notify_result *out, struct err *err)
{
	struct store_task_filter f;
	struct store_task *tasks = NULL;
	struct group *groups = NULL;
	size_t ntasks = 0, ngroups = 0, i, k, *idx = NULL;
	struct job j;
	int ret = -1;

	if (opts->unit_id && book && book->units &&
	    !units_find(book->units, opts->unit_id))
		return fail_usage(err, _("no unit '%s' in run '%s'"),
				  opts->unit_id, run->name);
	if (job_init(&j, st, run, book, opts, out, PURPOSE_REMIND,
		     opts->now - opts->period, err))
		goto done;
	memset(&f, 0, sizeof(f));
	f.unit_id = opts->unit_id;
	f.late_only = 1;    /* open, and due before f.now */
	f.now = opts->late_only ? opts->now : opts->now + opts->within;
	if (store_tasks(st, run->id, &f, &tasks, &ntasks, err))
		goto done;
	idx = xcalloc(ntasks + 1, sizeof(*idx));
	for (i = 0; i < ntasks; i++)
		idx[i] = i;
	if (ntasks)
		qsort_r(idx, ntasks, sizeof(*idx), cmp_unit_then_index, tasks);
	groups = xcalloc(ntasks + 1, sizeof(*groups));
	for (i = 0; i < ntasks; i = k) {
		for (k = i; k < ntasks && !strcmp(tasks[idx[k]].unit_id,
						  tasks[idx[i]].unit_id); k++)
			;
		groups[ngroups].first = i;
		groups[ngroups].n = k - i;
		groups[ngroups++].earliest = idx[i];
	}
	/* The unit with the most overdue task first. */
	qsort(groups, ngroups, sizeof(*groups), cmp_group);
	for (i = 0; i < ngroups; i++) {
		if (remind_unit(&j, tasks, idx + groups[i].first, groups[i].n,
				err))
			goto done;
		store_progress(st, N_("sending reminders"), i + 1, ngroups);
	}
	ret = 0;
done:
	job_release(&j);
	free(groups);
	free(idx);
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- the daily report, routed ---- */

struct part {
	const struct store_task *task;   /* one of the day's: names, ids */
	instant_t deadline;              /* the last due of the day's */
};

static int cmp_part_recipient(const void *a, const void *b)
{
	const struct part *x = a, *y = b;

	return strcmp(x->task->recipient, y->task->recipient);
}

static int cmp_part_time(const void *a, const void *b)
{
	const struct part *x = a, *y = b;

	if (x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	return strcmp(x->task->recipient, y->task->recipient);
}

static int daily_part(struct job *j, const struct part *p,
		      const char *about, struct err *err)
{
	const struct notify_opts *o = j->opts;
	enum report_lang lang = o->lang;
	const char *name = p->task->recipient_name ? p->task->recipient_name :
		p->task->recipient;
	struct render_doc doc = RENDER_DOC_INIT;
	struct strbuf subject = STRBUF_INIT, body = STRBUF_INIT;
	struct letter l;
	char *about_list[1];
	size_t i;
	int rc = -1, pending = 0;

	memset(&l, 0, sizeof(l));
	l.unit_id = p->task->recipient;
	l.unit_name = name;
	notify_addresses(o->config, j->book ? j->book->units : NULL,
			 j->contacts, j->ncontacts, l.unit_id, &l.addrs,
			 &l.naddrs);
	about_list[0] = (char *)about;
	l.about = about_list;
	l.nabout = 1;
	l.purpose = PURPOSE_DAILY;
	/* The report is read only when some address still waits for it. */
	if (o->channel == NOTIFY_EXEC || (o->channel == NOTIFY_DRY_RUN &&
					  o->dry_run_exec))
		pending = !all_sent(j, &l, "");
	for (i = 0; !pending && i < l.naddrs; i++)
		pending = !all_sent(j, &l, l.addrs[i]);
	subject_prefix(&subject, j->run, lang, L_DAILY);
	date_only(&subject, o->day, j->run, lang);
	strbuf_addf(&subject, " – %s ", L(lang, L_DAILY_TO));
	mail_clean_line(&subject, name);
	if (pending &&
	    report_daily(j->st, j->run, o->now, o->day, l.unit_id, lang, &doc,
			 err))
		goto done;
	head(&body, j->run, name, o->now, lang);
	strbuf_addch(&body, '\n');
	strbuf_addf(&body, L(lang, L_DAILY_INTRO), name);
	strbuf_addf(&body, "\n\n%s\n", doc.md.buf);
	footer(&body, j->run, lang);
	l.subject = subject.buf;
	l.body = body.buf;
	rc = send_all(j, &l, err);
done:
	render_doc_release(&doc);
	free_list(l.addrs, l.naddrs);
	strbuf_release(&subject);
	strbuf_release(&body);
	return rc;
}

int notify_daily(struct store *st, const struct store_run *run,
		 const struct book *book, const struct notify_opts *opts,
		 struct notify_result *out, struct err *err)
{
	struct store_task *tasks = NULL;
	struct part *parts = NULL;
	struct strbuf date = STRBUF_INIT, about = STRBUF_INIT;
	size_t ntasks = 0, nparts = 0, i, k;
	instant_t day = clock_local_midnight(opts->day, run->zone);
	instant_t next = clock_add_days(day, 1, run->zone);
	struct job j;
	int ret = -1;

	if (job_init(&j, st, run, book, opts, out, PURPOSE_DAILY, 0, err) ||
	    store_tasks(st, run->id, NULL, &tasks, &ntasks, err))
		goto done;
	parts = xcalloc(ntasks + 1, sizeof(*parts));
	for (i = 0; i < ntasks; i++) {
		const struct store_task *t = &tasks[i];

		if (!t->occurrence || !t->recipient || t->due < day ||
		    t->due >= next)
			continue;
		if (opts->recipient && strcmp(opts->recipient, t->recipient))
			continue;
		parts[nparts].task = t;
		parts[nparts++].deadline = t->due;
	}
	if (opts->recipient && !nparts) {
		clock_format_date(&date, day, run->zone);
		fail(err, _("no recurring report goes to '%s' on %s in run"
			    " '%s'"), opts->recipient, date.buf, run->name);
		goto done;
	}
	/* One part per recipient, due at the last of its deadlines. */
	if (nparts)
		qsort(parts, nparts, sizeof(*parts), cmp_part_recipient);
	for (i = k = 0; i < nparts; i++) {
		if (k && !strcmp(parts[k - 1].task->recipient,
				 parts[i].task->recipient)) {
			if (parts[i].deadline > parts[k - 1].deadline)
				parts[k - 1].deadline = parts[i].deadline;
			continue;
		}
		parts[k++] = parts[i];
	}
	nparts = k;
	if (nparts)
		qsort(parts, nparts, sizeof(*parts), cmp_part_time);
	clock_format_date(&date, day, run->zone);
	for (i = 0; i < nparts; i++) {
		const struct part *p = &parts[i];

		if (p->deadline > opts->now) {
			struct notify_outcome *o = add_outcome(out,
				NOTIFY_NOT_YET, p->task->recipient,
				p->task->recipient_name, "");

			o->at = p->deadline;
			continue;
		}
		strbuf_reset(&about);
		strbuf_addf(&about, "%s#%s", PURPOSE_DAILY, date.buf);
		if (daily_part(&j, p, about.buf, err))
			goto done;
		store_progress(st, N_("sending the daily report"), i + 1,
			       nparts);
	}
	ret = 0;
done:
	job_release(&j);
	free(parts);
	store_tasks_free(tasks, ntasks);
	strbuf_release(&date);
	strbuf_release(&about);
	return ret;
}

/* ---- the schedule, for cutover serve ---- */

static instant_t bound(const struct time_expr *e, instant_t t0,
		       const struct clock_zone *zone, instant_t unset)
{
	return e->kind == TIME_NONE ? unset : clock_resolve(e, t0, zone);
}

int notify_round_due(const struct runbook *rb, instant_t t0, instant_t since,
		     instant_t now)
{
	const struct reminders *r = rb ? rb->reminders : NULL;
	instant_t from, to, s, day;
	size_t i;

	if (!r || now <= since)
		return 0;
	from = bound(&r->from, t0, rb->zone, INT64_MIN / 2);
	to = bound(&r->to, t0, rb->zone, INT64_MAX / 2);
	if (since < now - MAX_CATCH_UP)
		since = now - MAX_CATCH_UP;
	if (since < from - 1)
		since = from - 1;
	if (now > to)
		now = to;
	if (now <= since)
		return 0;
	if (r->every) {
		instant_t anchor = r->from.kind == TIME_NONE ? t0 : from;
		int64_t k = (since - anchor) / r->every;

		if (since - anchor < 0 && (since - anchor) % r->every)
			k--;
		s = anchor + (k + 1) * r->every;
		if (s <= now)
			return 1;
	}
	/* Day by local day: a round keeps its local time across DST. */
	for (day = clock_local_midnight(since, rb->zone);
	     day <= now; day = clock_add_days(day, 1, rb->zone))
		for (i = 0; i < r->nat; i++) {
			s = clock_zone_from_local(rb->zone,
				clock_local_seconds(day, rb->zone) +
				(instant_t)r->at[i] * 60);
			if (s > since && s <= now)
				return 1;
		}
	return 0;
}

int notify_scheduled(struct store *st, const struct store_run *run,
		     const struct book *book, const struct notify_opts *opts,
		     instant_t since, struct notify_result *out,
		     struct err *err)
{
	const struct reminders *r = book && book->rb ? book->rb->reminders :
		NULL;
	struct notify_opts o = *opts;

	if (!r)
		return 0;
	o.unit_id = NULL;
	o.recipient = NULL;
	o.late_only = 0;
	o.within = r->within;
	o.period = r->period;
	if (notify_round_due(book->rb, run->t0, since, opts->now) &&
	    notify_remind(st, run, book, &o, out, err))
		return -1;
	if (!r->daily_report)
		return 0;
	o.day = clock_local_midnight(opts->now, run->zone);
	return notify_daily(st, run, book, &o, out, err);
}
