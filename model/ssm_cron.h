/* AWS Systems Manager maintenance windows' schedules (cron(...), rate(...))
 * as RFC 5545 RRULEs: a domain rule, no I/O. */
#ifndef PW_SSM_CRON_H
#define PW_SSM_CRON_H

/* Room for the longest RRULE written (every minute and hour listed), and for
 * a reason. SSM_EXPR_MAX is SSM's own bound on a Schedule (botocore's
 * MaintenanceWindowSchedule), SSM_ITEMS_MAX the items of one field's list. */
#define SSM_RRULE_MAX	640
#define SSM_WHY_MAX	200
#define SSM_EXPR_MAX	256
#define SSM_ITEMS_MAX	60

struct ssm_cron {
	char	rule[SSM_RRULE_MAX];	/* without "RRULE:" nor UNTIL */
	int	year_from, year_to;	/* the year field's span; 0 0: any */
};

/* The RRULE for the six fields of cron(FIELDS) (minutes hours day-of-month
 * month day-of-week year, AWS's day-of-week 1=SUN..7=SAT), its days moved
 * offset days later (ScheduleOffset, 0-6). 0 with *out set; -1 with why set
 * when the text is not AWS's cron or says what one RRULE cannot (W, a year
 * list with gaps, an offset that carries a day into another month). */
int	ssm_cron_rrule(const char *fields, int offset, struct ssm_cron *out,
	    char why[SSM_WHY_MAX]);

/* rate(N minutes|hours|days) body: *seconds the period. 0, or -1 with why. */
int	ssm_rate_seconds(const char *body, long *seconds, char why[SSM_WHY_MAX]);

#endif
