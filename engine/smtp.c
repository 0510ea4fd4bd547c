/*
 * libcurl's SMTP client, one easy handle per session so that the
 * messages of one call share a connection.  Every libcurl failure is
 * translated here, once, into a struct err: curl's own words and the
 * server's last reply code, never the credentials.
 */
#include "smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "seal.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* Generous: a slow server at night must not look like a refusal. */
#define CONNECT_TIMEOUT_S 30L
#define TRANSFER_TIMEOUT_S 120L

struct smtp {
	CURL *curl;
	char *url;
	char *user, *password, *ca_file;
	char errbuf[CURL_ERROR_SIZE];
};

struct upload {
	const char *data;
	size_t len, pos;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ready;

static void init_curl(void)
{
	curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

int smtp_url_valid(const char *url)
{
	const char *host, *end;

	if (!strncmp(url, "smtp://", 7))
		host = url + 7;
	else if (!strncmp(url, "smtps://", 8))
		host = url + 8;
	else
		return 0;
	end = host + strcspn(host, "/?#");
	if (end == host || memchr(host, '@', (size_t)(end - host)))
		return 0;
	for (; *url; url++)
		if ((unsigned char)*url <= 0x20 || (unsigned char)*url >= 0x7f)
			return 0;
	return 1;
}

int smtp_open(const struct smtp_server *server, struct smtp **out,
	      struct err *err)
{
	struct smtp *s;

	*out = NULL;
	if (!smtp_url_valid(server->url))
		return fail(err, _("'%s' is not an SMTP server: write"
				   " smtp://HOST:PORT or smtps://HOST:PORT,"
				   " with the user and password apart"),
			    server->url);
	pthread_once(&curl_once, init_curl);
	if (!curl_ready)
		return fail(err, "%s", _("cannot initialise libcurl"));
	s = xcalloc(1, sizeof(*s));
	s->curl = curl_easy_init();
	if (!s->curl) {
		free(s);
		return fail(err, "%s", _("cannot initialise libcurl"));
	}
	s->url = xstrdup(server->url);
	s->user = server->user ? xstrdup(server->user) : NULL;
	s->password = server->password ? xstrdup(server->password) : NULL;
	s->ca_file = server->ca_file ? xstrdup(server->ca_file) : NULL;
	*out = s;
	return 0;
}

static size_t read_upload(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems;

	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

int smtp_send(struct smtp *s, const char *from, const char *to,
	      const char *msg, size_t len, struct err *err)
{
	struct curl_slist *rcpt = NULL;
	struct strbuf envelope_from = STRBUF_INIT;
	struct upload up = { msg, len, 0 };
	CURL *c = s->curl;
	CURLcode rc;
	long code = 0;

	strbuf_addf(&envelope_from, "<%s>", from);
	rcpt = curl_slist_append(rcpt, to);
	if (!rcpt) {
		strbuf_release(&envelope_from);
		return fail(err, "%s", _("out of memory"));
	}
	s->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT_S);
	/* STARTTLS when offered; required before a password is sent. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->user ? (long)CURLUSESSL_ALL :
			 (long)CURLUSESSL_TRY);
	if (s->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
				 s->password ? s->password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope_from.buf);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	/* The list dies here: the handle must not keep pointing at it. */
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	strbuf_release(&envelope_from);
	if (rc == CURLE_OK)
		return 0;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
		fail(err, _("%s (the server's reply: %ld)"),
		     s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc), code);
		return SMTP_UNREACHABLE;
	default:
		break;
	}
	if (code)
		return fail(err, _("%s (the server's reply: %ld)"),
			    s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc),
			    code);
	return fail(err, "%s", s->errbuf[0] ? s->errbuf :
		    curl_easy_strerror(rc));
}

void smtp_close(struct smtp *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->curl);
	free(s->url);
	free(s->user);
	if (s->password) {
		seal_wipe(s->password, strlen(s->password));
		free(s->password);
	}
	free(s->ca_file);
	free(s);
}
