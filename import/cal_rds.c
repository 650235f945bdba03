/* RDS pending maintenance as provider maintenance (rds-pending): the output
 * of `aws rds describe-pending-maintenance-actions`,
 *   {"PendingMaintenanceActions": [{"ResourceIdentifier": ARN,
 *     "PendingMaintenanceActionDetails": [{"Action", "Description",
 *     "AutoAppliedAfterDate", "ForcedApplyDate", "CurrentApplyDate",
 *     "OptInStatus"}]}]}
 * (or the list alone, as --query PendingMaintenanceActions prints it). One
 * event per resource and action, its asset the resource's ARN (a database:
 * usually what an inventory's assets depend on): ARN "/" Action is the UID,
 * so a re-import updates it. An action RDS has given no date is kept
 * undated: listed, never expanded (model/calendar.h). docs/formats.md has
 * the mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "cal_json.h"
#include "calendar.h"
#include "json_records.h"

/* How long an action is given. RDS applies it within the resource's weekly
 * maintenance window, whose length this file does not say; 30 minutes is
 * the shortest window RDS allows (and the length of the one it picks when
 * none is set), so the least the action may take. A note says so. */
#define RDS_WINDOW_SECONDS	1800

/* The dates that may place an action, the surest first: when RDS will
 * apply it (opt-ins counted); when it will whatever the window; the date
 * after which it goes into the first maintenance window. */
static const char *const rds_dates[] = { "CurrentApplyDate", "ForcedApplyDate",
	"AutoAppliedAfterDate" };
#define RDS_NDATES	(sizeof rds_dates / sizeof rds_dates[0])

struct rds_run {
	const char	*path;
	struct json_doc	*doc;
	struct calendar	*cal;
	struct pw_diags	*problems, *notes;
	struct strmap	 ids;		/* resource/action seen */
	size_t		 dated[RDS_NDATES], undated;
};

/* The action's start: the first of rds_dates it has into *t, and that
 * date's index; RDS_NDATES when it has none; -1 a problem (said). */
static int
action_start(struct rds_run *r, json_object *o, long line, int64_t *t)
{
	for (size_t i = 0; i < RDS_NDATES; i++) {
		int rc = cal_json_take_time(o, rds_dates[i], r->path, line,
		    r->problems, t);
		if (rc <= 0)
			return rc < 0 ? -1 : (int)i;
	}
	return (int)RDS_NDATES;
}

/* One action o at line of resource arn. */
static void
one_action(void *arg, json_object *o, long line, const char *arn)
{
	struct rds_run *r = arg;
	const char *action = json_doc_str(o, "Action");
	const char *desc = json_doc_str(o, "Description");
	struct buf id = { 0 }, sum = { 0 };
	struct cal_event *e;
	int64_t start = 0;
	int which;

	if (action == NULL) {
		pw_diags_add(r->problems, r->path, line, "an action without its "
		    "Action");
		return;
	}
	buf_printf(&id, "%s/%s", arn, action);
	if (strmap_get(&r->ids, buf_str(&id)) != (size_t)-1) {
		pw_diags_add(r->problems, r->path, line, "action %.200s a second "
		    "time", buf_str(&id));
		goto out;
	}
	strmap_put(&r->ids, buf_str(&id), 1);
	if ((which = action_start(r, o, line, &start)) < 0)
		goto out;
	/* Undated, an action costs no occurrence, but it is stored and listed:
	 * bounded as a file's occurrences are. */
	if (which == (int)RDS_NDATES && r->undated >= CAL_FILE_OCCURRENCES) {
		pw_diags_add(r->problems, r->path, line, "more than %d undated "
		    "actions in one file", CAL_FILE_OCCURRENCES);
		goto out;
	}
	e = calendar_add_event(r->cal);
	e->line = line;
	cal_set(&e->uid, buf_str(&id));
	cal_set(&e->provider_id, buf_str(&id));
	cal_set(&e->assets, arn);
	buf_printf(&sum, "RDS %s: %s", action, desc ? desc : "");
	if (which > 0 && which < (int)RDS_NDATES)
		buf_printf(&sum, " (from its %s)", rds_dates[which]);
	cal_set(&e->summary, buf_str(&sum));
	if (which == (int)RDS_NDATES) {
		/* Pending, but RDS says no date: never one made up. */
		cal_set(&e->status, "TENTATIVE");
		r->undated++;
		if (r->notes)
			pw_diags_add(r->notes, r->path, line, "%.200s: action %.60s "
			    "is pending with no date (RDS applies it when someone "
			    "opts in, or at a date it has not set): kept undated, "
			    "listed but never planned around", arn, action);
	} else {
		cal_set(&e->status, "CONFIRMED");
		cal_event_utc(e, start, start + RDS_WINDOW_SECONDS);
		r->dated[which]++;
	}
out:
	buf_free(&id);
	buf_free(&sum);
}

/* An element of the list: a resource with its actions. */
static int
each_resource(void *arg, struct json_span v, long line)
{
	struct rds_run *r = arg;
	int rc;

	rc = cal_json_each_nested(r->doc, v, &line,
	    "PendingMaintenanceActionDetails", "ResourceIdentifier", "a resource",
	    r->problems, one_action, r);
	if (rc > 0)
		pw_diags_add(r->problems, r->path, line, "a resource without its "
		    "PendingMaintenanceActionDetails");
	return rc < 0 ? -1 : 0;
}

/* The run's notes: how the dated actions were placed. */
static void
rds_notes(const struct rds_run *r)
{
	size_t dated = 0;

	for (size_t i = 0; i < RDS_NDATES; i++)
		dated += r->dated[i];
	if (dated > 0)
		pw_diags_add(r->notes, r->path, 0, "%zu action%s, each given %d minutes "
		    "from its date, RDS's shortest maintenance window (the "
		    "resource's own window is not in the file)", dated,
		    dated == 1 ? "" : "s", RDS_WINDOW_SECONDS / 60);
	if (r->dated[2] > 0)
		pw_diags_add(r->notes, r->path, 0, "%zu action%s placed at its "
		    "AutoAppliedAfterDate: RDS applies it in the first maintenance "
		    "window after that, which may be later", r->dated[2],
		    r->dated[2] == 1 ? "" : "s");
}

int
cal_read_rds(const char *path, const char *data, size_t len,
    struct cal_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const named[] = { "PendingMaintenanceActions", NULL };
	static const char *const bare[] = { NULL };
	static const char *const *const paths[] = { named, bare, NULL };
	struct rds_run r = { .path = path, .problems = problems,
	    .notes = sink->notes };
	struct json_records c;
	struct calendar cal;
	int rc = -1;

	calendar_init(&cal);
	if (cal_json_open(&c, &cal, path, data, len, paths, "not RDS pending "
	    "maintenance: no \"PendingMaintenanceActions\" list", fatal) != 0)
		goto out;
	r.doc = &c.doc;
	r.cal = &cal;
	if (json_doc_each_element(&c.doc, c.list, each_resource, &r) != 0)
		goto close;
	if (sink->notes)
		rds_notes(&r);
	rc = cal_json_put(&cal, path, sink, problems, "no pending maintenance "
	    "action in the file");
close:
	json_records_close(&c);
out:
	strmap_free(&r.ids);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_rds(const char *data, size_t len)
{
	return sniff_aws_list(data, len, "\"PendingMaintenanceActions\"",
	    "\"ResourceIdentifier\"", "\"PendingMaintenanceActionDetails\"");
}
