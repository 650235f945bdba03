/* The bench's floor for a calendar's import and expansion (bench.py,
 * bench_calendar): libical alone parsing the file into components and, for
 * every VEVENT, walking its RRULE with libical's own iterator from DTSTART to
 * the end of the range, each instance converted to UTC in its zone (libical's
 * builtin zones), counting those that overlap [FROM, TO). No EXDATE, RDATE or
 * override, nothing stored, nothing printed but the count. Built by
 * bench/run.sh.
 *
 * Usage: ical_walk FILE FROM TO   (FROM and TO as UTC seconds) */
#include <stdio.h>
#include <stdlib.h>

#include <libical/ical.h>

/* The zone DTSTART's TZID names, or NULL (floating or UTC). */
static icaltimezone *
start_zone(icalproperty *p)
{
	icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);

	if (tzid == NULL)
		return NULL;
	return icaltimezone_get_builtin_timezone(icalparameter_get_tzid(tzid));
}

static time_t
as_utc(struct icaltimetype t, icaltimezone *z)
{
	return icaltime_as_timet_with_zone(t, z ? z : icaltimezone_get_utc_timezone());
}

int
main(int argc, char **argv)
{
	FILE *f;
	char *data;
	long size, n = 0;
	time_t from, to;

	if (argc != 4 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: ical_walk FILE FROM TO\n");
		return 2;
	}
	from = (time_t)atoll(argv[2]);
	to = (time_t)atoll(argv[3]);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc((size_t)size + 1);
	if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size)
		return 2;
	data[size] = '\0';
	fclose(f);

	icalcomponent *cal = icalparser_parse_string(data);
	free(data);
	if (cal == NULL)
		return 1;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT); ev; ev = icalcomponent_get_next_component(cal,
	    ICAL_VEVENT_COMPONENT)) {
		icalproperty *sp = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
		if (sp == NULL)
			continue;
		struct icaltimetype st = icalproperty_get_dtstart(sp);
		icaltimezone *z = start_zone(sp);
		struct icaldurationtype d = icalcomponent_get_duration(ev);
		time_t len = (time_t)icaldurationtype_as_int(d);
		icalproperty *rp = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
		if (rp == NULL) {
			time_t s = as_utc(st, z);
			n += s < to && s + len > from;
			continue;
		}
		icalrecur_iterator *it = icalrecur_iterator_new(icalproperty_get_rrule(rp), st);
		if (it == NULL)
			continue;
		for (struct icaltimetype t = icalrecur_iterator_next(it);
		    !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
			time_t s = as_utc(t, z);
			if (s >= to)
				break;
			n += s + len > from;
		}
		icalrecur_iterator_free(it);
	}
	icalcomponent_free(cal);
	printf("%ld\n", n);
	return 0;
}
