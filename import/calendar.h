/* Calendar readers (import-internal): each turns one file format into a
 * calendar (model/calendar.h) and hands it to a sink, whole: the events that
 * are valid, with problems and notes at their lines. */
#ifndef PW_IMPORT_CALENDAR_H
#define PW_IMPORT_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "../model/calendar.h"
#include "../model/error.h"
#include "sniff.h"

/* One of the files an import reads when it is given several (only calendar
 * formats take several: AWS Health's listings join across files). */
struct import_part {
	const char	*path;
	const char	*data;		/* NUL-terminated, len bytes */
	size_t		 len;
};

/* Receives the calendar read, once; put may move its contents out (leaving it
 * initialised), the reader frees what is left. The rest is what reading
 * needs to know. */
struct cal_sink {
	int	(*put)(struct cal_sink *, struct calendar *);
	void	*arg;
	struct pw_diags *notes;		/* warnings that cost no event */
	const char	*float_tz;	/* floating times' zone (--tz), or NULL */
	const char	*fallback_tz;	/* when neither --tz nor the file says */
	/* What a file may cost (model/calendar.h) is counted over
	 * [now, now + days days): the reader refuses an event past a bound. */
	int64_t		 now;
	int		 days;
	/* Problems so far do not refuse the file (--skip-invalid): count the
	 * cost anyway. Without it, a problem refuses the file and the reader
	 * does not spend the time. */
	int		 skip_invalid;
	/* --asset: the instance of a file that names none (the EC2 instance
	 * metadata's events), or NULL. */
	const char	*asset;
	/* --cutoff: the cutoff (an RFC 5545 DURATION) of every event that
	 * gives none (iCalendar), or NULL. */
	const char	*cutoff;
	/* Every file the import was given, parts[0] being the reader's own
	 * (path, data, len); nparts is 1 unless the format takes several
	 * (formats.h). 0: only the reader's own (a test, the fuzzer). */
	const struct import_part *parts;
	size_t		 nparts;
};

/* Read path's bytes data[0..len). Event problems go to problems (the event is
 * left out); a problem with the file as a whole (a NUL byte, no iCalendar)
 * returns -1 with fatal set. The calendar's name, kind and scope are the
 * caller's to set. */
typedef int cal_reader(const char *path, const char *data, size_t len,
    struct cal_sink *, struct pw_diags *problems, struct pw_error *fatal);

/* What the calendar read may cost (cal_cost.c), for a reader to call before
 * its put, when problems->n is 0 or sink->skip_invalid: the events past a
 * bound become problems in path (at line(arg, event, rule) when line is not
 * NULL: rule is an RRULE's index, -1 the RDATEs, -2 the event; else at the
 * event's line) and leave cal. */
void	cal_cost_check(struct calendar *cal, const char *path, int64_t now,
	    int days, long (*line)(void *arg, const struct cal_event *, int rule),
	    void *arg, struct pw_diags *problems);

/* ical.c: iCalendar (RFC 5545) through libical */
cal_reader cal_read_ics;
import_sniff cal_sniff_ics;
/* cal_ec2.c: EC2 scheduled events (describe-instance-status, the instance
 * metadata) */
cal_reader cal_read_ec2;
import_sniff cal_sniff_ec2;
/* cal_gcp.c: GCE instances' upcomingMaintenance (gcloud compute instances
 * describe/list, the API's instances.list) */
cal_reader cal_read_gcp;
import_sniff cal_sniff_gcp;
/* cal_azure.c: Azure maintenance configurations (Microsoft.Maintenance) */
cal_reader cal_read_azure;
import_sniff cal_sniff_azure;
/* cal_rds.c: RDS pending maintenance actions
 * (describe-pending-maintenance-actions) */
cal_reader cal_read_rds;
import_sniff cal_sniff_rds;
/* cal_health.c: AWS Health events (describe-events, its affected entities
 * and event details; the EventBridge event), across the files given */
cal_reader cal_read_health;
import_sniff cal_sniff_health;
/* cal_ssm.c: AWS Systems Manager maintenance windows (get-maintenance-
 * window, describe-maintenance-windows) */
cal_reader cal_read_ssm;
import_sniff cal_sniff_ssm;

#endif
