/* Exports for carrying out approved changes: an Ansible inventory, AWS SSM
 * maintenance window inputs and AWX schedules, one wave each (what a wave
 * is, storage/exec.h). Every byte is a function of the changes, the waves
 * and the options, so the same database and --now give the same files.
 * Imported text leaves escaped for where it lands: YAML through libyaml's
 * emitter, JSON through json-c, shell only as generated names and comments
 * through esc_term. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../model/civil.h"
#include "../model/tz.h"
#include "../util/escape.h"
#include "internal.h"
#include "outdir.h"

void
exec_group_name(struct buf *b, const char *prefix, const char *id)
{
	buf_adds(b, prefix);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		buf_addc(b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' ? (char)*p : '_');
}

const char *
exec_ansible_name_why(const char *key)
{
	const char *c = strchr(key, ':');

	if (key[0] == '\0')
		return "Ansible has no host without a name";
	if (key[0] == '-')
		return "ssh reads a host starting with '-' as an option";
	if (strpbrk(key, "[]") != NULL)
		return "Ansible reads a name with [ ] as a range of hosts";
	if (c != NULL && strchr(c + 1, ':') == NULL)
		return "Ansible reads a name with one ':' as a host and its port";
	if (exec_jinja(key))
		return "Ansible templates a name with Jinja's {{ {% {#";
	/* A host named as a group: Ansible warns, and a pattern (-l, a play's
	 * hosts:, AWX's limit) with that name means the group, or this host
	 * where the group is not in this inventory (a wave not exported). */
	if (strcmp(key, "all") == 0 || strcmp(key, "ungrouped") == 0 ||
	    strncmp(key, "patchwave_wave_", 15) == 0 ||
	    strncmp(key, "patchwave_change_", 17) == 0)
		return "Ansible reads this name as a group's (all, ungrouped, "
		    "patchwave_wave_..., patchwave_change_...)";
	return NULL;
}

int
exec_jinja(const char *s)
{
	return strstr(s, "{{") || strstr(s, "{%") || strstr(s, "{#");
}

/* The wave's local start in its zone (UTC when unknown), and the zone's
 * IANA name: not as the policy wrote it, which tz_builtin also takes as
 * "/Europe/Berlin" or "Z", names SSM's ScheduleTimezone and AWX's TZID
 * refuse. */
static const char *
local_start(const struct exec_wave *w, struct civil *c)
{
	icaltimezone *z = w->zone ? tz_builtin(w->zone) : NULL;

	if (z == NULL || z == icaltimezone_get_utc_timezone()) {
		civil_from_seconds(w->start_utc, c);
		return "UTC";
	}
	tz_utc_to_local(z, w->start_utc, c);
	return icaltimezone_get_location(z);
}

/* Why wave w is not scheduled by tool: it started at or before now
 * (o->generated), and a schedule made for it would never run (SSM's at()
 * past, AWX's rrule without a next run). Times in o->zone. */
static void
exec_started_why(struct buf *b, const struct exec_wave *w,
    const struct export_opts *o, const char *tool)
{
	char s[48], now[48];
	struct buf name = { 0 };

	ex_local(w->start_utc, o->zone, s, sizeof s);
	ex_local(o->generated, o->zone, now, sizeof now);
	/* The policy's text, on a line of its own: no newline (a line of
	 * its own after the CLI's prefix) nor escape sequence passes. */
	esc_term(&name, w->window);
	buf_printf(b, "wave %lld of %s (window %.240s): it started at %s, not "
	    "after now (%s); a schedule for it would never run in %s", w->id,
	    w->change, buf_str(&name), s, now, tool);
	buf_free(&name);
}

size_t
exec_waves_ahead(struct exec_wave *w, size_t nw, const struct export_opts *o,
    const char *tool, struct buf *skipped)
{
	struct exec_wave *x = xcalloc(nw ? nw : 1, sizeof *x);
	size_t ahead = 0, k;

	for (size_t i = 0; i < nw; i++)
		if (w[i].start_utc > o->generated)
			x[ahead++] = w[i];
	k = ahead;
	for (size_t i = 0; i < nw; i++)
		if (w[i].start_utc <= o->generated) {
			buf_adds(skipped, "skipped ");
			exec_started_why(skipped, &w[i], o, tool);
			buf_addc(skipped, '\n');
			x[k++] = w[i];
		}
	memcpy(w, x, nw * sizeof *w);
	free(x);
	return ahead;
}

/* 1 when a wave starts at or before now: the callers pass only the waves
 * exec_waves_ahead kept, so this refuses a wave that would never run. */
static int
exec_started(const struct exec_wave *w, size_t nw, const struct export_opts *o,
    const char *tool, struct pw_error *err)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < nw; i++)
		if (w[i].start_utc <= o->generated) {
			exec_started_why(&b, &w[i], o, tool);
			pw_error_set(err, NULL, 0, "%s", buf_str(&b));
			buf_free(&b);
			return 1;
		}
	return 0;
}

/* ---- Ansible ---- */

static int
y_out(void *data, unsigned char *s, size_t n)
{
	buf_add(data, (const char *)s, n);
	return 1;
}

/* Strings double-quoted (quoted 1), so that none reads as another type (a
 * time as a timestamp, "yes" as true); group names and numbers plain. A
 * variable's string with a brace is also tagged !unsafe (quoted 2):
 * Ansible templates {{ }} and {% %} in variables where a play uses them (a
 * lookup('pipe') runs a command on the controller), never an unsafe
 * string. Only those: AWX, reading an inventory through ansible-inventory
 * --list, takes {"__ansible_unsafe": ...} for a string poorly. */
static int
y_scalar(yaml_emitter_t *e, const char *s, int quoted)
{
	yaml_event_t ev;
	int tag = quoted == 2 && strpbrk(s, "{}") != NULL;

	yaml_scalar_event_initialize(&ev, NULL, tag ? (yaml_char_t *)"!unsafe" : NULL,
	    (yaml_char_t *)s, -1, !quoted, quoted && !tag, quoted ?
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE);
	return yaml_emitter_emit(e, &ev);
}

#define y_str(e, s)	y_scalar(e, s, 1)
#define y_plain(e, s)	y_scalar(e, s, 0)
#define y_unsafe(e, s)	y_scalar(e, s, 2)

static int
y_map(yaml_emitter_t *e, int flow)
{
	yaml_event_t ev;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, flow ?
	    YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	return yaml_emitter_emit(e, &ev);
}

static int
y_end(yaml_emitter_t *e)
{
	yaml_event_t ev;

	yaml_mapping_end_event_initialize(&ev);
	return yaml_emitter_emit(e, &ev);
}

static int
y_kv(yaml_emitter_t *e, const char *k, const char *v)
{
	return y_plain(e, k) && y_unsafe(e, v);
}

static int
wave_hosts(yaml_emitter_t *e, const struct exec_wave *w)
{
	char s[32], z[32], ls[32], id[24];
	int ok = 1;

	utc_format(w->start_utc, s);
	utc_format(w->end_utc, z);
	utc_format(w->last_start_utc, ls);
	snprintf(id, sizeof id, "%lld", w->id);
	for (size_t i = 0; i < w->nhosts && ok; i++) {
		const struct exec_host *h = &w->hosts[i];
		ok = y_str(e, h->key) && y_map(e, 0) &&
		    (h->address == NULL || y_kv(e, "ansible_host", h->address)) &&
		    y_kv(e, "patchwave_change", w->change) &&
		    y_plain(e, "patchwave_wave") && y_plain(e, id) &&
		    y_kv(e, "patchwave_window_start", s) &&
		    y_kv(e, "patchwave_window_end", z) &&
		    y_kv(e, "patchwave_last_start", ls) &&
		    y_plain(e, "patchwave_reboot") && y_plain(e, w->reboot ? "true" : "false") &&
		    y_kv(e, "patchwave_hostname", h->hostname) &&
		    y_kv(e, "patchwave_window", w->window) &&
		    y_kv(e, "patchwave_stage", w->stage) && y_end(e);
	}
	return ok;
}

int
export_ansible(struct buf *b, const struct change_rec *v, size_t n,
    const struct exec_wave *w, size_t nw, const struct export_opts *o,
    struct pw_error *err)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	struct buf name = { 0 };
	const char *why;
	char gen[32];
	int ok;

	for (size_t i = 0; i < nw; i++)
		for (size_t h = 0; h < w[i].nhosts; h++)
			if ((why = exec_ansible_name_why(w[i].hosts[h].key)) != NULL) {
				buf_reset(&name);
				esc_term(&name, w[i].hosts[h].key);
				pw_error_set(err, NULL, 0, "asset %.200s (wave %lld of %s): "
				    "%s, not as this host: give it another key",
				    buf_str(&name), w[i].id, w[i].change, why);
				buf_free(&name);
				return 1;
			} else if (w[i].hosts[h].address &&
			    w[i].hosts[h].address[0] == '-') {
				/* ssh would take it for an option: -oProxyCommand=... runs
				 * a command on the controller. */
				buf_reset(&name);
				esc_term(&name, w[i].hosts[h].key);
				buf_adds(&name, "'s address ");
				esc_term(&name, w[i].hosts[h].address);
				pw_error_set(err, NULL, 0, "asset %.300s (wave %lld of %s): ssh "
				    "reads an address starting with '-' as an option: correct it "
				    "in the inventory", buf_str(&name), w[i].id, w[i].change);
				buf_free(&name);
				return 1;
			}
	utc_format(o->generated, gen);
	yaml_emitter_initialize(&e);
	yaml_emitter_set_output(&e, y_out, b);
	yaml_emitter_set_unicode(&e, 0);	/* all but ASCII escaped */
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
	ok = ok && yaml_emitter_emit(&e, &ev) && y_map(&e, 0) &&
	    y_plain(&e, "all") && y_map(&e, 0) &&
	    y_plain(&e, "vars") && y_map(&e, 0) &&
	    y_kv(&e, "patchwave_generated", gen) && y_end(&e) &&
	    y_plain(&e, "children") && y_map(&e, 0);
	for (size_t i = 0; i < nw && ok; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", w[i].id);
		buf_reset(&name);
		exec_group_name(&name, "patchwave_wave_", id);
		ok = y_plain(&e, buf_str(&name)) && y_map(&e, 0) &&
		    y_plain(&e, "hosts") && y_map(&e, 0) && wave_hosts(&e, &w[i]) &&
		    y_end(&e) && y_end(&e);
	}
	/* A change's group holds its waves' groups. */
	for (size_t c = 0; c < n && ok; c++) {
		buf_reset(&name);
		exec_group_name(&name, "patchwave_change_", v[c].number);
		ok = y_plain(&e, buf_str(&name)) && y_map(&e, 0) &&
		    y_plain(&e, "children") && y_map(&e, 0);
		for (size_t i = 0; i < v[c].nwindows && ok; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", v[c].windows[i].wave);
			buf_reset(&name);
			exec_group_name(&name, "patchwave_wave_", id);
			ok = y_plain(&e, buf_str(&name)) && y_map(&e, 1) && y_end(&e);
		}
		ok = ok && y_end(&e) && y_end(&e);
	}
	ok = ok && y_end(&e) && y_end(&e) && y_end(&e);
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev) && yaml_emitter_flush(&e);
	if (!ok)
		pw_error_set(err, NULL, 0, "writing the inventory: %s",
		    e.problem ? e.problem : "the YAML emitter failed");
	yaml_emitter_delete(&e);
	buf_free(&name);
	return ok ? 0 : -1;
}

/* ---- AWS SSM ---- */

int
exec_ssm_hours(const struct exec_wave *w, int *duration, int *cutoff,
    struct pw_error *err)
{
	int64_t len = w->end_utc - w->start_utc, open = w->last_start_utc - w->start_utc;
	int64_t d = (len + 3599) / 3600, hours_open = open / 3600;

	if (len <= 0 || d > 24) {
		pw_error_set(err, NULL, 0, "wave %lld of %s (window %.60s) lasts %lldh%02lld: "
		    "an SSM maintenance window lasts 24 hours at most", w->id, w->change,
		    w->window, (long long)(len / 3600), (long long)(len % 3600 / 60));
		return 1;
	}
	if (hours_open < 1) {
		pw_error_set(err, NULL, 0, "wave %lld of %s (window %.60s): work may start "
		    "only in its first %lld minutes, and SSM counts the window (%lld h) "
		    "and its cutoff in whole hours: the window is not longer than its "
		    "cutoff", w->id, w->change, w->window, (long long)(open / 60),
		    (long long)d);
		return 1;
	}
	*duration = (int)d;
	*cutoff = (int)(d - hours_open);
	return 0;
}

static void
j_add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *
j_strs1(const char *s)
{
	json_object *a = json_object_new_array();

	json_object_array_add(a, json_object_new_string(s));
	return a;
}

/* Put o (freed) as name, pretty-printed. */
static int
put_json(struct outdir *od, const char *name, json_object *o, unsigned mode,
    struct pw_error *err)
{
	struct buf b = { 0 };
	int rc;

	buf_adds(&b, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_addc(&b, '\n');
	json_object_put(o);
	rc = outdir_put(od, name, buf_str(&b), b.len, mode, err);
	buf_free(&b);
	return rc;
}

static void
ssm_name(struct buf *b, const struct exec_wave *w, const char *what)
{
	buf_adds(b, "patchwave-");
	for (const unsigned char *p = (const unsigned char *)w->change; *p &&
	    b->len < 80; p++)
		buf_addc(b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' ?
		    (char)*p : '_');
	buf_printf(b, "-wave-%lld%s", w->id, what);
}

static void
comment(struct buf *b, const char *s)
{
	buf_adds(b, "# ");
	esc_term(b, s);
	buf_addc(b, '\n');
}

/* file://NAME as one shell word. */
static void
file_arg(struct buf *sh, const char *name)
{
	struct buf b = { 0 };

	buf_printf(&b, "file://%s", name);
	esc_sh(sh, buf_str(&b));
	buf_free(&b);
}

/* Register the target in file; the id AWS gives it joins $tids. */
static void
target_cmd(struct buf *sh, const char *file)
{
	buf_adds(sh, "tid=$(aws ssm register-target-with-maintenance-window "
	    "--window-id \"$wid\" --cli-input-json ");
	file_arg(sh, file);
	buf_adds(sh, " --query WindowTargetId --output text)\ncheck_id \"$tid\" ''\n"
	    "tids=${tids:+$tids,}$tid\n");
}

/* SSM takes at most 50 instance ids a target. */
#define SSM_IDS_MAX	50

/* Whether an inventory's instance id is one SSM takes in InstanceIds (its
 * model's InstanceId: i- and 8 or 17 word characters, an EC2 instance, or
 * mi- and 17, a managed node): not another cloud's (a GCE number, an Azure
 * resource id, an ARN), which SSM refuses and run.sh would stop at. */
static int
ssm_instance_id(const struct exec_host *h)
{
	const char *p = h->instance_id, *q;
	size_t n;

	if (p == NULL)
		return 0;
	q = strncmp(p, "i-", 2) == 0 ? p + 2 : strncmp(p, "mi-", 3) == 0 ? p + 3 : NULL;
	if (q == NULL)
		return 0;
	for (n = 0; (q[n] >= 'a' && q[n] <= 'z') || (q[n] >= 'A' && q[n] <= 'Z') ||
	    (q[n] >= '0' && q[n] <= '9') || q[n] == '_'; n++)
		;
	return q[n] == '\0' && (n == 17 || (n == 8 && p[0] == 'i'));
}

/* One wave's files, and its part of run.sh in sh. */
static int
ssm_wave(struct outdir *od, struct buf *sh, const struct exec_wave *w, int duration,
    int cutoff, unsigned mode, struct pw_error *err)
{
	char file[64], at[32], cc[24];
	struct buf name = { 0 }, line = { 0 };
	struct civil c;
	const char *zone = local_start(w, &c);
	size_t ids = 0, parts = 0;
	int rc = -1;

	snprintf(at, sizeof at, "at(%04d-%02d-%02dT%02d:%02d:%02d)", c.y % 10000,
	    c.mo % 100, c.d % 100, c.h % 100, c.mi % 100, c.s % 100);
	ssm_name(&name, w, "");
	json_object *o = json_object_new_object();
	j_add(o, "Name", json_object_new_string(buf_str(&name)));
	j_add(o, "Schedule", json_object_new_string(at));
	j_add(o, "ScheduleTimezone", json_object_new_string(zone));
	j_add(o, "Duration", json_object_new_int(duration));
	j_add(o, "Cutoff", json_object_new_int(cutoff));
	j_add(o, "AllowUnassociatedTargets", json_object_new_boolean(0));
	snprintf(file, sizeof file, "wave-%lld-window.json", w->id);
	if (put_json(od, file, o, mode, err) != 0)
		goto out;

	buf_reset(&line);
	buf_printf(&line, "wave %lld of %s: %s, window %s, stage %s, %zu host%s", w->id,
	    w->change, at, w->window, w->stage, w->nhosts, w->nhosts == 1 ? "" : "s");
	buf_addc(sh, '\n');
	comment(sh, buf_str(&line));
	buf_adds(sh, "wid=$(aws ssm create-maintenance-window --cli-input-json ");
	file_arg(sh, file);
	buf_adds(sh, " --query WindowId --output text)\ncheck_id \"$wid\" mw-\ntids=\n");
	/* Hosts with an SSM instance id by it, 50 a target. */
	for (size_t i = 0; i < w->nhosts; i++)
		ids += ssm_instance_id(&w->hosts[i]);
	for (size_t i = 0; i < w->nhosts; ) {
		json_object *t = json_object_new_object(), *tg = json_object_new_array(),
		    *one = json_object_new_object(), *vals = json_object_new_array();
		size_t k = 0;
		for (; i < w->nhosts && k < SSM_IDS_MAX; i++)
			if (ssm_instance_id(&w->hosts[i])) {
				json_object_array_add(vals,
				    json_object_new_string(w->hosts[i].instance_id));
				k++;
			}
		if (k == 0) {
			json_object_put(t);
			json_object_put(tg);
			json_object_put(one);
			json_object_put(vals);
			break;
		}
		parts++;
		buf_reset(&name);
		ssm_name(&name, w, "");
		buf_printf(&name, "-ids-%zu", parts);
		j_add(t, "ResourceType", json_object_new_string("INSTANCE"));
		j_add(one, "Key", json_object_new_string("InstanceIds"));
		j_add(one, "Values", vals);
		json_object_array_add(tg, one);
		j_add(t, "Targets", tg);
		j_add(t, "Name", json_object_new_string(buf_str(&name)));
		j_add(t, "OwnerInformation", json_object_new_string(w->change));
		snprintf(file, sizeof file, "wave-%lld-targets-%zu.json", w->id, parts);
		if (put_json(od, file, t, mode, err) != 0)
			goto out;
		target_cmd(sh, file);
	}
	/* The others by a tag the operator sets on their managed nodes. */
	if (ids < w->nhosts) {
		char id[24];
		json_object *t = json_object_new_object(), *tg = json_object_new_array(),
		    *one = json_object_new_object();
		snprintf(id, sizeof id, "%lld", w->id);
		buf_reset(&name);
		ssm_name(&name, w, "-tag");
		j_add(t, "ResourceType", json_object_new_string("INSTANCE"));
		j_add(one, "Key", json_object_new_string("tag:patchwave-wave"));
		j_add(one, "Values", j_strs1(id));
		json_object_array_add(tg, one);
		j_add(t, "Targets", tg);
		j_add(t, "Name", json_object_new_string(buf_str(&name)));
		j_add(t, "OwnerInformation", json_object_new_string(w->change));
		snprintf(file, sizeof file, "wave-%lld-targets-tag.json", w->id);
		if (put_json(od, file, t, mode, err) != 0)
			goto out;
		buf_reset(&line);
		buf_printf(&line, "%zu host%s without an SSM instance id: tag the managed node of each "
		    "patchwave-wave=%lld before the window:", w->nhosts - ids,
		    w->nhosts - ids == 1 ? "" : "s", w->id);
		comment(sh, buf_str(&line));
		for (size_t i = 0; i < w->nhosts; i++)
			if (!ssm_instance_id(&w->hosts[i]))
				comment(sh, w->hosts[i].key);
		target_cmd(sh, file);
	}
	/* The task: patch and (if the wave may) reboot, as many at once as the
	 * window's lanes, stopping at the first host that fails. */
	json_object *k = json_object_new_object(), *rcmd = json_object_new_object(),
	    *params = json_object_new_object(), *inv = json_object_new_object();
	buf_reset(&name);
	ssm_name(&name, w, "-install");
	if (w->concurrency > 0)
		snprintf(cc, sizeof cc, "%d", w->concurrency);
	else
		snprintf(cc, sizeof cc, "100%%");
	j_add(k, "Name", json_object_new_string(buf_str(&name)));
	j_add(k, "TaskArn", json_object_new_string("AWS-RunPatchBaseline"));
	j_add(k, "TaskType", json_object_new_string("RUN_COMMAND"));
	j_add(k, "Priority", json_object_new_int(1));
	j_add(k, "MaxConcurrency", json_object_new_string(cc));
	j_add(k, "MaxErrors", json_object_new_string("0"));
	j_add(params, "Operation", j_strs1("Install"));
	j_add(params, "RebootOption", j_strs1(w->reboot ? "RebootIfNeeded" : "NoReboot"));
	j_add(rcmd, "Parameters", params);
	j_add(inv, "RunCommand", rcmd);
	j_add(k, "TaskInvocationParameters", inv);
	snprintf(file, sizeof file, "wave-%lld-task.json", w->id);
	if (put_json(od, file, k, mode, err) != 0)
		goto out;
	buf_adds(sh, "aws ssm register-task-with-maintenance-window --window-id "
	    "\"$wid\" --targets \"Key=WindowTargetIds,Values=$tids\" --cli-input-json ");
	file_arg(sh, file);
	buf_printf(sh, " --query WindowTaskId --output text >/dev/null\n"
	    "echo \"wave %lld: maintenance window $wid\"\n", w->id);
	rc = 0;
out:
	buf_free(&name);
	buf_free(&line);
	return rc;
}

int
export_ssm(const char *dir, const struct exec_wave *w, size_t nw,
    const struct export_opts *o, size_t *files, struct pw_error *err)
{
	unsigned dmode, mode = ex_modes(o, &dmode);
	int *dur = xcalloc(nw ? nw : 1, sizeof *dur), *cut = xcalloc(nw ? nw : 1,
	    sizeof *cut);
	struct outdir *od = NULL;
	struct buf sh = { 0 };
	char gen[32];
	int rc = 1;

	*files = 0;
	/* Every wave checked before anything is written. */
	if (exec_started(w, nw, o, "SSM", err) != 0)
		goto out;
	for (size_t i = 0; i < nw; i++)
		if (exec_ssm_hours(&w[i], &dur[i], &cut[i], err) != 0)
			goto out;
	rc = -1;
	if (outdir_open(dir, dmode, &od, err) != 0)
		goto out;
	utc_format(o->generated, gen);
	buf_printf(&sh, "#!/bin/sh\n# patchwave: the approved waves as AWS SSM "
	    "maintenance windows, %zu wave%s (as of %s).\n# Run it once, from "
	    "anywhere: sh run.sh. Each window is made, its targets and its\n# "
	    "AWS-RunPatchBaseline task registered with the ids AWS returns.\n"
	    "set -eu\ncd \"$(dirname \"$0\")\"\n"
	    "# An id from aws: its prefix, then letters, digits and '-' only.\n"
	    "check_id() {\n\tcase $1 in\n\t'' | \"$2\"*[!A-Za-z0-9-]*) ;;\n"
	    "\t\"$2\"[A-Za-z0-9]*) return 0 ;;\n\tesac\n\techo \"run.sh: aws "
	    "returned no id of the expected form\" >&2\n\texit 1\n}\n",
	    nw, nw == 1 ? "" : "s", gen);
	for (size_t i = 0; i < nw; i++)
		if (ssm_wave(od, &sh, &w[i], dur[i], cut[i], mode, err) != 0)
			goto out;
	if (outdir_put(od, "run.sh", buf_str(&sh), sh.len, mode, err) != 0)
		goto out;
	rc = outdir_commit(od, mode, files, err);
out:
	outdir_close(od);
	buf_free(&sh);
	free(dur);
	free(cut);
	return rc;
}

/* ---- AWX ---- */

int
export_awx(struct buf *b, const struct exec_wave *w, size_t nw,
    const struct export_opts *o, struct pw_error *err)
{
	json_object *a;
	char gen[32];

	if (exec_started(w, nw, o, "AWX", err) != 0)
		return 1;
	a = json_object_new_array();
	utc_format(o->generated, gen);
	for (size_t i = 0; i < nw; i++) {
		char rrule[128], s[32], z[32], ls[32], id[24];
		struct civil c;
		const char *zone = local_start(&w[i], &c);
		struct buf name = { 0 }, group = { 0 }, desc = { 0 };
		json_object *x = json_object_new_object(), *d = json_object_new_object();
		snprintf(rrule, sizeof rrule, "DTSTART;TZID=%s:%04d%02d%02dT%02d%02d%02d "
		    "RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1", zone, c.y % 10000, c.mo % 100,
		    c.d % 100, c.h % 100, c.mi % 100, c.s % 100);
		utc_format(w[i].start_utc, s);
		utc_format(w[i].end_utc, z);
		utc_format(w[i].last_start_utc, ls);
		snprintf(id, sizeof id, "%lld", w[i].id);
		exec_group_name(&group, "patchwave_wave_", id);
		buf_printf(&name, "patchwave %s wave %lld", w[i].change, w[i].id);
		buf_printf(&desc, "%s, window %s, stage %s, %zu host%s, until %s "
		    "(patchwave, %s)", w[i].change, w[i].window, w[i].stage, w[i].nhosts,
		    w[i].nhosts == 1 ? "" : "s", z, gen);
		j_add(x, "name", json_object_new_string(buf_str(&name)));
		j_add(x, "description", json_object_new_string(buf_str(&desc)));
		j_add(x, "enabled", json_object_new_boolean(1));
		j_add(x, "rrule", json_object_new_string(rrule));
		j_add(x, "limit", json_object_new_string(buf_str(&group)));
		j_add(d, "patchwave_change", json_object_new_string(w[i].change));
		j_add(d, "patchwave_wave", json_object_new_int64(w[i].id));
		j_add(d, "patchwave_window", json_object_new_string(w[i].window));
		j_add(d, "patchwave_stage", json_object_new_string(w[i].stage));
		j_add(d, "patchwave_window_start", json_object_new_string(s));
		j_add(d, "patchwave_window_end", json_object_new_string(z));
		j_add(d, "patchwave_last_start", json_object_new_string(ls));
		j_add(d, "patchwave_reboot", json_object_new_boolean(w[i].reboot));
		j_add(d, "patchwave_concurrency", json_object_new_int(w[i].concurrency));
		j_add(x, "extra_data", d);
		json_object_array_add(a, x);
		buf_free(&name);
		buf_free(&group);
		buf_free(&desc);
	}
	buf_adds(b, json_object_to_json_string_ext(a, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_addc(b, '\n');
	json_object_put(a);
	return 0;
}
