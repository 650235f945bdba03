/* AWS Health events as provider maintenance (aws-health), from the files the
 * user gives together (a folder of them, or each named):
 *   aws health describe-events: {"events": [{"arn", "service",
 *     "eventTypeCode", "eventTypeCategory", "startTime", "endTime",
 *     "statusCode", ...}]};
 *   aws health describe-affected-entities: {"entities": [{"eventArn",
 *     "entityValue", "awsAccountId", ...}]}, joined to the events by arn;
 *   aws health describe-event-details: {"successfulSet": [{"event": {...},
 *     "eventDescription": {"latestDescription"}}]}: an event, and its text;
 *   the EventBridge event {"source": "aws.health", "account", "detail":
 *     {"eventArn", ..., "eventDescription": [{"latestDescription"}],
 *     "affectedEntities": [{"entityValue"}]}}, or a list of them;
 *   any of the lists alone, as --query prints it.
 * Only scheduled changes are maintenance: one event each, its arn the UID,
 * so a re-import updates it. All the files are read before the join, in any
 * order. docs/formats.md has the mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "cal_json.h"
#include "calendar.h"
#include "json_records.h"

/* A scheduled change AWS gives no end (a host's network maintenance, an
 * instance's retirement: only when it starts) is given this long, the usual
 * reboot and checks after it, and a note says so. As EC2's own events. */
#define HEALTH_OPEN_ENDED	3600

/* The summary keeps the description's first line, at most this long: AWS's
 * run to pages of advice, the calendar shows a line. */
#define HEALTH_TEXT_MAX		200

/* The categories counted by name when skipped; the rest as "other". */
static const char *const categories[] = { "issue", "accountNotification",
	"investigation", NULL };
#define NCATEGORIES	4	/* the named, and other */

/* The lists read_part finds, in its paths' order. */
enum health_list { LIST_EVENTS, LIST_ENTITIES, LIST_DETAILS, LIST_BARE };

/* How an event was given: a file may hold it once in each form. */
enum { GIVEN_LISTED = 1, GIVEN_DETAILED = 2 };

/* An event read, before the join. */
struct hev {
	char		*arn, *service, *code, *text;
	const char	*file;		/* the part's path (borrowed) */
	long		 line;
	int64_t		 start, end;
	int		 open_ended;
	int		 given;		/* GIVEN_* */
	int		 maintenance;	/* a scheduled change to come */
	int		 bad;		/* a problem said: left out */
	size_t		 part;		/* the file's index */
	struct buf	 assets;	/* its resources, '\n'-joined */
	struct cal_place *at;		/* where each was given */
	size_t		 nat, capat;
};

/* An affected entity, before the join. */
struct hent {
	char		*arn, *value, *account;
	size_t		 part;		/* the file's index */
	struct cal_place at;		/* its record (EventBridge: its event) */
	int		 bad;		/* its value refused: its event is too */
};

/* What a file held that did not become an event, for its notes. */
struct health_counts {
	size_t	skipped[NCATEGORIES], closed, no_category, open_ended, scoped,
		unknown, updates;
};

/* An EventBridge event kept until every file is read: EventBridge sends an
 * event again on each update, and the latest (by its "time", then file
 * order) stands for it. */
struct bridge {
	json_object	*o;		/* a reference held */
	long		 line;
	size_t		 part;
	const char	*path;		/* the part's (borrowed) */
};

struct health_run {
	const char	*path;		/* the file being read */
	size_t		 part;		/* ... its index */
	enum health_list list;		/* its list */
	struct health_counts *counts;	/* each file's */
	struct pw_diags	*problems;
	struct hev	*ev;
	size_t		 nev, capev;
	struct hent	*ent;
	size_t		 nent, capent;
	struct strmap	 arns;		/* arn: its index in ev */
	struct strmap	 pairs;		/* "arn\nvalue": an entity seen */
	struct bridge	*br;		/* EventBridge events, one per arn */
	size_t		 nbr, capbr;
	struct strmap	 br_arns;	/* arn: its index in br */
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The first line of text, at most HEALTH_TEXT_MAX bytes cut at a character's
 * start (UTF-8), into a new string; NULL for none. */
static char *
text_line(const char *text)
{
	size_t n;

	if (text == NULL)
		return NULL;
	n = strcspn(text, "\r\n");
	if (n > HEALTH_TEXT_MAX)
		for (n = HEALTH_TEXT_MAX; n > 0 &&
		    ((unsigned char)text[n] & 0xc0) == 0x80; n--)
			;
	return n ? xstrndup(text, n) : NULL;
}

/* An event's category index into skipped[]. */
static size_t
category_of(const char *cat)
{
	size_t i;

	for (i = 0; categories[i]; i++)
		if (strcmp(cat, categories[i]) == 0)
			break;
	return i;
}

/* Read the start and end of the scheduled change o into h: 0, or -1 with
 * the problem said. */
static int
event_times(struct health_run *r, json_object *o, struct hev *h)
{
	int rc;

	if ((rc = cal_json_take_time(o, "startTime", r->path, h->line,
	    r->problems, &h->start)) != 0) {
		if (rc > 0)
			pw_diags_add(r->problems, r->path, h->line, "event %.80s "
			    "without its startTime", h->arn);
		return -1;
	}
	if ((rc = cal_json_take_time(o, "endTime", r->path, h->line,
	    r->problems, &h->end)) < 0)
		return -1;
	if (rc > 0) {
		h->end = h->start + HEALTH_OPEN_ENDED;
		h->open_ended = 1;
	} else if (h->end < h->start) {
		pw_diags_add(r->problems, r->path, h->line, "event %.80s: endTime "
		    "before startTime", h->arn);
		return -1;
	}
	return 0;
}

/* The event o at line (its arn the member arn_key), given as given, with
 * text its description or NULL. */
static void
take_event(struct health_run *r, json_object *o, long line, const char *arn_key,
    int given, const char *text)
{
	const char *arn = json_doc_str(o, arn_key);
	const char *cat = json_doc_str(o, "eventTypeCategory");
	const char *status = json_doc_str(o, "statusCode");
	size_t at = arn ? strmap_get(&r->arns, arn) : (size_t)-1;
	struct hev *h;

	if (at != (size_t)-1) {
		/* describe-events and describe-event-details both hold it:
		 * one event, its text the details'. */
		h = &r->ev[at];
		if (h->given & given) {
			if (h->maintenance)
				pw_diags_add(r->problems, r->path, line, "event "
				    "%.80s a second time", arn);
			return;
		}
		h->given |= given;
		if (text) {
			free(h->text);
			h->text = text_line(text);
		}
		return;
	}
	if (cat == NULL) {
		/* Which kind of event is unknown: skipped, counted. */
		r->counts[r->part].no_category++;
		return;
	}
	if (strcmp(cat, "scheduledChange") != 0) {
		r->counts[r->part].skipped[category_of(cat)]++;
		if (arn == NULL)
			return;
	} else if (status && strcmp(status, "closed") == 0) {
		r->counts[r->part].closed++;
		if (arn == NULL)
			return;
	} else if (arn == NULL) {
		pw_diags_add(r->problems, r->path, line, "a scheduledChange event "
		    "without its %s", arn_key);
		return;
	}
	/* Kept even when skipped: its entities are then no unknown event's,
	 * and the details of it are not counted again. */
	r->ev = xgrow(r->ev, &r->capev, r->nev, sizeof *r->ev);
	h = &r->ev[r->nev];
	memset(h, 0, sizeof *h);
	strmap_put(&r->arns, arn, r->nev++);
	h->arn = xstrdup(arn);
	h->file = r->path;
	h->part = r->part;
	h->line = line;
	h->given = given;
	h->maintenance = strcmp(cat, "scheduledChange") == 0 &&
	    !(status && strcmp(status, "closed") == 0);
	if (!h->maintenance)
		return;
	h->service = dup_or_null(json_doc_str(o, "service"));
	h->code = dup_or_null(json_doc_str(o, "eventTypeCode"));
	h->text = text_line(text);
	h->bad = event_times(r, o, h) != 0;
}

/* An affected entity of event arn. */
static void
take_entity(struct health_run *r, const char *arn, const char *value,
    const char *account, long line)
{
	struct hent *e;
	int bad = 0;

	/* An event's names are one a line: a newline would make one entity
	 * several names, out of step with the places they were given at. Its
	 * event goes too (--skip-invalid): without it, it could name no
	 * resource, and so concern the calendar's whole scope. */
	for (const unsigned char *c = (const unsigned char *)value; *c && !bad; c++)
		bad = *c < 0x20 || *c == 0x7f;
	if (bad)
		pw_diags_add(r->problems, r->path, line, "an affected entity's "
		    "entityValue with a control character: no instance, database "
		    "or account is named so");
	r->ent = xgrow(r->ent, &r->capent, r->nent, sizeof *r->ent);
	e = &r->ent[r->nent++];
	e->arn = xstrdup(arn);
	e->value = xstrdup(bad ? "" : value);
	e->bad = bad;
	e->account = dup_or_null(account);
	e->part = r->part;
	e->at = (struct cal_place){ r->path, line };
}

/* EventBridge's description: the en_US one, else the first. */
static const char *
bridge_text(json_object *list)
{
	const char *first = NULL;
	size_t n;

	if (list == NULL || !json_object_is_type(list, json_type_array))
		return NULL;
	n = json_object_array_length(list);
	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(list, i);
		const char *t = json_doc_str(d, "latestDescription");
		const char *lang = json_doc_str(d, "language");
		if (t && lang && strcmp(lang, "en_US") == 0)
			return t;
		if (first == NULL)
			first = t;
	}
	return first;
}

/* An EventBridge event: its detail is the event, its affected entities
 * inside it. */
static void
take_bridge(struct health_run *r, json_object *o, long line)
{
	json_object *d = json_doc_get(o, "detail");
	json_object *ents = json_doc_get(d, "affectedEntities");
	const char *arn = json_doc_str(d, "eventArn");
	size_t n;

	if (d == NULL || !json_object_is_type(d, json_type_object)) {
		pw_diags_add(r->problems, r->path, line, "an EventBridge event "
		    "whose detail is not an object");
		return;
	}
	take_event(r, d, line, "eventArn", GIVEN_LISTED,
	    bridge_text(json_doc_get(d, "eventDescription")));
	if (arn == NULL || ents == NULL ||
	    !json_object_is_type(ents, json_type_array))
		return;
	n = json_object_array_length(ents);
	for (size_t i = 0; i < n; i++) {
		const char *v = json_doc_str(json_object_array_get_idx(ents, i),
		    "entityValue");
		if (v)
			take_entity(r, arn, v, json_doc_str(o, "account"), line);
	}
}

/* An EventBridge event o at line, kept (a reference taken) unless a later
 * update of it is kept already; an earlier one it replaces. One without its
 * arn is taken at once, for its problem to be said. */
static void
keep_bridge(struct health_run *r, json_object *o, long line)
{
	const char *arn = json_doc_str(json_doc_get(o, "detail"), "eventArn");
	const char *t = json_doc_str(o, "time");
	size_t at;

	if (arn == NULL) {
		take_bridge(r, o, line);
		return;
	}
	if ((at = strmap_get(&r->br_arns, arn)) != (size_t)-1) {
		struct bridge *b = &r->br[at];
		const char *bt = json_doc_str(b->o, "time");
		r->counts[r->part].updates++;
		if (strcmp(t ? t : "", bt ? bt : "") < 0)
			return;		/* older than the one kept */
		json_object_put(b->o);
		*b = (struct bridge){ json_object_get(o), line, r->part, r->path };
		return;
	}
	r->br = xgrow(r->br, &r->capbr, r->nbr, sizeof *r->br);
	r->br[r->nbr] = (struct bridge){ json_object_get(o), line, r->part, r->path };
	strmap_put(&r->br_arns, arn, r->nbr++);
}

/* The EventBridge events kept, each taken as read from its file. */
static void
take_bridges(struct health_run *r)
{
	for (size_t i = 0; i < r->nbr; i++) {
		r->part = r->br[i].part;
		r->path = r->br[i].path;
		take_bridge(r, r->br[i].o, r->br[i].line);
	}
}

/* An affected entity, at line. */
static void
each_entity(struct health_run *r, json_object *o, long line)
{
	const char *arn = json_doc_str(o, "eventArn");
	const char *v = json_doc_str(o, "entityValue");

	if (arn == NULL || v == NULL)
		pw_diags_add(r->problems, r->path, line, "an affected entity "
		    "without its %s", arn ? "entityValue" : "eventArn");
	else
		take_entity(r, arn, v, json_doc_str(o, "awsAccountId"), line);
}

/* A record of the list r->list; of a bare list (--query's), told by its
 * members. */
static int
each_record(json_object *o, long line, void *arg)
{
	struct health_run *r = arg;
	json_object *ev = json_doc_get(o, "event");
	enum health_list l = r->list;

	if (l == LIST_BARE)
		l = json_doc_get(o, "detail") ? LIST_BARE : ev ? LIST_DETAILS :
		    json_doc_get(o, "entityValue") || (json_doc_get(o,
		    "eventArn") && !json_doc_get(o, "arn")) ? LIST_ENTITIES :
		    LIST_EVENTS;
	switch (l) {
	case LIST_EVENTS:
		take_event(r, o, line, "arn", GIVEN_LISTED, NULL);
		break;
	case LIST_ENTITIES:
		each_entity(r, o, line);
		break;
	case LIST_DETAILS:
		if (ev == NULL || !json_object_is_type(ev, json_type_object))
			pw_diags_add(r->problems, r->path, line, "event details "
			    "without their event");
		else
			take_event(r, ev, line, "arn", GIVEN_DETAILED,
			    json_doc_str(json_doc_get(o, "eventDescription"),
			    "latestDescription"));
		break;
	case LIST_BARE:
		keep_bridge(r, o, line);
		break;
	}
	return 0;
}

/* Read one file's records into r: 0, or -1 with fatal set (the file is no
 * JSON, or none of AWS Health's). */
static int
read_part(struct health_run *r, const struct import_part *p,
    struct pw_error *fatal)
{
	static const char *const events[] = { "events", NULL };
	static const char *const entities[] = { "entities", NULL };
	static const char *const details[] = { "successfulSet", NULL };
	static const char *const bare[] = { NULL };
	static const char *const *const paths[] = { events, entities, details,
	    bare, NULL };
	struct json_records c;
	json_object *o;
	int rc = -1;

	r->path = p->path;
	if (json_records_open(&c, p->path, p->data, p->len, paths, fatal) != 0)
		goto out;
	if (c.list.s != NULL) {
		r->list = (enum health_list)c.which;	/* paths' order */
		rc = json_records_each(&c, r->problems, each_record, r);
		goto out;
	}
	/* One EventBridge event, the whole file. */
	if (!json_doc_is_object(c.doc.root) || c.doc.root.n > JSON_PART_MAX) {
		pw_error_set(fatal, p->path, 1, "not AWS Health events: no "
		    "\"events\", \"entities\" or \"successfulSet\" list, nor an "
		    "EventBridge event of at most %zu bytes", JSON_PART_MAX);
		goto out;
	}
	if ((o = json_doc_build(&c.doc, c.doc.root)) == NULL)
		goto out;
	if (json_doc_get(o, "detail") == NULL)
		pw_error_set(fatal, p->path, 1, "not AWS Health events: no "
		    "\"events\", \"entities\" or \"successfulSet\" list, nor an "
		    "EventBridge event (its \"detail\")");
	else {
		keep_bridge(r, o, json_doc_record_line(&c.doc, c.doc.root));
		rc = 0;
	}
	json_object_put(o);
out:
	json_records_close(&c);
	return rc;
}

/* Is an entity's value a resource? The account itself ("AWS_ACCOUNT", its
 * id) is not: the event is then the calendar's whole scope. */
static int
is_resource(const struct hent *e)
{
	size_t n = strlen(e->value);

	if (strcmp(e->value, "AWS_ACCOUNT") == 0 ||
	    (e->account && strcmp(e->value, e->account) == 0))
		return 0;
	return !(n == 12 && strspn(e->value, "0123456789") == n);
}

/* The entities onto their events' assets, each once. */
static void
join_entities(struct health_run *r)
{
	struct buf key = { 0 };

	for (size_t i = 0; i < r->nent; i++) {
		const struct hent *e = &r->ent[i];
		size_t at = strmap_get(&r->arns, e->arn);
		struct hev *h;
		if (at == (size_t)-1) {
			r->counts[e->part].unknown++;
			continue;
		}
		h = &r->ev[at];
		h->bad |= e->bad;
		if (!h->maintenance || !is_resource(e) || e->value[0] == '\0')
			continue;	/* (an empty name: no slot in assets) */
		buf_reset(&key);
		buf_printf(&key, "%s\n%s", e->arn, e->value);
		if (strmap_get(&r->pairs, buf_str(&key)) != (size_t)-1)
			continue;
		strmap_put(&r->pairs, buf_str(&key), 1);
		if (h->assets.len)
			buf_addc(&h->assets, '\n');
		buf_adds(&h->assets, e->value);
		h->at = xgrow(h->at, &h->capat, h->nat, sizeof *h->at);
		h->at[h->nat++] = e->at;
	}
	buf_free(&key);
}

/* The scheduled changes read, as events of cal. */
static void
events_out(struct health_run *r, struct calendar *cal)
{
	struct buf sum = { 0 };

	for (size_t i = 0; i < r->nev; i++) {
		struct hev *h = &r->ev[i];
		struct cal_event *e;
		if (!h->maintenance || h->bad)
			continue;
		e = calendar_add_event(cal);
		e->line = h->line;
		e->file = h->file;
		cal_set(&e->uid, h->arn);
		cal_set(&e->provider_id, h->arn);
		cal_set(&e->assets, buf_str(&h->assets));
		e->asset_at = h->at;	/* a name that matches no asset is
					   said at its entity's line */
		h->at = NULL;
		buf_reset(&sum);
		buf_printf(&sum, "%s %s", h->service ? h->service : "AWS",
		    h->code ? h->code : "scheduled change");
		if (h->text)
			buf_printf(&sum, ": %s", h->text);
		cal_set(&e->summary, buf_str(&sum));
		cal_set(&e->status, "CONFIRMED");
		cal_event_utc(e, h->start, h->end);
		r->counts[h->part].open_ended += h->open_ended;
		r->counts[h->part].scoped += h->assets.len == 0;
	}
	buf_free(&sum);
}

/* "7 issue and 3 accountNotification" into b: the categories skipped. */
static size_t
skipped_text(const struct health_counts *c, struct buf *b)
{
	size_t total = 0, said = 0, left;

	for (size_t i = 0; i < NCATEGORIES; i++)
		total += c->skipped[i];
	left = total;
	for (size_t i = 0; i < NCATEGORIES; i++) {
		if (c->skipped[i] == 0)
			continue;
		left -= c->skipped[i];
		buf_printf(b, "%s%zu %s", said++ == 0 ? "" : left == 0 ? " and " :
		    ", ", c->skipped[i], categories[i] ? categories[i] : "other");
	}
	return total;
}

/* What file path held and did not become an event as it is, as notes. */
static void
file_notes(const struct health_counts *c, const char *path,
    struct pw_diags *notes)
{
	struct buf b = { 0 };
	size_t n;

	if ((n = skipped_text(c, &b)) > 0)
		pw_diags_add(notes, path, 0, "%s event%s skipped: not scheduled "
		    "maintenance", buf_str(&b), n == 1 ? "" : "s");
	buf_free(&b);
	if (c->no_category > 0)
		pw_diags_add(notes, path, 0, "%zu event%s without an "
		    "eventTypeCategory skipped: not known to be maintenance",
		    c->no_category, c->no_category == 1 ? "" : "s");
	if (c->closed > 0)
		pw_diags_add(notes, path, 0, "%zu closed scheduled change%s "
		    "skipped: history, no maintenance to come", c->closed,
		    c->closed == 1 ? "" : "s");
	if (c->open_ended > 0)
		pw_diags_add(notes, path, 0, "%zu scheduled change%s without an "
		    "endTime given %d minutes from the startTime", c->open_ended,
		    c->open_ended == 1 ? "" : "s", HEALTH_OPEN_ENDED / 60);
	if (c->scoped > 0)
		pw_diags_add(notes, path, 0, "%zu scheduled change%s with no "
		    "resource among the affected entities given (none, or the "
		    "account): %s the calendar's whole scope", c->scoped,
		    c->scoped == 1 ? "" : "s", c->scoped == 1 ? "it is" :
		    "each is");
	if (c->updates > 0)
		pw_diags_add(notes, path, 0, "%zu EventBridge event%s of an arn "
		    "given again: the latest (by its time) stands for it",
		    c->updates, c->updates == 1 ? "" : "s");
	if (c->unknown > 0)
		pw_diags_add(notes, path, 0, "%zu affected entit%s of an event no "
		    "file given holds skipped (give its describe-events or "
		    "describe-event-details too)", c->unknown, c->unknown == 1 ?
		    "y" : "ies");
}

static void
health_run_free(struct health_run *r)
{
	for (size_t i = 0; i < r->nev; i++) {
		free(r->ev[i].arn);
		free(r->ev[i].service);
		free(r->ev[i].code);
		free(r->ev[i].text);
		buf_free(&r->ev[i].assets);
		free(r->ev[i].at);
	}
	free(r->ev);
	for (size_t i = 0; i < r->nent; i++) {
		free(r->ent[i].arn);
		free(r->ent[i].value);
		free(r->ent[i].account);
	}
	free(r->ent);
	free(r->counts);
	for (size_t i = 0; i < r->nbr; i++)
		json_object_put(r->br[i].o);
	free(r->br);
	strmap_free(&r->br_arns);
	strmap_free(&r->arns);
	strmap_free(&r->pairs);
}

int
cal_read_health(const char *path, const char *data, size_t len,
    struct cal_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	const struct import_part one = { path, data, len };
	const struct import_part *parts = sink->nparts ? sink->parts : &one;
	size_t nparts = sink->nparts ? sink->nparts : 1;
	struct health_run r = { .problems = problems };
	struct calendar cal;
	int rc = -1;

	calendar_init(&cal);
	r.counts = xcalloc(nparts, sizeof *r.counts);
	for (r.part = 0; r.part < nparts; r.part++)
		if (read_part(&r, &parts[r.part], fatal) != 0)
			goto out;
	take_bridges(&r);
	join_entities(&r);
	cal.path = xstrdup(path);
	cal.float_tz = xstrdup("UTC");
	events_out(&r, &cal);
	/* Each note at the file it is about. */
	for (size_t i = 0; sink->notes && i < nparts; i++)
		file_notes(&r.counts[i], parts[i].path, sink->notes);
	rc = cal_json_put(&cal, path, sink, problems, nparts == 1 ?
	    "no scheduled change in the file given" :
	    "no scheduled change in the files given");
out:
	health_run_free(&r);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_health(const char *data, size_t len)
{
	if (sniff_json(data, len, 0, "\"eventTypeCategory\"") ||
	    sniff_json(data, len, 0, "\"aws.health\"") ||
	    (sniff_json(data, len, 0, "\"entityValue\"") &&
	    sniff_json(data, len, 0, "\"eventArn\"")))
		return SNIFF_YES;
	/* An empty listing carries no mark but its list's name. */
	if (sniff_json(data, len, '{', "\"events\"") ||
	    sniff_json(data, len, '{', "\"entities\"") ||
	    sniff_json(data, len, '{', "\"successfulSet\""))
		return SNIFF_MAYBE;
	return SNIFF_NO;
}
