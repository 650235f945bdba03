/* What the JSON calendar readers (provider feeds: EC2, AWS Health, RDS, GCP,
 * Azure) share: their instants and how an event takes them. Import-internal. */
#ifndef PW_CAL_JSON_H
#define PW_CAL_JSON_H

#include <stdint.h>

#include <json-c/json.h>

#include "../model/calendar.h"
#include "../model/error.h"

/* The forms cal_json_time reads, for a problem's message. */
#define CAL_JSON_TIMES	"ISO 8601, \"21 Jan 2019 09:00:43 GMT\", \"Sat, 05 " \
			"Jun 2016 15:10:09 GMT\" or epoch seconds"

/* An instant as the providers write it: ISO 8601 with an optional fraction
 * and a Z or an offset (the CLIs, gcloud), "21 Jan 2019 09:00:43 GMT" (the
 * EC2 metadata), RFC 1123 "Sat, 05 Jun 2016 15:10:09 GMT" (EventBridge),
 * epoch seconds with or without a fraction (the APIs). 0 with *t set, -1 not
 * one. */
int	cal_json_time(json_object *v, int64_t *t);
/* o's member key as an instant into *t: 0 read; 1 absent (null, or ""); -1
 * not one, a problem said at path:line. */
int	cal_json_take_time(json_object *o, const char *key, const char *path,
	    long line, struct pw_diags *problems, int64_t *t);
/* t as iCalendar's UTC date-time, with the Z (latest_start) or without
 * (dtstart and dtend, whose zone is "UTC"). */
void	cal_utc_text(int64_t t, int z, char out[17]);
/* Set e's start and end to the UTC instants start and end. */
void	cal_event_utc(struct cal_event *e, int64_t start, int64_t end);

#endif
