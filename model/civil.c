/* Civil calendar arithmetic (after Howard Hinnant's chrono algorithms: exact for
 * every Gregorian date, no tables, no locale, no TZ environment). */
#include <stdio.h>
#include <string.h>

#include "civil.h"

long
days_from_civil(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

int
civil_valid(const struct civil *c)
{
	return c->y >= 1 && c->y <= 9999 && c->mo >= 1 && c->mo <= 12 &&
	    c->d >= 1 && c->d <= days_in_month(c->y, c->mo) && c->h >= 0 &&
	    c->h <= 23 && c->mi >= 0 && c->mi <= 59 && c->s >= 0 && c->s <= 60;
}

int64_t
civil_to_seconds(const struct civil *c)
{
	return (int64_t)days_from_civil(c->y, c->mo, c->d) * 86400 +
	    c->h * 3600 + c->mi * 60 + c->s;
}

void
civil_from_seconds(int64_t t, struct civil *c)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;

	civil_from_days((long)days, &c->y, &c->mo, &c->d);
	c->h = (int)(rem / 3600);
	c->mi = (int)(rem % 3600 / 60);
	c->s = (int)(rem % 60);
}

void
utc_format(int64_t t, char *out)
{
	struct civil c;

	char tmp[64];

	civil_from_seconds(t, &c);
	if (c.y >= 0 && c.y <= 9999) {
		/* By hand: this is every listed occurrence's start and end. */
		const int v[6] = { c.y, c.mo, c.d, c.h, c.mi, c.s };
		static const char shape[] = "0000-00-00T00:00:00Z";
		static const int at[6] = { 3, 6, 9, 12, 15, 18 };
		memcpy(out, shape, sizeof shape);
		for (int i = 0; i < 6; i++)
			for (int k = at[i], x = v[i]; x > 0; k--, x /= 10)
				out[k] = (char)('0' + x % 10);
		return;
	}
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.y % 10000,
	    c.mo, c.d, c.h, c.mi, c.s);
	memcpy(out, tmp, 21);
	out[20] = '\0';
}

/* s[0..n) all digits: their value in *out, 1; else 0 (a NUL stops it). */
static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int civil_parse_scanf(const char *, struct civil *, int *);

int
civil_parse(const char *s, struct civil *c, int *has_time)
{
	const char *s0 = s;

	memset(c, 0, sizeof *c);
	*has_time = 0;
	/* The plain forms read digit by digit (a calendar of ten thousand
	 * events parses thirty thousand times); anything else, and whatever
	 * they do not take whole, by sscanf as before. */
	if (digits(s, 4, &c->y) && s[4] == '-' && digits(s + 5, 2, &c->mo) &&
	    s[7] == '-' && digits(s + 8, 2, &c->d)) {
		s += 10;
		if (*s == 'T' || *s == ' ') {
			if (!digits(s + 1, 2, &c->h) || s[3] != ':' ||
			    !digits(s + 4, 2, &c->mi))
				return civil_parse_scanf(s0, c, has_time);
			s += 6;
			if (*s == ':') {
				if (!digits(s + 1, 2, &c->s))
					return civil_parse_scanf(s0, c, has_time);
				s += 3;
			}
			*has_time = 1;
		}
	} else if (digits(s, 8, &c->d)) {
		digits(s, 4, &c->y);
		digits(s + 4, 2, &c->mo);
		digits(s + 6, 2, &c->d);
		s += 8;
		if (*s == 'T') {
			if (!digits(s + 1, 6, &c->s))
				return civil_parse_scanf(s0, c, has_time);
			digits(s + 1, 2, &c->h);
			digits(s + 3, 2, &c->mi);
			digits(s + 5, 2, &c->s);
			s += 7;
			*has_time = 1;
		}
	} else
		return civil_parse_scanf(s0, c, has_time);
	if (*s == 'Z' && *has_time)
		s++;
	return *s == '\0' && civil_valid(c) ? 0 : -1;
}

/* civil_parse by sscanf: what the plain forms above agree with. */
static int
civil_parse_scanf(const char *s, struct civil *c, int *has_time)
{
	int n = 0;

	memset(c, 0, sizeof *c);
	*has_time = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &c->y, &c->mo, &c->d, &n) == 3 && n == 10) {
		s += n;
		if (*s == 'T' || *s == ' ') {
			int m = 0;
			if (sscanf(s + 1, "%2d:%2d%n", &c->h, &c->mi, &m) != 2 || m != 5)
				return -1;
			s += 1 + m;
			if (*s == ':') {
				if (sscanf(s + 1, "%2d%n", &c->s, &m) != 1 || m != 2)
					return -1;
				s += 3;
			}
			*has_time = 1;
		}
	} else if (sscanf(s, "%4d%2d%2d%n", &c->y, &c->mo, &c->d, &n) == 3 && n == 8) {
		s += n;
		if (*s == 'T') {
			if (sscanf(s + 1, "%2d%2d%2d%n", &c->h, &c->mi, &c->s, &n) != 3 ||
			    n != 6)
				return -1;
			s += 7;
			*has_time = 1;
		}
	} else
		return -1;
	if (*s == 'Z' && *has_time)
		s++;
	return *s == '\0' && civil_valid(c) ? 0 : -1;
}
