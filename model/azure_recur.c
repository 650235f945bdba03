/* Azure's maintenance recurrence (recurEvery) read into an RRULE
 * (azure_recur.h). The grammar is Microsoft's (the maintenanceWindow of
 * Microsoft.Maintenance/maintenanceConfigurations); RFC 5545 §3.3.10 says
 * what the RRULE means. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "azure_recur.h"

/* More than this many days, weeks or months between windows is no schedule
 * anyone keeps: refused rather than walked. */
#define AZURE_MAX_INTERVAL	999
/* Words in a recurEvery ("2Months Second Tuesday Offset2" has 4). */
#define AZURE_MAX_WORDS		4

enum azure_freq { AZ_DAILY, AZ_WEEKLY, AZ_MONTHLY };

static const struct {
	const char	*one, *many;
	const char	*freq;
} units[] = {
	[AZ_DAILY] = { "Day", "Days", "DAILY" },
	[AZ_WEEKLY] = { "Week", "Weeks", "WEEKLY" },
	[AZ_MONTHLY] = { "Month", "Months", "MONTHLY" },
};

/* Monday first, as Azure lists them; the codes are RFC 5545's. */
static const char *const weekdays[7] = { "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday" };
static const char *const weekday_codes[7] = { "MO", "TU", "WE", "TH", "FR",
	"SA", "SU" };

/* The weeks of a month: the nth weekday falls on days 7n-6..7n; Last on the
 * month's last seven. */
static const struct {
	const char	*name;
	int		 n;
} ordinals[] = {
	{ "First", 1 }, { "Second", 2 }, { "Third", 3 }, { "Fourth", 4 },
	{ "Last", -1 },
};

/* The shortest month: a day past it is not in every month. */
#define MONTH_MIN_DAYS	28

/* Set why to "recurEvery 'S': " and the reason; return -1. */
static int
refuse(char why[AZURE_WHY_MAX], const char *s, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, AZURE_WHY_MAX, "recurEvery '%.60s': ", s);

	va_start(ap, fmt);
	if (n > 0 && n < AZURE_WHY_MAX)
		vsnprintf(why + n, AZURE_WHY_MAX - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
weekday_of(const char *w)
{
	for (int i = 0; i < 7; i++)
		if (strcasecmp(w, weekdays[i]) == 0)
			return i;
	return -1;
}

/* Append to out (AZURE_RRULE_MAX bytes, NUL-terminated). */
static void
out_add(char *out, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;

	va_start(ap, fmt);
	if (n < AZURE_RRULE_MAX)
		vsnprintf(out + n, AZURE_RRULE_MAX - n, fmt, ap);
	va_end(ap);
}

/* Split s into at most AZURE_MAX_WORDS words of buf (spaces around a comma
 * dropped, so "Saturday, Sunday" is one list): the count, or -1. */
static int
words_of(const char *s, char *buf, size_t size, char *words[])
{
	size_t o = 0;
	int n = 0;

	for (const char *p = s; *p; p++) {
		if (isspace((unsigned char)*p)) {
			const char *q = p;
			while (isspace((unsigned char)*q))
				q++;
			/* Keep one space between words; none around a comma. */
			if (o == 0 || buf[o - 1] == ',' || *q == ',' || *q == '\0') {
				p = q - 1;
				continue;
			}
			p = q - 1;
			if (o + 1 >= size)
				return -1;
			buf[o++] = ' ';
			continue;
		}
		if (o + 1 >= size)
			return -1;
		buf[o++] = *p;
	}
	buf[o] = '\0';
	for (char *save = NULL, *w = strtok_r(buf, " ", &save); w;
	    w = strtok_r(NULL, " ", &save)) {
		if (n == AZURE_MAX_WORDS)
			return -1;
		words[n++] = w;
	}
	return n;
}

/* The first word: [N]Day(s), [N]Week(s), [N]Month(s). */
static int
unit_of(const char *w, int *interval, enum azure_freq *freq)
{
	const char *p = w;

	*interval = 1;
	if (isdigit((unsigned char)*p)) {
		*interval = 0;
		while (isdigit((unsigned char)*p)) {
			*interval = *interval * 10 + (*p++ - '0');
			if (*interval > AZURE_MAX_INTERVAL)
				return -1;
		}
		if (*interval == 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcasecmp(p, units[i].one) == 0 ||
		    strcasecmp(p, units[i].many) == 0) {
			*freq = (enum azure_freq)i;
			return 0;
		}
	return -1;
}

/* "Saturday,Sunday" as BYDAY. */
static int
weekly_days(const char *s, char *list, char *out, char *why)
{
	unsigned mask = 0;
	int first = 1;

	for (char *save = NULL, *w = strtok_r(list, ",", &save); w;
	    w = strtok_r(NULL, ",", &save)) {
		int d = weekday_of(w);
		if (d < 0)
			return refuse(why, s, "'%.20s' is no weekday (Monday to "
			    "Sunday)", w);
		mask |= 1u << d;
	}
	out_add(out, ";BYDAY=");
	for (int d = 0; d < 7; d++)
		if (mask & (1u << d)) {
			out_add(out, "%s%s", first ? "" : ",", weekday_codes[d]);
			first = 0;
		}
	return 0;
}

/* "day23,day24" as BYMONTHDAY. */
static int
month_days(const char *s, char *list, char *out, char *why)
{
	unsigned long mask = 0;
	int first = 1;

	for (char *save = NULL, *w = strtok_r(list, ",", &save); w;
	    w = strtok_r(NULL, ",", &save)) {
		int d = 0, n = 0;
		if (sscanf(w, "%*1[dD]%*1[aA]%*1[yY]%2d%n", &d, &n) != 1 ||
		    w[n] != '\0' || !isdigit((unsigned char)w[3]) || d < 1 ||
		    d > 31)
			return refuse(why, s, "'%.20s' is no month day (day1 to "
			    "day31)", w);
		/* RFC 5545 skips a month without the day; what Azure does then
		 * is not documented. */
		if (d > MONTH_MIN_DAYS)
			return refuse(why, s, "day%d is not in every month, and "
			    "what Azure does in a month without it is not "
			    "documented", d);
		mask |= 1ul << d;
	}
	out_add(out, ";BYMONTHDAY=");
	for (int d = 1; d <= 31; d++)
		if (mask & (1ul << d)) {
			out_add(out, "%s%d", first ? "" : ",", d);
			first = 0;
		}
	return 0;
}

/* "OffsetK" into *k (-6..6). */
static int
offset_of(const char *w, int *k)
{
	int n = 0;

	if (strncasecmp(w, "Offset", 6) != 0 || !(isdigit((unsigned char)w[6]) ||
	    ((w[6] == '-' || w[6] == '+') && isdigit((unsigned char)w[7]))) ||
	    sscanf(w + 6, "%d%n", k, &n) != 1 || w[6 + n] != '\0')
		return -1;
	return *k < -6 || *k > 6 ? -1 : 0;
}

/* "Second Tuesday [Offset2]": the nth weekday, moved k days. The moved day
 * is one RRULE only while it stays in the month: the weekday k days on from
 * the nth's, among the days the nth can fall on moved k days. */
static int
month_weekday(const char *s, char **w, int nw, char *out, char *why)
{
	int n = 0, d, k = 0, lo, hi;

	for (size_t i = 0; i < sizeof ordinals / sizeof *ordinals; i++)
		if (strcasecmp(w[0], ordinals[i].name) == 0)
			n = ordinals[i].n;
	if (n == 0)
		return refuse(why, s, "'%.20s' is neither a month day (dayD) nor "
		    "a week of the month (First to Fourth, Last)", w[0]);
	if (nw < 2 || (d = weekday_of(w[1])) < 0)
		return refuse(why, s, "'%.20s' is no weekday (Monday to Sunday)",
		    nw < 2 ? "" : w[1]);
	if (nw == 3 && offset_of(w[2], &k) != 0)
		return refuse(why, s, "'%.20s' is no offset (Offset-6 to "
		    "Offset6)", w[2]);
	if (k == 0) {
		out_add(out, ";BYDAY=%d%s", n, weekday_codes[d]);
		return 0;
	}
	/* The days the nth weekday can fall on, as month days (negative:
	 * from the end), moved k days. */
	lo = n > 0 ? 7 * n - 6 + k : -7 + k;
	hi = n > 0 ? 7 * n + k : -1 + k;
	if ((n > 0 && (lo < 1 || hi > MONTH_MIN_DAYS)) || (n < 0 && hi > -1))
		return refuse(why, s, "the %s %s %s %d day%s can fall in the %s "
		    "month: one RRULE cannot say it", w[0], weekdays[d],
		    k > 0 ? "plus" : "minus", k > 0 ? k : -k, k == 1 || k == -1 ?
		    "" : "s", k > 0 ? "next" : "previous");
	out_add(out, ";BYDAY=%s;BYMONTHDAY=", weekday_codes[((d + k) % 7 + 7) % 7]);
	for (int m = lo; m <= hi; m++)
		out_add(out, "%d%s", m, m < hi ? "," : "");
	return 0;
}

int
azure_recur_rrule(const char *s, char out[AZURE_RRULE_MAX],
    char why[AZURE_WHY_MAX])
{
	char buf[128], *w[AZURE_MAX_WORDS];
	enum azure_freq freq;
	int nw, interval;

	out[0] = why[0] = '\0';
	if ((nw = words_of(s, buf, sizeof buf, w)) <= 0)
		return refuse(why, s, "not [N]Day(s), [N]Week(s) [WEEKDAYS] or "
		    "[N]Month(s) [dayD,...|WEEK WEEKDAY [OffsetK]]");
	if (unit_of(w[0], &interval, &freq) != 0)
		return refuse(why, s, "'%.20s' is not [N]Day(s), [N]Week(s) or "
		    "[N]Month(s) (N from 1 to %d)", w[0], AZURE_MAX_INTERVAL);
	out_add(out, "FREQ=%s", units[freq].freq);
	if (interval > 1)
		out_add(out, ";INTERVAL=%d", interval);
	if (nw == 1)
		return 0;
	switch (freq) {
	case AZ_DAILY:
		break;
	case AZ_WEEKLY:
		if (nw == 2)
			return weekly_days(s, w[1], out, why);
		break;
	case AZ_MONTHLY:
		if (strncasecmp(w[1], "day", 3) == 0 && nw == 2)
			return month_days(s, w[1], out, why);
		return month_weekday(s, w + 1, nw - 1, out, why);
	}
	return refuse(why, s, "not Azure's grammar after '%.20s' (weekdays "
	    "after weeks, month days or a week of the month after months, "
	    "nothing after days)", w[0]);
}
