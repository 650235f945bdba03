/* Calendar arithmetic on the proleptic Gregorian calendar and UTC instants
 * (seconds since the epoch, 64-bit, no leap seconds). */
#ifndef PW_CIVIL_H
#define PW_CIVIL_H

#include <stdint.h>

/* A broken-down wall-clock time; no zone. */
struct civil {
	int	y, mo, d, h, mi, s;
};

long	days_from_civil(int y, int m, int d);	/* days since 1970-01-01 */
void	civil_from_days(long days, int *y, int *m, int *d);
int	days_in_month(int y, int m);
int	civil_valid(const struct civil *);
/* Wall clock read as if it were UTC (no zone applied). */
int64_t	civil_to_seconds(const struct civil *);
void	civil_from_seconds(int64_t, struct civil *);
/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void	utc_format(int64_t, char *out);
/* Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z]" or "YYYYMMDD[THHMMSS[Z]]" as a
 * wall-clock time; *has_time says whether a time part was given. */
int	civil_parse(const char *, struct civil *, int *has_time);

#endif
