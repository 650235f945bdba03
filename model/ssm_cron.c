/* SSM maintenance windows' cron and rate expressions read into an RRULE
 * (ssm_cron.h). The grammar is AWS's ("Reference: Cron and rate expressions
 * for Systems Manager", EventBridge's six fields); RFC 5545 §3.3.10 says what
 * the RRULE means. What one RRULE cannot say exactly is refused, never
 * rounded. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssm_cron.h"

enum { F_MIN, F_HOUR, F_DOM, F_MON, F_DOW, F_YEAR, NFIELDS };

static const struct {
	const char	*name;
	int		 lo, hi;
} fields[NFIELDS] = {
	{ "minutes", 0, 59 }, { "hours", 0, 23 }, { "day-of-month", 1, 31 },
	{ "month", 1, 12 }, { "day-of-week", 1, 7 }, { "year", 1970, 2199 },
};

static const char *const months[] = { "JAN", "FEB", "MAR", "APR", "MAY",
    "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
/* AWS's day-of-week: 1 is Sunday. The codes are RFC 5545's. */
static const char *const wdays[] = { "SUN", "MON", "TUE", "WED", "THU", "FRI",
    "SAT" };
static const char *const wcodes[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };

/* A field read: the values it names as bits (bit v), the year's beside, and
 * the day fields' special forms. */
struct field {
	int		 none;		/* '?' */
	uint64_t	 set;
	unsigned char	 years[2199 - 1970 + 1];
	uint64_t	 from_end;	/* day-of-month: bit n is day -n (L, L-2) */
	unsigned	 last;		/* day-of-week: bit d, the last d (dL) */
	unsigned	 nth[6];	/* day-of-week: nth[k] bit d, the kth d (d#k) */
};

static int
fail(char why[SSM_WHY_MAX], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, SSM_WHY_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

/* A value of field f at *p (a number, or a name for months and days of the
 * week), *p moved past it: 0, or -1 when there is none in range. */
static int
value(int f, const char **p, int *v)
{
	const char *s = *p;
	char *end;
	long n;

	if ((f == F_MON || f == F_DOW) && isalpha((unsigned char)s[0])) {
		const char *const *names = f == F_MON ? months : wdays;
		int count = f == F_MON ? 12 : 7;
		for (int i = 0; i < count; i++)
			if (strncasecmp(s, names[i], 3) == 0 &&
			    !isalpha((unsigned char)s[3])) {
				*v = i + 1;
				*p = s + 3;
				return 0;
			}
		return -1;
	}
	if (!isdigit((unsigned char)s[0]))
		return -1;
	n = strtol(s, &end, 10);
	if (end - s > 4 || n < fields[f].lo || n > fields[f].hi)
		return -1;
	*v = (int)n;
	*p = end;
	return 0;
}

static void
mark(struct field *fl, int f, int v)
{
	if (f == F_YEAR)
		fl->years[v - 1970] = 1;
	else
		fl->set |= (uint64_t)1 << v;
}

/* One item of field f's list (text [s, s + n)) into fl. */
static int
item(int f, const char *s, size_t n, struct field *fl, char why[SSM_WHY_MAX])
{
	char t[24];
	const char *p = t;
	int a, b, step = 1;

	if (n >= sizeof t)
		return fail(why, "%s item '%.20s...' is too long", fields[f].name, s);
	memcpy(t, s, n);
	t[n] = '\0';
	if (f == F_DOM && (strchr(t, 'W') || strchr(t, 'w')))
		return fail(why, "day-of-month '%s': W (the weekday nearest a "
		    "day) has no RRULE: the day it means depends on the weekday "
		    "of another", t);
	if (f == F_DOM && (t[0] == 'L' || t[0] == 'l')) {
		int back = 0;
		if (t[1] == '-') {
			p = t + 2;
			if (value(F_DOM, &p, &back) != 0 || *p || back > 30)
				return fail(why, "day-of-month '%s' is not L or "
				    "L-N (N 1 to 30)", t);
		} else if (t[1] != '\0')
			return fail(why, "day-of-month '%s' is not L or L-N", t);
		fl->from_end |= (uint64_t)1 << (back + 1);
		return 0;
	}
	if (f == F_DOW && (t[0] == 'L' || t[0] == 'l') && t[1] == '\0') {
		fl->set |= (uint64_t)1 << 7;	/* L alone: Saturday */
		return 0;
	}
	if (strcmp(t, "*") == 0 || strncmp(t, "*/", 2) == 0) {
		a = fields[f].lo;
		b = fields[f].hi;
		p = t + 1;
	} else {
		if (value(f, &p, &a) != 0)
			return fail(why, "%s '%s' is not a value from %d to %d%s",
			    fields[f].name, t, fields[f].lo, fields[f].hi,
			    f == F_MON ? " or JAN-DEC" : f == F_DOW ?
			    " or SUN-SAT" : "");
		if (f == F_DOW && (*p == 'L' || *p == 'l') && p[1] == '\0') {
			fl->last |= 1u << a;
			return 0;
		}
		if (f == F_DOW && *p == '#') {
			int k;
			p++;
			if (!isdigit((unsigned char)*p) || (k = *p - '0') < 1 ||
			    k > 5 || p[1] != '\0')
				return fail(why, "day-of-week '%s': # takes 1 to "
				    "5", t);
			fl->nth[k] |= 1u << a;
			return 0;
		}
		b = a;
		if (*p == '-') {
			p++;
			if (value(f, &p, &b) != 0)
				return fail(why, "%s '%s': the range's end is not "
				    "a value from %d to %d", fields[f].name, t,
				    fields[f].lo, fields[f].hi);
			if (b < a)
				return fail(why, "%s '%s' runs backwards (a range "
				    "through the end of the %s is not "
				    "documented by AWS): list both parts",
				    fields[f].name, t, f == F_DOW ? "week" :
				    f == F_MON ? "year" : "field");
		} else if (*p == '/')
			b = fields[f].hi;	/* a/n: from a to the end */
	}
	if (*p == '/') {
		char *end;
		long n2 = strtol(p + 1, &end, 10);
		if (!isdigit((unsigned char)p[1]) || *end || n2 < 1 ||
		    n2 > fields[f].hi)
			return fail(why, "%s '%s': the increment after / is not "
			    "1 to %d", fields[f].name, t, fields[f].hi);
		step = (int)n2;
		p = end;
	}
	if (*p != '\0')
		return fail(why, "%s '%s' is not AWS's cron (values, ranges, "
		    "lists, /, and L # W in the day fields)", fields[f].name, t);
	for (int v = a; v <= b; v += step)
		mark(fl, f, v);
	return 0;
}

/* Field f's text [s, s + n) into fl. */
static int
field(int f, const char *s, size_t n, struct field *fl, char why[SSM_WHY_MAX])
{
	size_t items = 0;

	memset(fl, 0, sizeof *fl);
	if (n == 1 && s[0] == '?') {
		if (f != F_DOM && f != F_DOW)
			return fail(why, "%s '?': only the day fields take ?",
			    fields[f].name);
		fl->none = 1;
		return 0;
	}
	for (size_t i = 0; i < n;) {
		size_t m = 0;
		while (i + m < n && s[i + m] != ',')
			m++;
		if (m == 0)
			return fail(why, "%s '%.*s' has an empty item",
			    fields[f].name, (int)(n > 40 ? 40 : n), s);
		if (++items > SSM_ITEMS_MAX)
			return fail(why, "%s has more than %d items",
			    fields[f].name, SSM_ITEMS_MAX);
		if (item(f, s + i, m, fl, why) != 0)
			return -1;
		i += m + 1;
		if (i == n && s[n - 1] == ',')
			return fail(why, "%s ends with a comma", fields[f].name);
	}
	return 0;
}

/* Append ";KEY=" and the values of set in [lo, hi] to out. */
static void
put_list(char *out, size_t size, const char *key, uint64_t set, int lo, int hi)
{
	size_t n = strlen(out);
	const char *sep = "";

	n += (size_t)snprintf(out + n, size - n, ";%s=", key);
	for (int v = lo; v <= hi; v++)
		if (set >> v & 1) {
			n += (size_t)snprintf(out + n, size - n, "%s%d",
			    sep, v);
			sep = ",";
		}
}

/* The days of the week in bits 1..7 (1 Sunday) as RFC 5545 codes, each
 * after prefix ("", "2", "-1"), appended to out after sep. */
static void
put_days(char *out, unsigned days, const char *prefix, const char **sep)
{
	size_t n = strlen(out);

	for (int d = 1; d <= 7; d++)
		if (days >> d & 1) {
			n += (size_t)snprintf(out + n, SSM_RRULE_MAX - n, "%s%s%s",
			    *sep, prefix, wcodes[d - 1]);
			*sep = ",";
		}
}

static int
popcount(uint64_t v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Days of the week d moved k days later (bits 1..7, 1 Sunday). */
static unsigned
rotate(unsigned days, int k)
{
	unsigned out = 0;

	for (int d = 1; d <= 7; d++)
		if (days >> d & 1)
			out |= 1u << ((d - 1 + k) % 7 + 1);
	return out;
}

/* The day fields' RRULE part (FREQ, BYMONTHDAY, BYDAY) into out, days moved
 * offset later; BYMONTH goes after FREQ (every month named: none). */
static int
days_rule(const struct field *dom, const struct field *dow,
    const struct field *mon, int offset, char *out, char why[SSM_WHY_MAX])
{
	int every_month = mon->set == 0x1ffe;
	unsigned nth_any = 0;
	int nnth = 0;
	const char *sep = "";
	char by_month[48] = "";	/* ";BYMONTH=1,2,...,12" */

	if (!every_month)
		put_list(by_month, sizeof by_month, "BYMONTH", mon->set, 1, 12);
	for (int k = 1; k <= 5; k++) {
		nth_any |= dow->nth[k];
		nnth += popcount(dow->nth[k]);
	}
	/* Every day (or every day of the week): no day part. */
	if ((!dom->none && dom->set == 0xfffffffe && !dom->from_end) ||
	    (!dow->none && dow->set == 0xfe && !dow->last && !nnth)) {
		if (offset && !every_month)
			return fail(why, "ScheduleOffset %d with only some "
			    "months: the days moved cross into months the "
			    "cron leaves out", offset);
		snprintf(out, SSM_RRULE_MAX, "FREQ=DAILY%s", by_month);
		return 0;
	}
	if (dow->none) {	/* days of the month */
		if (offset) {
			if (dom->from_end)
				return fail(why, "ScheduleOffset %d after the "
				    "last days of the month (L) falls in the "
				    "next month, which one RRULE cannot say",
				    offset);
			for (int d = 1; d <= 31; d++)
				if ((dom->set >> d & 1) && d + offset > 28)
					return fail(why, "ScheduleOffset %d "
					    "after day %d can fall in the next "
					    "month (or on a day some months "
					    "lack), which one RRULE cannot say",
					    offset, d);
		}
		snprintf(out, SSM_RRULE_MAX, "FREQ=MONTHLY%s", by_month);
		size_t n = strlen(out);
		n += (size_t)snprintf(out + n, SSM_RRULE_MAX - n, ";BYMONTHDAY=");
		for (int d = 31; d >= 1; d--)	/* -31 first: ascending */
			if (dom->from_end >> d & 1) {
				n += (size_t)snprintf(out + n, SSM_RRULE_MAX - n,
				    "%s-%d", sep, d);
				sep = ",";
			}
		for (int d = 1; d <= 31; d++)
			if (dom->set >> d & 1) {
				n += (size_t)snprintf(out + n, SSM_RRULE_MAX - n,
				    "%s%d", sep, d + offset);
				sep = ",";
			}
		return 0;
	}
	/* Days of the week: plain ones weekly, # and L monthly. */
	if (!dow->last && !nnth) {
		if (offset && !every_month)
			return fail(why, "ScheduleOffset %d with only some "
			    "months: the days moved cross into months the "
			    "cron leaves out", offset);
		snprintf(out, SSM_RRULE_MAX, "FREQ=WEEKLY%s;BYDAY=", by_month);
		put_days(out, rotate((unsigned)dow->set, offset), "", &sep);
		return 0;
	}
	if (offset) {
		int k = 0;
		for (int i = 1; i <= 5; i++)
			if (dow->nth[i])
				k = i;
		if (dow->last || dow->set || nnth != 1)
			return fail(why, "ScheduleOffset %d is read with one "
			    "d#k alone: after L or with several days, the days "
			    "moved cannot be one RRULE", offset);
		if (7 * k + offset > 28)
			return fail(why, "ScheduleOffset %d after the %d%s "
			    "weekday can fall in the next month, which one "
			    "RRULE cannot say", offset, k, k == 4 ? "th" :
			    k == 5 ? "th" : k == 3 ? "rd" : k == 2 ? "nd" : "st");
		/* The kth d is on days 7k-6 to 7k; offset days later, the
		 * weekday d+offset on days 7k-6+offset to 7k+offset. */
		snprintf(out, SSM_RRULE_MAX, "FREQ=MONTHLY%s;BYDAY=", by_month);
		put_days(out, rotate(nth_any, offset), "", &sep);
		size_t n = strlen(out);
		n += (size_t)snprintf(out + n, SSM_RRULE_MAX - n, ";BYMONTHDAY=");
		sep = "";
		for (int d = 7 * k - 6; d <= 7 * k; d++) {
			n += (size_t)snprintf(out + n, SSM_RRULE_MAX - n, "%s%d",
			    sep, d + offset);
			sep = ",";
		}
		return 0;
	}
	snprintf(out, SSM_RRULE_MAX, "FREQ=MONTHLY%s;BYDAY=", by_month);
	put_days(out, (unsigned)dow->set, "", &sep);
	for (int k = 1; k <= 5; k++) {
		char pre[12];
		snprintf(pre, sizeof pre, "%d", k);
		put_days(out, dow->nth[k], pre, &sep);
	}
	put_days(out, dow->last, "-1", &sep);
	return 0;
}

int
ssm_cron_rrule(const char *text, int offset, struct ssm_cron *out,
    char why[SSM_WHY_MAX])
{
	struct field fl[NFIELDS];
	const char *s = text;
	size_t len[NFIELDS];
	const char *at[NFIELDS];
	int nf = 0;

	memset(out, 0, sizeof *out);
	if (strlen(text) > SSM_EXPR_MAX)
		return fail(why, "the cron expression is longer than %d bytes",
		    SSM_EXPR_MAX);
	if (offset < 0 || offset > 6)
		return fail(why, "ScheduleOffset %d is not 1 to 6", offset);
	while (*s) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (nf == NFIELDS)
			return fail(why, "cron(%.60s) has more than six fields "
			    "(minutes hours day-of-month month day-of-week "
			    "year)", text);
		at[nf] = s;
		while (*s && *s != ' ')
			s++;
		len[nf] = (size_t)(s - at[nf]);
		nf++;
	}
	if (nf != NFIELDS)
		return fail(why, "cron(%.60s) has %d fields, not six (minutes "
		    "hours day-of-month month day-of-week year)", text, nf);
	for (int f = 0; f < NFIELDS; f++)
		if (field(f, at[f], len[f], &fl[f], why) != 0)
			return -1;
	/* AWS takes a value in one day field and ? in the other. */
	if (fl[F_DOM].none == fl[F_DOW].none)
		return fail(why, "cron(%.60s): one of day-of-month and "
		    "day-of-week must be ?, and only one (AWS refuses both)",
		    text);
	if (days_rule(&fl[F_DOM], &fl[F_DOW], &fl[F_MON], offset, out->rule,
	    why) != 0)
		return -1;
	put_list(out->rule, SSM_RRULE_MAX, "BYHOUR", fl[F_HOUR].set, 0, 23);
	put_list(out->rule, SSM_RRULE_MAX, "BYMINUTE", fl[F_MIN].set, 0, 59);
	/* The years: one span bounds the series; gaps are no RRULE's. */
	int first = 0, last = 0;
	for (int y = 1970; y <= 2199; y++)
		if (fl[F_YEAR].years[y - 1970]) {
			if (first && last != y - 1)
				return fail(why, "year '%.*s' has gaps (%d, then "
				    "%d): one RRULE is bounded by one span of "
				    "years", (int)(len[F_YEAR] > 40 ? 40 :
				    len[F_YEAR]), at[F_YEAR], last, y);
			if (!first)
				first = y;
			last = y;
		}
	if (!(first == 1970 && last == 2199)) {
		out->year_from = first;
		out->year_to = last;
	}
	return 0;
}

int
ssm_rate_seconds(const char *body, long *seconds, char why[SSM_WHY_MAX])
{
	static const struct {
		const char	*one, *many;
		long		 unit;
	} units[] = { { "minute", "minutes", 60 }, { "hour", "hours", 3600 },
	    { "day", "days", 86400 } };
	char *end;
	long n;

	while (*body == ' ')
		body++;
	if (!isdigit((unsigned char)*body))
		return fail(why, "rate(%.40s) is not rate(N minutes|hours|days)",
		    body);
	n = strtol(body, &end, 10);
	if (n < 1 || n > 100000 || *end != ' ')
		return fail(why, "rate(%.40s): N is not 1 to 100000", body);
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t m = strlen(end);
		while (m > 0 && end[m - 1] == ' ')
			m--;
		if ((strlen(units[i].one) == m &&
		    strncasecmp(end, units[i].one, m) == 0) ||
		    (strlen(units[i].many) == m &&
		    strncasecmp(end, units[i].many, m) == 0)) {
			*seconds = n * units[i].unit;
			return 0;
		}
	}
	return fail(why, "rate(%.40s): the unit is not minutes, hours or days",
	    body);
}
