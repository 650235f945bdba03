/* What the JSON calendar readers (provider feeds: EC2, AWS Health, RDS, GCP,
 * Azure) share: their instants and how an event takes them. Import-internal. */
#ifndef PW_CAL_JSON_H
#define PW_CAL_JSON_H

#include <stdint.h>

#include <json-c/json.h>

#include "../model/calendar.h"
#include "calendar.h"
#include "json_doc.h"
#include "json_records.h"

/* The forms cal_json_time reads, for a problem's message. */
#define CAL_JSON_TIMES	"ISO 8601, \"21 Jan 2019 09:00:43 GMT\", \"Sat, 05 " \
			"Jun 2016 15:10:09 GMT\" or epoch seconds; from 1970 " \
			"to 9998"

/* An instant as the providers write it: ISO 8601 with an optional fraction
 * and a Z or an offset (the CLIs, gcloud), "21 Jan 2019 09:00:43 GMT" (the
 * EC2 metadata), RFC 1123 "Sat, 05 Jun 2016 15:10:09 GMT" (EventBridge),
 * epoch seconds with or without a fraction (the APIs), from 1970 to 9998.
 * 0 with *t set, -1 not one. */
int	cal_json_time(json_object *v, int64_t *t);
/* t as iCalendar's UTC date-time, with the Z (latest_start) or without
 * (dtstart and dtend, whose zone is "UTC"). */
void	cal_utc_text(int64_t t, int z, char out[17]);
/* Set e's start and end to the UTC instants start and end. */
void	cal_event_utc(struct cal_event *e, int64_t start, int64_t end);
/* The time member key of o into *t: 0 read; 1 absent, null or ""; -1 not
 * a time, a problem at path:line naming key and the forms read. */
int	cal_json_take_time(json_object *o, const char *key, const char *path,
	    long line, struct pw_diags *problems, int64_t *t);
/* A provider's record v of d, an element of its list at *line, that holds
 * its events as a list under list_key beside its own id_key (an instance
 * and its events, an RDS resource and its actions): fn(arg, event, line,
 * id) for each event, each an object no longer than JSON_PART_MAX built
 * alone (put after fn returns). A record that is no object, one without
 * its id ("WHO without its ID_KEY"), a list that is none, an event that is
 * no object (or too long) are problems at their lines. *line becomes the
 * record's own (json_doc_record_line). 1 when v is an object without
 * list_key (the caller's to read), 0 read, -1 when json-c refused a value
 * (d->fatal set). */
typedef void cal_json_event_fn(void *arg, json_object *event, long line,
    const char *id);
int	cal_json_each_nested(struct json_doc *d, struct json_span v, long *line,
	    const char *list_key, const char *id_key, const char *who,
	    struct pw_diags *problems, cal_json_event_fn *fn, void *arg);

/* A provider listing's first step: data opened as JSON whose records are
 * the list at one of paths (json_records_open), a file without one refused
 * as not_this (a fatal at line 1), and cal made ready (its path, UTC for
 * its times). 0, or -1 with fatal set and c closed. */
int	cal_json_open(struct json_records *c, struct calendar *cal,
	    const char *path, const char *data, size_t len,
	    const char *const *const *paths, const char *not_this,
	    struct pw_error *fatal);
/* A reader's last step, the calendar read whole: the note empty (as "no
 * scheduled event in the file"; NULL none) when it holds no event and there
 * was no problem, the cost check (calendar.h) when problems do not refuse the
 * file, then the sink's put; its result. */
int	cal_json_put(struct calendar *cal, const char *path,
	    struct cal_sink *sink, struct pw_diags *problems, const char *empty);

#endif
