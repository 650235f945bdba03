/* GCP upcoming maintenance as provider maintenance (gcp-maintenance): the
 * upcomingMaintenance of Compute Engine instances (the API's Instance
 * resource, compute/docs/reference/rest/v1/instances), in the shapes
 * gcloud and the API give them:
 *   gcloud compute instances describe NAME --format json: one instance;
 *   gcloud compute instances list --format json: a list of them;
 *   the API's instances.list: {"kind": "compute#instanceList", "items":
 *     [...]}.
 * An instance with upcomingMaintenance ({"type", "canReschedule",
 * "windowStartTime", "windowEndTime", "latestWindowStartTime",
 * "maintenanceStatus", ...}) is one event on it, its UID the instance's id,
 * so a re-import updates it. docs/formats.md has the mapping. */
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "cal_json.h"
#include "calendar.h"
#include "json_records.h"

/* A window with no windowEndTime says only when the host maintenance may
 * start. The API documents the end as the time by which the disruption is
 * over; a live migration or a terminate-and-restart takes minutes, so an
 * hour holds it with room, and a note says so. */
#define GCP_OPEN_ENDED	3600

struct gcp_run {
	const char	*path;
	struct calendar	*cal;
	struct pw_diags	*problems;
	struct strmap	 uids;		/* the instances seen */
	size_t		 without, open_ended;
};

/* The last segment of a URL or path ("zones/us-central1-a" of a zone's
 * URL is "us-central1-a"). */
static const char *
last_segment(const char *s)
{
	const char *p = strrchr(s, '/');

	return p ? p + 1 : s;
}

/* The instance's path for `gcloud compute instances perform-maintenance
 * NAME --zone ZONE` into out: "projects/P/zones/Z/instances/N" from its
 * selfLink when that ends in /instances/ and the name (the asset is matched
 * by the name: the command must name that instance), else
 * "zones/Z/instances/N" from zone and name. -1 when there is no zone to
 * say. */
static int
instance_path(json_object *o, const char *name, struct buf *out)
{
	const char *link = json_doc_str(o, "selfLink");
	const char *zone = json_doc_str(o, "zone");
	const char *p, *i;

	if (link && (p = strstr(link, "projects/")) != NULL &&
	    strstr(p, "/zones/") && (i = strstr(p, "/instances/")) != NULL &&
	    strcmp(i + 11, name) == 0) {
		buf_adds(out, p);
		return 0;
	}
	if (zone == NULL || *last_segment(zone) == '\0')
		return -1;
	buf_printf(out, "zones/%s/instances/%s", last_segment(zone), name);
	return 0;
}

/* The maintenance m of instance name at line, its uid and provider id
 * given: one event, or a problem at line. */
static void
one_window(struct gcp_run *r, json_object *m, const char *name,
    const char *uid, const char *id, long line)
{
	const char *type = json_doc_str(m, "type");
	const char *status = json_doc_str(m, "maintenanceStatus");
	json_object *resched = json_doc_get(m, "canReschedule");
	int64_t start, end, latest;
	char when[17];
	struct buf sum = { 0 };
	struct cal_event *e;
	int rc;

	if ((rc = cal_json_take_time(m, "windowStartTime", r->path, line,
	    r->problems, &start)) != 0) {
		if (rc > 0)
			pw_diags_add(r->problems, r->path, line, "instance %.60s: "
			    "upcomingMaintenance without its windowStartTime",
			    name);
		return;
	}
	if ((rc = cal_json_take_time(m, "windowEndTime", r->path, line,
	    r->problems, &end)) < 0)
		return;
	if (rc > 0) {
		end = start + GCP_OPEN_ENDED;
		r->open_ended++;
	} else if (end < start) {
		pw_diags_add(r->problems, r->path, line, "instance %.60s: "
		    "windowEndTime before windowStartTime", name);
		return;
	}
	if ((rc = cal_json_take_time(m, "latestWindowStartTime", r->path, line,
	    r->problems, &latest)) < 0)
		return;
	e = calendar_add_event(r->cal);
	e->line = line;
	cal_set(&e->uid, uid);
	cal_set(&e->provider_id, id);
	cal_set(&e->assets, name);
	buf_printf(&sum, "GCE %s%smaintenance: %s", type ? type : "",
	    type ? " " : "", name);
	if (status)
		buf_printf(&sum, " (%s)", status);
	cal_set(&e->summary, buf_str(&sum));
	buf_free(&sum);
	cal_set(&e->status, "CONFIRMED");
	cal_event_utc(e, start, end);
	/* Only a window the owner may trigger earlier can be moved. */
	if (rc == 0 && resched && json_object_is_type(resched,
	    json_type_boolean) && json_object_get_boolean(resched)) {
		cal_utc_text(latest, 1, when);
		cal_set(&e->latest_start, when);
	}
}

/* One instance o at line. */
static int
one_instance(json_object *o, long line, void *arg)
{
	struct gcp_run *r = arg;
	const char *name = json_doc_str(o, "name");
	const char *id = json_doc_str(o, "id");
	json_object *m = json_doc_get(o, "upcomingMaintenance");
	struct buf path = { 0 }, uid = { 0 };

	if (name == NULL) {
		pw_diags_add(r->problems, r->path, line, "an instance without its "
		    "name");
		return 0;
	}
	if (m == NULL || json_object_is_type(m, json_type_null)) {
		r->without++;
		return 0;
	}
	if (!json_object_is_type(m, json_type_object)) {
		pw_diags_add(r->problems, r->path, line, "instance %.60s: "
		    "upcomingMaintenance is not an object", name);
		return 0;
	}
	if (instance_path(o, name, &path) != 0) {
		pw_diags_add(r->problems, r->path, line, "instance %.60s without "
		    "its zone (nor a selfLink naming it)", name);
		goto out;
	}
	/* By id: an instance deleted and made again under the same name is
	 * another instance, its window another event (the path would not tell
	 * them apart). gcloud always writes the id. */
	buf_printf(&uid, "gce:%s", id ? id : buf_str(&path));
	if (strmap_get(&r->uids, buf_str(&uid)) != (size_t)-1) {
		pw_diags_add(r->problems, r->path, line, "instance %.60s a second "
		    "time", name);
		goto out;
	}
	strmap_put(&r->uids, buf_str(&uid), 1);
	one_window(r, m, name, buf_str(&uid), buf_str(&path), line);
out:
	buf_free(&path);
	buf_free(&uid);
	return 0;
}

/* describe's one instance, the document itself. */
static int
the_instance(struct gcp_run *r, struct json_doc *d)
{
	long line = json_doc_record_line(d, d->root);
	json_object *o;

	if (d->root.n > JSON_PART_MAX) {
		pw_diags_add(r->problems, r->path, line, "an instance of more than "
		    "%zu bytes (1 MiB)", JSON_PART_MAX);
		return 0;
	}
	if ((o = json_doc_build(d, d->root)) == NULL)
		return -1;
	one_instance(o, line, r);
	json_object_put(o);
	return 0;
}

int
cal_read_gcp(const char *path, const char *data, size_t len,
    struct cal_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const items[] = { "items", NULL };
	static const char *const bare[] = { NULL };
	static const char *const *const paths[] = { items, bare, NULL };
	static const char *const name[] = { "name", NULL };
	struct gcp_run r = { .path = path, .problems = problems };
	struct json_records c;
	struct json_span v;
	struct calendar cal;
	int rc = -1;

	calendar_init(&cal);
	if (json_records_open(&c, path, data, len, paths, fatal) != 0)
		goto out;
	if (c.list.s == NULL && (!json_doc_is_object(c.doc.root) ||
	    json_doc_find(&c.doc, c.doc.root, name, &v) != 0)) {
		pw_error_set(fatal, path, 1, "not GCE instances: no instance "
		    "(gcloud compute instances describe), list of them (list) "
		    "nor \"items\" (the API's instances.list)");
		goto close;
	}
	r.cal = &cal;
	cal.path = xstrdup(path);
	cal.float_tz = xstrdup("UTC");
	if (c.list.s != NULL ? json_records_each(&c, problems, one_instance,
	    &r) != 0 : the_instance(&r, &c.doc) != 0)
		goto close;
	if (sink->notes && r.without > 0)
		pw_diags_add(sink->notes, path, 0, "%zu instance%s without "
		    "upcoming maintenance", r.without, r.without == 1 ? "" : "s");
	if (sink->notes && r.open_ended > 0)
		pw_diags_add(sink->notes, path, 0, "%zu window%s without a "
		    "windowEndTime given %d minutes from its windowStartTime",
		    r.open_ended, r.open_ended == 1 ? "" : "s",
		    GCP_OPEN_ENDED / 60);
	rc = cal_json_put(&cal, path, sink, problems, r.without > 0 ? NULL :
	    "no upcoming maintenance in the file");
close:
	json_records_close(&c);
out:
	strmap_free(&r.uids);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_gcp(const char *data, size_t len)
{
	if (sniff_json(data, len, 0, "\"upcomingMaintenance\"") ||
	    sniff_json(data, len, 0, "\"compute#instance\""))
		return SNIFF_YES;
	return SNIFF_NO;
}
