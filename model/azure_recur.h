/* Azure maintenance windows' recurrence (Microsoft.Maintenance
 * maintenanceConfigurations, maintenanceWindow.recurEvery) as an RFC 5545
 * RRULE: a domain rule, no I/O. */
#ifndef PW_AZURE_RECUR_H
#define PW_AZURE_RECUR_H

#include <stddef.h>

/* Room for the longest RRULE azure_recur_rrule writes, and for its reason. */
#define AZURE_RRULE_MAX	160
#define AZURE_WHY_MAX	200

/* The RRULE (without "RRULE:") for recurEvery text s, whose grammar is
 * [N]Day(s); [N]Week(s) [Monday,...,Sunday]; [N]Month(s) [dayD,...] or
 * [N]Month(s) First|Second|Third|Fourth|Last WEEKDAY [OffsetK] (K in
 * -6..6). 0 with out set; -1 with why set (naming the text) when s is not
 * that grammar or says what one RRULE cannot: an offset that can carry the
 * day into another month, a month day that some months lack. */
int	azure_recur_rrule(const char *s, char out[AZURE_RRULE_MAX],
	    char why[AZURE_WHY_MAX]);

#endif
