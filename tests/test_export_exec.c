/* Exports for carrying out approved changes (export/exec.c) on hand-made
 * waves: Ansible group names and the host names Ansible would rewrite, SSM's
 * whole hours and what it refuses, the YAML, JSON and shell hostile text
 * ends up in, AWX's rrule form, and the same bytes every time. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../export/export.h"
#include "testutil.h"

#define HOSTILE	"we\"b'$(touch /tmp/pw-pwned)\nx`id`"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-exec");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return test_rmdir(dir);
}

/* Wave id from start (UTC ISO) lasting minutes, cutoff minutes. */
static struct exec_wave
wave(long long id, const char *start, int minutes, int cutoff, const char *zone)
{
	struct exec_wave w = { 0 };

	w.id = id;
	w.change = "CHG-2026-0001";
	w.stage = "canary";
	w.window = "tuesday-night";
	w.zone = (char *)zone;
	w.start_utc = utc_iso(start);
	w.end_utc = w.start_utc + minutes * 60;
	w.last_start_utc = w.end_utc - cutoff * 60;
	w.reboot = 1;
	w.concurrency = 20;
	return w;
}

static void
test_group_names_are_ansible_names(void **state)
{
	struct buf b = { 0 };

	(void)state;
	exec_group_name(&b, "patchwave_change_", "CHG-2026-0001");
	assert_string_equal(buf_str(&b), "patchwave_change_CHG_2026_0001");
	buf_reset(&b);
	exec_group_name(&b, "patchwave_change_", "a b.c\n\xc3\xa9$");
	assert_string_equal(buf_str(&b), "patchwave_change_a_b_c____");
	buf_reset(&b);
	exec_group_name(&b, "patchwave_wave_", "7");
	assert_string_equal(buf_str(&b), "patchwave_wave_7");
	buf_free(&b);
}

static void
test_names_ansible_would_rewrite_are_told(void **state)
{
	(void)state;
	assert_null(exec_ansible_name_why("web-01.example.com"));
	assert_null(exec_ansible_name_why("10.0.0.1"));
	assert_null(exec_ansible_name_why("fe80::1"));
	assert_null(exec_ansible_name_why("arn:aws:ec2:eu-central-1:1:instance/i-1"));
	assert_null(exec_ansible_name_why(HOSTILE));
	assert_non_null(exec_ansible_name_why("web[01:03]"));	/* a range */
	assert_non_null(exec_ansible_name_why("web:22"));		/* a port */
	assert_non_null(exec_ansible_name_why(""));
	/* Ansible templates inventory_hostname where a playbook uses it. */
	assert_non_null(exec_ansible_name_why("web{{ lookup('pipe','id') }}"));
	assert_non_null(exec_ansible_name_why("web{% if 1 %}x{% endif %}"));
	assert_non_null(exec_ansible_name_why("web{#x#}"));
	assert_null(exec_ansible_name_why("web{x}"));
	/* ssh takes a host with a leading '-' for an option (-oProxyCommand). */
	assert_non_null(exec_ansible_name_why("-oProxyCommand=touch /tmp/pw-pwned"));
	assert_null(exec_ansible_name_why("web-01"));
	assert_non_null(strstr(exec_ansible_name_why("-x"), "as an option"));
	assert_non_null(strstr(exec_ansible_name_why("web:22"), "port"));
	/* A group's name: a pattern (-l, AWX's limit) with it means the
	 * group, or this host where that wave's group is not exported. */
	assert_non_null(exec_ansible_name_why("all"));
	assert_non_null(exec_ansible_name_why("ungrouped"));
	assert_non_null(exec_ansible_name_why("patchwave_wave_2"));
	assert_non_null(strstr(exec_ansible_name_why("patchwave_change_CHG_2026_0001"),
	    "group"));
	assert_null(exec_ansible_name_why("localhost"));
	assert_null(exec_ansible_name_why("all-hosts"));
	assert_null(exec_ansible_name_why("patchwave-wave-2"));
	assert_null(exec_ansible_name_why("Ungrouped"));
}

static void
test_ssm_hours_round_the_window_up_and_keep_the_last_start(void **state)
{
	struct pw_error e = { 0 };
	int d, c;

	(void)state;
	struct exec_wave w = wave(1, "2026-11-24T01:00", 240, 30, "Europe/Berlin");
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 0);
	assert_int_equal(d, 4);
	assert_int_equal(c, 1);		/* 3.5 h open: tasks start in the first 3 */
	w = wave(1, "2026-11-24T01:00", 120, 0, NULL);
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 0);
	assert_int_equal(d, 2);
	assert_int_equal(c, 0);
	w = wave(1, "2026-11-24T01:00", 90, 0, NULL);
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 0);
	assert_int_equal(d, 2);
	assert_int_equal(c, 1);		/* none starts after 1.5 h */
	w = wave(1, "2026-11-24T01:00", 24 * 60, 60, NULL);
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 0);
	assert_int_equal(d, 24);
	assert_int_equal(c, 1);
}

static void
test_ssm_refuses_longer_than_a_day_or_no_hour_to_start(void **state)
{
	struct pw_error e = { 0 };
	int d = -1, c = -1;

	(void)state;
	struct exec_wave w = wave(3, "2026-11-24T01:00", 30 * 60, 30, NULL);
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 1);
	assert_non_null(strstr(e.msg, "lasts 30h00"));
	assert_non_null(strstr(e.msg, "24 hours at most"));
	w = wave(3, "2026-11-24T01:00", 24 * 60 + 1, 30, NULL);
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 1);
	w = wave(4, "2026-11-24T01:00", 240, 210, NULL);	/* 30 min open */
	assert_int_equal(exec_ssm_hours(&w, &d, &c, &e), 1);
	assert_non_null(strstr(e.msg, "not longer than its cutoff"));
	assert_int_equal(d, -1);
}

static void
test_ansible_quotes_hostile_text_and_types(void **state)
{
	struct exec_host h[2] = {
		{ "web-01", "web-01", "10.0.0.1", NULL },
		{ HOSTILE, "h\x1b]0;x\x07", NULL, "i-1" },
	};
	struct exec_wave w = wave(7, "2026-11-24T01:00", 240, 30, "Europe/Berlin");
	struct change_window cw = { 7, "canary", "tuesday-night", 0, 0, 0 };
	struct change_rec r = { 0 };
	struct buf a = { 0 }, b = { 0 };
	struct export_opts o = { .generated = utc_iso("2026-11-18T00:00") };
	struct pw_error e = { 0 };

	(void)state;
	w.hosts = h;
	w.nhosts = 2;
	w.window = "night: \"x\"\n- y";
	w.stage = "{{ lookup('pipe','id') }}";
	r.number = "CHG-2026-0001";
	r.windows = &cw;
	r.nwindows = 1;
	assert_int_equal(export_ansible(&a, &r, 1, &w, 1, &o, &e), 0);
	assert_int_equal(export_ansible(&b, &r, 1, &w, 1, &o, &e), 0);
	assert_string_equal(buf_str(&a), buf_str(&b));	/* the same bytes */
	const char *s = buf_str(&a);
	assert_non_null(strstr(s, "\n    patchwave_wave_7:\n      hosts:\n"));
	/* Double-quoted, escaped; a key on two lines becomes a "? " key. */
	assert_non_null(strstr(s, "\n        ? \"we\\\"b'$(touch /tmp/pw-pwned)\\nx`id`\"\n"));
	assert_non_null(strstr(s, "ansible_host: \"10.0.0.1\""));
	assert_non_null(strstr(s, "patchwave_window_start: \"2026-11-24T01:00:00Z\""));
	assert_non_null(strstr(s, "patchwave_window_end: \"2026-11-24T05:00:00Z\""));
	/* The cutoff (30 minutes): no host starts after end less it. */
	assert_non_null(strstr(s, "patchwave_last_start: \"2026-11-24T04:30:00Z\""));
	assert_non_null(strstr(s, "patchwave_reboot: true\n"));
	assert_non_null(strstr(s, "patchwave_window: \"night: \\\"x\\\"\\n- y\""));
	/* A string with a brace !unsafe: Ansible templates {{ }} in variables. */
	assert_non_null(strstr(s, "patchwave_stage: !unsafe \"{{ lookup('pipe','id') }}\""));
	assert_null(strstr(s, "patchwave_hostname: !unsafe"));
	assert_non_null(strstr(s, "patchwave_change_CHG_2026_0001:\n      children:\n"
	    "        patchwave_wave_7: {}"));
	assert_null(strchr(s, '\x1b'));			/* escaped, not raw */
	assert_null(strstr(s, "\n- y"));
	/* A key Ansible would read as a range is refused, naming it. */
	h[0].key = "web[1:3]";
	buf_reset(&a);
	assert_int_equal(export_ansible(&a, &r, 1, &w, 1, &o, &e), 1);
	assert_non_null(strstr(e.msg, "web[1:3]"));
	/* So is an address ssh would read as an option. */
	h[0].key = "web-01";
	h[0].address = "-oProxyCommand=touch /tmp/pw-pwned";
	buf_reset(&a);
	assert_int_equal(export_ansible(&a, &r, 1, &w, 1, &o, &e), 1);
	assert_non_null(strstr(e.msg, "-oProxyCommand"));
	assert_non_null(strstr(e.msg, "web-01"));
	buf_free(&a);
	buf_free(&b);
}

static void
test_awx_rrule_is_local_in_the_windows_zone(void **state)
{
	struct exec_wave w[4] = {
		wave(1, "2026-11-24T01:00", 240, 30, "Europe/Berlin"),
		wave(4, "2027-07-09T16:00", 120, 0, "Nowhere/Unknown"),
		/* Zones as a policy may write them, tz_builtin takes and AWX
		 * (dateutil) does not: written by their IANA names. */
		wave(5, "2026-11-24T01:00", 240, 30, "/Europe/Berlin"),
		wave(6, "2026-11-24T01:00", 240, 30, "Z"),
	};
	struct export_opts o = { .generated = utc_iso("2026-11-18T00:00") };
	struct buf b = { 0 };

	(void)state;
	w[1].reboot = 0;
	w[1].window = HOSTILE;
	struct pw_error e = { 0 };
	assert_int_equal(export_awx(&b, w, 4, &o, &e), 0);
	json_object *a = json_tokener_parse(buf_str(&b)), *x, *v;
	assert_non_null(a);
	assert_int_equal(json_object_array_length(a), 4);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(a, 2), "rrule", &v));
	assert_string_equal(json_object_get_string(v), "DTSTART;TZID=Europe/Berlin:"
	    "20261124T020000 RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1");
	assert_true(json_object_object_get_ex(json_object_array_get_idx(a, 3), "rrule", &v));
	assert_string_equal(json_object_get_string(v), "DTSTART;TZID=UTC:"
	    "20261124T010000 RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1");
	x = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(x, "rrule", &v));
	assert_string_equal(json_object_get_string(v), "DTSTART;TZID=Europe/Berlin:"
	    "20261124T020000 RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1");
	assert_true(json_object_object_get_ex(x, "limit", &v));
	assert_string_equal(json_object_get_string(v), "patchwave_wave_1");
	x = json_object_array_get_idx(a, 1);
	assert_true(json_object_object_get_ex(x, "rrule", &v));
	assert_string_equal(json_object_get_string(v), "DTSTART;TZID=UTC:"
	    "20270709T160000 RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1");
	assert_true(json_object_object_get_ex(x, "extra_data", &x));
	assert_true(json_object_object_get_ex(x, "patchwave_window", &v));
	assert_string_equal(json_object_get_string(v), HOSTILE);
	assert_true(json_object_object_get_ex(x, "patchwave_reboot", &v));
	assert_false(json_object_get_boolean(v));	/* No cutoff: the last start is the end. */
	assert_true(json_object_object_get_ex(x, "patchwave_last_start", &v));
	assert_string_equal(json_object_get_string(v), "2027-07-09T18:00:00Z");
	x = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(x, "extra_data", &x));
	assert_true(json_object_object_get_ex(x, "patchwave_last_start", &v));
	assert_string_equal(json_object_get_string(v), "2026-11-24T04:30:00Z");
	json_object_put(a);
	buf_free(&b);
}

static json_object *
read_json(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/ssm/%s", dir, name);
	return json_object_from_file(path);
}

static void
test_ssm_files_and_the_script(void **state)
{
	struct exec_host h[54];
	char ids[52][24], path[256];
	struct exec_wave w[2] = {
		wave(1, "2026-11-24T01:00", 240, 30, "Europe/Berlin"),
		wave(2, "2026-12-10T17:00", 120, 0, "/America/New_York"),
	};
	struct export_opts o = { .generated = utc_iso("2026-11-18T00:00") };
	struct pw_error e = { 0 };
	size_t files;
	json_object *x, *v;

	(void)state;
	for (int i = 0; i < 51; i++) {
		snprintf(ids[i], sizeof ids[i], "i-%017d", i);
		h[i] = (struct exec_host){ ids[i], ids[i], NULL, ids[i] };
	}
	h[51] = (struct exec_host){ HOSTILE, "x", NULL, NULL };
	/* Other clouds' instance ids: SSM refuses them in InstanceIds. */
	h[52] = (struct exec_host){ "gce-1", "gce-1", NULL, "1234567890123456789" };
	h[53] = (struct exec_host){ "ec2-short", "e", NULL, "i-0123" };
	w[0].hosts = h;
	w[0].nhosts = 51;
	w[1].hosts = &h[51];
	w[1].nhosts = 3;
	w[1].reboot = 0;
	w[1].concurrency = 5;
	w[1].window = HOSTILE;		/* a policy's names land in comments too */
	w[1].stage = "canary\r\n$(touch /tmp/pw-pwned)";
	snprintf(path, sizeof path, "%s/ssm", dir);
	assert_int_equal(export_ssm(path, w, 2, &o, &files, &e), 0);
	assert_int_equal(files, 9);	/* 1: window, 2 id targets, task; 2: window,
					   tag target, task; run.sh, SHA256SUMS */
	x = read_json("wave-1-window.json");
	assert_non_null(x);
	assert_true(json_object_object_get_ex(x, "Schedule", &v));
	assert_string_equal(json_object_get_string(v), "at(2026-11-24T02:00:00)");
	assert_true(json_object_object_get_ex(x, "ScheduleTimezone", &v));
	assert_string_equal(json_object_get_string(v), "Europe/Berlin");
	assert_true(json_object_object_get_ex(x, "Duration", &v));
	assert_int_equal(json_object_get_int(v), 4);
	assert_true(json_object_object_get_ex(x, "Cutoff", &v));
	assert_int_equal(json_object_get_int(v), 1);
	assert_true(json_object_object_get_ex(x, "AllowUnassociatedTargets", &v));
	assert_false(json_object_get_boolean(v));
	json_object_put(x);
	x = read_json("wave-1-targets-1.json");
	assert_true(json_object_object_get_ex(json_object_array_get_idx(
	    json_object_object_get(x, "Targets"), 0), "Values", &v));
	assert_int_equal(json_object_array_length(v), 50);
	json_object_put(x);
	x = read_json("wave-1-targets-2.json");
	assert_true(json_object_object_get_ex(json_object_array_get_idx(
	    json_object_object_get(x, "Targets"), 0), "Values", &v));
	assert_int_equal(json_object_array_length(v), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)),
	    "i-00000000000000050");
	json_object_put(x);
	x = read_json("wave-2-window.json");
	assert_true(json_object_object_get_ex(x, "ScheduleTimezone", &v));
	assert_string_equal(json_object_get_string(v), "America/New_York");
	json_object_put(x);
	x = read_json("wave-2-targets-1.json");
	assert_null(x);			/* no SSM instance id in wave 2 */
	x = read_json("wave-2-targets-tag.json");
	assert_true(json_object_object_get_ex(json_object_array_get_idx(
	    json_object_object_get(x, "Targets"), 0), "Key", &v));
	assert_string_equal(json_object_get_string(v), "tag:patchwave-wave");
	json_object_put(x);
	x = read_json("wave-2-task.json");
	assert_true(json_object_object_get_ex(x, "MaxConcurrency", &v));
	assert_string_equal(json_object_get_string(v), "5");
	assert_true(json_object_object_get_ex(x, "TaskInvocationParameters", &v));
	assert_non_null(strstr(json_object_to_json_string(v), "\"NoReboot\""));
	assert_non_null(strstr(json_object_to_json_string(v), "\"Install\""));
	json_object_put(x);
	snprintf(path, sizeof path, "%s/ssm/run.sh", dir);
	size_t len;
	char *sh = test_slurp(path, &len);
	assert_non_null(sh);
	/* The hostile key only in a comment, on one line. */
	assert_null(strstr(sh, "\nx`id`"));
	for (char *p = strstr(sh, "$(touch"); p; p = strstr(p + 1, "$(touch")) {
		char *bol = p;
		while (bol > sh && bol[-1] != '\n')
			bol--;
		assert_true(bol[0] == '#');
	}
	assert_non_null(strstr(sh, "# 3 hosts without an SSM instance id: tag"));
	assert_non_null(strstr(sh, "\n# gce-1\n"));
	assert_non_null(strstr(sh, "\n# ec2-short\n"));
	assert_non_null(strstr(sh, "--window-id \"$wid\" --targets "
	    "\"Key=WindowTargetIds,Values=$tids\" --cli-input-json file://wave-2-task.json"));
	free(sh);
}

/* export_ssm of w refused with a message holding want, nothing written. */
static void
ssm_refused(const struct exec_wave *w, size_t n, const struct export_opts *o,
    const char *want)
{
	struct pw_error e = { 0 };
	struct stat st;
	char path[256];
	size_t files = 7;

	snprintf(path, sizeof path, "%s/ssm", dir);
	assert_int_equal(export_ssm(path, w, n, o, &files, &e), 1);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(files, 0);
	assert_int_not_equal(stat(path, &st), 0);
}

static void
test_ssm_refusal_writes_nothing(void **state)
{
	struct exec_wave w[2] = {
		wave(1, "2026-11-24T01:00", 240, 30, NULL),
		wave(2, "2026-11-25T01:00", 30 * 60, 30, NULL),
	};
	struct export_opts o = { 0 };

	(void)state;
	ssm_refused(w, 2, &o, "wave 2 of CHG-2026-0001");
}

/* A wave started by now: SSM's at() and AWX's one run would be past, the
 * schedule would never run; refused, nothing written. */
static void
test_ssm_and_awx_refuse_a_wave_started(void **state)
{
	struct exec_wave w[2] = {
		wave(1, "2026-11-24T01:00", 240, 30, "Europe/Berlin"),
		wave(2, "2026-12-01T01:00", 240, 30, "Europe/Berlin"),
	};
	struct export_opts o = { .generated = utc_iso("2026-11-24T01:00"),
	    .zone = "Europe/Berlin" };
	struct pw_error e = { 0 };
	struct buf b = { 0 };
	char path[256];
	size_t files;

	(void)state;
	assert_int_equal(export_awx(&b, w, 2, &o, &e), 1);
	assert_int_equal(b.len, 0);
	assert_non_null(strstr(e.msg, "wave 1 of CHG-2026-0001 (window tuesday-night): "
	    "it started at 2026-11-24 02:00+01:00, not after now (2026-11-24 "
	    "02:00+01:00); a schedule for it would never run in AWX"));
	ssm_refused(w, 2, &o, "a schedule for it would never run in SSM");
	snprintf(path, sizeof path, "%s/ssm", dir);
	o.generated--;			/* a second before: both taken */
	assert_int_equal(export_awx(&b, w, 2, &o, &e), 0);
	assert_int_equal(export_ssm(path, w, 2, &o, &files, &e), 0);
	buf_free(&b);
}

/* One change, wave 1 started last night, waves 2 and 3 next week: the
 * waves ahead are scheduled (in their order, first), each started one is
 * said skipped and why, in the zone people read times in. */
static void
test_waves_ahead_skip_the_started_ones_and_say_why(void **state)
{
	struct exec_wave w[3] = {
		wave(1, "2026-11-24T01:00", 240, 30, "Europe/Berlin"),
		wave(2, "2026-12-01T01:00", 240, 30, "Europe/Berlin"),
		wave(3, "2026-12-08T01:00", 240, 30, "Europe/Berlin"),
	};
	struct export_opts o = { .generated = utc_iso("2026-11-24T12:00"),
	    .zone = "Europe/Berlin" };
	struct pw_error e = { 0 };
	struct buf b = { 0 }, skipped = { 0 };

	(void)state;
	assert_int_equal(exec_waves_ahead(w, 3, &o, "SSM", &skipped), 2);
	assert_int_equal(w[0].id, 2);
	assert_int_equal(w[1].id, 3);
	assert_int_equal(w[2].id, 1);
	assert_string_equal(buf_str(&skipped), "skipped wave 1 of CHG-2026-0001 "
	    "(window tuesday-night): it started at 2026-11-24 02:00+01:00, not after "
	    "now (2026-11-24 13:00+01:00); a schedule for it would never run in SSM\n");
	assert_int_equal(export_awx(&b, w, 2, &o, &e), 0);
	assert_null(strstr(buf_str(&b), "\"patchwave_wave\": 1,"));
	assert_non_null(strstr(buf_str(&b), "\"patchwave_wave\": 3,"));
	/* None left ahead: none kept, each said. */
	buf_reset(&skipped);
	o.generated = utc_iso("2026-12-09T00:00");
	assert_int_equal(exec_waves_ahead(w, 3, &o, "AWX", &skipped), 0);
	assert_non_null(strstr(buf_str(&skipped), "skipped wave 2 of"));
	assert_non_null(strstr(buf_str(&skipped), "skipped wave 3 of"));
	assert_non_null(strstr(buf_str(&skipped), "skipped wave 1 of"));
	buf_free(&b);
	buf_free(&skipped);
}

/* The window's name is the policy's text: a newline in it made a line of
 * its own on stderr ("patchwave: export --to ssm: ..." after the CLI's
 * prefix, any message one liked), an escape sequence reached the terminal
 * through a caller that prints lines as they are. One line a wave, escaped. */
static void
test_a_skipped_waves_window_is_escaped(void **state)
{
	struct exec_wave w = wave(1, "2026-11-24T01:00", 240, 30, "UTC");
	struct export_opts o = { .generated = utc_iso("2026-11-24T12:00"),
	    .zone = "UTC" };
	struct buf skipped = { 0 };

	(void)state;
	w.window = "night\nwrote 9 waves\033]0;x\007";
	assert_int_equal(exec_waves_ahead(&w, 1, &o, "SSM", &skipped), 0);
	assert_string_equal(buf_str(&skipped), "skipped wave 1 of CHG-2026-0001 "
	    "(window night\\x0awrote 9 waves\\x1b]0;x\\x07): it started at "
	    "2026-11-24 01:00+00:00, not after now (2026-11-24 12:00+00:00); a "
	    "schedule for it would never run in SSM\n");
	buf_free(&skipped);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_group_names_are_ansible_names),
		T(test_a_skipped_waves_window_is_escaped),
		T(test_names_ansible_would_rewrite_are_told),
		T(test_ssm_hours_round_the_window_up_and_keep_the_last_start),
		T(test_ssm_refuses_longer_than_a_day_or_no_hour_to_start),
		T(test_ansible_quotes_hostile_text_and_types),
		T(test_awx_rrule_is_local_in_the_windows_zone),
		T(test_ssm_files_and_the_script),
		T(test_ssm_refusal_writes_nothing),
		T(test_ssm_and_awx_refuse_a_wave_started),
		T(test_waves_ahead_skip_the_started_ones_and_say_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
