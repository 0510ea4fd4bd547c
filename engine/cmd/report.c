/*
 * cutover report KIND: write a report of the current run under output/.
 */
#include "cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "render.h"
#include "report.h"
#include "banned.h"

static const char usage[] =
	"usage: cutover report [--lang vi|en] [--format md|html] [-o FILE] readiness\n"
	"\n"
	"Writes a report of the current run and prints its path: Markdown, or\n"
	"a standalone HTML page rendered from it (inline CSS, prints on A4).\n"
	"\n"
	"  readiness      for the inspection delegation: summary per directive\n"
	"                 item and section, gates, late and blocked tasks,\n"
	"                 readiness per unit, the ledger head\n"
	"  --lang vi|en       language (default vi)\n"
	"  --format md|html   Markdown (default) or HTML\n"
	"  -o FILE            where to write (default output/KIND-RUN-DATE.md\n"
	"                     or .html)\n";

static int write_file(const char *path, const struct strbuf *text,
		      struct err *err)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return fail(err, "cannot write '%s': %s", path,
			    strerror(errno));
	if (fwrite(text->buf, 1, text->len, f) != text->len || fflush(f) ||
	    ferror(f)) {
		fclose(f);
		return fail(err, "cannot write '%s': %s", path,
			    strerror(errno));
	}
	if (fclose(f))
		return fail(err, "cannot write '%s': %s", path,
			    strerror(errno));
	return 0;
}

int cmd_report(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "lang", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	enum report_lang lang = REPORT_VI;
	const char *output = NULL, *format = "md";
	struct strbuf md = STRBUF_INIT, path = STRBUF_INIT, html = STRBUF_INIT;
	struct strbuf title = STRBUF_INIT;
	int c, status = EXIT_FAILED;
	instant_t now;

	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "md") && strcmp(optarg, "html"))
				return cmd_usage_fail(ctx, "--format takes md or"
						      " html, not '%s'", optarg);
			format = optarg;
			break;
		case 'h':
			return cmd_help(usage);
		case 'l':
			if (!strcmp(optarg, "vi"))
				lang = REPORT_VI;
			else if (!strcmp(optarg, "en"))
				lang = REPORT_EN;
			else
				return cmd_usage_fail(ctx, "--lang takes vi or"
						      " en, not '%s'", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "report");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "say which report: readiness; see"
				      " 'cutover report --help'");
	if (strcmp(argv[optind], "readiness"))
		return cmd_usage_fail(ctx, "unknown report '%s'; see 'cutover"
				      " report --help'", argv[optind]);
	if (cmd_now(ctx, &now) ||
	    report_readiness(ctx->store, &ctx->run, now, lang, &md, &ctx->err))
		goto done;
	if (output) {
		strbuf_adds(&path, output);
	} else {
		if (mkdir("output", 0777) && errno != EEXIST) {
			fail(&ctx->err, "cannot create 'output': %s",
			     strerror(errno));
			goto done;
		}
		strbuf_addf(&path, "output/%s-%s-", argv[optind],
			    ctx->run.name);
		clock_format_date(&path, now, cmd_offset(ctx));
		strbuf_addf(&path, ".%s", format);
	}
	if (!strcmp(format, "html")) {
		strbuf_addf(&title, "%s — %s", lang == REPORT_VI ?
			    "Báo cáo mức độ sẵn sàng" : "Readiness report",
			    ctx->run.title);
		if (render_html_page(md.buf, md.len, title.buf,
				     lang == REPORT_VI ? "vi" : "en", &html,
				     &ctx->err) ||
		    write_file(path.buf, &html, &ctx->err))
			goto done;
	} else if (write_file(path.buf, &md, &ctx->err)) {
		goto done;
	}
	printf("%s\n", path.buf);
	status = EXIT_OK;
done:
	strbuf_release(&md);
	strbuf_release(&html);
	strbuf_release(&title);
	strbuf_release(&path);
	return status;
}
