/* libyaml event streams, small node trees and YAML 1.1 scalar typing. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "csv.h"
#include "yaml.h"

/*
 * Anchors and aliases. An anchored node is kept by reference under its name
 * (a later anchor of the same name replaces it, as YAML says), and an alias
 * takes one more reference to it: nothing is copied, so reading costs what
 * the file holds. What the aliases stand for is counted instead: every node
 * carries its expanded size, and each alias adds its node's to the file's
 * total, which is refused at the alias's line once past the limits in
 * yaml.h, before any consumer (JSON conversion, the Ansible merge) expands it.
 */
struct yreader {
	const char	*path;
	const char	*data;
	size_t		 len;
	int		 started;	/* the text was checked */
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	int		 have_ev;
	struct strmap	 anchor_names;	/* name -> index in anchors */
	struct ynode	**anchors;
	size_t		 nanchors, capanchors;
	size_t		 aliases;	/* alias uses so far */
	size_t		 alias_nodes;	/* nodes and bytes they expand to */
	size_t		 alias_bytes;
};

struct yreader *
yreader_new(const char *path, const char *data, size_t len)
{
	struct yreader *r = xcalloc(1, sizeof *r);

	r->path = path;
	r->data = data;
	r->len = len;
	yaml_parser_initialize(&r->parser);
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)data, len);
	return r;
}

void
yreader_free(struct yreader *r)
{
	if (r == NULL)
		return;
	if (r->have_ev)
		yaml_event_delete(&r->ev);
	yaml_parser_delete(&r->parser);
	for (size_t i = 0; i < r->nanchors; i++)
		ynode_free(r->anchors[i]);
	free(r->anchors);
	strmap_free(&r->anchor_names);
	free(r);
}

int
yreader_event(struct yreader *r, yaml_event_t **ev, struct pw_error *err)
{
	if (r->have_ev) {
		yaml_event_delete(&r->ev);
		r->have_ev = 0;
	}
	/* libyaml refuses bad UTF-8 too, but at line 1 and in its words (and
	 * reads UTF-16): the whole file first, as every reader does. */
	if (!r->started) {
		r->started = 1;
		if (utf8_text_check(r->path, r->data, r->len, err) != 0)
			return -1;
	}
	if (!yaml_parser_parse(&r->parser, &r->ev)) {
		pw_error_set(err, r->path, (long)r->parser.problem_mark.line + 1,
		    "YAML: %s%s%s", r->parser.problem ? r->parser.problem : "syntax error",
		    r->parser.context ? " " : "", r->parser.context ? r->parser.context : "");
		return -1;
	}
	r->have_ev = 1;
	*ev = &r->ev;
	return 0;
}

static struct ynode *
ynode_new(enum ykind k, long line)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->kind = k;
	n->line = line;
	n->expanded_nodes = 1;
	n->refs = 1;
	return n;
}

void
ynode_free(struct ynode *n)
{
	if (n == NULL || --n->refs > 0)
		return;
	for (size_t i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

/* Append kid (the parent takes the reference) and count what it expands to. */
static void
ynode_add(struct ynode *parent, struct ynode *kid)
{
	parent->kids = xrealloc(parent->kids, (parent->n + 1) * sizeof *parent->kids);
	parent->kids[parent->n++] = kid;
	parent->expanded_nodes += kid->expanded_nodes;
	parent->expanded_bytes += kid->expanded_bytes;
	if (kid->height + 1 > parent->height)
		parent->height = kid->height + 1;
}

/* Keep n (one more reference) under the anchor's name. */
static void
anchor_save(struct yreader *r, const char *name, struct ynode *n)
{
	size_t i;

	if (name == NULL)
		return;
	i = strmap_intern(&r->anchor_names, name, r->nanchors);
	n->refs++;
	if (i < r->nanchors) {
		ynode_free(r->anchors[i]);
		r->anchors[i] = n;
		return;
	}
	r->anchors = xgrow(r->anchors, &r->capanchors, r->nanchors, sizeof *r->anchors);
	r->anchors[r->nanchors++] = n;
}

/* The node an alias at depth names, shared, once the file's aliases are
 * known to stay within the limits (see the top of this file). */
static int
alias_use(struct yreader *r, const yaml_event_t *ev, int depth, struct ynode **out,
    struct pw_error *err)
{
	const char *name = (const char *)ev->data.alias.anchor;
	long line = (long)ev->start_mark.line + 1;
	size_t i = strmap_get(&r->anchor_names, name);
	struct ynode *n;

	if (i == (size_t)-1) {
		pw_error_set(err, r->path, line, "alias *%.60s names no anchor", name);
		return -1;
	}
	n = r->anchors[i];
	r->alias_nodes += n->expanded_nodes;
	r->alias_bytes += n->expanded_bytes;
	if (++r->aliases > YAML_ALIASES_MAX) {
		pw_error_set(err, r->path, line, "alias *%.60s: more than %d aliases "
		    "in one file", name, YAML_ALIASES_MAX);
		return -1;
	}
	if (r->alias_nodes > YAML_ALIAS_NODES_MAX) {
		pw_error_set(err, r->path, line, "alias *%.60s: the file's aliases "
		    "stand for more than %d values (nested aliases multiply)", name,
		    YAML_ALIAS_NODES_MAX);
		return -1;
	}
	if (r->alias_bytes > YAML_ALIAS_BYTES_MAX) {
		pw_error_set(err, r->path, line, "alias *%.60s: the file's aliases "
		    "stand for more than %zu MB of text", name,
		    YAML_ALIAS_BYTES_MAX >> 20);
		return -1;
	}
	if (depth + n->height > YAML_DEPTH_MAX) {
		pw_error_set(err, r->path, line, "alias *%.60s: nesting deeper than "
		    "%d levels", name, YAML_DEPTH_MAX);
		return -1;
	}
	n->refs++;
	*out = n;
	return 0;
}

static int
read_node(struct yreader *r, yaml_event_t *ev, struct ynode **out, int depth,
    struct pw_error *err)
{
	long line = (long)ev->start_mark.line + 1;
	struct ynode *n;
	char *anchor = NULL;

	*out = NULL;
	if (depth > YAML_DEPTH_MAX) {
		pw_error_set(err, r->path, line, "nesting deeper than %d levels",
		    YAML_DEPTH_MAX);
		return -1;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = ynode_new(Y_SCALAR, line);
		n->value = xstrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->expanded_bytes = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    (ev->data.scalar.tag == NULL || ev->data.scalar.plain_implicit);
		if (strlen(n->value) != ev->data.scalar.length) {
			ynode_free(n);
			pw_error_set(err, r->path, line, "a NUL byte inside a value");
			return -1;
		}
		anchor_save(r, (const char *)ev->data.scalar.anchor, n);
		*out = n;
		return 0;
	case YAML_ALIAS_EVENT:
		return alias_use(r, ev, depth, out, err);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int is_map = ev->type == YAML_MAPPING_START_EVENT;
		yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT :
		    YAML_SEQUENCE_END_EVENT;
		unsigned char *a = is_map ? ev->data.mapping_start.anchor :
		    ev->data.sequence_start.anchor;
		anchor = a ? xstrdup((const char *)a) : NULL;
		n = ynode_new(is_map ? Y_MAP : Y_SEQ, line);
		for (;;) {
			yaml_event_t *kid;
			struct ynode *k;
			if (yreader_event(r, &kid, err) != 0)
				goto fail;
			if (kid->type == end)
				break;
			if (read_node(r, kid, &k, depth + 1, err) != 0)
				goto fail;
			ynode_add(n, k);
		}
		anchor_save(r, anchor, n);
		free(anchor);
		*out = n;
		return 0;
	fail:
		free(anchor);
		ynode_free(n);
		return -1;
	}
	default:
		pw_error_set(err, r->path, line, "unexpected YAML structure");
		return -1;
	}
}

int
yreader_node(struct yreader *r, yaml_event_t *ev, struct ynode **out, struct pw_error *err)
{
	return read_node(r, ev, out, 0, err);
}

int
yreader_node_at(struct yreader *r, yaml_event_t *ev, int depth, struct ynode **out,
    struct pw_error *err)
{
	return read_node(r, ev, out, depth, err);
}

int
yreader_skip(struct yreader *r, yaml_event_t *ev, struct pw_error *err)
{
	int depth = 0;

	for (;;) {
		if (ev->type == YAML_SEQUENCE_START_EVENT ||
		    ev->type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (ev->type == YAML_SEQUENCE_END_EVENT ||
		    ev->type == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth <= 0)
			return 0;
		if (yreader_event(r, &ev, err) != 0)
			return -1;
	}
}

int
yaml_load(const char *path, const char *data, size_t len, struct ynode **out,
    struct pw_error *err)
{
	struct yreader *r = yreader_new(path, data, len);
	yaml_event_t *ev;
	int rc = -1;

	*out = NULL;
	for (;;) {
		if (yreader_event(r, &ev, err) != 0)
			break;
		if (ev->type == YAML_STREAM_END_EVENT) {
			*out = ynode_new(Y_MAP, 1);	/* an empty file */
			rc = 0;
			break;
		}
		if (ev->type == YAML_STREAM_START_EVENT ||
		    ev->type == YAML_DOCUMENT_START_EVENT)
			continue;
		rc = yreader_node(r, ev, out, err);
		break;
	}
	yreader_free(r);
	return rc;
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	struct ynode *found = NULL;

	if (map == NULL || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->kind == Y_SCALAR && strcmp(map->kids[i]->value, key) == 0)
			found = map->kids[i + 1];	/* later duplicates win */
	return found;
}

static int
match_word(const char *v, const char *const *list)
{
	if (strnlen(v, 6) > 5)
		return 0;	/* longer than every word: most values */
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
static const char *const trues[] = { "yes", "Yes", "YES", "true", "True", "TRUE",
	"on", "On", "ON", NULL };
static const char *const falses[] = { "no", "No", "NO", "false", "False", "FALSE",
	"off", "Off", "OFF", NULL };

/* Digits (and '_') of a base from p; returns the end. */
static const char *
span_digits(const char *p, int base)
{
	for (; *p; p++) {
		int c = tolower((unsigned char)*p);
		int ok = c == '_' || (base == 2 && (c == '0' || c == '1')) ||
		    (base == 8 && c >= '0' && c <= '7') ||
		    (base == 10 && isdigit(c)) || (base == 16 && isxdigit(c));
		if (!ok)
			break;
	}
	return p;
}

/* YAML 1.1 int (PyYAML's resolver); fills *out. */
static int
parse_int(const char *v, long long *out)
{
	const char *p = v;
	int neg = 0, base = 10;
	char digits[128];
	size_t n = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (p[0] == '0' && p[1] == 'b')
		base = 2, p += 2;
	else if (p[0] == '0' && p[1] == 'x')
		base = 16, p += 2;
	else if (p[0] == '0' && p[1] != '\0')
		base = 8, p += 1;
	if (*p == '\0')
		return *v && (strcmp(v, "0") == 0 || strcmp(v, "-0") == 0 ||
		    strcmp(v, "+0") == 0) ? (*out = 0, 1) : 0;
	if (base == 10 && strchr(p, ':')) {
		/* Sexagesimal: 190:20:30 = 685230. */
		long long acc = 0;
		const char *q = p;
		if (*q < '1' || *q > '9')
			return 0;
		while (*q) {
			char *end;
			errno = 0;
			long part = strtol(q, &end, 10);
			if (end == q || errno != 0 || part < 0)
				return 0;
			/* Found by fuzzing: too large for 64 bits is no int here
			 * (it stays text) rather than an overflow. */
			if (acc > (LLONG_MAX - part) / 60)
				return 0;
			acc = acc * 60 + part;
			if (*end == ':')
				end++;
			else if (*end)
				return 0;
			q = end;
		}
		*out = neg ? -acc : acc;
		return 1;
	}
	if (*span_digits(p, base) != '\0')
		return 0;
	for (; *p && n + 1 < sizeof digits; p++)
		if (*p != '_')
			digits[n++] = *p;
	digits[n] = '\0';
	if (n == 0)
		return 0;
	errno = 0;
	unsigned long long u = strtoull(digits, NULL, base);
	if (errno != 0 || u > (unsigned long long)LLONG_MAX)
		return 0;
	*out = neg ? -(long long)u : (long long)u;
	return 1;
}

/* YAML 1.1 float (PyYAML's resolver, which needs a sign in the exponent). */
static int
parse_float(const char *v, double *out)
{
	const char *p = v;
	char clean[128];
	size_t n = 0;

	if (strcmp(v, ".nan") == 0 || strcmp(v, ".NaN") == 0 || strcmp(v, ".NAN") == 0) {
		*out = NAN;
		return 1;
	}
	if (*p == '-' || *p == '+')
		p++;
	if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0) {
		*out = *v == '-' ? -INFINITY : INFINITY;
		return 1;
	}
	const char *q = p;
	if (isdigit((unsigned char)*q)) {
		q = span_digits(q, 10);
		if (*q != '.')
			return 0;
	} else if (*q != '.' || !isdigit((unsigned char)q[1]))
		return 0;
	q = span_digits(q + 1, 10);
	if (*q == 'e' || *q == 'E') {
		if (q[1] != '-' && q[1] != '+')
			return 0;
		q += 2;
		if (!isdigit((unsigned char)*q))
			return 0;
		while (isdigit((unsigned char)*q))
			q++;
	}
	if (*q != '\0')
		return 0;
	for (p = v; *p && n + 1 < sizeof clean; p++)
		if (*p != '_')
			clean[n++] = *p;
	clean[n] = '\0';
	*out = strtod(clean, NULL);
	return 1;
}

int
yscalar_is_string(const char *v, int plain)
{
	long long i;
	double d;

	if (!plain)
		return 1;
	return !(match_word(v, nulls) || match_word(v, trues) ||
	    match_word(v, falses) || parse_int(v, &i) || parse_float(v, &d));
}

json_object *
yscalar_jobj(const char *v, int plain)
{
	long long i;
	double d;

	if (!plain)
		return json_object_new_string(v);
	if (match_word(v, nulls))
		return NULL;
	if (match_word(v, trues))
		return json_object_new_boolean(1);
	if (match_word(v, falses))
		return json_object_new_boolean(0);
	if (parse_int(v, &i))
		return json_object_new_int64(i);
	if (parse_float(v, &d)) {
		if (isnan(d) || isinf(d))
			return json_object_new_string(v);	/* JSON has neither */
		return json_object_new_double(d);
	}
	return json_object_new_string(v);
}

void
yscalar_json(struct buf *b, const char *value, int plain)
{
	json_object *o = yscalar_jobj(value, plain);

	buf_adds(b, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

static void
merge_into(json_object *dst, json_object *src)
{
	if (!json_object_is_type(src, json_type_object))
		return;
	json_object_object_foreach(src, k, v) {
		if (!json_object_object_get_ex(dst, k, NULL))
			json_object_object_add(dst, k, json_object_get(v));
	}
}

json_object *
ynode_jobj(const struct ynode *n)
{
	json_object *o, *merges = NULL;

	switch (n->kind) {
	case Y_SCALAR:
		return yscalar_jobj(n->value, n->plain);
	case Y_SEQ:
		o = json_object_new_array();
		for (size_t i = 0; i < n->n; i++)
			json_object_array_add(o, ynode_jobj(n->kids[i]));
		return o;
	case Y_MAP:
		o = json_object_new_object();
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
			if (k->kind == Y_SCALAR && k->plain && strcmp(k->value, "<<") == 0) {
				merges = merges ? merges : json_object_new_array();
				json_object_array_add(merges, ynode_jobj(v));
				continue;
			}
			struct buf key = { 0 };
			if (k->kind == Y_SCALAR)
				buf_adds(&key, k->value);
			else {
				json_object *kj = ynode_jobj(k);
				buf_adds(&key, json_object_to_json_string_ext(kj,
				    JSON_C_TO_STRING_PLAIN));
				json_object_put(kj);
			}
			json_object_object_add(o, buf_str(&key), ynode_jobj(v));
			buf_free(&key);
		}
		/* Merge keys fill in what the map does not set itself. */
		for (size_t i = 0; merges && i < json_object_array_length(merges); i++) {
			json_object *m = json_object_array_get_idx(merges, i);
			if (json_object_is_type(m, json_type_array))
				for (size_t j = 0; j < json_object_array_length(m); j++)
					merge_into(o, json_object_array_get_idx(m, j));
			else
				merge_into(o, m);
		}
		json_object_put(merges);
		return o;
	}
	return NULL;
}

const char *
ynode_text(const struct ynode *n)
{
	if (n == NULL || n->kind != Y_SCALAR)
		return NULL;
	if (n->plain && match_word(n->value, nulls))
		return NULL;
	return n->value;
}

int
yevent_is_null(const yaml_event_t *ev)
{
	return ev->type == YAML_SCALAR_EVENT &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    match_word((const char *)ev->data.scalar.value, nulls);
}
