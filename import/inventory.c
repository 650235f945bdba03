/* Inventory import: pick the reader, run it inside one transaction, retire what
 * the source no longer lists, and land the whole file or nothing. */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "import.h"
#include "inventory.h"

struct put_ctx {
	struct store_import	*imp;
	const struct import_opts *opts;
	long			 seen;		/* records read */
	const char		*source;
	const char		*path;
	struct import_report	*report;
	struct pw_error		*fatal;
	int			 failed;	/* a database error stopped us */
};

static int
sink_put(struct inv_sink *sink, struct asset *a)
{
	struct put_ctx *c = sink->arg;
	struct pw_error e = { 0 };
	int rc;

	import_progress(c->opts, &c->seen);
	if (asset_finish(a, &e) != 0) {
		pw_diags_add(&c->report->problems, c->path, a->line, "%s", e.msg);
		return 0;
	}
	rc = store_asset_put(c->imp, a, &e);
	if (rc > 0) {
		pw_diags_add(&c->report->problems, c->path, a->line, "%s", e.msg);
		return 0;
	}
	if (rc < 0) {
		*c->fatal = e;
		c->failed = 1;
		return -1;
	}
	c->report->records++;
	return 0;
}

static void
note_removed(void *arg, const char *key)
{
	struct import_report *r = arg;

	r->removed_names = xrealloc(r->removed_names,
	    (r->nremoved + 1) * sizeof *r->removed_names);
	r->removed_names[r->nremoved++] = xstrdup(key);
}

/* An import that would retire more than half of its source's active
 * assets (exactly half is allowed), or lists none at all, is more likely a
 * broken export than a smaller estate: refused unless o->allow_retire.
 * before: the source's active assets before this import. */
static int
retire_check(const struct import_opts *o, const struct put_ctx *c, long before,
    struct pw_error *err)
{
	long unseen;

	if (o->allow_retire)
		return 0;
	if (c->report->records == 0 && c->report->problems.n == 0) {
		if (before > 0)
			pw_error_set(err, o->path, 0, "no assets in the file (it would "
			    "retire all %ld assets of source %.100s): give --allow-retire "
			    "if that is meant", before, c->source);
		else
			pw_error_set(err, o->path, 0, "no assets in the file: give "
			    "--allow-retire if an empty inventory is meant");
		return -1;
	}
	if (before == 0)
		return 0;
	if (store_assets_unseen(c->imp, &unseen, err) != 0)
		return -1;
	if (unseen * 2 > before) {
		pw_error_set(err, o->path, 0, "this import would retire %ld of %ld assets "
		    "of source %.100s (more than half): give --allow-retire if that is "
		    "meant", unseen, before, c->source);
		return -1;
	}
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Guess a format from the name, then the first significant byte. */
static enum inv_format
detect_format(const char *path, const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	if (ends_with(path, ".csv") || ends_with(path, ".tsv") || ends_with(path, ".txt"))
		return INV_CSV;
	if (ends_with(path, ".json"))
		return INV_JSON;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p < end && (*p == '{' || *p == '['))
		return INV_JSON;
	if (ends_with(path, ".yml") || ends_with(path, ".yaml")) {
		/* patchwave's own YAML says so with a top-level "assets:" key. */
		for (const char *q = data; q && q < end; q = memchr(q, '\n', (size_t)(end - q))) {
			if (*q == '\n')
				q++;
			if (end - q >= 7 && strncmp(q, "assets:", 7) == 0)
				return INV_YAML;
		}
		return INV_ANSIBLE;
	}
	return INV_CSV;
}

static const char *
format_name(enum inv_format f)
{
	switch (f) {
	case INV_CSV: return "csv";
	case INV_YAML: return "yaml";
	case INV_ANSIBLE: return "ansible";
	case INV_JSON: return "json";
	default: return "auto";
	}
}

int
import_inventory(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	static inv_reader *const readers[] = { NULL, inv_read_csv, inv_read_yaml,
	    inv_read_ansible, inv_read_json };
	char *data;
	size_t len;
	enum inv_format fmt;
	struct store_counts counts;
	long before = 0;
	struct put_ctx ctx = { .opts = o, .path = o->path, .report = r, .fatal = err };
	struct inv_sink sink = { sink_put, &ctx, &r->notes };

	memset(r, 0, sizeof *r);
	if (import_read_file(o->path, &data, &len, err) != 0)
		return -1;
	fmt = o->format != INV_AUTO ? o->format : detect_format(o->path, data, len);
	r->format = format_name(fmt);
	ctx.source = o->source ? o->source : import_base_name(o->path);

	if (store_begin(s, err) != 0)
		goto fail_nobegin;
	if ((ctx.imp = store_import_begin(s, "inventory", ctx.source, o->path,
	    err)) == NULL)
		goto fail;
	/* The source's size, for the retire bound: nothing is seen yet. */
	if (!o->allow_retire && store_assets_unseen(ctx.imp, &before, err) != 0)
		goto fail;
	if (readers[fmt](o->path, data, len, &sink, &r->problems, err) != 0 ||
	    ctx.failed)
		goto fail;
	if (r->problems.n > 0 && !o->skip_invalid) {
		pw_error_set(err, o->path, 0, "%zu invalid record%s: nothing imported",
		    r->problems.n, r->problems.n == 1 ? "" : "s");
		goto fail;
	}
	if (retire_check(o, &ctx, before, err) != 0)
		goto fail;
	if (r->records == 0 && r->problems.n == 0)
		pw_diags_add(&r->notes, o->path, 0, "no assets in the file");
	if (store_assets_finish(ctx.imp, note_removed, r, &counts, err) != 0)
		goto fail;
	/* Retired assets leave the plan: a change to the plan like any other. */
	if (counts.retired > 0) {
		struct pw_diags warn = { 0 };	/* the plan's calendars': not ours */
		struct checked k;
		int rc = store_plan_retire(s, store_import_id(ctx.imp), &k, NULL,
		    &warn, err);
		checked_free(&k);
		pw_diags_free(&warn);
		if (rc != 0)
			goto fail;
	}
	r->added = counts.added;
	r->updated = counts.updated;
	r->unchanged = counts.unchanged;
	r->removed = counts.retired;
	if (store_commit(s, err) != 0)
		goto fail;
	r->landed = 1;
	store_import_end(ctx.imp);
	import_free_file(data, len);
	return 0;
fail:
	store_rollback(s);
	store_import_end(ctx.imp);
fail_nobegin:
	import_free_file(data, len);
	return -1;
}

static char *
scalar_text(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_string:
		return xstrdup(json_object_get_string(v));
	case json_type_int:
	case json_type_double:
	case json_type_boolean:
		return xstrdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	default:
		return NULL;
	}
}

/* The field a variable name sets, -1 for none (see inv_fields_from_layers). */
static int
var_field(const char *k)
{
	int prefixed = strncmp(k, "patchwave_", 10) == 0;
	int f = asset_field_lookup(prefixed ? k + 10 : k);

	if (f < 0 || strcmp(asset_field_name(f), "key") == 0)
		return -1;	/* the inventory name is the key */
	if (!prefixed && strcmp(asset_field_name(f), "hostname") == 0 &&
	    strcmp(k, "hostname") != 0)
		return -1;	/* only "hostname" itself renames */
	return f;
}

int
inv_fields_from_layers(struct asset *a, json_object *const *layers, size_t n,
    struct strmap *cache, struct pw_error *err)
{
	/* Two passes: plain names first, then patchwave_ names override them;
	 * within a pass, later layers override earlier ones. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t l = 0; l < n; l++) {
			if (!json_object_is_type(layers[l], json_type_object))
				continue;
			json_object_object_foreach(layers[l], k, v) {
				int prefixed = strncmp(k, "patchwave_", 10) == 0;
				if (prefixed != pass)
					continue;
				int f;
				size_t hit = cache ? strmap_get(cache, k) : (size_t)-1;
				if (hit != (size_t)-1)
					f = (int)hit - 1;
				else {
					f = var_field(k);
					if (cache)
						strmap_put(cache, k, (size_t)(f + 1));
				}
				if (f < 0)
					continue;
				char *t = scalar_text(v);
				if (t == NULL)
					continue;
				if (asset_field_set(a, f, t, err) != 0) {
					char inner[sizeof err->msg];
					memcpy(inner, err->msg, sizeof inner);
					pw_error_set(err, NULL, 0, "variable %.60s: %.400s",
					    k, inner);
					free(t);
					return -1;
				}
				free(t);
			}
		}
	}
	return 0;
}

