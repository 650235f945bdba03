/* Calendar values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "calendar.h"

static const char *const kind_names[CAL_KIND_COUNT] = { "provider", "freeze", "window" };

const char *
cal_kind_name(enum cal_kind k)
{
	return k < CAL_KIND_COUNT ? kind_names[k] : "?";
}

int
cal_kind_parse(const char *s)
{
	for (int i = 0; i < CAL_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

void
calendar_init(struct calendar *c)
{
	memset(c, 0, sizeof *c);
}

/* The text of every empty field of an event calendar_add_event made: one
 * "" for all of them, never freed (an event's fields are mostly empty, and
 * a 10k-event calendar loads for every plan and check). */
static char empty_field[1];

void
cal_event_free(struct cal_event *e)
{
	char **s[] = { &e->uid, &e->recurrence_id, &e->summary, &e->status,
	    &e->dtstart, &e->start_tz, &e->dtend, &e->end_tz, &e->duration,
	    &e->rrules, &e->rdates, &e->exdates, &e->assets, &e->provider_id,
	    &e->latest_start };

	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (*s[i] != empty_field)
			free(*s[i]);
	free(e->asset_at);
}

void
calendar_free(struct calendar *c)
{
	free(c->name);
	free(c->scope_json);
	free(c->path);
	free(c->float_tz);
	for (size_t i = 0; i < c->nevents; i++)
		cal_event_free(&c->events[i]);
	free(c->events);
	for (size_t i = 0; i < c->nzones; i++) {
		free(c->zones[i].tzid);
		free(c->zones[i].vtimezone);
	}
	free(c->zones);
	memset(c, 0, sizeof *c);
}

void
cal_set(char **slot, const char *s)
{
	char *n = s && *s ? xstrdup(s) : empty_field;

	if (*slot != empty_field)
		free(*slot);
	*slot = n;
}

struct cal_event *
calendar_add_event(struct calendar *c)
{
	struct cal_event *e;

	c->events = xgrow(c->events, &c->capevents, c->nevents, sizeof *c->events);
	e = &c->events[c->nevents++];
	memset(e, 0, sizeof *e);
	char **s[] = { &e->uid, &e->recurrence_id, &e->summary, &e->status,
	    &e->dtstart, &e->start_tz, &e->dtend, &e->end_tz, &e->duration,
	    &e->rrules, &e->rdates, &e->exdates, &e->assets, &e->provider_id,
	    &e->latest_start };
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		*s[i] = empty_field;
	return e;
}

void
calendar_add_zone(struct calendar *c, const char *tzid, const char *vtimezone)
{
	c->zones = xgrow(c->zones, &c->capzones, c->nzones, sizeof *c->zones);
	c->zones[c->nzones].tzid = xstrdup(tzid);
	c->zones[c->nzones].vtimezone = xstrdup(vtimezone);
	c->nzones++;
}

const char *
cal_event_name(const struct cal_event *e)
{
	return e->provider_id && *e->provider_id ? e->provider_id : e->uid;
}

/* FNV-1a over the fields with separators; 64 bits is plenty to tell edits
 * apart. The provider's fields count only when set, so an iCalendar event's
 * digest is what it was before they existed (a re-import changes nothing). */
void
cal_event_digest(const struct cal_event *e, char out[17])
{
	char cut[16] = "";
	const char *f[] = { e->summary, e->status, e->dtstart, e->start_tz,
	    e->dtend, e->end_tz, e->duration, e->rrules, e->rdates, e->exdates,
	    e->all_day ? "1" : "0", e->range_future ? "1" : "0", e->assets,
	    e->provider_id, e->latest_start, cut };
	uint64_t h = 1469598103934665603ULL;
	static const char hex[] = "0123456789abcdef";

	if (e->cutoff_minutes > 0)
		snprintf(cut, sizeof cut, "%d", e->cutoff_minutes);

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (i >= 12) {
			if (f[i] == NULL || *f[i] == '\0')
				continue;
			h ^= i;		/* which field: they may be set apart */
			h *= 1099511628211ULL;
		}
		for (const unsigned char *p = (const unsigned char *)f[i]; *p; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
		h ^= 0xff;
		h *= 1099511628211ULL;
	}
	for (int i = 15; i >= 0; i--) {
		out[i] = hex[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}

void
occ_list_free(struct occ_list *l)
{
	free(l->v);
	free(l->cuts);
	memset(l, 0, sizeof *l);
}
