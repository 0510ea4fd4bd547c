/*
 * Functions we never call: unbounded string copies, and the time
 * functions that read the process's time zone or share static state.
 * All time goes through the clock module with explicit offsets.
 */
#ifndef BANNED_H
#define BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef localtime_r
#define localtime_r(t, tm) BANNED(localtime_r)
#undef mktime
#define mktime(t) BANNED(mktime)

#endif
