/* approved-windows.ics: one VEVENT per window of each exported change. The
 * UID is the change number and the window's place in it, so a re-export
 * (after the change moved, say) updates the calendar entry; SEQUENCE is the
 * record's version, which grows with every change to it (RFC 5545 3.8.7.4).
 * A window with a cutoff carries it as X-PATCHWAVE-CUTOFF (docs/formats.md). */
#include <stdio.h>
#include <string.h>

#include "../util/escape.h"
#include "internal.h"

/* Append one content line folded at 75 octets (RFC 5545 3.1), never inside a
 * UTF-8 sequence, ended by CRLF. */
static void
ics_line(struct buf *b, const char *line)
{
	size_t n = strlen(line), col = 0;

	for (size_t i = 0; i < n;) {
		size_t k = 1;
		while (i + k < n && ((unsigned char)line[i + k] & 0xc0) == 0x80)
			k++;
		if (col + k > 75) {
			buf_adds(b, "\r\n ");
			col = 1;
		}
		buf_add(b, line + i, k);
		col += k;
		i += k;
	}
	buf_adds(b, "\r\n");
}

static void
ics_prop(struct buf *b, const char *name, const char *text)
{
	struct buf l = { 0 };

	buf_printf(&l, "%s:", name);
	esc_ics(&l, text);
	ics_line(b, buf_str(&l));
	buf_free(&l);
}

static void
ics_time(struct buf *b, const char *name, int64_t t)
{
	char s[32], l[64];

	ex_utc(t, s);
	/* 2026-11-24T01:00:00Z -> 20261124T010000Z */
	snprintf(l, sizeof l, "%s:%.4s%.2s%.2sT%.2s%.2s%.2sZ", name, s, s + 5, s + 8,
	    s + 11, s + 14, s + 17);
	ics_line(b, l);
}

void
export_ics(struct buf *b, const struct change_rec *v, size_t n,
    const struct export_opts *o)
{
	ics_line(b, "BEGIN:VCALENDAR");
	ics_line(b, "VERSION:2.0");
	ics_line(b, "PRODID:-//patchwave//CAB approval pack//EN");
	ics_line(b, "CALSCALE:GREGORIAN");
	ics_line(b, "METHOD:PUBLISH");
	ics_prop(b, "X-WR-CALNAME", "patchwave approved maintenance windows");
	for (size_t c = 0; c < n; c++) {
		const struct change_rec *r = &v[c];
		int approved = r->state == CS_APPROVED || r->state == CS_IMPLEMENTED ||
		    r->state == CS_FAILED;
		for (size_t w = 0; w < r->nwindows; w++) {
			const struct change_window *x = &r->windows[w];
			struct buf t = { 0 }, d = { 0 };
			char l[160];
			ics_line(b, "BEGIN:VEVENT");
			snprintf(l, sizeof l, "UID:%s-%zu@patchwave", r->number, w + 1);
			ics_line(b, l);
			snprintf(l, sizeof l, "SEQUENCE:%ld", r->version);
			ics_line(b, l);
			ics_time(b, "DTSTAMP", o->generated);
			ics_time(b, "DTSTART", x->start_utc);
			ics_time(b, "DTEND", x->end_utc);
			/* The window's cutoff, as import calendar reads it back:
			 * a window calendar made from this file plans as the
			 * change was planned. */
			if (x->cutoff_minutes > 0) {
				int m = x->cutoff_minutes;
				if (m % 60 == 0)
					snprintf(l, sizeof l, "X-PATCHWAVE-CUTOFF:PT%dH", m / 60);
				else if (m < 60)
					snprintf(l, sizeof l, "X-PATCHWAVE-CUTOFF:PT%dM", m);
				else
					snprintf(l, sizeof l, "X-PATCHWAVE-CUTOFF:PT%dH%dM",
					    m / 60, m % 60);
				ics_line(b, l);
			}
			buf_printf(&t, "%s%s: %s (wave %lld, %s)", approved ? "" : "[NOT APPROVED] ",
			    r->number, r->title, x->wave, x->window);
			ics_prop(b, "SUMMARY", buf_str(&t));
			buf_printf(&d, "Change %s, %s, risk %s, impact %s.\n", r->number,
			    change_state_name(r->state), change_level_name(r->risk),
			    change_level_name(r->impact));
			buf_printf(&d, "Stage %s, window %s.\nAssets:", x->stage, x->window);
			for (size_t i = 0; i < r->nassets; i++)
				if (r->assets[i].wave == x->wave)
					buf_printf(&d, " %s", r->assets[i].hostname);
			buf_printf(&d, "\nBackout: %s", r->backout_plan);
			ics_prop(b, "DESCRIPTION", buf_str(&d));
			ics_line(b, approved ? "STATUS:CONFIRMED" : "STATUS:TENTATIVE");
			ics_line(b, "TRANSP:OPAQUE");
			ics_prop(b, "CATEGORIES", "maintenance");
			ics_line(b, "END:VEVENT");
			buf_free(&t);
			buf_free(&d);
		}
	}
	ics_line(b, "END:VCALENDAR");
}
