/*
 * The CPU-time watchdog: ITIMER_PROF counts the process's user and
 * system time, so a busy machine does not trip it, a busy runbook does.
 * The signal handler only calls async-signal-safe functions.
 */
#include "watchdog.h"

#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "banned.h"

static char message[512];
static size_t message_len;

static void expired(int sig)
{
	(void)sig;
	if (write(STDERR_FILENO, message, message_len) < 0) {
		/* Nothing else can be done from here. */
	}
	_exit(1);
}

static void append(const char *s)
{
	size_t n = strlen(s);

	if (n > sizeof(message) - 1 - message_len)
		n = sizeof(message) - 1 - message_len;
	memcpy(message + message_len, s, n);
	message_len += n;
}

void watchdog_arm(unsigned seconds, const char *file)
{
	/*
	 * What the handler and its message were last made for: expansion
	 * arms the watchdog once per report_to call, 100,000 times for a
	 * national run, and then only the timer needs setting again.
	 */
	static unsigned armed_seconds;
	static char armed_file[201];
	struct itimerval limit;
	struct sigaction sa;
	char limit_text[32];
	size_t i = sizeof(limit_text) - 1;
	unsigned v = seconds;

	if (!seconds) {
		watchdog_disarm();
		return;
	}
	if (seconds == armed_seconds && file && strlen(file) <= 200 &&
	    !strcmp(file, armed_file))
		goto set;
	armed_seconds = seconds;
	armed_file[0] = '\0';
	if (file && strlen(file) <= 200)
		memcpy(armed_file, file, strlen(file) + 1);
	limit_text[i] = '\0';
	do {
		limit_text[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i);
	message_len = 0;
	append("cutover: ");
	if (file && strlen(file) <= 200) {
		append(file);
		append(": ");
	}
	append("runbook code used more than ");
	append(limit_text + i);
	append(" s of CPU time (a pattern match that never ends?);"
	       " nothing was recorded\n");
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
}
