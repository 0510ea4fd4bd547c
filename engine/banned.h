/*
 * Functions we never call: unbounded string copies, and the time
 * functions that read the process's time zone (one per process, set
 * through TZ: a server shows runs in many zones at once) or share static
 * state.  All time goes through the clock module, with the run's zone
 * (clock_zone.c reads the tz database itself).
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
#undef timelocal
#define timelocal(t) BANNED(timelocal)
#undef tzset
#define tzset() BANNED(tzset)
#undef strftime
#define strftime(...) BANNED(strftime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef ctime_r
#define ctime_r(t, b) BANNED(ctime_r)
#undef asctime
#define asctime(tm) BANNED(asctime)
#undef asctime_r
#define asctime_r(tm, b) BANNED(asctime_r)

#endif
