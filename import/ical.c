/*
 * The iCalendar reader (RFC 5545), pure (calendar.h), through libical: VEVENTs
 * from any number of VCALENDARs (or none), with their zones resolved once:
 *   a UTC value ("Z")          -> "UTC"
 *   TZID naming an IANA zone   -> that zone (the tz database beats a copy)
 *   TZID naming a Windows zone -> its IANA zone (CLDR)
 *   TZID with a VTIMEZONE here -> "vtz:TZID" (the file's own definition)
 *   anything else              -> floating, with a warning
 * Floating times are read in --tz, else the file's X-WR-TIMEZONE, else the
 * policy's zone. RECURRENCE-ID, RDATE and EXDATE become canonical UTC instants
 * (or dates), so overrides match instances whatever zone they were written in.
 * libical gives no line numbers, so a light scan of the raw text finds the line
 * of each VEVENT and of its properties for FILE:LINE messages.
 */
#include <ctype.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "../model/rrule.h"
#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "calendar.h"
#include "csv.h"

/* Where each VEVENT begins and ends in the raw text (physical lines). */
struct evpos {
	long	begin, end;
};

/*
 * The file unfolded (RFC 5545 §3.1) into logical lines joined by CRLF, with
 * the physical line where each began. Like python-icalendar, a run of line
 * breaks before a continuation is one fold, and blank lines are dropped: real
 * exports put empty lines inside folds.
 */
struct linescan {
	struct buf	 text;
	struct evpos	*ev;
	size_t		 nev, capev;
	long		*starts;	/* physical line of each logical line */
	size_t		*offs;		/* offset of each logical line in text */
	size_t		 n, cap;
};

static void
scan_lines(struct linescan *ls, const char *data, size_t len)
{
	long phys = 0;
	size_t i = 0;
	int in_event = 0;

	memset(ls, 0, sizeof *ls);
	while (i < len) {
		size_t start = i, end;
		phys++;
		while (i < len && data[i] != '\n' && data[i] != '\r')
			i++;
		end = i;
		if (i < len && data[i] == '\r')
			i++;
		if (i < len && data[i] == '\n' && (i == 0 || data[i - 1] == '\r' ||
		    i == end))
			i++;
		if (end == start)
			continue;	/* blank: dropped, even inside a fold */
		if ((data[start] == ' ' || data[start] == '\t') && ls->n > 0) {
			buf_add(&ls->text, data + start + 1, end - start - 1);
			continue;
		}
		if (ls->n > 0)
			buf_adds(&ls->text, "\r\n");
		size_t had = ls->cap;
		ls->starts = xgrow(ls->starts, &ls->cap, ls->n, sizeof *ls->starts);
		if (ls->cap != had)	/* grown with starts: not once a line */
			ls->offs = xrealloc(ls->offs, ls->cap * sizeof *ls->offs);
		ls->starts[ls->n] = phys;
		ls->offs[ls->n++] = ls->text.len;
		buf_add(&ls->text, data + start, end - start);
		if (end - start >= 12 && strncasecmp(data + start, "BEGIN:VEVENT", 12) == 0) {
			ls->ev = xgrow(ls->ev, &ls->capev, ls->nev, sizeof *ls->ev);
			ls->ev[ls->nev].begin = phys;
			ls->ev[ls->nev].end = 0;
			ls->nev++;
			in_event = 1;
		} else if (in_event && end - start >= 10 &&
		    strncasecmp(data + start, "END:VEVENT", 10) == 0) {
			ls->ev[ls->nev - 1].end = phys;
			in_event = 0;
		}
	}
	buf_adds(&ls->text, "\r\n");
}

/* The first logical line of VEVENT number k (lines are in file order): a
 * binary search, not a walk from the file's top for every event. */
static size_t
scan_event_first(const struct linescan *ls, size_t k)
{
	size_t lo = 0, hi = ls->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ls->starts[mid] < ls->ev[k].begin)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The physical line of property name within VEVENT number k, or its BEGIN. */
static long
prop_line(const struct linescan *ls, size_t k, const char *name)
{
	size_t nl = strlen(name);

	if (k >= ls->nev)
		return 0;
	for (size_t i = scan_event_first(ls, k); i < ls->n; i++) {
		if (ls->ev[k].end && ls->starts[i] > ls->ev[k].end)
			break;
		const char *p = ls->text.s + ls->offs[i];
		if ((size_t)(ls->text.s + ls->text.len - p) > nl &&
		    strncasecmp(p, name, nl) == 0 &&
		    (p[nl] == ':' || p[nl] == ';' || p[nl] == '\r' || p[nl] == '\n'))
			return ls->starts[i];
	}
	return ls->ev[k].begin;
}

/* The physical line of the property name in VEVENT k that holds its value
 * number nth (0-based): values of a comma-separated list count one each when
 * values is set (RDATE, EXDATE), else properties count (RRULE). The VEVENT's
 * BEGIN when there are not that many. */
static long
prop_line_nth(const struct linescan *ls, size_t k, const char *name, size_t nth,
    int values)
{
	size_t nl = strlen(name), seen = 0;

	if (k >= ls->nev)
		return 0;
	for (size_t i = scan_event_first(ls, k); i < ls->n; i++) {
		if (ls->ev[k].end && ls->starts[i] > ls->ev[k].end)
			break;
		const char *p = ls->text.s + ls->offs[i];
		const char *end = i + 1 < ls->n ? ls->text.s + ls->offs[i + 1] :
		    ls->text.s + ls->text.len;
		if ((size_t)(end - p) <= nl || strncasecmp(p, name, nl) != 0 ||
		    (p[nl] != ':' && p[nl] != ';'))
			continue;
		/* The value starts after the first ':' outside quotes; libical
		 * drops an empty one ("RRULE:"), so it does not count. */
		int quoted = 0;
		const char *q = p + nl;
		for (; q < end && (quoted || *q != ':'); q++)
			if (*q == '"')
				quoted = !quoted;
		size_t here = q + 1 < end && q[1] != '\r';
		for (; values && here && q < end; q++)
			here += *q == ',';
		if (nth < seen + here)
			return ls->starts[i];
		seen += here;
	}
	return ls->ev[k].begin;
}

/* Which VEVENT of the scan begins at line; (size_t)-1 when none does. */
static size_t
scan_event_at(const struct linescan *ls, long line)
{
	size_t lo = 0, hi = ls->nev;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ls->ev[mid].begin < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ls->nev && ls->ev[lo].begin == line ? lo : (size_t)-1;
}

static void
scan_free(struct linescan *ls)
{
	buf_free(&ls->text);
	free(ls->ev);
	free(ls->starts);
	free(ls->offs);
}

/* ---- values ----------------------------------------------------------- */

/* One kind of libical warning and where it was seen (libwarn_flush). */
struct libwarn {
	char	*msg;		/* trimmed of the dropped text */
	char	*dropped;	/* the first such text, "" when there was none */
	long	 line[3];	/* the first three */
	size_t	 n;
};

struct ctx {
	const char		*path;
	struct calendar		*cal;
	struct linescan		 ls;
	struct pw_diags		*problems;	/* events left out */
	struct pw_diags		*notes;		/* warnings */
	struct strmap		 vtz;		/* TZIDs with a VTIMEZONE here */
	struct strmap		 unknown_tz;	/* warned about once */
	struct strmap		 nouid;		/* identities made for UID-less events */
	size_t			 evno;		/* current VEVENT number */
	struct strmap		 libwarn;	/* libical's warnings, one each */
	struct libwarn		*lw;
	size_t			 nlw, caplw;
	int			 cutoff;	/* --cutoff's minutes; 0 none */
	const char		*cutoff_text;	/* as given */
};

static void
fmt_time(struct icaltimetype t, char *out, size_t n)
{
	if (t.is_date)
		snprintf(out, n, "%04d%02d%02d", t.year % 10000, t.month % 100, t.day % 100);
	else
		snprintf(out, n, "%04d%02d%02dT%02d%02d%02d", t.year % 10000,
		    t.month % 100, t.day % 100, t.hour % 100, t.minute % 100,
		    t.second % 100);
}

/* Zone reference for a property's TZID (see the top of this file). */
static const char *
zone_ref(struct ctx *c, icalproperty *p, struct icaltimetype t, const char *prop,
    struct buf *tmp)
{
	icalparameter *param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *tzid, *iana;

	if (t.is_date)
		return "";
	if (icaltime_is_utc(t))
		return "UTC";
	if (param == NULL || (tzid = icalparameter_get_tzid(param)) == NULL || !*tzid)
		return "";
	if ((iana = tz_resolve_name(tzid)) != NULL)
		return iana;
	if (strmap_get(&c->vtz, tzid) != (size_t)-1) {
		buf_reset(tmp);
		buf_printf(tmp, "vtz:%s", tzid);
		return tmp->s;
	}
	if (strmap_get(&c->unknown_tz, tzid) == (size_t)-1) {
		strmap_put(&c->unknown_tz, tzid, 1);
		pw_diags_add(c->notes, c->path, prop_line(&c->ls, c->evno, prop),
		    "TZID '%.80s' is neither a known zone nor defined by a VTIMEZONE "
		    "here: read as floating time in %s", tzid, c->cal->float_tz);
	}
	return "";
}

/* Text with invalid UTF-8 replaced (imported text is shown and exported). */
static void
set_text(struct ctx *c, char **slot, const char *s, const char *prop)
{
	struct buf b = { 0 };
	int fixed = 0;

	if (s == NULL)
		s = "";
	if (utf8_valid(s, strlen(s))) {
		cal_set(slot, s);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = 1;
		while (n <= 4 && p[n - 1] && !utf8_valid((const char *)p, n))
			n++;
		if (n <= 4 && p[n - 1]) {
			buf_add(&b, (const char *)p, n);
			p += n;
		} else {
			buf_adds(&b, "\xef\xbf\xbd");
			p++;
			fixed = 1;
		}
	}
	cal_set(slot, buf_str(&b));
	buf_free(&b);
	if (fixed)
		pw_diags_add(c->notes, c->path, prop_line(&c->ls, c->evno, prop),
		    "%s is not valid UTF-8: bad bytes replaced", prop);
}

/* Pending canonicalisation (needs every master's all-day flag first). */
struct raw {
	char	*rid, *rid_tz;		/* RECURRENCE-ID as written */
	char	*rdates, *exdates;	/* "VALUE\tTZREF[\tEND]" lines */
	int	 sequence;
};

static void
raw_add(char **list, const char *value, const char *tzref, const char *end)
{
	struct buf b = { 0 };

	buf_adds(&b, *list ? *list : "");
	buf_printf(&b, "%s\t%s\t%s\n", value, tzref, end ? end : "");
	free(*list);
	*list = buf_detach(&b);
}

static void
raw_free(struct raw *r)
{
	free(r->rid);
	free(r->rid_tz);
	free(r->rdates);
	free(r->exdates);
}

/* Count a libical warning of the event at line: the same message in every
 * event of a holiday feed (34 empty RRULEs) is one kind. libical ends it with
 * ". Removing entire property: TEXT", TEXT what it dropped (often nothing);
 * the kind is what comes before. */
static void
libwarn_add(struct ctx *c, long line, const char *msg)
{
	const char *cut = strstr(msg, ". Removing entire property:");
	size_t len = cut ? (size_t)(cut - msg) : strlen(msg);
	const char *drop = cut ? cut + strlen(". Removing entire property:") : "";
	char *key;
	size_t k;

	while (len > 0 && (isspace((unsigned char)msg[len - 1]) || msg[len - 1] == ':'))
		len--;
	key = xstrndup(msg, len);
	k = strmap_intern(&c->libwarn, key, c->nlw);
	if (k == c->nlw) {
		if (c->nlw == c->caplw) {
			c->caplw = c->caplw ? 2 * c->caplw : 8;
			c->lw = xrealloc(c->lw, c->caplw * sizeof *c->lw);
		}
		drop += strspn(drop, " \t");
		size_t dl = strlen(drop);
		while (dl > 0 && isspace((unsigned char)drop[dl - 1]))
			dl--;
		c->lw[c->nlw++] = (struct libwarn){ .msg = key,
		    .dropped = xstrndup(drop, dl) };
	} else
		free(key);
	if (c->lw[k].n < 3)
		c->lw[k].line[c->lw[k].n] = line;
	c->lw[k].n++;
}

/* One warning line per kind of libical warning, at its first line, with how
 * many events had it and where; never a dangling colon. */
static void
libwarn_flush(struct ctx *c)
{
	for (size_t i = 0; i < c->nlw; i++) {
		const struct libwarn *w = &c->lw[i];
		struct buf at = { 0 };
		if (w->n > 1) {
			buf_printf(&at, " in %zu events (lines %ld", w->n, w->line[0]);
			for (size_t j = 1; j < w->n && j < 3; j++)
				buf_printf(&at, ", %ld", w->line[j]);
			if (w->n > 3)
				buf_printf(&at, " and %zu more", w->n - 3);
			buf_printf(&at, ")");
		}
		pw_diags_add(c->notes, c->path, w->line[0], "libical: %s%s; %s%.80s%s "
		    "is left out", w->msg, buf_str(&at), *w->dropped ? "\"" : "the property",
		    w->dropped, *w->dropped ? "\"" : "");
		buf_free(&at);
		free(w->msg);
		free(w->dropped);
	}
	c->nlw = 0;
}

/* libical drops what it cannot read and leaves an X-LIC-ERROR saying so
 * ("... in DTEND property. Removing entire property: ..."). A dropped property
 * that decides when the event happens makes the event invalid (a problem at
 * that line); a dropped UID, SUMMARY, STATUS or SEQUENCE is a warning; the
 * rest (an empty LOCATION, say) patchwave never reads. Returns the number of
 * problems. */
static int
check_libical_errors(struct ctx *c, icalcomponent *ve)
{
	static const char *const timing[] = { "DTSTART", "DTEND", "DURATION", "RRULE",
	    "RDATE", "EXDATE", "RECURRENCE-ID", NULL };
	static const char *const minor[] = { "UID", "SUMMARY", "STATUS", "SEQUENCE",
	    NULL };
	int problems = 0;

	for (icalproperty *p = icalcomponent_get_first_property(ve, ICAL_XLICERROR_PROPERTY);
	    p; p = icalcomponent_get_next_property(ve, ICAL_XLICERROR_PROPERTY)) {
		const char *msg = icalproperty_get_xlicerror(p), *q;
		char name[64] = "";
		int is_timing = 0, is_minor = 0;
		if (msg == NULL)
			continue;
		/* libical takes an X- name in capitals only: a window's cutoff
		 * dropped would let work start in it. */
		static const char bad_name[] = "Parse error in property name: ";
		if (strncmp(msg, bad_name, sizeof bad_name - 1) == 0 &&
		    strncasecmp(msg + sizeof bad_name - 1, "X-PATCHWAVE-CUTOFF", 18) == 0) {
			pw_diags_add(c->problems, c->path, prop_line(&c->ls, c->evno,
			    "X-PATCHWAVE-CUTOFF"), "%.40s cannot be read (libical reads "
			    "an X- name in capitals only): write X-PATCHWAVE-CUTOFF",
			    msg + sizeof bad_name - 1);
			problems++;
			continue;
		}
		if ((q = strstr(msg, " property")) != NULL) {
			const char *w = q;
			while (w > msg && w[-1] != ' ')
				w--;
			snprintf(name, sizeof name, "%.*s", (int)(q - w), w);
		}
		for (const char *const *u = timing; *u; u++)
			is_timing |= strcasecmp(name, *u) == 0;
		for (const char *const *u = minor; *u; u++)
			is_minor |= strcasecmp(name, *u) == 0;
		if (!is_timing && !is_minor && name[0])
			continue;
		long line = name[0] ? prop_line(&c->ls, c->evno, name) :
		    c->ls.nev > c->evno ? c->ls.ev[c->evno].begin : 0;
		/* "RRULE:" with nothing after it says nothing: no rule. */
		if (is_timing && strncmp(msg, "No value", 8) == 0 &&
		    strcasecmp(name, "DTSTART") != 0 && strcasecmp(name, "RECURRENCE-ID") != 0)
			is_timing = 0;
		if (is_timing) {
			pw_diags_add(c->problems, c->path, line, "%s cannot be "
			    "read (libical: %s)", name, msg);
			problems++;
		} else
			libwarn_add(c, line, msg);
	}
	return problems;
}

/* Drop the event read_vevent() is filling, the calendar's last, once a
 * problem with it is noted; read_vevent()'s result. */
static int
drop_event(struct ctx *c, struct cal_event *e, struct raw *raw, struct buf *tz)
{
	buf_free(tz);
	raw_free(raw);
	memset(raw, 0, sizeof *raw);
	cal_event_free(e);
	c->cal->nevents--;
	return 1;
}

/* A problem with the event being read, at line: noted, the event dropped. */
static int
event_problem(struct ctx *c, struct cal_event *e, struct raw *raw, struct buf *tz,
    long line, const char *msg)
{
	pw_diags_add(c->problems, c->path, line, "%s", msg);
	return drop_event(c, e, raw, tz);
}

/* Refuse an event that ends before it starts (RFC 5545 §3.8.2.2 and
 * §3.8.2.5); expansion would make it zero-length without a word. Equal is
 * legal: an instant. */
static int
check_end(struct ctx *c, struct cal_event *e, struct raw *raw, struct buf *tz)
{
	char msg[256];

	if (!cal_event_ends_before_start(c->cal, e))
		return 0;
	if (*e->dtend) {
		snprintf(msg, sizeof msg, "DTEND %s%s%s%s is before DTSTART %s%s%s%s: an "
		    "event cannot end before it starts (RFC 5545 §3.8.2.2)", e->dtend,
		    *e->end_tz ? " (" : "", e->end_tz, *e->end_tz ? ")" : "", e->dtstart,
		    *e->start_tz ? " (" : "", e->start_tz, *e->start_tz ? ")" : "");
		return event_problem(c, e, raw, tz, prop_line(&c->ls, c->evno, "DTEND"),
		    msg);
	}
	snprintf(msg, sizeof msg, "DURATION %s is negative: an event cannot end "
	    "before it starts (RFC 5545 §3.8.2.5)", e->duration);
	return event_problem(c, e, raw, tz, prop_line(&c->ls, c->evno, "DURATION"), msg);
}

/* A cutoff's DURATION (RFC 5545 §3.3.6) in minutes: not negative, whole
 * minutes, at most CAL_CUTOFF_MAX_MINUTES. -1 with the problem in msg
 * (what names the value: "X-PATCHWAVE-CUTOFF", "--cutoff"). */
static long
cutoff_minutes(const char *what, const char *text, char *msg, size_t n)
{
	struct icaldurationtype d;

	icalerror_clear_errno();
	d = icaldurationtype_from_string(text ? text : "");
	icalerror_clear_errno();
	if (text == NULL || icaldurationtype_is_bad_duration(d) || d.is_neg) {
		snprintf(msg, n, "%s '%.40s' is not a duration (RFC 5545 §3.3.6, "
		    "not negative: PT1H, PT30M)", what, text ? text : "");
		return -1;
	}
	long secs = (long)d.weeks * 604800 + (long)d.days * 86400 +
	    (long)d.hours * 3600 + (long)d.minutes * 60 + (long)d.seconds;
	if (secs % 60 != 0 || secs / 60 > CAL_CUTOFF_MAX_MINUTES) {
		snprintf(msg, n, "%s %.40s: whole minutes, at most %d days", what,
		    text, CAL_CUTOFF_MAX_MINUTES / 1440);
		return -1;
	}
	return secs / 60;
}

/* X-PATCHWAVE-CUTOFF: a window's cutoff as an RFC 5545 §3.3.6 DURATION (no
 * work starts that long before the event's end, as a policy window's
 * cutoff and SSM's Cutoff), else --cutoff's. Once at most, as
 * cutoff_minutes() takes it, and shorter than the event. -1; or the number
 * (0-based) of the property at fault, or CUTOFF_OPTION when --cutoff's is
 * not shorter than the event, with the problem in msg. */
#define CUTOFF_OPTION	(-2)
static int
read_cutoff(struct ctx *c, icalcomponent *ve, struct cal_event *e, char *msg,
    size_t n)
{
	int seen = 0;
	int64_t len = cal_event_seconds(c->cal, e);
	long m;

	for (icalproperty *p = icalcomponent_get_first_property(ve, ICAL_X_PROPERTY);
	    p; p = icalcomponent_get_next_property(ve, ICAL_X_PROPERTY)) {
		const char *name = icalproperty_get_x_name(p), *text;
		if (name == NULL || strcasecmp(name, "X-PATCHWAVE-CUTOFF") != 0)
			continue;
		if (seen++) {
			snprintf(msg, n, "X-PATCHWAVE-CUTOFF given twice in one event");
			return seen - 1;
		}
		text = icalproperty_get_x(p);
		if ((m = cutoff_minutes("X-PATCHWAVE-CUTOFF", text, msg, n)) < 0)
			return seen - 1;
		if (m > 0 && len >= 0 && m * 60 >= len) {
			snprintf(msg, n, "X-PATCHWAVE-CUTOFF %.40s is not shorter than the "
			    "event (%lld minutes): no work could start in it", text,
			    (long long)(len / 60));
			return seen - 1;
		}
		e->cutoff_minutes = (int)m;
	}
	if (!seen && c->cutoff > 0) {
		if (len >= 0 && (int64_t)c->cutoff * 60 >= len) {
			snprintf(msg, n, "--cutoff %.40s is not shorter than the event "
			    "(%lld minutes): no work could start in it; give it an "
			    "X-PATCHWAVE-CUTOFF of its own", c->cutoff_text,
			    (long long)(len / 60));
			return CUTOFF_OPTION;
		}
		e->cutoff_minutes = c->cutoff;
	}
	return -1;
}

/* Read one VEVENT into a new calendar event; 0 ok, 1 skipped (problem noted). */
static int
read_vevent(struct ctx *c, icalcomponent *ve, struct raw *raw)
{
	struct cal_event *e;
	icalproperty *p;
	struct icaltimetype st, t;
	struct buf tz = { 0 };
	char v[32];
	const char *uid = icalcomponent_get_uid(ve);
	long line = c->ls.nev > c->evno ? c->ls.ev[c->evno].begin : 0;

	memset(raw, 0, sizeof *raw);
	if (check_libical_errors(c, ve) > 0)
		return 1;
	if ((p = icalcomponent_get_first_property(ve, ICAL_DTSTART_PROPERTY)) == NULL) {
		/* libical drops a DTSTART it cannot read: say which. */
		long at = prop_line(&c->ls, c->evno, "DTSTART");
		pw_diags_add(c->problems, c->path, at, "VEVENT%s%.80s%s: %s",
		    uid ? " (UID " : "", uid ? uid : "", uid ? ")" : "", at != line ?
		    "DTSTART cannot be read" : "no DTSTART (RFC 5545 §3.6.1 requires "
		    "one)");
		return 1;
	}
	st = icalproperty_get_dtstart(p);
	if (icaltime_is_null_time(st) || !icaltime_is_valid_time(st) || st.year < 1 ||
	    st.month < 1 || st.day < 1) {
		pw_diags_add(c->problems, c->path, prop_line(&c->ls, c->evno,
		    "DTSTART"), "DTSTART is not a valid date or date-time");
		return 1;
	}
	e = calendar_add_event(c->cal);
	e->line = line;
	if (uid && *uid)
		set_text(c, &e->uid, uid, "UID");
	else {
		/* RFC 5545 requires UID; without one, identify the event by its
		 * content, so a re-import of the same file matches it again. */
		struct buf u = { 0 };
		char *comp = icalcomponent_as_ical_string_r(ve);
		uint64_t h = 1469598103934665603ULL;
		for (const unsigned char *q = (const unsigned char *)comp; *q; q++)
			h = (h ^ *q) * 1099511628211ULL;
		free(comp);
		buf_printf(&u, "patchwave-nouid-%016llx", (unsigned long long)h);
		for (int k = 2; strmap_get(&c->nouid, u.s) != (size_t)-1; k++) {
			buf_reset(&u);
			buf_printf(&u, "patchwave-nouid-%016llx-%d", (unsigned long long)h, k);
		}
		strmap_put(&c->nouid, u.s, 1);
		set_text(c, &e->uid, u.s, "UID");
		buf_free(&u);
		pw_diags_add(c->notes, c->path, line, "VEVENT has no UID: "
		    "identified by its content");
	}
	set_text(c, &e->summary, icalcomponent_get_summary(ve), "SUMMARY");
	if ((p = icalcomponent_get_first_property(ve, ICAL_STATUS_PROPERTY)) != NULL) {
		icalproperty_status s = icalproperty_get_status(p);
		cal_set(&e->status, s == ICAL_STATUS_CANCELLED ? "CANCELLED" :
		    s == ICAL_STATUS_TENTATIVE ? "TENTATIVE" :
		    s == ICAL_STATUS_CONFIRMED ? "CONFIRMED" : "");
	}
	e->all_day = st.is_date;
	fmt_time(st, v, sizeof v);
	cal_set(&e->dtstart, v);
	p = icalcomponent_get_first_property(ve, ICAL_DTSTART_PROPERTY);
	cal_set(&e->start_tz, zone_ref(c, p, st, "DTSTART", &tz));

	if ((p = icalcomponent_get_first_property(ve, ICAL_DTEND_PROPERTY)) != NULL) {
		t = icalproperty_get_dtend(p);
		if (!icaltime_is_null_time(t)) {
			if (e->all_day && !t.is_date) {
				t.is_date = 1;	/* a DATE series ends on a date */
				t.hour = t.minute = t.second = 0;
			}
			fmt_time(t, v, sizeof v);
			cal_set(&e->dtend, v);
			cal_set(&e->end_tz, zone_ref(c, p, t, "DTEND", &tz));
		}
	} else if ((p = icalcomponent_get_first_property(ve, ICAL_DURATION_PROPERTY))) {
		struct icaldurationtype d = icalproperty_get_duration(p);
		if (!icaldurationtype_is_bad_duration(d)) {
			char *s = icaldurationtype_as_ical_string_r(d);
			cal_set(&e->duration, s);
			free(s);
		}
	}

	if (check_end(c, e, raw, &tz) != 0)
		return 1;
	char cmsg[200];
	int bad_cut = read_cutoff(c, ve, e, cmsg, sizeof cmsg);
	if (bad_cut != -1)
		return event_problem(c, e, raw, &tz, bad_cut == CUTOFF_OPTION ? line :
		    prop_line_nth(&c->ls, c->evno, "X-PATCHWAVE-CUTOFF",
		    (size_t)bad_cut, 0), cmsg);

	/* RRULEs, each one that can occur, at most CAL_MAX_RRULES of them. */
	struct buf rules = { 0 };
	struct civil first = { st.year, st.month, st.day, st.is_date ? 0 : st.hour,
	    st.is_date ? 0 : st.minute, st.is_date ? 0 : st.second };
	size_t nrules = 0;
	char msg[256];
	for (p = icalcomponent_get_first_property(ve, ICAL_RRULE_PROPERTY); p;
	    p = icalcomponent_get_next_property(ve, ICAL_RRULE_PROPERTY), nrules++) {
		const char *text = icalproperty_get_value_as_string(p);
		struct icalrecurrencetype r = icalrecurrencetype_from_string(text ? text : "");
		long at = prop_line_nth(&c->ls, c->evno, "RRULE", nrules, 0);
		icalerror_clear_errno();
		msg[0] = '\0';
		if (nrules == CAL_MAX_RRULES)
			snprintf(msg, sizeof msg, "more than %d RRULEs in one event (RFC "
			    "5545 §3.8.5.3 expects one; a real calendar has at most 2)",
			    CAL_MAX_RRULES);
		else if (text == NULL || r.freq == ICAL_NO_RECURRENCE)
			snprintf(msg, sizeof msg, "RRULE '%.80s' is not a valid "
			    "recurrence rule", text ? text : "");
		else if (rrule_never_occurs(&r, &first))
			snprintf(msg, sizeof msg, "RRULE '%.80s' never occurs: no day of "
			    "the 400-year Gregorian cycle fits it (libical would "
			    "search until the year 20000)", text);
		if (msg[0]) {
			buf_free(&rules);
			return event_problem(c, e, raw, &tz, at, msg);
		}
		if (rules.len)
			buf_addc(&rules, '\n');
		buf_adds(&rules, text);
	}
	cal_set(&e->rrules, buf_str(&rules));
	buf_free(&rules);

	size_t nrdates = 0, nexdates = 0;
	for (p = icalcomponent_get_first_property(ve, ICAL_RDATE_PROPERTY); p;
	    p = icalcomponent_get_next_property(ve, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);
		char endv[40] = "";
		if (nrdates++ == CAL_MAX_RDATES) {
			snprintf(msg, sizeof msg, "more than %d RDATE values in one "
			    "event", CAL_MAX_RDATES);
			return event_problem(c, e, raw, &tz, prop_line_nth(&c->ls,
			    c->evno, "RDATE", CAL_MAX_RDATES, 1), msg);
		}
		if (!icaltime_is_null_time(dp.time))
			t = dp.time;
		else if (!icalperiodtype_is_null_period(dp.period)) {
			t = dp.period.start;
			if (!icaltime_is_null_time(dp.period.end)) {
				char ev[32];
				fmt_time(dp.period.end, ev, sizeof ev);
				snprintf(endv, sizeof endv, "%s", ev);
			} else {
				char *d = icaldurationtype_as_ical_string_r(dp.period.duration);
				snprintf(endv, sizeof endv, "%s", d);
				free(d);
			}
		} else
			continue;
		fmt_time(t, v, sizeof v);
		raw_add(&raw->rdates, v, zone_ref(c, p, t, "RDATE", &tz), endv);
	}
	for (p = icalcomponent_get_first_property(ve, ICAL_EXDATE_PROPERTY); p;
	    p = icalcomponent_get_next_property(ve, ICAL_EXDATE_PROPERTY)) {
		if (nexdates++ == CAL_MAX_EXDATES) {
			snprintf(msg, sizeof msg, "more than %d EXDATE values in one "
			    "event", CAL_MAX_EXDATES);
			return event_problem(c, e, raw, &tz, prop_line_nth(&c->ls,
			    c->evno, "EXDATE", CAL_MAX_EXDATES, 1), msg);
		}
		t = icalproperty_get_exdate(p);
		if (icaltime_is_null_time(t))
			continue;
		fmt_time(t, v, sizeof v);
		raw_add(&raw->exdates, v, zone_ref(c, p, t, "EXDATE", &tz), NULL);
	}
	if ((p = icalcomponent_get_first_property(ve, ICAL_RECURRENCEID_PROPERTY))) {
		icalparameter *rg = icalproperty_get_first_parameter(p, ICAL_RANGE_PARAMETER);
		t = icalproperty_get_recurrenceid(p);
		fmt_time(t, v, sizeof v);
		raw->rid = xstrdup(v);
		raw->rid_tz = xstrdup(zone_ref(c, p, t, "RECURRENCE-ID", &tz));
		e->range_future = rg && icalparameter_get_range(rg) == ICAL_RANGE_THISANDFUTURE;
	}
	if ((p = icalcomponent_get_first_property(ve, ICAL_SEQUENCE_PROPERTY)))
		raw->sequence = icalproperty_get_sequence(p);
	buf_free(&tz);
	return 0;
}

/* Turn raw "VALUE\tTZREF\tEND" lines into canonical '\n' lists. */
static void
canon_list(struct ctx *c, const char *rawlist, int as_date, char **out, const char *prop,
    long line)
{
	struct buf b = { 0 };
	char *copy = xstrdup(rawlist ? rawlist : ""), *save = NULL;
	struct pw_error e = { 0 };

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *value = l, *tzref = strchr(l, '\t'), *end = NULL, canon[17];
		if (tzref) {
			*tzref++ = '\0';
			if ((end = strchr(tzref, '\t')) != NULL)
				*end++ = '\0';
		}
		if (cal_time_canonical(c->cal, value, tzref ? tzref : "", as_date, canon,
		    &e) != 0) {
			pw_diags_add(c->notes, c->path, line, "%s: %s", prop, e.msg);
			continue;
		}
		if (b.len)
			buf_addc(&b, '\n');
		buf_adds(&b, canon);
		if (end && *end) {
			char ec[17];
			buf_addc(&b, '/');
			if (end[0] != 'P' && end[0] != '-' && cal_time_canonical(c->cal, end,
			    tzref ? tzref : "", 0, ec, &e) == 0)
				buf_adds(&b, ec);
			else
				buf_adds(&b, end);
		}
	}
	cal_set(out, buf_str(&b));
	buf_free(&b);
	free(copy);
}

/* libical reports some structure problems ("Encountered END before BEGIN") by
 * printing to stderr from inside the parser (icalerror_warn is a macro around
 * fprintf, with no switch), which a library layer must not do: parse with
 * stderr pointed at /dev/null. What libical drops, it also records as
 * X-LIC-ERROR properties, which become messages with lines. */
static icalcomponent *
parse_quietly(const char *text)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	icalcomponent *root;

	fflush(stderr);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	root = icalparser_parse_string(text);
	if (saved >= 0 && null >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
	}
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	return root;
}

static void
collect(icalcomponent *comp, icalcomponent_kind kind, icalcomponent ***v, size_t *n,
    size_t *cap)
{
	if (icalcomponent_isa(comp) == kind) {
		*v = xgrow(*v, cap, *n, sizeof **v);
		(*v)[(*n)++] = comp;
		return;
	}
	for (icalcomponent *k = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
	    k; k = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT))
		collect(k, kind, v, n, cap);
}

static const char *
x_wr_timezone(icalcomponent *root)
{
	icalcomponent *cal = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT ? root :
	    icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);

	if (cal == NULL)
		return NULL;
	for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
	    p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY))
		if (strcasecmp(icalproperty_get_x_name(p), "X-WR-TIMEZONE") == 0)
			return icalproperty_get_value_as_string(p);
	return NULL;
}

/* The event with the same UID and RECURRENCE-ID that a later one replaces. */
static int
dedupe(struct ctx *c, struct raw *raws)
{
	struct strmap seen = { 0 };
	struct buf key = { 0 };
	size_t w = 0;

	for (size_t i = 0; i < c->cal->nevents; i++) {
		struct cal_event *e = &c->cal->events[i];
		buf_reset(&key);
		buf_printf(&key, "%s\n%s", e->uid, e->recurrence_id);
		size_t j = strmap_get(&seen, key.s);
		if (j != (size_t)-1) {
			/* RFC 5546: the higher SEQUENCE wins; on a tie, the later. */
			struct cal_event *old = &c->cal->events[j];
			int later_wins = raws[i].sequence >= raws[j].sequence;
			pw_diags_add(c->notes, c->path, e->line, "UID %.80s%s%s "
			    "appears again (first at line %ld): the %s one is kept",
			    e->uid, *e->recurrence_id ? " RECURRENCE-ID " : "",
			    e->recurrence_id, old->line, later_wins ? "later" : "first");
			if (later_wins) {
				struct cal_event tmp = *old;
				*old = *e;
				*e = tmp;
				struct raw rt = raws[j];
				raws[j] = raws[i];
				raws[i] = rt;
			}
			/* e now holds the loser: free it by moving it past w. */
			continue;
		}
		strmap_put(&seen, key.s, w);
		if (w != i) {
			struct cal_event tmp = c->cal->events[w];
			c->cal->events[w] = *e;
			*e = tmp;
			struct raw rt = raws[w];
			raws[w] = raws[i];
			raws[i] = rt;
		}
		w++;
	}
	/* Free the losers, now at [w, n). */
	size_t n = c->cal->nevents;
	c->cal->nevents = w;
	for (size_t i = w; i < n; i++)
		cal_event_free(&c->cal->events[i]);
	strmap_free(&seen);
	buf_free(&key);
	return 0;
}

/* The line of RRULE number rule of an event (-1: its first RDATE; -2: its
 * BEGIN), read from the scan (c, a struct ctx): the events were reordered
 * since. */
static long
event_line(void *arg, const struct cal_event *e, int rule)
{
	const struct ctx *c = arg;
	size_t k = scan_event_at(&c->ls, e->line);

	if (k == (size_t)-1 || rule == -2)
		return e->line;
	if (rule == -1)
		return prop_line(&c->ls, k, "RDATE");
	return prop_line_nth(&c->ls, k, "RRULE", (size_t)rule, 0);
}

/* Components nest VCALENDAR, VEVENT, VALARM (VTIMEZONE, STANDARD): libical
 * and collect() walk them recursively, and 200,000 nested BEGIN lines (4 MB)
 * overflowed the stack. */
#define ICS_NESTING_MAX	64

/* The physical line of the first BEGIN nested deeper than ICS_NESTING_MAX,
 * or 0. */
static long
too_deep(const struct linescan *ls)
{
	size_t depth = 0;

	for (size_t i = 0; i < ls->n; i++) {
		const char *p = ls->text.s + ls->offs[i];
		size_t left = (size_t)(ls->text.s + ls->text.len - p);
		if (left >= 6 && strncasecmp(p, "BEGIN:", 6) == 0) {
			if (++depth > ICS_NESTING_MAX)
				return ls->starts[i];
		} else if (left >= 4 && strncasecmp(p, "END:", 4) == 0 && depth > 0)
			depth--;
	}
	return 0;
}

/* A content line, unfolded, of at most 1 MiB (the CSV field's bound):
 * libical reads a line in 1 KB pieces, each searching the rest of the line,
 * and a 30 MB SUMMARY took 6 minutes (4 MB: 4 s; 1 MiB: 0.2 s). */
#define ICS_LINE_MAX	(1024 * 1024)

/* The physical line where the first content line longer than ICS_LINE_MAX
 * starts, or 0. */
static long
too_long(const struct linescan *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		size_t end = i + 1 < ls->n ? ls->offs[i + 1] - 2 : ls->text.len - 2;
		if (end - ls->offs[i] > ICS_LINE_MAX)
			return ls->starts[i];
	}
	return 0;
}

/* The physical line of the nth BEGIN:VTIMEZONE (0-based), or 0. */
static long
vtimezone_line(const struct linescan *ls, size_t nth)
{
	for (size_t i = 0; i < ls->n; i++) {
		const char *p = ls->text.s + ls->offs[i];
		if ((size_t)(ls->text.s + ls->text.len - p) >= 15 &&
		    strncasecmp(p, "BEGIN:VTIMEZONE", 15) == 0 && nth-- == 0)
			return ls->starts[i];
	}
	return 0;
}

/* Read the file into a calendar (the top of this file), handed to the sink. */
int
cal_read_ics(const char *path, const char *data, size_t len, struct cal_sink *sink,
    struct pw_diags *problems, struct pw_error *fatal)
{
	struct ctx c = { .path = path, .problems = problems, .notes = sink->notes };
	struct calendar cal;
	icalcomponent *root = NULL, **vevents = NULL, **vtzs = NULL;
	size_t nve = 0, capve = 0, nvtz = 0, capvtz = 0;
	struct raw *raws = NULL;
	const char *text = data;
	size_t tlen = len;
	int rc = -1;

	calendar_init(&cal);
	c.cal = &cal;
	if (sink->cutoff) {
		char msg[200];
		long m = cutoff_minutes("--cutoff", sink->cutoff, msg, sizeof msg);
		if (m < 0) {
			pw_error_set(fatal, path, 0, "%s", msg);
			goto out;
		}
		c.cutoff = (int)m;
		c.cutoff_text = sink->cutoff;
	}
	if (tlen >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3, tlen -= 3;
	if (memchr(text, '\0', tlen) != NULL) {
		pw_error_set(fatal, path, 0, "a NUL byte: not an iCalendar text file");
		goto out;
	}
	scan_lines(&c.ls, text, tlen);
	long deep = too_deep(&c.ls), wide = too_long(&c.ls);
	if (deep) {
		pw_error_set(fatal, path, deep, "components nested deeper than %d "
		    "levels", ICS_NESTING_MAX);
		goto out;
	}
	if (wide) {
		pw_error_set(fatal, path, wide, "a content line (its folds joined) "
		    "longer than %d bytes", ICS_LINE_MAX);
		goto out;
	}
	root = parse_quietly(buf_str(&c.ls.text));
	icalerror_clear_errno();
	if (root == NULL) {
		pw_error_set(fatal, path, 1, "not an iCalendar file (no BEGIN:VCALENDAR "
		    "or BEGIN:VEVENT that libical can read)");
		goto out;
	}
	collect(root, ICAL_VEVENT_COMPONENT, &vevents, &nve, &capve);
	collect(root, ICAL_VTIMEZONE_COMPONENT, &vtzs, &nvtz, &capvtz);
	if (nve != c.ls.nev)
		pw_diags_add(c.notes, path, 0, "found %zu BEGIN:VEVENT lines but "
		    "libical read %zu events: line numbers may be off", c.ls.nev, nve);

	cal.path = xstrdup(path);
	{
		const char *wr = x_wr_timezone(root);
		const char *ftz = sink->float_tz;
		if (ftz == NULL && wr && tz_resolve_name(wr))
			ftz = tz_resolve_name(wr);
		if (ftz == NULL)
			ftz = sink->fallback_tz;
		cal.float_tz = xstrdup(ftz ? ftz : "UTC");
	}
	long zone_changes = 0;
	if (nvtz > TZ_VTIMEZONES_MAX) {
		pw_error_set(fatal, path, vtimezone_line(&c.ls, TZ_VTIMEZONES_MAX),
		    "more than %d VTIMEZONEs in one file", TZ_VTIMEZONES_MAX);
		goto out;
	}
	for (size_t i = 0; i < nvtz; i++) {
		icalproperty *p = icalcomponent_get_first_property(vtzs[i], ICAL_TZID_PROPERTY);
		const char *tzid = p ? icalproperty_get_tzid(p) : NULL;
		char why[160];
		long changes;
		if (!tz_vtimezone_bounded(vtzs[i], &changes, why, sizeof why)) {
			pw_error_set(fatal, path, vtimezone_line(&c.ls, i), "VTIMEZONE "
			    "'%.80s': %s; libical would expand it for ever", tzid ?
			    tzid : "", why);
			goto out;
		}
		if ((zone_changes += changes) > TZ_VTIMEZONE_CHANGES_MAX) {
			pw_error_set(fatal, path, vtimezone_line(&c.ls, i), "VTIMEZONE "
			    "'%.80s': the file's time zones change more than %d times "
			    "from their DTSTARTs to 2100", tzid ? tzid : "",
			    TZ_VTIMEZONE_CHANGES_MAX);
			goto out;
		}
		if (tzid == NULL || strmap_get(&c.vtz, tzid) != (size_t)-1)
			continue;
		char *textz = icalcomponent_as_ical_string_r(vtzs[i]);
		calendar_add_zone(&cal, tzid, textz);
		free(textz);
		strmap_put(&c.vtz, tzid, i);
	}

	raws = xcalloc(nve ? nve : 1, sizeof *raws);
	size_t nraw = 0;
	for (size_t i = 0; i < nve; i++) {
		c.evno = i;
		if (read_vevent(&c, vevents[i], &raws[nraw]) == 0)
			nraw++;
	}
	/* Canonical RECURRENCE-ID, RDATE, EXDATE: all-day series by date. */
	{
		struct strmap masters = { 0 };
		for (size_t i = 0; i < cal.nevents; i++)
			if (raws[i].rid == NULL)
				strmap_put(&masters, cal.events[i].uid, i);
		for (size_t i = 0; i < cal.nevents; i++) {
			struct cal_event *e = &cal.events[i];
			size_t m = strmap_get(&masters, e->uid);
			int series_all_day = m != (size_t)-1 ? cal.events[m].all_day : e->all_day;
			if (raws[i].rid) {
				struct buf line = { 0 };
				buf_printf(&line, "%s\t%s\n", raws[i].rid, raws[i].rid_tz);
				canon_list(&c, line.s, series_all_day, &e->recurrence_id,
				    "RECURRENCE-ID", e->line);
				buf_free(&line);
			}
			canon_list(&c, raws[i].rdates, e->all_day, &e->rdates, "RDATE", e->line);
			canon_list(&c, raws[i].exdates, e->all_day, &e->exdates, "EXDATE",
			    e->line);
		}
		strmap_free(&masters);
	}
	dedupe(&c, raws);
	libwarn_flush(&c);
	if (nve == 0)
		pw_diags_add(c.notes, path, 0, "no VEVENT in the file");
	/* Without --skip-invalid a problem refuses the file: the cost of the
	 * rest does not matter. */
	if (problems->n == 0 || sink->skip_invalid)
		cal_cost_check(&cal, path, sink->now, sink->days, event_line, &c,
		    problems);
	rc = sink->put(sink, &cal);
out:
	for (size_t i = 0; raws && i < nve; i++)
		raw_free(&raws[i]);
	free(raws);
	free(vevents);
	free(vtzs);
	if (root)
		icalcomponent_free(root);
	scan_free(&c.ls);
	strmap_free(&c.vtz);
	strmap_free(&c.unknown_tz);
	strmap_free(&c.nouid);
	for (size_t i = 0; i < c.nlw; i++)
		free(c.lw[i].msg), free(c.lw[i].dropped);
	free(c.lw);
	strmap_free(&c.libwarn);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_ics(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);

	/* RFC 5545 §3.4: a stream of VCALENDARs; a bare VEVENT is read too.
	 * JSON or XML no other format knows is none: "no calendar format
	 * reads this file", not "not an iCalendar file". */
	if (p && (*p == '{' || *p == '[' || *p == '<'))
		return SNIFF_NO;
	return p && (strncasecmp(p, "BEGIN:VCALENDAR", 15) == 0 ||
	    strncasecmp(p, "BEGIN:VEVENT", 12) == 0) ? SNIFF_YES : SNIFF_MAYBE;
}
