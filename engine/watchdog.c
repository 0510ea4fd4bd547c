/*
 * The CPU-time watchdog: ITIMER_PROF counts the process's user and
 * system time, so a busy machine does not trip it, a busy runbook does.
 * The signal handler only calls async-signal-safe functions: it writes
 * where the runbook was last seen and the message made when armed.
 */
#include "watchdog.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "i18n.h"
#include "banned.h"

static char tail[256];          /* ": runbook code used more than ..." */
static size_t tail_len;
static volatile sig_atomic_t where_line;
static const char *volatile where_file;

/* Appends the decimal digits of n to buf at *len (async-signal-safe). */
static void put_number(char *buf, size_t size, size_t *len, unsigned long n)
{
	char digits[24];
	size_t i = sizeof(digits);

	do {
		digits[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n && i);
	while (i < sizeof(digits) && *len < size)
		buf[(*len)++] = digits[i++];
}

static void expired(int sig)
{
	char buf[768];
	const char *file = where_file;
	size_t len = 0, i;
	int line = where_line;

	(void)sig;
	memcpy(buf, "cutover: ", 9);
	len = 9;
	/* A file name is shown as a terminal may show it: no control byte. */
	for (i = 0; file && file[i] && len < 400; i++)
		buf[len++] = (unsigned char)file[i] < 0x20 || file[i] == 0x7f ?
			'?' : file[i];
	if (file && line > 0 && len < 400) {
		buf[len++] = ':';
		put_number(buf, 400, &len, (unsigned long)line);
	}
	memcpy(buf + len, tail, tail_len);
	len += tail_len;
	if (write(STDERR_FILENO, buf, len) < 0) {
		/* Nothing else can be done from here. */
	}
	_exit(1);
}

void watchdog_where(const char *file, int line)
{
	where_file = file;
	where_line = line;
}

void watchdog_arm(unsigned seconds, const char *file)
{
	/*
	 * The seconds the handler and its message were last made for:
	 * expansion arms the watchdog once per report_to call, 100,000
	 * times for a national run, and then only the timer needs setting
	 * again.
	 */
	static unsigned armed_seconds;
	struct itimerval limit;
	struct sigaction sa;
	int n;

	if (!seconds) {
		watchdog_disarm();
		return;
	}
	where_file = file;
	where_line = 0;
	if (seconds == armed_seconds)
		goto set;
	armed_seconds = seconds;
	n = snprintf(tail, sizeof(tail), _(": runbook code used more than %u s"
					   " of CPU time in this command (a"
					   " pattern match that never ends?);"
					   " nothing was recorded\n"),
		     seconds);
	tail_len = n < 0 ? 0 : (size_t)n >= sizeof(tail) ? sizeof(tail) - 1 :
		(size_t)n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = expired;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPROF, &sa, NULL);
set:
	memset(&limit, 0, sizeof(limit));
	limit.it_value.tv_sec = seconds;
	setitimer(ITIMER_PROF, &limit, NULL);
}

void watchdog_disarm(void)
{
	struct itimerval off;

	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_PROF, &off, NULL);
	where_file = NULL;
}
