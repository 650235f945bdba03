/* The readers in memory, through their sinks, with no database: patches (CSV,
 * YAML), iCalendar, the policy; and the format table (--format auto). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../import/formats.h"
#include "../util/buf.h"

/* ---- patches ------------------------------------------------------------- */

/* Each patch as "asset advisory severity released reboot line". */
static int
put_patch(struct patch_sink *s, struct patch *p)
{
	struct buf *b = s->arg;

	buf_printf(b, "%s %s %s %s %d %ld\n", p->asset, p->advisory,
	    severity_name(p->severity), p->released, p->reboot, p->line);
	return 0;
}

/* Read text with the patches format called name; the patches put into *out
 * (the caller frees it), problems into *problems. */
static int
read_patches(const char *name, const char *text, struct buf *out,
    struct pw_diags *problems, struct pw_error *fatal)
{
	const struct import_format *f = import_format_find(IMPORT_PATCHES, name);
	struct pw_diags notes = { 0 };
	struct patch_sink sink = { .put = put_patch, .arg = out,
	    .notes = &notes };
	int rc;

	assert_non_null(f);
	memset(out, 0, sizeof *out);
	memset(problems, 0, sizeof *problems);
	rc = f->read.patches("p", text, strlen(text), &sink, problems, fatal);
	free(sink.host);
	assert_int_equal(notes.n, 0);
	pw_diags_free(&notes);
	return rc;
}

static void
test_patch_csv_hands_each_valid_row_to_the_sink(void **state)
{
	struct buf out;
	struct pw_diags problems;
	struct pw_error fatal = { 0 };

	(void)state;
	assert_int_equal(read_patches("csv", "host;CVE;priority;date;needs_reboot\n"
	    "web-1;CVE-2026-1;Important;2026-11-17T10:00:00Z;no\n"
	    "web-2;CVE-2026-2;urgent;2026-11-18;yes\n"
	    "db-1;CVE-2026-3;low;2026-11-19\n"
	    "db-2;CVE-2026-4;Moderate;2026-11-20;1\n", &out, &problems, &fatal), 0);
	/* Not finished here: completeness is the sink's (patch_finish). */
	assert_string_equal(out.s, "web-1 CVE-2026-1 high 2026-11-17 0 2\n"
	    "db-2 CVE-2026-4 medium 2026-11-20 1 5\n");
	assert_int_equal(problems.n, 2);
	assert_int_equal(problems.v[0].line, 3);
	assert_non_null(strstr(problems.v[0].msg, "urgent"));
	assert_int_equal(problems.v[1].line, 4);
	assert_non_null(strstr(problems.v[1].msg, "4 fields, but the header has 5"));
	buf_free(&out);
	pw_diags_free(&problems);
}

/* The missing host column is named as the header list names it, not by
 * its internal name 'asset' beside "the header needs hostname". */
static void
test_patch_csv_without_a_host_column_names_hostname(void **state)
{
	struct buf out;
	struct pw_diags problems;
	struct pw_error fatal = { 0 };

	(void)state;
	assert_int_equal(read_patches("csv", "advisory,severity,released\n"
	    "CVE-1,high,2026-11-01\n", &out, &problems, &fatal), -1);
	assert_int_equal(fatal.line, 1);
	assert_non_null(strstr(fatal.msg, "no 'hostname' column (the header needs"));
	assert_int_equal(out.len, 0);
	buf_free(&out);
	pw_diags_free(&problems);
}

static void
test_patch_csv_without_an_advisory_column_is_a_file_problem(void **state)
{
	struct buf out;
	struct pw_diags problems;
	struct pw_error fatal = { 0 };

	(void)state;
	assert_int_equal(read_patches("csv", "hostname,severity,released\n"
	    "a,high,2026-11-01\n", &out, &problems, &fatal), -1);
	assert_int_equal(fatal.line, 1);
	assert_non_null(strstr(fatal.msg, "no 'advisory' column"));
	assert_int_equal(out.len, 0);
	buf_free(&out);
	pw_diags_free(&problems);
}

static void
test_patch_yaml_reads_a_patches_list_or_a_bare_list(void **state)
{
	struct buf out;
	struct pw_diags problems;
	struct pw_error fatal = { 0 };

	(void)state;
	assert_int_equal(read_patches("yaml", "# from the scanner\npatches:\n"
	    "  - {asset: web-1, advisory: CVE-1, severity: critical, released: "
	    "2026-11-01}\n"
	    "  - asset: web-2\n"
	    "    colour: red\n"
	    "  - just text\n", &out, &problems, &fatal), 0);
	/* reboot unset (-1): the sink's patch_finish makes it yes. */
	assert_string_equal(out.s, "web-1 CVE-1 critical 2026-11-01 -1 3\n");
	assert_int_equal(problems.n, 2);
	assert_int_equal(problems.v[0].line, 5);
	assert_non_null(strstr(problems.v[0].msg, "not a patch field"));
	assert_int_equal(problems.v[1].line, 6);
	assert_non_null(strstr(problems.v[1].msg, "must be a mapping"));
	buf_free(&out);
	pw_diags_free(&problems);

	assert_int_equal(read_patches("yaml", "- {asset: a, advisory: X-1, severity: "
	    "low, released: 2026-01-02, reboot: false}\n", &out, &problems, &fatal), 0);
	assert_string_equal(out.s, "a X-1 low 2026-01-02 0 1\n");
	buf_free(&out);
	pw_diags_free(&problems);

	assert_int_equal(read_patches("yaml", "assets: []\n", &out, &problems, &fatal),
	    -1);
	assert_non_null(strstr(fatal.msg, "expected 'patches:'"));
	buf_free(&out);
	pw_diags_free(&problems);
}

/* ---- calendars ----------------------------------------------------------- */

struct cal_got {
	int		 puts;
	char		*float_tz;
	size_t		 nevents;
	struct buf	 uids;
	struct buf	 cutoffs;	/* "uid=minutes " per event with one */
};

static int
put_calendar(struct cal_sink *s, struct calendar *cal)
{
	struct cal_got *g = s->arg;

	g->puts++;
	g->float_tz = strdup(cal->float_tz);
	g->nevents = cal->nevents;
	for (size_t i = 0; i < cal->nevents; i++)
		buf_printf(&g->uids, "%s ", cal->events[i].uid);
	for (size_t i = 0; i < cal->nevents; i++)
		if (cal->events[i].cutoff_minutes)
			buf_printf(&g->cutoffs, "%s=%d ", cal->events[i].uid,
			    cal->events[i].cutoff_minutes);
	return 0;
}

/* Read text as iCalendar at 2026-11-23 over 366 days, with --cutoff cutoff
 * (NULL: none); the notes into notes. */
static int
read_ics_cut(const char *text, int skip, const char *cutoff, struct cal_got *g,
    struct pw_diags *problems, struct pw_diags *notes, struct pw_error *fatal)
{
	const struct import_format *f = import_format_find(IMPORT_CALENDAR, "ics");
	struct cal_sink sink = { .put = put_calendar, .arg = g, .notes = notes,
	    .fallback_tz = "Europe/Berlin", .now = 1795392000,
	    .days = CAL_IMPORT_DAYS, .skip_invalid = skip, .cutoff = cutoff };

	memset(g, 0, sizeof *g);
	memset(problems, 0, sizeof *problems);
	memset(notes, 0, sizeof *notes);
	return f->read.calendar("c.ics", text, strlen(text), &sink, problems, fatal);
}

static int
read_ics(const char *text, int skip, struct cal_got *g, struct pw_diags *problems,
    struct pw_diags *notes, struct pw_error *fatal)
{
	return read_ics_cut(text, skip, NULL, g, problems, notes, fatal);
}

static void
cal_got_free(struct cal_got *g)
{
	free(g->float_tz);
	buf_free(&g->uids);
	buf_free(&g->cutoffs);
}

/* X-PATCHWAVE-CUTOFF, a window's cutoff as a DURATION: kept per event in
 * minutes; one that is not a duration, negative, not whole minutes, not
 * shorter than its event or given twice is a problem at its line. */
static void
test_ics_reader_keeps_a_windows_cutoff_and_refuses_a_bad_one(void **state)
{
	struct cal_got g;
	struct pw_diags problems, notes;
	struct pw_error fatal = { 0 };
	const char *text = "BEGIN:VCALENDAR\r\n"
	    "BEGIN:VEVENT\r\nUID:hour\r\nDTSTART:20261205T160000Z\r\n"
	    "DTEND:20261205T190000Z\r\nRRULE:FREQ=WEEKLY\r\n"
	    "X-PATCHWAVE-CUTOFF:PT1H\r\nEND:VEVENT\r\n"			/* 7 */
	    "BEGIN:VEVENT\r\nUID:mixed\r\nDTSTART:20261206T160000Z\r\n"
	    "DURATION:PT4H\r\nX-Patchwave-Cutoff:PT1H30M\r\nEND:VEVENT\r\n"	/* 13 */
	    "BEGIN:VEVENT\r\nUID:none\r\nDTSTART:20261207T160000Z\r\n"
	    "DURATION:PT4H\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:long\r\nDTSTART:20261208T160000Z\r\n"
	    "DURATION:PT2H\r\nX-PATCHWAVE-CUTOFF:PT2H\r\nEND:VEVENT\r\n"	/* 24 */
	    "BEGIN:VEVENT\r\nUID:neg\r\nDTSTART:20261209T160000Z\r\n"
	    "DURATION:PT2H\r\nX-PATCHWAVE-CUTOFF:-PT1H\r\nEND:VEVENT\r\n"	/* 30 */
	    "BEGIN:VEVENT\r\nUID:word\r\nDTSTART:20261210T160000Z\r\n"
	    "DURATION:PT2H\r\nX-PATCHWAVE-CUTOFF:one hour\r\nEND:VEVENT\r\n"	/* 36 */
	    "BEGIN:VEVENT\r\nUID:secs\r\nDTSTART:20261211T160000Z\r\n"
	    "DURATION:PT2H\r\nX-PATCHWAVE-CUTOFF:PT90S\r\nEND:VEVENT\r\n"	/* 42 */
	    "BEGIN:VEVENT\r\nUID:twice\r\nDTSTART:20261212T160000Z\r\n"
	    "DURATION:PT2H\r\nX-PATCHWAVE-CUTOFF:PT1H\r\n"
	    "X-PATCHWAVE-CUTOFF:PT30M\r\nEND:VEVENT\r\n"			/* 49 */
	    "BEGIN:VEVENT\r\nUID:lower\r\nDTSTART:20261213T160000Z\r\n"
	    "DURATION:PT2H\r\nx-patchwave-cutoff:PT1H\r\nEND:VEVENT\r\n"	/* 55 */
	    "END:VCALENDAR\r\n";

	(void)state;
	assert_int_equal(read_ics(text, 1, &g, &problems, &notes, &fatal), 0);
	assert_string_equal(g.uids.s, "hour mixed none ");
	assert_string_equal(g.cutoffs.s, "hour=60 mixed=90 ");
	assert_int_equal(problems.n, 6);
	assert_int_equal(problems.v[0].line, 24);
	assert_non_null(strstr(problems.v[0].msg, "X-PATCHWAVE-CUTOFF PT2H is not "
	    "shorter than the event (120 minutes)"));
	assert_int_equal(problems.v[1].line, 30);
	assert_non_null(strstr(problems.v[1].msg, "'-PT1H' is not a duration"));
	assert_int_equal(problems.v[2].line, 36);
	assert_non_null(strstr(problems.v[2].msg, "'one hour' is not a duration"));
	assert_int_equal(problems.v[3].line, 42);
	assert_non_null(strstr(problems.v[3].msg, "PT90S: whole minutes"));
	assert_int_equal(problems.v[4].line, 49);
	assert_non_null(strstr(problems.v[4].msg, "given twice"));
	/* libical drops a lower-case X- name: said, not left out unseen. */
	assert_int_equal(problems.v[5].line, 55);
	assert_non_null(strstr(problems.v[5].msg, "x-patchwave-cutoff cannot be read"));
	cal_got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
}

/* --cutoff: the cutoff of every event that gives none of its own; one not
 * shorter than an event is a problem at the event's BEGIN; one that is no
 * duration refuses the file. */
static void
test_ics_reader_gives_cutoff_to_events_without_their_own(void **state)
{
	struct cal_got g;
	struct pw_diags problems, notes;
	struct pw_error fatal = { 0 };
	const char *text = "BEGIN:VCALENDAR\r\n"
	    "BEGIN:VEVENT\r\nUID:own\r\nDTSTART:20261205T160000Z\r\n"
	    "DURATION:PT3H\r\nX-PATCHWAVE-CUTOFF:PT2H\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:given\r\nDTSTART:20261206T160000Z\r\n"
	    "DURATION:PT3H\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:short\r\nDTSTART:20261207T160000Z\r\n"	/* 13 */
	    "DURATION:PT30M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

	(void)state;
	assert_int_equal(read_ics_cut(text, 1, "PT30M", &g, &problems, &notes,
	    &fatal), 0);
	assert_string_equal(g.uids.s, "own given ");
	assert_string_equal(g.cutoffs.s, "own=120 given=30 ");
	assert_int_equal(problems.n, 1);
	assert_int_equal(problems.v[0].line, 13);
	assert_non_null(strstr(problems.v[0].msg, "--cutoff PT30M is not shorter "
	    "than the event (30 minutes)"));
	cal_got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);

	assert_int_equal(read_ics_cut(text, 1, "1h", &g, &problems, &notes,
	    &fatal), -1);
	assert_int_equal(g.puts, 0);
	assert_non_null(strstr(fatal.msg, "--cutoff '1h' is not a duration"));
	cal_got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
}

static void
test_ics_reader_hands_over_the_valid_events_with_problems_at_lines(void **state)
{
	struct cal_got g;
	struct pw_diags problems, notes;
	struct pw_error fatal = { 0 };
	const char *text = "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:America/New_York\r\n"
	    "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20261201T100000\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:secondly\r\nDTSTART:20261201T100000Z\r\n"
	    "RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

	(void)state;
	/* Without --skip-invalid the missing DTSTART refuses the file: what
	 * the SECONDLY rule costs is not counted. */
	assert_int_equal(read_ics(text, 0, &g, &problems, &notes, &fatal), 0);
	assert_int_equal(g.puts, 1);
	assert_string_equal(g.float_tz, "America/New_York");	/* X-WR-TIMEZONE */
	assert_int_equal(problems.n, 1);
	assert_int_equal(problems.v[0].line, 7);
	assert_string_equal(g.uids.s, "ok secondly ");
	cal_got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);

	/* With it, the rest is checked too: the rule costs too much (line 14). */
	assert_int_equal(read_ics(text, 1, &g, &problems, &notes, &fatal), 0);
	assert_int_equal(problems.n, 2);
	assert_int_equal(problems.v[1].line, 14);
	assert_non_null(strstr(problems.v[1].msg, "more than 100000 steps"));
	assert_string_equal(g.uids.s, "ok ");
	cal_got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
}

static void
test_ics_reader_refuses_a_nul_byte_as_a_file_problem(void **state)
{
	const struct import_format *f = import_format_find(IMPORT_CALENDAR, "ics");
	struct cal_got g = { 0 };
	struct pw_diags problems = { 0 }, notes = { 0 };
	struct pw_error fatal = { 0 };
	struct cal_sink sink = { .put = put_calendar, .arg = &g, .notes = &notes,
	    .now = 1795392000, .days = CAL_IMPORT_DAYS };

	(void)state;
	assert_int_equal(f->read.calendar("c.ics", "BEGIN:VCALENDAR\r\n\0x", 19, &sink,
	    &problems, &fatal), -1);
	assert_non_null(strstr(fatal.msg, "a NUL byte"));
	assert_int_equal(g.puts, 0);
}

/* Read text as iCalendar; 0 or -1, the error in *fatal, whether the
 * calendar was handed over in *puts. */
static int
read_ics_once(const char *text, struct pw_error *fatal, int *puts)
{
	struct cal_got g;
	struct pw_diags problems, notes;
	int rc = read_ics(text, 0, &g, &problems, &notes, fatal);

	*puts = g.puts;
	cal_got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
	return rc;
}

/* A VTIMEZONE costs libical every change of every observance from its
 * DTSTART to the year asked: one that recurs each second (500 bytes) never
 * ended; refused at its line. Yearly ones, as every real zone, are read. */
static void
test_ics_reader_refuses_a_vtimezone_that_changes_too_often(void **state)
{
	struct pw_error fatal = { 0 };
	char text[2048];
	int puts;
	const char *fmt = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
	    "BEGIN:VTIMEZONE\r\nTZID:Z\r\n"
	    "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:%s\r\n"
	    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
	    "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
	    "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
	    "DTSTART;TZID=Z:20261201T010000\r\nDTEND;TZID=Z:20261201T020000\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";

	(void)state;
	snprintf(text, sizeof text, fmt, "FREQ=SECONDLY");
	assert_int_equal(read_ics_once(text, &fatal, &puts), -1);
	assert_int_equal(fatal.line, 4);
	assert_non_null(strstr(fatal.msg, "VTIMEZONE 'Z': a STANDARD observance "
	    "recurs other than yearly (FREQ=SECONDLY)"));
	assert_int_equal(puts, 0);
	snprintf(text, sizeof text, fmt, "FREQ=YEARLY;BYMONTH=10;BYHOUR=0,1,2,3");
	assert_int_equal(read_ics_once(text, &fatal, &puts), -1);
	assert_non_null(strstr(fatal.msg, "changes more than seven times a year"));
	snprintf(text, sizeof text, fmt,
	    "FREQ=YEARLY;BYMONTH=10;BYDAY=SU;BYMONTHDAY=25,26,27,28,29,30,31");
	assert_int_equal(read_ics_once(text, &fatal, &puts), 0);
	assert_int_equal(puts, 1);
	/* Yearly, but from the year 1 with seven changes a year, ten times
	 * over: 147,000 changes (1.1 s a zone, a hundred zones minutes). */
	struct buf b = { 0 };
	buf_adds(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
	    "BEGIN:VTIMEZONE\r\nTZID:Z\r\n");
	for (int i = 1; i <= 10; i++)
		buf_printf(&b, "BEGIN:STANDARD\r\nDTSTART:00010101T000000\r\n"
		    "RRULE:FREQ=YEARLY;BYMONTH=%d;BYDAY=SU;BYMONTHDAY=1,2,3,4,5,6,7\r\n"
		    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\n", i);
	buf_adds(&b, "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
	    "DTSTART;TZID=Z:20261201T010000\r\nDTEND;TZID=Z:20261201T020000\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n");
	assert_int_equal(read_ics_once(b.s, &fatal, &puts), -1);
	assert_int_equal(fatal.line, 4);
	assert_non_null(strstr(fatal.msg, "change more than 100000 times"));
	buf_free(&b);
}

/* An event of 2026-12-01 whose SUMMARY is the middle, as "...SUMMARY:" +
 * middle + the rest: its first line is line 8. */
static void
ics_around(struct buf *b, const char *middle)
{
	buf_reset(b);
	buf_adds(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
	    "UID:a@x\r\nDTSTART:20261201T010000Z\r\nDTEND:20261201T020000Z\r\n"
	    "SUMMARY:");
	buf_adds(b, middle);
	buf_adds(b, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
}

/* Components nested deeper than 64 levels are refused at the BEGIN that
 * passes it, before libical builds them: 200,000 (4 MB) overflowed the
 * stack of the recursive walks. */
static void
test_ics_reader_refuses_components_nested_too_deep(void **state)
{
	struct pw_error fatal = { 0 };
	struct buf b = { 0 }, nest = { 0 };
	int puts;

	(void)state;
	buf_adds(&nest, "x");
	for (int i = 0; i < 100; i++)
		buf_adds(&nest, "\r\nBEGIN:X-A");
	for (int i = 0; i < 100; i++)
		buf_adds(&nest, "\r\nEND:X-A");
	ics_around(&b, nest.s);
	assert_int_equal(read_ics_once(b.s, &fatal, &puts), -1);
	assert_int_equal(fatal.line, 9 + 62);
	assert_non_null(strstr(fatal.msg, "nested deeper than 64 levels"));
	assert_int_equal(puts, 0);
	buf_free(&b);
	buf_free(&nest);
}

/* A content line, its folds joined, is at most 1 MiB: libical reads one
 * in time growing with its square (a 30 MB SUMMARY took 6 minutes). */
static void
test_ics_reader_refuses_a_content_line_past_1_mib(void **state)
{
	struct pw_error fatal = { 0 };
	struct buf b = { 0 }, text = { 0 };
	int puts;

	(void)state;
	for (int fold = 0; fold < 2; fold++) {
		for (size_t len = 1048576; len <= 1048577; len++) {
			buf_reset(&text);
			for (size_t i = 8; i < len; i++) {	/* after SUMMARY: */
				if (fold && i % 70 == 0)
					buf_adds(&text, "\r\n ");
				buf_addc(&text, 'a');
			}
			ics_around(&b, text.s);
			int rc = read_ics_once(b.s, &fatal, &puts);
			if (len == 1048576) {
				assert_int_equal(rc, 0);
				assert_int_equal(puts, 1);
				continue;
			}
			assert_int_equal(rc, -1);
			assert_int_equal(fatal.line, 8);
			assert_non_null(strstr(fatal.msg, "a content line (its folds "
			    "joined) longer than 1048576 bytes"));
			assert_int_equal(puts, 0);
		}
	}
	buf_free(&b);
	buf_free(&text);
}

/* ---- the policy ---------------------------------------------------------- */

struct policy_got {
	int	puts;
	size_t	nwindows;
	long	approver_line, admin_line;
	size_t	nadmins;
};

static int
put_policy(struct policy_sink *s, struct policy *p, const struct policy_lines *lines)
{
	struct policy_got *g = s->arg;

	g->puts++;
	g->nwindows = p->nwindows;
	g->approver_line = p->napprovers ? lines->approver[0] : 0;
	g->nadmins = p->nadmins;
	g->admin_line = p->nadmins ? lines->admin[p->nadmins - 1] : 0;
	return 0;
}

static void
test_policy_reader_hands_over_only_a_policy_without_problems(void **state)
{
	const struct import_format *f = import_format_find(IMPORT_POLICY, "yaml");
	struct policy_got g = { 0 };
	struct pw_diags problems = { 0 }, notes = { 0 };
	struct pw_error fatal = { 0 };
	struct policy_sink sink = { put_policy, &g, &notes, 1795000000 };
	const char *good = "timezone: Europe/Berlin\nwindows:\n  - name: tue\n"
	    "    rrule: FREQ=WEEKLY;BYDAY=TU\n    start: \"22:00\"\n    duration: 4h\n"
	    "cab:\n  approvers: [alice]\npolicy_admins:\n  - carol\n  - dave\n";

	(void)state;
	assert_int_equal(f->read.policy("p.yaml", good, strlen(good), &sink, &problems,
	    &fatal), 0);
	assert_int_equal(g.puts, 1);
	assert_int_equal(g.nwindows, 1);
	assert_int_equal(g.approver_line, 8);
	assert_int_equal(g.nadmins, 2);
	assert_int_equal(g.admin_line, 11);
	assert_int_equal(f->read.policy("p.yaml", "horizon_days: 0\nsla_days: 3\n",
	    28, &sink, &problems, &fatal), 0);
	assert_int_equal(g.puts, 1);	/* not again */
	assert_int_equal(problems.n, 2);
	pw_diags_free(&problems);
	assert_int_equal(f->read.policy("p.yaml", "- a list\n", 9, &sink, &problems,
	    &fatal), -1);
	assert_non_null(strstr(fatal.msg, "a policy must be a mapping"));
	pw_diags_free(&notes);
}

/* ---- the format table ----------------------------------------------------- */

static void
test_formats_are_found_by_kind_and_name(void **state)
{
	const char *names[8];

	(void)state;
	assert_int_equal(import_formats(IMPORT_INVENTORY, names, 8), 4);
	assert_string_equal(names[0], "csv");
	assert_string_equal(names[3], "json");
	/* patchwave's own first; each patch source adds one */
	assert_true(import_formats(IMPORT_PATCHES, names, 8) >= 2);
	assert_string_equal(names[0], "csv");
	assert_string_equal(names[1], "yaml");
	/* iCalendar first; each provider's feed adds one */
	assert_true(import_formats(IMPORT_CALENDAR, names, 8) >= 2);
	assert_string_equal(names[0], "ics");
	assert_string_equal(names[1], "ec2-events");
	assert_int_equal(import_format_find(IMPORT_PATCHES, "yaml")->kind,
	    IMPORT_PATCHES);
	assert_null(import_format_find(IMPORT_PATCHES, "ansible"));
	assert_null(import_format_find(IMPORT_CALENDAR, "csv"));
}

/* The bytes decide; the name only between equally sure sniffs. */
static void
test_auto_picks_the_format_the_bytes_show_the_name_breaking_ties(void **state)
{
	static const struct {
		enum import_kind kind;
		const char	*path, *text, *format;
	} cases[] = {
		{ IMPORT_INVENTORY, "inv.csv", "hostname,env\na,b\n", "csv" },
		{ IMPORT_INVENTORY, "inv", "hostname\na\n", "csv" },
		{ IMPORT_INVENTORY, "inv.txt", "", "csv" },
		{ IMPORT_INVENTORY, "inv.yml", "", "ansible" },
		{ IMPORT_INVENTORY, "inv.YAML", "all:\n  hosts:\n    a:\n", "ansible" },
		{ IMPORT_INVENTORY, "inv.yml", "\xef\xbb\xbf# ours\n---\nassets:\n  - "
		    "{hostname: a}\n", "yaml" },
		{ IMPORT_INVENTORY, "inv", "assets: []\n", "yaml" },
		{ IMPORT_INVENTORY, "inv.yml", "web:\n  hosts: {a: }\nassets:\n  hosts:"
		    " {b: }\n", "ansible" },
		{ IMPORT_INVENTORY, "inv.json", "", "json" },
		{ IMPORT_INVENTORY, "inv.json", "not json", "json" },
		{ IMPORT_INVENTORY, "inv.yml", " \n{\"web\": {\"hosts\": [\"a\"]}}", "json" },
		{ IMPORT_INVENTORY, "inv.csv", "[{\"InstanceId\": \"i-1\"}]", "json" },
		{ IMPORT_PATCHES, "p.csv", "hostname,advisory\n", "csv" },
		{ IMPORT_PATCHES, "p", "- {asset: a}\n", "csv" },
		{ IMPORT_PATCHES, "p.yaml", "- {asset: a}\n", "yaml" },
		{ IMPORT_PATCHES, "p.csv", "patches:\n  - {asset: a}\n", "yaml" },
		{ IMPORT_PATCHES, "p.yml", "lol: 1\npatches: []\n", "yaml" },
		/* cloud patch state (tests/test_patch_cloud.c has the samples) */
		{ IMPORT_PATCHES, "p", "{\"Patches\": []}", "ssm-patches" },
		{ IMPORT_PATCHES, "p", " [{\"KBId\": \"KB1\", \"State\": \"Missing\"}]",
		    "ssm-patches" },
		{ IMPORT_PATCHES, "p", "{\"InstancePatchStates\": []}", "ssm-states" },
		{ IMPORT_PATCHES, "p", "{\"ComplianceItems\": []}", "ssm-compliance" },
		{ IMPORT_PATCHES, "p.json", "{\"availablePatches\": []}", "azure-assess" },
		{ IMPORT_PATCHES, "p", "<Benchmark xmlns=\"http://checklists.nist.gov/"
		    "xccdf/1.2\"><TestResult/></Benchmark>", "xccdf" },
		{ IMPORT_PATCHES, "p.json", "hostname,advisory\n\"{\"Patches\"\",x\n",
		    "csv" },
		{ IMPORT_ADVISORIES, "a.json", "{\"Patches\": [{\"KbNumber\": \"KB1\"}]}",
		    "ssm-available" },
		{ IMPORT_PATCHES, "p.csv", "\"IP\",\"DNS\",\"QID\",\"Severity\"\n",
		    "qualys-vmdr" },
		{ IMPORT_PATCHES, "p.txt", "\"Scan Results\"\n\n\"IP\",\"QID\"\n",
		    "qualys-vmdr" },
		{ IMPORT_PATCHES, "p.csv", "hostname,advisory,qid\n", "csv" },
		{ IMPORT_PATCHES, "p.xml", "<?xml version=\"1.0\"?>\n<SCAN value=\"s\">",
		    "qualys-xml" },
		{ IMPORT_PATCHES, "p.csv", "<SCAN>", "qualys-xml" },
		{ IMPORT_CALENDAR, "c.txt", "hello", "ics" },
		{ IMPORT_POLICY, "p.json", "{}", "yaml" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct import_format *f = import_format_sniff(cases[i].kind,
		    cases[i].path, cases[i].text, strlen(cases[i].text));
		if (strcmp(f->name, cases[i].format) != 0)
			fail_msg("case %zu (%s): %s, not %s", i, cases[i].path, f->name,
			    cases[i].format);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patch_csv_hands_each_valid_row_to_the_sink),
		cmocka_unit_test(test_patch_csv_without_an_advisory_column_is_a_file_problem),
		cmocka_unit_test(test_patch_csv_without_a_host_column_names_hostname),
		cmocka_unit_test(test_patch_yaml_reads_a_patches_list_or_a_bare_list),
		cmocka_unit_test(test_ics_reader_hands_over_the_valid_events_with_problems_at_lines),
		cmocka_unit_test(test_ics_reader_refuses_a_nul_byte_as_a_file_problem),
		cmocka_unit_test(test_ics_reader_keeps_a_windows_cutoff_and_refuses_a_bad_one),
		cmocka_unit_test(test_ics_reader_gives_cutoff_to_events_without_their_own),
		cmocka_unit_test(test_ics_reader_refuses_a_vtimezone_that_changes_too_often),
		cmocka_unit_test(test_ics_reader_refuses_components_nested_too_deep),
		cmocka_unit_test(test_ics_reader_refuses_a_content_line_past_1_mib),
		cmocka_unit_test(test_policy_reader_hands_over_only_a_policy_without_problems),
		cmocka_unit_test(test_formats_are_found_by_kind_and_name),
		cmocka_unit_test(test_auto_picks_the_format_the_bytes_show_the_name_breaking_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
