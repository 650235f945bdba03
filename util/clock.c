/* The clock: SOURCE_DATE_EPOCH, else time(); and time() alone. */
#include <stdlib.h>
#include <time.h>

#include "clock.h"

int64_t
pw_clock(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v = e && *e ? strtoll(e, &end, 10) : 0;

	return v > 0 && *end == '\0' ? (int64_t)v : (int64_t)time(NULL);
}

int64_t
pw_clock_real(void)
{
	return (int64_t)time(NULL);
}
