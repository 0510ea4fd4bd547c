/*
 * The ledger's copies checked against the ledger.  The engine reads task
 * states, the roster and the difficulties log from tables written in the
 * same transaction as the event that changes them; an edit to one of
 * those tables leaves the hash chain intact, so it is found here, by
 * reading each table back against the events it came from.
 *
 * Each check is one query that returns the first disagreement, as
 * (event seq or NULL, what differs), in ledger order.  ?1 is the run to
 * check, or NULL for every run.  A disagreement with no event to name
 * (a task set to 'done' by no event at all) sorts after numbered ones.
 *
 * DESIGN: an edit to the ledger goes unnoticed: `cutover verify` finds it.
 */
#include "store_ledger.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_web.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* A task's state is the kind of its last state-changing event. */
#define DERIVED_STATE(kind) \
	"CASE WHEN " kind " IS NULL OR " kind " = 'reopened' THEN 'pending'" \
	" ELSE " kind " END"

/* The kinds of event that change a task's state. */
#define STATE_KINDS "('done', 'skipped', 'failed', 'blocked', 'reopened')"

#define RUN_NAME(alias, id) \
	"coalesce('''' || " alias ".name || '''', 'id ' || " id ")"

/* Each check: its query, and the table whose rows it reads back. */
struct check {
	const char *sql;
	const char *table;      /* NULL: the query's third column says */
};

static const struct check checks[] = {
	/*
	 * Task states: what tasks.state and tasks.last_seq say against the
	 * task's last done/skipped/failed/blocked/reopened event.  The event
	 * named is the one the copy claims when it is not one of the task's
	 * own (removed, or another task's: events swapped or renumbered),
	 * else the task's last event (one appended without its copy).
	 */
	{ "SELECT CASE WHEN last_seq IS NOT NULL AND NOT own THEN last_seq"
	"  ELSE coalesce(seq, last_seq) END,"
	" printf('run %s, task ''%s'': state ''%s'' %s, but its events"
	" say ''%s'' %s', run, key, state,"
	"  CASE WHEN last_seq IS NULL THEN 'set by no event'"
	"   WHEN claimed IS NULL THEN 'as of event ' || last_seq ||"
	"    ', which is not in the ledger'"
	"   WHEN NOT own THEN 'as of event ' || last_seq ||"
	"    ', which is not one of its events'"
	"   ELSE 'as of event ' || last_seq END, want,"
	"  CASE WHEN seq IS NULL THEN '(no event)'"
	"   ELSE '(event ' || seq || ')' END)"
	/*
	 * The event the copy claims is read only for the tasks found to
	 * disagree: in a ledger that holds, no task's.
	 */
	" FROM (SELECT key, state, last_seq, seq, run, want,"
	"   (SELECT c.seq FROM events c WHERE c.seq = last_seq) AS claimed,"
	"   coalesce((SELECT c.run_id = task_run AND c.task_key = key"
	"    AND c.kind IN " STATE_KINDS " FROM events c"
	"    WHERE c.seq = last_seq), 0) AS own"
	"  FROM (SELECT t.key, t.state, t.last_seq, t.run_id AS task_run, e.seq,"
	"    " RUN_NAME("r", "t.run_id") " AS run,"
	"    " DERIVED_STATE("e.kind") " AS want"
	"   FROM tasks t LEFT JOIN runs r ON r.id = t.run_id"
	/*
	 * max(seq) from events_by_task alone: it holds run, task and kind
	 * (the unary + makes it one seek per task, not one per kind).
	 */
	"   LEFT JOIN events e ON e.seq = (SELECT max(x.seq) FROM events x"
	"    WHERE x.run_id = t.run_id AND x.task_key = t.key"
	"    AND +x.kind IN " STATE_KINDS ")"
	"   WHERE ?1 IS NULL OR t.run_id = ?1)"
	"  WHERE state IS NOT want OR last_seq IS NOT seq)"
	" ORDER BY 1 IS NULL, 1, key LIMIT 1", "tasks" },

	/*
	 * Events of a run that does not exist, and task events about a task
	 * the run does not have or for a unit the task is not for: what a
	 * forged event looks like when its chain was recomputed.
	 */
	{ "SELECT e.seq, CASE"
	"  WHEN r.id IS NULL THEN printf('%s event of run id %d, which"
	" does not exist', e.kind, e.run_id)"
	"  WHEN t.id IS NULL THEN printf('%s event of task ''%s'', which"
	" run ''%s'' does not have', e.kind, e.task_key, r.name)"
	"  ELSE printf('%s event of task ''%s'' (run ''%s'') names unit"
	" ''%s'', the task is for ''%s''', e.kind, e.task_key, r.name,"
	"   e.unit_id, t.unit_id) END,"
	/* The chain holds: the table that lacks what it names is wrong. */
	" CASE WHEN r.id IS NULL THEN 'runs' ELSE 'tasks' END"
	" FROM events e LEFT JOIN runs r ON r.id = e.run_id"
	" LEFT JOIN tasks t ON t.run_id = e.run_id AND t.key = e.task_key"
	" WHERE e.run_id IS NOT NULL AND (?1 IS NULL OR e.run_id = ?1)"
	" AND (r.id IS NULL OR (e.task_key IS NOT NULL"
	"  AND (t.id IS NULL OR e.unit_id IS NOT t.unit_id)))"
	" ORDER BY e.seq LIMIT 1", NULL },

	/*
	 * A run and the one start event that recorded it; a second start
	 * event of the run is named.
	 */
	{ "SELECT coalesce(extra, seq), printf('run ''%s'': %s', name, what)"
	" FROM (SELECT r.name, s.seq, x.seq AS extra, CASE"
	"   WHEN s.seq IS NULL THEN 'no start event recorded it'"
	"   WHEN x.seq IS NOT NULL THEN 'started a second time'"
	"   WHEN s.actor IS NOT r.started_by THEN"
	"    'who started it differs from its start event'"
	"   WHEN s.at IS NOT r.started_at THEN"
	"    'when it started differs from its start event'"
	"   WHEN s.commit_id IS NOT r.commit_id THEN"
	"    'its commit differs from its start event'"
	"   WHEN coalesce(json_extract(s.evidence, '$.require_tokens'), 0)"
	"    IS NOT r.require_tokens THEN"
	"    'whether it requires tokens differs from its start event'"
	"   END AS what"
	"  FROM runs r LEFT JOIN events s ON s.seq = (SELECT min(y.seq)"
	"   FROM events y WHERE y.run_id = r.id AND y.kind = 'start')"
	"  LEFT JOIN events x ON x.seq = (SELECT min(y.seq) FROM events y"
	"   WHERE y.run_id = r.id AND y.kind = 'start' AND y.seq > s.seq)"
	"  WHERE ?1 IS NULL OR r.id = ?1)"
	" WHERE what IS NOT NULL ORDER BY 1 IS NULL, 1 LIMIT 1", "runs" },

	/* Each shift on the roster against the event that added it. */
	{ "SELECT added_seq, printf('shift %d of run %s: %s', id, run,"
	"  CASE what WHEN 'event' THEN 'the event that added it is missing'"
	"  ELSE 'the roster''s ' || what || ' differs from the event that"
	" added it' END) FROM"
	" (SELECT h.id, h.added_seq, " RUN_NAME("r", "h.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'event'"
	"   WHEN e.kind IS NOT 'shift-added' THEN 'event kind'"
	"   WHEN e.run_id IS NOT h.run_id THEN 'run'"
	"   WHEN e.unit_id IS NOT h.unit_id THEN 'unit'"
	"   WHEN NOT json_valid(e.evidence) THEN 'evidence'"
	"   WHEN json_extract(e.evidence, '$.shift') IS NOT h.id THEN 'number'"
	"   WHEN json_extract(e.evidence, '$.role') IS NOT h.role THEN 'role'"
	"   WHEN json_extract(e.evidence, '$.person') IS NOT h.person"
	"    THEN 'person'"
	"   WHEN json_extract(e.evidence, '$.phone') IS NOT h.phone"
	"    THEN 'phone'"
	"   WHEN unixepoch(json_extract(e.evidence, '$.from')) IS NOT h.from_at"
	"    THEN 'start'"
	"   WHEN unixepoch(json_extract(e.evidence, '$.to')) IS NOT h.to_at"
	"    THEN 'end'"
	"   END AS what"
	"  FROM shifts h LEFT JOIN runs r ON r.id = h.run_id"
	"  LEFT JOIN events e ON e.seq = h.added_seq"
	"  WHERE ?1 IS NULL OR h.run_id = ?1)"
	" WHERE what IS NOT NULL ORDER BY added_seq LIMIT 1", "shifts" },

	/* A shift taken off the roster against the event that removed it. */
	{ "SELECT removed_seq, printf('shift %d of run %s: the roster says"
	" this event removed it, but it is %s', id, run, what) FROM"
	" (SELECT h.id, h.removed_seq, " RUN_NAME("r", "h.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'missing'"
	"   WHEN e.kind IS NOT 'shift-removed' THEN 'a ' || e.kind || ' event'"
	"   WHEN e.run_id IS NOT h.run_id OR NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.shift') IS NOT h.id"
	"    THEN 'about another shift'"
	"   END AS what"
	"  FROM shifts h LEFT JOIN runs r ON r.id = h.run_id"
	"  LEFT JOIN events e ON e.seq = h.removed_seq"
	"  WHERE h.removed_seq IS NOT NULL AND (?1 IS NULL OR h.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY removed_seq LIMIT 1", "shifts" },

	/* Each difficulty in the log against the event that raised it. */
	{ "SELECT raised_seq, printf('difficulty #%d of run %s: %s', number,"
	"  run, CASE what WHEN 'event' THEN 'the event that raised it is"
	" missing' ELSE 'the log''s ' || what || ' differs from the event"
	" that raised it' END),"
	" CASE what WHEN 'recipients' THEN 'issues, issue_recipients'"
	"  ELSE 'issues' END"
	" FROM"
	" (SELECT i.number, i.raised_seq, " RUN_NAME("r", "i.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'event'"
	"   WHEN e.kind IS NOT 'issue-raised' THEN 'event kind'"
	"   WHEN e.run_id IS NOT i.run_id THEN 'run'"
	"   WHEN e.unit_id IS NOT i.unit_id THEN 'unit'"
	"   WHEN e.actor IS NOT i.raised_by THEN 'raised by'"
	"   WHEN e.at IS NOT i.raised_at THEN 'time'"
	"   WHEN NOT json_valid(e.evidence) THEN 'evidence'"
	"   WHEN json_extract(e.evidence, '$.number') IS NOT i.number"
	"    THEN 'number'"
	"   WHEN json_extract(e.evidence, '$.system') IS NOT i.system"
	"    THEN 'system'"
	"   WHEN json_extract(e.evidence, '$.severity') IS NOT i.severity"
	"    THEN 'severity'"
	"   WHEN json_extract(e.evidence, '$.text') IS NOT i.text THEN 'text'"
	/*
	 * The recipients were inserted OR IGNORE: a repeated one keeps the
	 * place of its first mention.
	 */
	"   WHEN EXISTS (SELECT 1 FROM issue_recipients p"
	"    WHERE p.issue_id = i.id AND p.unit_id IS NOT"
	"    json_extract(e.evidence, printf('$.recipients[%d]', p.ord)))"
	"    OR EXISTS (SELECT 1 FROM json_each(e.evidence, '$.recipients') j"
	"    WHERE NOT EXISTS (SELECT 1 FROM issue_recipients p"
	"    WHERE p.issue_id = i.id AND p.unit_id = j.value))"
	"    THEN 'recipients'"
	"   END AS what"
	"  FROM issues i LEFT JOIN runs r ON r.id = i.run_id"
	"  LEFT JOIN events e ON e.seq = i.raised_seq"
	"  WHERE ?1 IS NULL OR i.run_id = ?1)"
	" WHERE what IS NOT NULL ORDER BY raised_seq LIMIT 1", NULL },

	/* A resolved difficulty against the event that resolved it. */
	{ "SELECT resolved_seq, printf('difficulty #%d of run %s: %s', number,"
	"  run, CASE what WHEN 'no event' THEN 'resolved in the log, but no"
	" event resolved it' WHEN 'event' THEN 'the event that resolved it"
	" is missing' ELSE 'the log''s ' || what || ' differs from the"
	" event that resolved it' END) FROM"
	" (SELECT i.number, i.resolved_seq, " RUN_NAME("r", "i.run_id") " AS run,"
	"  CASE WHEN i.resolved_seq IS NULL THEN"
	"    CASE WHEN i.resolved_by IS NOT NULL OR i.resolved_at IS NOT NULL"
	"     OR i.resolution IS NOT NULL THEN 'no event' END"
	"   WHEN e.seq IS NULL THEN 'event'"
	"   WHEN e.kind IS NOT 'issue-resolved' THEN 'event kind'"
	"   WHEN e.run_id IS NOT i.run_id THEN 'run'"
	"   WHEN NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.number') IS NOT i.number"
	"    THEN 'number'"
	"   WHEN e.actor IS NOT i.resolved_by THEN 'resolved by'"
	"   WHEN e.at IS NOT i.resolved_at THEN 'time'"
	"   WHEN e.comment IS NOT i.resolution THEN 'resolution'"
	"   END AS what"
	"  FROM issues i LEFT JOIN runs r ON r.id = i.run_id"
	"  LEFT JOIN events e ON e.seq = i.resolved_seq"
	"  WHERE ?1 IS NULL OR i.run_id = ?1)"
	" WHERE what IS NOT NULL ORDER BY resolved_seq IS NULL, resolved_seq"
	" LIMIT 1", "issues" },

	/*
	 * Events whose copy is gone: a shift added or removed, a difficulty
	 * raised or resolved, that the tables do not show.
	 */
	{ "SELECT seq, printf('%s event of run %s: %s', kind, run, what),"
	" CASE WHEN kind LIKE 'shift-%' THEN 'shifts'"
	"  WHEN kind LIKE 'issue-%' THEN 'issues' ELSE 'tokens' END FROM"
	" (SELECT e.seq, e.kind, " RUN_NAME("r", "e.run_id") " AS run, CASE"
	"   WHEN e.kind = 'shift-added' AND NOT EXISTS (SELECT 1 FROM shifts h"
	"    WHERE h.added_seq = e.seq)"
	"    THEN 'the roster has no shift it added'"
	"   WHEN e.kind = 'shift-removed' AND NOT EXISTS (SELECT 1 FROM shifts"
	"    h WHERE h.removed_seq = e.seq)"
	"    THEN 'the roster has no shift it removed'"
	"   WHEN e.kind = 'issue-raised' AND NOT EXISTS (SELECT 1 FROM issues i"
	"    WHERE i.raised_seq = e.seq)"
	"    THEN 'the log has no difficulty it raised'"
	"   WHEN e.kind = 'issue-resolved' AND NOT EXISTS (SELECT 1 FROM issues"
	"    i WHERE i.resolved_seq = e.seq)"
	"    THEN 'the log has no difficulty it resolved'"
	"   WHEN e.kind = 'token-issued' AND NOT EXISTS (SELECT 1 FROM tokens t"
	"    WHERE t.issued_seq = e.seq)"
	"    THEN 'the tokens have none it issued'"
	"   WHEN e.kind = 'token-revoked' AND NOT EXISTS (SELECT 1 FROM tokens"
	"    t WHERE t.revoked_seq = e.seq)"
	"    THEN 'the tokens have none it revoked'"
	"   END AS what"
	"  FROM events e LEFT JOIN runs r ON r.id = e.run_id"
	"  WHERE e.kind IN ('shift-added', 'shift-removed', 'issue-raised',"
	"   'issue-resolved', 'token-issued', 'token-revoked')"
	"   AND (?1 IS NULL OR e.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY seq LIMIT 1", NULL },

	/*
	 * Each token against the event that issued it.  The hash of its
	 * secret is sealed there: a hash planted in the table (to make a
	 * secret of one's own valid) is found here.
	 */
	{ "SELECT issued_seq, printf('token %s of run %s: %s', id, run,"
	"  CASE what WHEN 'event' THEN 'the event that issued it is missing'"
	"  ELSE 'its ' || what || ' differs from the event that issued it'"
	"  END) FROM"
	" (SELECT t.id, t.issued_seq, " RUN_NAME("r", "t.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'event'"
	"   WHEN e.kind IS NOT 'token-issued' THEN 'event kind'"
	"   WHEN e.run_id IS NOT t.run_id THEN 'run'"
	"   WHEN e.unit_id IS NOT t.unit_id THEN 'unit'"
	"   WHEN NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.token') IS NOT t.id THEN 'id'"
	"   WHEN json_extract(e.evidence, '$.hash') IS NOT t.hash"
	"    THEN 'secret''s hash'"
	"   WHEN json_extract(e.evidence, '$.reviewer') IS NOT t.reviewer"
	"    THEN 'reviewer'"
	"   END AS what"
	"  FROM tokens t LEFT JOIN runs r ON r.id = t.run_id"
	"  LEFT JOIN events e ON e.seq = t.issued_seq"
	"  WHERE ?1 IS NULL OR t.run_id = ?1)"
	" WHERE what IS NOT NULL ORDER BY issued_seq LIMIT 1", "tokens" },

	/* A revoked token against the event that revoked it. */
	{ "SELECT revoked_seq, printf('token %s of run %s: the tokens say this"
	" event revoked it, but it is %s', id, run, what) FROM"
	" (SELECT t.id, t.revoked_seq, " RUN_NAME("r", "t.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'missing'"
	"   WHEN e.kind IS NOT 'token-revoked' THEN 'a ' || e.kind || ' event'"
	"   WHEN e.run_id IS NOT t.run_id OR NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.token') IS NOT t.id"
	"    THEN 'about another token'"
	"   END AS what"
	"  FROM tokens t LEFT JOIN runs r ON r.id = t.run_id"
	"  LEFT JOIN events e ON e.seq = t.revoked_seq"
	"  WHERE t.revoked_seq IS NOT NULL AND (?1 IS NULL OR t.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY revoked_seq LIMIT 1", "tokens" },

	/*
	 * The web's sessions (store_web.h), each against the event that
	 * opened it: a session planted in the table (to log in with a
	 * secret of one's own), lengthened, or moved to another token or
	 * person is found here.  The event is sealed with the session's own
	 * token.
	 */
	{ "SELECT opened_seq, printf('session of %s (token %s) in run %s: %s',"
	"  person, token_id, run,"
	"  CASE what WHEN 'event' THEN 'the event that opened it is missing'"
	"  ELSE 'its ' || what || ' differs from the event that opened it'"
	"  END) FROM"
	" (SELECT w.person, w.token_id, w.opened_seq,"
	"  " RUN_NAME("r", "w.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'event'"
	"   WHEN e.kind IS NOT 'session-opened' THEN 'event kind'"
	"   WHEN e.run_id IS NOT w.run_id THEN 'run'"
	"   WHEN NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.hash') IS NOT w.hash"
	"    THEN 'secret''s hash'"
	"   WHEN json_extract(e.evidence, '$.token') IS NOT w.token_id"
	"    OR substr(e.auth, instr(e.auth, ':') + 1) IS NOT w.token_id"
	"    THEN 'token'"
	"   WHEN e.actor IS NOT w.person THEN 'person'"
	"   WHEN json_extract(e.evidence, '$.expires') IS NOT w.expires_at"
	"    THEN 'expiry'"
	"   END AS what"
	"  FROM web_sessions w LEFT JOIN runs r ON r.id = w.run_id"
	"  LEFT JOIN events e ON e.seq = w.opened_seq"
	"  WHERE ?1 IS NULL OR w.run_id = ?1)"
	" WHERE what IS NOT NULL ORDER BY opened_seq LIMIT 1", "web_sessions" },

	/* A closed session against the event that closed it. */
	{ "SELECT closed_seq, printf('session of %s (token %s) in run %s: the"
	" sessions say this event closed it, but it is %s', person, token_id,"
	" run, what) FROM"
	" (SELECT w.person, w.token_id, w.closed_seq,"
	"  " RUN_NAME("r", "w.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'missing'"
	"   WHEN e.kind IS NOT 'session-closed' THEN 'a ' || e.kind || ' event'"
	"   WHEN e.run_id IS NOT w.run_id OR NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.hash') IS NOT w.hash"
	"    THEN 'about another session'"
	"   END AS what"
	"  FROM web_sessions w LEFT JOIN runs r ON r.id = w.run_id"
	"  LEFT JOIN events e ON e.seq = w.closed_seq"
	"  WHERE w.closed_seq IS NOT NULL AND (?1 IS NULL OR w.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY closed_seq LIMIT 1", "web_sessions" },

	/* Each one-time link against the event that issued it. */
	{ "SELECT issued_seq, printf('login link of token %s in run %s: %s',"
	"  token_id, run,"
	"  CASE what WHEN 'event' THEN 'the event that issued it is missing'"
	"  ELSE 'its ' || what || ' differs from the event that issued it'"
	"  END) FROM"
	" (SELECT l.token_id, l.issued_seq, " RUN_NAME("r", "l.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'event'"
	"   WHEN e.kind IS NOT 'link-issued' THEN 'event kind'"
	"   WHEN e.run_id IS NOT l.run_id THEN 'run'"
	"   WHEN NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.hash') IS NOT l.hash"
	"    THEN 'secret''s hash'"
	"   WHEN json_extract(e.evidence, '$.token') IS NOT l.token_id"
	"    THEN 'token'"
	"   WHEN json_extract(e.evidence, '$.expires') IS NOT l.expires_at"
	"    THEN 'expiry'"
	"   END AS what"
	"  FROM web_links l LEFT JOIN runs r ON r.id = l.run_id"
	"  LEFT JOIN events e ON e.seq = l.issued_seq"
	"  WHERE ?1 IS NULL OR l.run_id = ?1)"
	" WHERE what IS NOT NULL ORDER BY issued_seq LIMIT 1", "web_links" },

	/* A used link against the session it opened. */
	{ "SELECT used_seq, printf('login link of token %s in run %s: the links"
	" say this event used it, but it is %s', token_id, run, what) FROM"
	" (SELECT l.token_id, l.used_seq, " RUN_NAME("r", "l.run_id") " AS run,"
	"  CASE WHEN e.seq IS NULL THEN 'missing'"
	"   WHEN e.kind IS NOT 'session-opened' THEN 'a ' || e.kind || ' event'"
	"   WHEN e.run_id IS NOT l.run_id OR NOT json_valid(e.evidence)"
	"    OR json_extract(e.evidence, '$.link') IS NOT l.hash"
	"    OR json_extract(e.evidence, '$.token') IS NOT l.token_id"
	"    THEN 'a session opened without it'"
	"   END AS what"
	"  FROM web_links l LEFT JOIN runs r ON r.id = l.run_id"
	"  LEFT JOIN events e ON e.seq = l.used_seq"
	"  WHERE l.used_seq IS NOT NULL AND (?1 IS NULL OR l.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY used_seq LIMIT 1", "web_links" },

	/*
	 * The web's events whose copy is gone: a session opened or closed,
	 * a link issued or used, that the tables do not show (a row deleted
	 * to hide a login, a closed session reopened, a used link made new).
	 */
	{ "SELECT seq, printf('%s event of run %s: %s', kind, run, what), tab"
	" FROM (SELECT e.seq, e.kind, " RUN_NAME("r", "e.run_id") " AS run,"
	"  CASE"
	"   WHEN e.kind = 'session-opened' AND NOT EXISTS (SELECT 1"
	"    FROM web_sessions w WHERE w.opened_seq = e.seq)"
	"    THEN 'the sessions have none it opened'"
	"   WHEN e.kind = 'session-closed' AND NOT EXISTS (SELECT 1"
	"    FROM web_sessions w WHERE w.closed_seq = e.seq)"
	"    THEN 'the sessions have none it closed'"
	"   WHEN e.kind = 'link-issued' AND NOT EXISTS (SELECT 1"
	"    FROM web_links l WHERE l.issued_seq = e.seq)"
	"    THEN 'the links have none it issued'"
	"   WHEN e.kind = 'session-opened' AND json_valid(e.evidence)"
	"    AND json_extract(e.evidence, '$.link') IS NOT NULL"
	"    AND NOT EXISTS (SELECT 1 FROM web_links l WHERE l.used_seq = e.seq)"
	"    THEN 'the links have none it used'"
	"   END AS what,"
	"  CASE WHEN e.kind = 'link-issued' OR (e.kind = 'session-opened'"
	"   AND EXISTS (SELECT 1 FROM web_sessions w"
	"    WHERE w.opened_seq = e.seq))"
	"   THEN 'web_links' ELSE 'web_sessions' END AS tab"
	"  FROM events e LEFT JOIN runs r ON r.id = e.run_id"
	"  WHERE e.kind IN " STORE_WEB_EVENT_KINDS
	"   AND (?1 IS NULL OR e.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY seq LIMIT 1", NULL },

	/*
	 * Each authenticated event against its token: issued before it, not
	 * revoked before it, the kind of token its label says, and a unit's
	 * token acting for its own unit (or, resolving a difficulty, for a
	 * unit it was routed to).
	 */
	{ "SELECT seq, printf('%s event of run %s says token %s, %s', kind,"
	"  run, tok, what) FROM"
	" (SELECT e.seq, e.kind, " RUN_NAME("r", "e.run_id") " AS run,"
	"  substr(e.auth, instr(e.auth, ':') + 1) AS tok, CASE"
	"   WHEN t.id IS NULL THEN 'which the run never issued'"
	"   WHEN t.issued_seq >= e.seq THEN 'issued only at event '"
	"    || t.issued_seq"
	"   WHEN t.revoked_seq < e.seq THEN 'revoked at event ' || t.revoked_seq"
	"   WHEN (CASE WHEN e.auth GLOB 'reviewer:*' THEN 'r'"
	"    WHEN e.auth GLOB 'coordinator:*' THEN 'c' ELSE 'u' END) IS NOT"
	"    (CASE WHEN t.reviewer IS NOT NULL THEN 'r'"
	"    WHEN t.unit_id IS NULL THEN 'c' ELSE 'u' END)"
	"    THEN 'but the token is ' || CASE WHEN t.reviewer IS NOT NULL"
	"     THEN 'reviewer ' || t.reviewer || '''s'"
	"     WHEN t.unit_id IS NULL THEN"
	"     'the coordinator''s' ELSE 'unit ' || t.unit_id || '''s' END"
	/* A reviewer's token approves versions, and does nothing else. */
	"   WHEN t.reviewer IS NOT NULL AND e.kind IS NOT 'approve'"
	"    THEN 'a reviewer''s, which approves versions only'"
	"   WHEN t.unit_id IS NULL THEN NULL"
	"   WHEN e.kind = 'issue-resolved' THEN CASE WHEN NOT EXISTS"
	"    (SELECT 1 FROM issues i JOIN issue_recipients p"
	"     ON p.issue_id = i.id WHERE i.run_id = e.run_id"
	"     AND i.number = json_extract(e.evidence, '$.number')"
	"     AND p.unit_id = t.unit_id)"
	"    THEN 'unit ' || t.unit_id || '''s, to which the difficulty"
	" was not routed' END"
	"   WHEN e.unit_id IS NOT t.unit_id THEN 'unit ' || t.unit_id ||"
	"    '''s, acting for unit ' || coalesce(e.unit_id, '(none)')"
	"   END AS what"
	"  FROM events e LEFT JOIN runs r ON r.id = e.run_id"
	"  LEFT JOIN tokens t ON t.id = substr(e.auth, instr(e.auth, ':') + 1)"
	"   AND t.run_id = e.run_id"
	"  WHERE e.auth IS NOT NULL AND (?1 IS NULL OR e.run_id = ?1))"
	" WHERE what IS NOT NULL ORDER BY seq LIMIT 1", "events" },

	/*
	 * An attachment's event carries its content hash (evidence FIELD:
	 * {blake2b, name, size}): the content must be in the store.
	 */
	{ "SELECT e.seq, printf('%s event of task ''%s'' (run %s) names"
	" attachment %s, which is not held', e.kind, e.task_key,"
	"  " RUN_NAME("r", "e.run_id") ", json_extract(f.value, '$.blake2b'))"
	" FROM events e JOIN json_each(e.evidence) f"
	" LEFT JOIN attachments a ON a.hash = json_extract(f.value, '$.blake2b')"
	" LEFT JOIN runs r ON r.id = e.run_id"
	" WHERE e.kind = 'done' AND instr(e.evidence, '\"blake2b\"')"
	" AND json_valid(e.evidence) AND f.type = 'object'"
	" AND json_extract(f.value, '$.blake2b') IS NOT NULL AND a.hash IS NULL"
	" AND (?1 IS NULL OR e.run_id = ?1)"
	" ORDER BY e.seq LIMIT 1", "attachments" },

	/*
	 * When each event was entered (events.entered, by the system clock,
	 * set by the store and never before the event it follows): not
	 * before the event before it, not before its run started, and, in a
	 * live run, not before the time it claims (an import's claimed time
	 * may be earlier, never later).  Events older than the column have
	 * none and are not compared.
	 */
	{ "WITH s AS MATERIALIZED (SELECT run_id, min(seq) AS seq FROM events"
	"  WHERE kind = 'start' GROUP BY run_id)"
	"SELECT e.seq, printf('%s event of run %s: %s', e.kind,"
	"  " RUN_NAME("r", "e.run_id") ", CASE"
	"  WHEN e.entered < p.entered THEN printf('entered %s UTC, before"
	" event %d (entered %s UTC)', datetime(e.entered, 'unixepoch'),"
	"   p.seq, datetime(p.entered, 'unixepoch'))"
	"  WHEN e.entered < b.entered THEN printf('entered %s UTC, before"
	" its run started (event %d, entered %s UTC)',"
	"   datetime(e.entered, 'unixepoch'), b.seq,"
	"   datetime(b.entered, 'unixepoch'))"
	"  ELSE printf('claims %s UTC, later than it was entered (%s UTC),"
	" in a live run', datetime(e.at, 'unixepoch'),"
	"   datetime(e.entered, 'unixepoch')) END)"
	" FROM events e LEFT JOIN events p ON p.seq = e.seq - 1"
	" LEFT JOIN runs r ON r.id = e.run_id"
	" LEFT JOIN s ON s.run_id = e.run_id"
	" LEFT JOIN events b ON b.seq = s.seq"
	" WHERE (?1 IS NULL OR e.run_id = ?1) AND e.entered IS NOT NULL"
	" AND (e.entered < p.entered OR e.entered < b.entered"
	"  OR (r.mode = 'live' AND e.at > e.entered + 60))"
	" ORDER BY e.seq LIMIT 1", "events" },

	/*
	 * DESIGN: only a unit can sign for itself when the run asks for it.
	 * In a run that requires tokens every event carries one, but for
	 * its start and the coordinator's first token, issued with it.
	 */
	/*
	 * The first token of each such run found once (MATERIALIZED), not
	 * again for every event: a search of the run's events per event
	 * made this check quadratic (minutes at 100,000 events).
	 */
	{ "WITH r AS MATERIALIZED (SELECT id, name, (SELECT min(x.seq)"
	"  FROM events x WHERE x.run_id = runs.id"
	"  AND x.kind = 'token-issued') AS first_token FROM runs"
	"  WHERE require_tokens AND (?1 IS NULL OR id = ?1))"
	"SELECT e.seq, printf('%s event of run ''%s'' carries no token, but"
	" the run requires them', e.kind, r.name)"
	" FROM r JOIN events e ON e.run_id = r.id"
	" WHERE e.auth IS NULL AND e.kind <> 'start'"
	" AND e.seq <> r.first_token"
	" ORDER BY e.seq LIMIT 1", "events" },
};

#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

static int count_tasks(struct store *st, sqlite3_int64 run, int64_t *n,
		       struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT count(*) FROM tasks"
			  " WHERE ?1 IS NULL OR run_id = ?1", &s, err))
		return -1;
	if (run)
		sqlite3_bind_int64(s, 1, run);
	rc = sqlite3_step(s);
	*n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("counting tasks"));
	return 0;
}

/*
 * A fast pass for the first two checks, which search the events of each
 * task and the task of each event (0.5 s at 100,000 of each): the tasks
 * are read once into a table by (run, key), the events once against it.
 * It answers only whether everything agrees; when it finds anything that
 * may not, the checks' own queries run and say what, as before.  Every
 * row they would return makes it answer no: a task whose state or
 * last_seq is not its last state event's, an event of a run that does
 * not exist, of a task the run does not have, or for another unit.
 */
struct fast_task {
	int64_t run;
	size_t key, key_len;      /* offsets into the text buffer */
	size_t unit, unit_len;
	int unit_null;
	size_t state, state_len;
	int has_last;
	int64_t last_seq;
	int has_seq;              /* its last state event */
	int64_t seq;
	int reopened;             /* that event reopened it */
	size_t kind, kind_len;
};

struct fast_pass {
	struct fast_task *task;
	size_t n, alloc;
	/* open addressing over a power of two: 1 + the task's index (0 is
	 * empty) and its hash, small so that a probe stays in the cache */
	uint32_t *slot, *slot_hash;
	size_t nslots;
	struct strbuf text;
	int64_t *runs;
	size_t nruns, alloc_runs;
};

static uint32_t fast_hash(int64_t run, const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)run;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return (uint32_t)(h ^ (h >> 32));
}

/* The slot of (run, key): its task's, or the empty one it would take. */
static size_t fast_slot(const struct fast_pass *f, int64_t run,
			const void *key, size_t len, uint32_t h)
{
	size_t i = h & (f->nslots - 1);
	const struct fast_task *t;

	for (; f->slot[i]; i = (i + 1) & (f->nslots - 1)) {
		if (f->slot_hash[i] != h)
			continue;
		t = &f->task[f->slot[i] - 1];
		if (t->run == run && t->key_len == len &&
		    (!len || !memcmp(f->text.buf + t->key, key, len)))
			break;
	}
	return i;
}

static size_t fast_text(struct fast_pass *f, sqlite3_stmt *s, int col,
			size_t *len)
{
	size_t at = f->text.len;

	*len = (size_t)sqlite3_column_bytes(s, col);
	if (*len)
		strbuf_add(&f->text, sqlite3_column_blob(s, col), *len);
	return at;
}

static int fast_same(const struct fast_pass *f, size_t at, size_t len,
		     sqlite3_stmt *s, int col)
{
	return (size_t)sqlite3_column_bytes(s, col) == len &&
		(!len || !memcmp(f->text.buf + at, sqlite3_column_blob(s, col),
				 len));
}

static int cmp_run(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Reads the runs and the tasks; 1 when no key repeats, 0, or -1. */
static int fast_read_tasks(struct store *st, struct fast_pass *f,
			   int64_t run_id, struct err *err)
{
	sqlite3_stmt *s;
	int64_t n;
	int rc, ret = 1;

	if (count_tasks(st, run_id, &n, err))
		return -1;
	for (f->nslots = 16; f->nslots < 2 * (size_t)n + 16; f->nslots *= 2)
		;
	f->slot = xcalloc(f->nslots, sizeof(*f->slot));
	f->slot_hash = xcalloc(f->nslots, sizeof(*f->slot_hash));
	if (store_prepare(st, "SELECT id FROM runs", &s, err))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(f->runs, f->alloc_runs, f->nruns + 1);
		f->runs[f->nruns++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the runs"));
	if (f->nruns)
		qsort(f->runs, f->nruns, sizeof(*f->runs), cmp_run);
	if (store_prepare(st, "SELECT run_id, key, unit_id, state, last_seq"
			  " FROM tasks WHERE ?1 IS NULL OR run_id = ?1", &s, err))
		return -1;
	if (run_id)
		sqlite3_bind_int64(s, 1, run_id);
	while (ret == 1 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t run = sqlite3_column_int64(s, 0);
		const void *key = sqlite3_column_blob(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1), i;
		uint32_t h = fast_hash(run, key, len);
		struct fast_task *t;

		/* More rows than counted, or a key twice: let SQL say. */
		i = fast_slot(f, run, key, len, h);
		if (f->n * 2 + 16 > f->nslots || f->slot[i]) {
			ret = 0;
			break;
		}
		XGROW(f->task, f->alloc, f->n + 1);
		t = &f->task[f->n];
		memset(t, 0, sizeof(*t));
		f->slot[i] = (uint32_t)++f->n;
		f->slot_hash[i] = h;
		t->run = run;
		t->key = fast_text(f, s, 1, &t->key_len);
		t->unit_null = sqlite3_column_type(s, 2) == SQLITE_NULL;
		t->unit = fast_text(f, s, 2, &t->unit_len);
		t->state = fast_text(f, s, 3, &t->state_len);
		t->has_last = sqlite3_column_type(s, 4) != SQLITE_NULL;
		t->last_seq = sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);
	if (ret == 1 && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the tasks"));
	return ret;
}

static int is_state_kind(const char *kind, size_t len)
{
	static const char *const kinds[] = {
		"done", "skipped", "failed", "blocked", "reopened"
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i]) == len && !memcmp(kinds[i], kind, len))
			return 1;
	return 0;
}

/* Reads the events against the tasks; 1 when all agree, 0, or -1. */
static int fast_read_events(struct store *st, struct fast_pass *f,
			    int64_t run_id, struct err *err)
{
	sqlite3_stmt *s;
	int rc, ret = 1;

	if (store_prepare(st, "SELECT seq, run_id, task_key, kind, unit_id"
			  " FROM events WHERE run_id IS NOT NULL"
			  " AND (?1 IS NULL OR run_id = ?1)", &s, err))
		return -1;
	if (run_id)
		sqlite3_bind_int64(s, 1, run_id);
	while (ret == 1 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		int64_t run = sqlite3_column_int64(s, 1);
		const char *kind = (const char *)sqlite3_column_text(s, 3);
		size_t kind_len = (size_t)sqlite3_column_bytes(s, 3), len, i;
		const void *key;
		struct fast_task *t;

		if (!f->nruns || !bsearch(&run, f->runs, f->nruns,
					  sizeof(*f->runs), cmp_run)) {
			ret = 0;
			break;
		}
		if (sqlite3_column_type(s, 2) == SQLITE_NULL)
			continue;
		key = sqlite3_column_blob(s, 2);
		len = (size_t)sqlite3_column_bytes(s, 2);
		i = fast_slot(f, run, key, len, fast_hash(run, key, len));
		if (!f->slot[i]) {
			ret = 0;
			break;
		}
		t = &f->task[f->slot[i] - 1];
		if (
		    (sqlite3_column_type(s, 4) == SQLITE_NULL) != t->unit_null ||
		    !fast_same(f, t->unit, t->unit_len, s, 4)) {
			ret = 0;
			break;
		}
		if (!kind || !is_state_kind(kind, kind_len) ||
		    (t->has_seq && seq <= t->seq))
			continue;
		t->has_seq = 1;
		t->seq = seq;
		t->reopened = !strcmp(kind, "reopened");
		t->kind = f->text.len;
		t->kind_len = kind_len;
		strbuf_add(&f->text, kind, kind_len);
	}
	sqlite3_finalize(s);
	if (ret == 1 && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the ledger"));
	return ret;
}

/* 1 when every task and task event agree, 0 when one may not, -1. */
static int fast_agree(struct store *st, int64_t run_id, struct err *err)
{
	struct fast_pass f;
	size_t i;
	int ret;

	memset(&f, 0, sizeof(f));
	strbuf_init(&f.text);
	ret = fast_read_tasks(st, &f, run_id, err);
	if (ret == 1)
		ret = fast_read_events(st, &f, run_id, err);
	for (i = 0; ret == 1 && i < f.n; i++) {
		const struct fast_task *t = &f.task[i];
		const char *want = "pending";
		size_t want_len = 7;

		if (t->has_seq && !t->reopened) {
			want = f.text.buf + t->kind;
			want_len = t->kind_len;
		}
		/* state IS NOT want OR last_seq IS NOT seq */
		if (t->state_len != want_len ||
		    memcmp(f.text.buf + t->state, want, want_len) ||
		    t->has_last != t->has_seq ||
		    (t->has_last && t->last_seq != t->seq))
			ret = 0;
	}
	free(f.task);
	free(f.slot);
	free(f.slot_hash);
	free(f.runs);
	strbuf_release(&f.text);
	return ret;
}

/*
 * Each attachment recomputed: its content's BLAKE2b is its key and its
 * length its size, and some sign-off names it.  1 with the first that
 * does not hold in *msg (and *seq, the first event naming it, or 0),
 * 0 when all do, -1.
 */
static int check_attachments(struct store *st, int64_t run_id, int64_t *seq,
			     struct strbuf *msg, struct err *err)
{
	char hash[SEAL_HEX_LEN + 1];
	sqlite3_stmt *s;
	int rc, found = 0;

	if (store_prepare(st, "WITH refs AS MATERIALIZED (SELECT min(e.seq) AS"
			  " seq, json_extract(f.value, '$.blake2b') AS hash"
			  " FROM events e JOIN json_each(e.evidence) f"
			  " WHERE e.kind = 'done'"
			  " AND instr(e.evidence, '\"blake2b\"')"
			  " AND json_valid(e.evidence) AND f.type = 'object'"
			  " AND json_extract(f.value, '$.blake2b') IS NOT NULL"
			  " GROUP BY 2)"
			  " SELECT a.hash, a.size, a.content, x.seq,"
			  " " RUN_NAME("r", "e.run_id")
			  " FROM attachments a LEFT JOIN refs x ON x.hash = a.hash"
			  " LEFT JOIN events e ON e.seq = x.seq"
			  " LEFT JOIN runs r ON r.id = e.run_id"
			  " WHERE ?1 IS NULL OR e.run_id = ?1"
			  " ORDER BY x.seq IS NULL, x.seq, a.hash", &s, err))
		return -1;
	if (run_id)
		sqlite3_bind_int64(s, 1, run_id);
	while (!found && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 2);
		const char *run = (const char *)sqlite3_column_text(s, 4);

		seal_content(sqlite3_column_blob(s, 2) ?
			     sqlite3_column_blob(s, 2) : "", len, hash);
		*seq = sqlite3_column_int64(s, 3);
		if (sqlite3_column_type(s, 3) == SQLITE_NULL) {
			strbuf_addf(msg, _("attachment %s is named by no"
					   " sign-off (table attachments)"),
				    key ? key : "?");
			found = 1;
		} else if (!key || strcmp(hash, key)) {
			strbuf_addf(msg, _("attachment %s of run %s: its content"
					   " does not match its hash (table"
					   " attachments)"), key ? key : "?",
				    run ? run : "?");
			found = 1;
		} else if (sqlite3_column_type(s, 1) != SQLITE_INTEGER ||
			   sqlite3_column_int64(s, 1) != (sqlite3_int64)len) {
			strbuf_addf(msg, _("attachment %s of run %s: its size"
					   " is not its content's %zu bytes"
					   " (table attachments)"), key, run ?
				    run : "?", len);
			found = 1;
		}
	}
	sqlite3_finalize(s);
	if (!found && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("checking the attachments"));
	return found;
}

int store_ledger_check(struct store *st, int64_t run_id, int64_t *tasks,
		       struct err *err)
{
	struct strbuf first = STRBUF_INIT;
	sqlite3_int64 first_seq = 0;
	int found = 0, numbered = 0, agree;
	size_t i;

	if (count_tasks(st, run_id, tasks, err))
		return -1;
	agree = fast_agree(st, run_id, err);
	if (agree < 0)
		return -1;
	for (i = 0; i < NCHECKS; i++) {
		sqlite3_stmt *s;
		int rc, has_seq;
		sqlite3_int64 seq;

		/* The first two checks find nothing when the fast pass agrees. */
		if (agree && i < 2)
			continue;

		if (store_prepare(st, checks[i].sql, &s, err)) {
			strbuf_release(&first);
			return -1;
		}
		if (run_id)
			sqlite3_bind_int64(s, 1, run_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE) {
			sqlite3_finalize(s);
			continue;
		}
		if (rc != SQLITE_ROW) {
			store_db_fail(st, err, N_("checking the ledger's copies"));
			sqlite3_finalize(s);
			strbuf_release(&first);
			return -1;
		}
		has_seq = sqlite3_column_type(s, 0) != SQLITE_NULL;
		seq = sqlite3_column_int64(s, 0);
		/* Keep the earliest: numbered before unnumbered, then by seq. */
		if (!found || (has_seq && (!numbered || seq < first_seq))) {
			strbuf_reset(&first);
			if (has_seq)
				strbuf_addf(&first, _("event %lld: "),
					    (long long)seq);
			strbuf_adds(&first, (const char *)sqlite3_column_text(s, 1));
			/* Said in the ledger's words: the table, as SQL names it. */
			strbuf_addf(&first, " (table %s)", checks[i].table ?
				    checks[i].table :
				    (const char *)sqlite3_column_text(s, 2));
			found = 1;
			numbered = has_seq;
			first_seq = seq;
		}
		sqlite3_finalize(s);
	}
	{
		struct strbuf msg = STRBUF_INIT;
		int64_t seq = 0;
		int rc = check_attachments(st, run_id, &seq, &msg, err);

		if (rc < 0) {
			strbuf_release(&msg);
			strbuf_release(&first);
			return -1;
		}
		if (rc && (!found || (seq && (!numbered || seq < first_seq)))) {
			strbuf_reset(&first);
			if (seq)
				strbuf_addf(&first, _("event %lld: "),
					    (long long)seq);
			strbuf_add(&first, msg.buf, msg.len);
			found = 1;
			numbered = seq != 0;
			first_seq = seq;
		}
		strbuf_release(&msg);
	}
	/* The sealed definitions: no event of its own to number. */
	if (!numbered) {
		struct strbuf finding = STRBUF_INIT;
		int rc = store_definition_check(st, run_id, &finding, err);

		if (rc < 0) {
			strbuf_release(&finding);
			strbuf_release(&first);
			return -1;
		}
		if (rc && !found) {
			strbuf_add(&first, finding.buf, finding.len);
			found = 1;
		}
		strbuf_release(&finding);
	}
	if (found)
		fail(err, "%s", first.buf);
	strbuf_release(&first);
	return found;
}

int store_ledger_find(struct store *st, const char *hash, int64_t *seq,
		      struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!strcmp(hash, seal_genesis)) {
		*seq = 0;
		return 0;
	}
	if (store_prepare(st, "SELECT min(seq) FROM events WHERE hash = ?",
			  &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_fail(st, err, N_("reading the ledger"));
	}
	rc = sqlite3_column_type(s, 0) == SQLITE_NULL;
	*seq = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc) {
		fail(err, _("head %s is not in this ledger: no event has that"
			    " hash (the report came from another ledger, or"
			    " this one was rewritten since)"), hash);
		return STORE_NOTFOUND;
	}
	return 0;
}
