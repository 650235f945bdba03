/* The list of records of a JSON document, found among its checked values
 * and built a record at a time (json_records.h). */
#include <string.h>

#include "json_records.h"

/* The paths are a bit mask each. */
#define MAX_PATHS	8

/* A walk down the members on the paths of mask, level names deep. */
struct walk {
	struct json_records	*r;
	const char *const *const *paths;
	size_t			 npaths;
	unsigned		 mask;
	int			 level;
};

/* v is where a path ends: it must be the one list of records. */
static int
found(struct json_records *r, struct json_span v, int which, const char *name)
{
	struct json_doc *d = &r->doc;

	if (!json_doc_is_array(v)) {
		pw_error_set(d->fatal, d->path, json_doc_line(d, v.s), "JSON: "
		    "\"%.60s\" is not a list of records", name);
		return -1;
	}
	if (r->list.s != NULL) {
		long first = json_doc_line(d, r->list.s);
		pw_error_set(d->fatal, d->path, json_doc_line(d, v.s), "JSON: a "
		    "second list of records (the first at line %ld)", first);
		return -1;
	}
	r->list = v;
	r->which = which;
	return 0;
}

static int
walk_member(void *arg, const char *key, size_t n, struct json_span v)
{
	const struct walk *w = arg;
	struct walk next = *w;
	int ends = -1;

	next.mask = 0;
	next.level++;
	for (size_t i = 0; i < w->npaths; i++) {
		const char *name;
		if (!(w->mask & (1u << i)))
			continue;	/* (paths in mask go on past level) */
		name = w->paths[i][w->level];
		if (strlen(name) != n || memcmp(name, key, n) != 0)
			continue;
		if (w->paths[i][w->level + 1] != NULL)
			next.mask |= 1u << i;
		else if (ends < 0)
			ends = (int)i;
	}
	if (ends >= 0)
		return found(w->r, v, ends, w->paths[ends][w->level]);
	if (next.mask != 0 && json_doc_is_object(v))
		return json_doc_each_member(&w->r->doc, v, walk_member, &next);
	return 0;
}

int
json_records_open(struct json_records *r, const char *path, const char *data,
    size_t len, const char *const *const *paths, struct pw_error *fatal)
{
	struct walk w = { r, paths, 0, 0, 0 };
	struct json_doc *d = &r->doc;

	memset(r, 0, sizeof *r);
	r->which = -1;
	if (json_doc_open(d, path, data, len, fatal) != 0)
		return -1;
	while (w.npaths < MAX_PATHS && paths[w.npaths] != NULL)
		w.npaths++;
	for (size_t i = 0; i < w.npaths; i++) {
		if (paths[i][0] != NULL)
			w.mask |= 1u << i;
		else if (r->which < 0 && json_doc_is_array(d->root)) {
			r->list = d->root;
			r->which = (int)i;
		}
	}
	if (r->which < 0 && w.mask != 0 && json_doc_is_object(d->root) &&
	    json_doc_each_member(d, d->root, walk_member, &w) != 0)
		return -1;
	if (r->list.s != NULL &&
	    (size_t)(d->end - d->base) - r->list.n > JSON_PART_MAX) {
		pw_error_set(fatal, path, 1, "JSON: more than %zu bytes (1 MiB) "
		    "outside the list of records", JSON_PART_MAX);
		return -1;
	}
	return 0;
}

json_object *
json_records_envelope(struct json_records *r)
{
	return json_doc_build_without(&r->doc, r->doc.root, r->list);
}

struct each_call {
	struct json_records	*r;
	struct pw_diags		*problems;
	json_record_fn		*fn;
	void			*arg;
};

static int
each_record(void *arg, struct json_span v, long line)
{
	struct each_call *c = arg;
	struct json_doc *d = &c->r->doc;
	json_object *o;
	int rc;

	if (!json_doc_is_object(v)) {
		pw_diags_add(c->problems, d->path, line, "a record that is not an "
		    "object");
		return 0;
	}
	if (v.n > JSON_PART_MAX) {
		pw_diags_add(c->problems, d->path, line, "a record of more than %zu "
		    "bytes (1 MiB)", JSON_PART_MAX);
		return 0;
	}
	if ((o = json_doc_build(d, v)) == NULL)
		return -1;
	rc = c->fn(o, line, c->arg);
	json_object_put(o);
	return rc != 0 ? -1 : 0;
}

int
json_records_each(struct json_records *r, struct pw_diags *problems,
    json_record_fn *fn, void *arg)
{
	struct each_call c = { r, problems, fn, arg };

	if (r->list.s == NULL)
		return 0;
	return json_doc_each_element(&r->doc, r->list, each_record, &c) != 0 ?
	    -1 : 0;
}

void
json_records_close(struct json_records *r)
{
	json_doc_close(&r->doc);
}
