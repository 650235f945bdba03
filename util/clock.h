/* The clock every command and the terminal UI read "now" from. */
#ifndef PW_CLOCK_H
#define PW_CLOCK_H

#include <stdint.h>

/* Now, in UTC seconds: SOURCE_DATE_EPOCH when it is set to a positive count
 * of seconds (a reproducible run, a demo as of its day), else the clock. */
int64_t	pw_clock(void);
/* The clock itself, whatever SOURCE_DATE_EPOCH says: the time change control
 * records a decision at (store_record_time). */
int64_t	pw_clock_real(void);

#endif
