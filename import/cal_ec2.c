/* EC2 scheduled events as provider maintenance (ec2-events), in either of
 * the shapes AWS gives them:
 *   aws ec2 describe-instance-status: {"InstanceStatuses": [{"InstanceId",
 *     "Events": [{"InstanceEventId", "Code", "Description", "NotBefore",
 *     "NotAfter", "NotBeforeDeadline"}]}]} (or the list alone, as --query
 *     InstanceStatuses prints it);
 *   the instance metadata's /latest/meta-data/events/maintenance/scheduled:
 *     a list of {"EventId", "Code", "Description", "NotBefore", "NotAfter",
 *     "State"}, on no instance named (--asset).
 * One event per event id, its assets the instance: the id is the UID, so a
 * re-import updates it. docs/formats.md has the mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "cal_json.h"
#include "calendar.h"
#include "json_records.h"

/* An instance-stop or instance-retirement event gives only when it starts:
 * the instance stays stopped until someone starts it again. It is given
 * this long, the time to start it (or move it) afterwards, and a note says
 * so. */
#define EC2_OPEN_ENDED	3600

struct ec2_run {
	const char	*path;
	struct json_doc	*doc;
	struct calendar	*cal;
	struct pw_diags	*problems;
	const char	*asset;		/* --asset, for the metadata form */
	const char	*instance;	/* the instance being read, or NULL */
	struct strmap	 ids;		/* event ids seen */
	size_t		 done, open_ended, dates_only;
};

/* One event o at line, on instance (NULL: the metadata's, --asset). */
static void
one_event(struct ec2_run *r, json_object *o, long line, const char *id_key)
{
	const char *id = json_doc_str(o, id_key);
	const char *code = json_doc_str(o, "Code");
	const char *desc = json_doc_str(o, "Description");
	const char *state = json_doc_str(o, "State");
	const char *instance = r->instance ? r->instance : r->asset;
	int64_t start, end, latest;
	char when[17];
	struct buf sum = { 0 };
	struct cal_event *e;
	int rc;

	if (id == NULL) {
		pw_diags_add(r->problems, r->path, line, "an event without its %s",
		    id_key);
		return;
	}
	/* What happened, or will not: history, not maintenance to come. */
	if ((state && (strcasecmp(state, "canceled") == 0 ||
	    strcasecmp(state, "completed") == 0)) || (desc &&
	    (strncmp(desc, "[Completed]", 11) == 0 ||
	    strncmp(desc, "[Canceled]", 10) == 0))) {
		r->done++;
		return;
	}
	if (strmap_get(&r->ids, id) != (size_t)-1) {
		pw_diags_add(r->problems, r->path, line, "event %.60s a second "
		    "time", id);
		return;
	}
	strmap_put(&r->ids, id, 1);
	if ((rc = cal_json_take_time(o, "NotBefore", r->path, line, r->problems,
	    &start)) != 0) {
		if (rc > 0)
			pw_diags_add(r->problems, r->path, line, "event %.60s "
			    "without its NotBefore", id);
		return;
	}
	if ((rc = cal_json_take_time(o, "NotAfter", r->path, line, r->problems,
	    &end)) < 0)
		return;
	if (rc > 0) {
		end = start + EC2_OPEN_ENDED;
		r->open_ended++;
	} else if (end < start) {
		pw_diags_add(r->problems, r->path, line, "event %.60s: NotAfter "
		    "before NotBefore", id);
		return;
	}
	if ((rc = cal_json_take_time(o, "NotBeforeDeadline", r->path, line,
	    r->problems, &latest)) < 0)
		return;
	e = calendar_add_event(r->cal);
	e->line = line;
	cal_set(&e->uid, id);
	cal_set(&e->provider_id, id);
	cal_set(&e->assets, instance);
	buf_printf(&sum, "%s: %s", code ? code : "event", desc ? desc : "");
	cal_set(&e->summary, buf_str(&sum));
	buf_free(&sum);
	cal_set(&e->status, "CONFIRMED");
	cal_event_utc(e, start, end);
	if (rc == 0) {
		cal_utc_text(latest, 1, when);
		cal_set(&e->latest_start, when);
	}
}

/* An element of an instance's Events. */
static void
each_event(void *arg, json_object *o, long line, const char *instance)
{
	struct ec2_run *r = arg;

	r->instance = instance;
	one_event(r, o, line, "InstanceEventId");
	r->instance = NULL;
}

/* An element of the list: an instance with its events, or (the metadata
 * form) an event. */
static int
each_record(void *arg, struct json_span v, long line)
{
	struct ec2_run *r = arg;
	json_object *o;
	int rc;

	if ((rc = cal_json_each_nested(r->doc, v, &line, "Events", "InstanceId",
	    "an instance", r->problems, each_event, r)) <= 0)
		return rc;
	if (v.n > JSON_PART_MAX) {
		pw_diags_add(r->problems, r->path, line, "a record longer than %zu "
		    "bytes", JSON_PART_MAX);
		return 0;
	}
	if ((o = json_doc_build(r->doc, v)) == NULL)
		return -1;
	if (r->asset == NULL)
		pw_diags_add(r->problems, r->path, line, "an event of the instance "
		    "metadata, which names no instance: give --asset KEY");
	else
		one_event(r, o, line, "EventId");
	json_object_put(o);
	return 0;
}

int
cal_read_ec2(const char *path, const char *data, size_t len,
    struct cal_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const named[] = { "InstanceStatuses", NULL };
	static const char *const bare[] = { NULL };
	static const char *const *const paths[] = { named, bare, NULL };
	struct ec2_run r = { .path = path, .problems = problems,
	    .asset = sink->asset };
	struct json_records c;
	struct calendar cal;
	int rc = -1;

	calendar_init(&cal);
	if (cal_json_open(&c, &cal, path, data, len, paths, "not EC2 events: no "
	    "\"InstanceStatuses\" list (describe-instance-status) nor a list of "
	    "events (the instance metadata)", fatal) != 0)
		goto out;
	r.doc = &c.doc;
	r.cal = &cal;
	if (json_doc_each_element(&c.doc, c.list, each_record, &r) != 0)
		goto close;
	if (sink->notes && r.done > 0)
		pw_diags_add(sink->notes, path, 0, "%zu event%s completed or "
		    "canceled skipped: no maintenance to come", r.done,
		    r.done == 1 ? "" : "s");
	if (sink->notes && r.open_ended > 0)
		pw_diags_add(sink->notes, path, 0, "%zu event%s without a NotAfter "
		    "(an instance stop or retirement: it stays stopped) given %d "
		    "minutes from its NotBefore, the time to start it again",
		    r.open_ended, r.open_ended == 1 ? "" : "s", EC2_OPEN_ENDED / 60);
	rc = cal_json_put(&cal, path, sink, problems, "no scheduled event in "
	    "the file");
close:
	json_records_close(&c);
out:
	strmap_free(&r.ids);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_ec2(const char *data, size_t len)
{
	return sniff_aws_list(data, len, "\"InstanceStatuses\"", "\"NotBefore\"",
	    "\"Code\"");
}
