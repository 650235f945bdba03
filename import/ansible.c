/*
 * Ansible YAML inventories, read as ansible-core 2.14's yaml plugin reads them:
 * groups with hosts, children and vars; 'all' and 'ungrouped' implicit; a host
 * in several groups; host ranges; group variables merged by (depth, priority,
 * name) and host variables on top (hash_behaviour=replace). The file is read as
 * a libyaml event stream; only one host's or one group's variables are ever a
 * tree, so 100k hosts cost the hosts, not a document. A host's variables are
 * kept as values made once (their JSON text, their type) in an arena, names
 * interned, and hosts of one pattern share them: merging lists values, it
 * never parses or writes JSON again.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "inventory.h"
#include "yaml.h"

#define MAX_RANGE_HOSTS	1000000
/* The variables every host gets, all together as JSON text, group variables
 * included. A range or the group 'all' gives its variables to each host, so a
 * few kilobytes of text (or one alias) times a million hosts would otherwise
 * be gigabytes in memory and in the database (docs/formats.md). */
#define HOST_VARS_BYTES_MAX	((size_t)1 << 30)
/* Compact JSON, "/" not escaped. */
#define JSON_FLAGS	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
/* What the groups' nesting may cost: each parent link followed (the loop
 * check of each child added, each group's ancestors, each host's groups)
 * is a step. Real inventories take a few thousand; a ladder of 40 diamonds
 * (3 KB) has 2^40 paths up, a chain of 300,000 groups 4.5e10 ancestors
 * (docs/formats.md, "Limits on input"). */
#define GROUP_STEPS_MAX	20000000
/* A host in fewer groups has them scanned; in more, looked up. */
#define HOST_GROUPS_SCAN	16

struct agroup {
	char		*name;
	json_object	*vars;		/* object */
	int		 priority;
	int		 depth;		/* -1: not computed, -2: being */
	size_t		*parents;
	size_t		 nparents;
	size_t		*ancestors;	/* self and every ancestor */
	size_t		 nancestors;
	unsigned	 mark;		/* == ainv.gen: met in this walk */
	long		 line;		/* where first defined or made a child; 0: none */
};

/* A variable's value, made once: its compact JSON text as json-c writes it
 * (what the asset's vars are joined from) and, for the asset fields, its
 * type and a string's text. In the arena. */
struct aval {
	const char	*str;		/* a string's text when it is not
					   json[1..jlen-1) unescaped */
	size_t		 jlen;
	unsigned char	 type;		/* enum json_type */
	char		 json[];
};

/* A variable name, interned: its JSON text with the colon ("\"name\":"),
 * whether it is a patchwave_ name and the asset field it sets. */
struct akey {
	const char	*name;
	const char	*json;
	size_t		 jlen;
	int		 prefixed;
	int		 field;		/* -1: none */
};

struct avar {
	size_t		 key;		/* index in ainv.keys */
	const struct aval *val;
};

/* Variables in order (names unique), in the arena; never changed once made,
 * so the hosts of one pattern share one. */
struct avars {
	size_t		 n;
	size_t		 jlen;		/* of the JSON object text */
	struct avar	 v[];
};

struct ahost {
	const char	*name;		/* in the arena */
	const struct avars *vars;	/* NULL when none */
	size_t		*groups;	/* direct groups, in the arena */
	size_t		 ngroups;
	long		 line;
};

struct ainv {
	const char	*path;
	struct agroup	*g;
	size_t		 ng, capg;
	struct strmap	 gmap;
	struct ahost	*h;
	size_t		 nh, caph;
	struct strmap	 hmap;
	struct yreader	*r;
	struct pw_diags	*problems;
	struct pw_diags	*notes;
	struct pw_error	*fatal;
	int		 unexpected;	/* keys other than hosts/children/vars */
	size_t		 range_var_bytes;	/* given to hosts by patterns */
	size_t		 range_hosts;	/* named by ranges, MAX_RANGE_HOSTS */
	struct strmap	 member;	/* "HOST,GROUP" of hosts in many groups */
	struct arena	 mem;		/* names, values, variable lists */
	struct akey	*keys;
	size_t		 nkeys, capkeys;
	struct strmap	 keymap;	/* variable name -> index in keys */
	size_t		*keypos;	/* per key: index in a list being merged,
					   (size_t)-1 between merges */
	size_t		 capkeypos;
	struct avar	*tmp;		/* a list being merged */
	size_t		 captmp;
	unsigned	 gen;		/* of the current walk (agroup.mark) */
	size_t		*stack;		/* groups to walk */
	size_t		 capstack;
	size_t		 steps;		/* GROUP_STEPS_MAX */
};

size_t
ainv_group(struct ainv *v, const char *name)
{
	size_t i = strmap_get(&v->gmap, name);

	if (i != (size_t)-1)
		return i;
	v->g = xgrow(v->g, &v->capg, v->ng, sizeof *v->g);
	memset(&v->g[v->ng], 0, sizeof *v->g);
	v->g[v->ng].name = xstrdup(name);
	v->g[v->ng].vars = json_object_new_object();
	v->g[v->ng].priority = 1;
	v->g[v->ng].depth = -1;
	strmap_put(&v->gmap, name, v->ng);
	return v->ng++;
}

static size_t
host_get(struct ainv *v, const char *name, long line)
{
	size_t i = strmap_intern(&v->hmap, name, v->nh);

	if (i != v->nh)
		return i;
	v->h = xgrow(v->h, &v->caph, v->nh, sizeof *v->h);
	memset(&v->h[v->nh], 0, sizeof *v->h);
	v->h[v->nh].name = arena_strndup(&v->mem, name, strlen(name));
	v->h[v->nh].line = line;
	return v->nh++;
}

/* A host's key in ainv.member for group g. */
static void
member_key(char out[48], const struct ainv *v, const struct ahost *h, size_t g)
{
	snprintf(out, 48, "%zu,%zu", (size_t)(h - v->h), g);
}

/* A host's groups are in the arena, their room doubled when full. Whether
 * the host is in g already: its groups scanned while few, else looked up
 * (100,000 groups listing one host were 5e9 comparisons). */
static void
host_add_group(struct ainv *v, struct ahost *h, size_t g)
{
	size_t n = h->ngroups;
	char key[48];

	if (n < HOST_GROUPS_SCAN) {
		for (size_t i = 0; i < n; i++)
			if (h->groups[i] == g)
				return;
	} else {
		member_key(key, v, h, g);
		if (strmap_get(&v->member, key) != (size_t)-1)
			return;
	}
	if ((n & (n - 1)) == 0) {	/* 0, 1, 2, 4...: full */
		size_t *more = arena_alloc(&v->mem, (n ? 2 * n : 1) * sizeof *more);
		if (n)
			memcpy(more, h->groups, n * sizeof *more);
		h->groups = more;
	}
	h->groups[h->ngroups++] = g;
	/* From HOST_GROUPS_SCAN groups on, every one is in the map. */
	for (size_t i = h->ngroups == HOST_GROUPS_SCAN ? 0 : n;
	    h->ngroups >= HOST_GROUPS_SCAN && i < h->ngroups; i++) {
		member_key(key, v, h, h->groups[i]);
		strmap_put(&v->member, key, 1);
	}
}

/* A fresh mark for a walk over the groups. */
static unsigned
walk_begin(struct ainv *v)
{
	if (++v->gen == 0) {
		for (size_t i = 0; i < v->ng; i++)
			v->g[i].mark = 0;
		v->gen = 1;
	}
	return v->gen;
}

/* Count n steps; past GROUP_STEPS_MAX, the error at line, naming what. */
static int
steps_over(struct ainv *v, size_t n, const char *what, const char *name, long line)
{
	v->steps += n;
	if (v->steps <= GROUP_STEPS_MAX)
		return 0;
	pw_error_set(v->fatal, v->path, line, "%s '%.60s': the groups nest too deep "
	    "or in too many ways (more than %d steps to follow their parents)",
	    what, name, GROUP_STEPS_MAX);
	return -1;
}

/* Is target from or one of its ancestors? 1 yes, 0 no, -1 past the steps
 * (the error says child at line). Each group is walked once, without
 * recursion: a ladder of diamonds has 2^n paths up, a chain is as long as
 * the file. */
static int
group_reaches(struct ainv *v, size_t from, size_t target, size_t child, long line)
{
	unsigned gen = walk_begin(v);
	size_t n = 0;

	v->stack = xgrow(v->stack, &v->capstack, n, sizeof *v->stack);
	v->stack[n++] = from;
	v->g[from].mark = gen;
	while (n > 0) {
		size_t g = v->stack[--n];
		if (g == target)
			return 1;
		if (steps_over(v, v->g[g].nparents + 1, "group", v->g[child].name,
		    line) != 0)
			return -1;
		for (size_t i = 0; i < v->g[g].nparents; i++) {
			size_t p = v->g[g].parents[i];
			if (v->g[p].mark == gen)
				continue;
			v->g[p].mark = gen;
			v->stack = xgrow(v->stack, &v->capstack, n, sizeof *v->stack);
			v->stack[n++] = p;
		}
	}
	return 0;
}

int
ainv_add_child(struct ainv *v, size_t parent, size_t child, long line)
{
	struct agroup *c = &v->g[child];

	for (size_t i = 0; i < c->nparents; i++)
		if (c->parents[i] == parent)
			return 0;
	int r = group_reaches(v, parent, child, child, line);
	if (r < 0)
		return -1;
	if (r) {
		pw_error_set(v->fatal, v->path, line, "adding group '%.60s' as a child "
		    "of '%.60s' makes a loop", c->name, v->g[parent].name);
		return -1;
	}
	c->parents = xrealloc(c->parents, (c->nparents + 1) * sizeof *c->parents);
	c->parents[c->nparents++] = parent;
	if (c->line == 0)
		c->line = line;
	return 0;
}

/* Set one group variable; ansible_group_priority sets the priority instead. */
int
ainv_group_var(struct ainv *v, size_t g, const char *key, json_object *val, long line)
{
	if (strcmp(key, "ansible_group_priority") == 0) {
		int64_t p = json_object_get_int64(val);
		if (!json_object_is_type(val, json_type_int) &&
		    !(json_object_is_type(val, json_type_string) &&
		    isdigit((unsigned char)*json_object_get_string(val)))) {
			pw_error_set(v->fatal, v->path, line, "ansible_group_priority "
			    "must be a number");
			json_object_put(val);
			return -1;
		}
		v->g[g].priority = (int)p;
		json_object_put(val);
		return 0;
	}
	json_object_object_add(v->g[g].vars, key, val);
	return 0;
}

/* ---- variables --------------------------------------------------------- */

static size_t
key_intern(struct ainv *v, const char *name)
{
	size_t k = strmap_intern(&v->keymap, name, v->nkeys);

	if (k != v->nkeys)
		return k;
	json_object *js = json_object_new_string(name);
	const char *t = json_object_to_json_string_ext(js, JSON_FLAGS);
	size_t len = strlen(t);
	char *j = arena_alloc(&v->mem, len + 2);

	memcpy(j, t, len);
	j[len] = ':';
	j[len + 1] = '\0';
	json_object_put(js);
	v->keys = xgrow(v->keys, &v->capkeys, v->nkeys, sizeof *v->keys);
	v->keys[k].name = arena_strndup(&v->mem, name, strlen(name));
	v->keys[k].json = j;
	v->keys[k].jlen = len + 1;
	v->keys[k].prefixed = strncmp(name, "patchwave_", 10) == 0;
	v->keys[k].field = inv_var_field(name);
	if (v->capkeypos < v->capkeys) {
		v->keypos = xrealloc(v->keypos, v->capkeys * sizeof *v->keypos);
		for (size_t i = v->capkeypos; i < v->capkeys; i++)
			v->keypos[i] = (size_t)-1;
		v->capkeypos = v->capkeys;
	}
	return v->nkeys++;
}

/* A json-c value (NULL is null) made into a value once. */
static const struct aval *
aval_new(struct ainv *v, json_object *o)
{
	const char *t = json_object_to_json_string_ext(o, JSON_FLAGS);
	size_t len = strlen(t);
	struct aval *a = arena_alloc(&v->mem, sizeof *a + len + 1);

	memcpy(a->json, t, len + 1);
	a->jlen = len;
	a->type = (unsigned char)json_object_get_type(o);
	a->str = NULL;
	if (a->type == json_type_string) {
		const char *str = json_object_get_string(o);
		size_t slen = strlen(str);
		/* Most strings need no escape: their text is inside the JSON. */
		if (slen + 2 != len || memcmp(t + 1, str, slen) != 0)
			a->str = arena_strndup(&v->mem, str, slen);
	}
	return a;
}

/* v->tmp[0..*n) gets top on top: a name it has is replaced in place, a new
 * one appended (json-c's object add, Python's dict update). */
static void
avars_merge(struct ainv *v, size_t *n, const struct avar *top, size_t ntop)
{
	for (size_t i = 0; i < *n; i++)
		v->keypos[v->tmp[i].key] = i;
	for (size_t i = 0; i < ntop; i++) {
		size_t at = v->keypos[top[i].key];
		if (at != (size_t)-1) {
			v->tmp[at].val = top[i].val;
			continue;
		}
		v->tmp = xgrow(v->tmp, &v->captmp, *n, sizeof *v->tmp);
		v->keypos[top[i].key] = *n;
		v->tmp[(*n)++] = top[i];
	}
	for (size_t i = 0; i < *n; i++)
		v->keypos[v->tmp[i].key] = (size_t)-1;
}

/* v->tmp[0..n) as a list in the arena. */
static const struct avars *
avars_keep(struct ainv *v, size_t n)
{
	struct avars *l = arena_alloc(&v->mem, sizeof *l + n * sizeof *l->v);

	l->n = n;
	l->jlen = 2 + (n ? n - 1 : 0);
	for (size_t i = 0; i < n; i++) {
		l->v[i] = v->tmp[i];
		l->jlen += v->keys[l->v[i].key].jlen + l->v[i].val->jlen;
	}
	return l;
}

/* A json-c object's variables as a list; NULL when it has none. */
static const struct avars *
avars_from_jobj(struct ainv *v, json_object *o)
{
	size_t n = 0;

	if (o == NULL || json_object_object_length(o) == 0)
		return NULL;
	json_object_object_foreach(o, k, val) {
		v->tmp = xgrow(v->tmp, &v->captmp, n, sizeof *v->tmp);
		v->tmp[n].key = key_intern(v, k);
		v->tmp[n++].val = aval_new(v, val);
	}
	return avars_keep(v, n);
}

/* A YAML mapping's variables as a list, as ynode_jobj would read them (later
 * duplicate names win in place) without making the object; NULL for none. */
static const struct avars *
avars_from_ynode(struct ainv *v, const struct ynode *map)
{
	struct avar one;
	size_t n = 0;

	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		if (k->kind != Y_SCALAR || (k->plain && strcmp(k->value, "<<") == 0)) {
			json_object *o = ynode_jobj(map);
			const struct avars *l = avars_from_jobj(v, o);
			json_object_put(o);
			return l;
		}
	}
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		json_object *o = ynode_jobj(map->kids[i + 1]);
		one.key = key_intern(v, map->kids[i]->value);
		one.val = aval_new(v, o);
		json_object_put(o);
		avars_merge(v, &n, &one, 1);
	}
	return n ? avars_keep(v, n) : NULL;
}

/* v->tmp[0..*n) with v->keypos marking it: set key to val, replacing in
 * place (replace) or only when new (a merge key's fill). */
static void
tmp_put(struct ainv *v, size_t *n, size_t key, const struct aval *val, int replace)
{
	size_t at = v->keypos[key];

	if (at != (size_t)-1) {
		if (replace)
			v->tmp[at].val = val;
		return;
	}
	v->tmp = xgrow(v->tmp, &v->captmp, *n, sizeof *v->tmp);
	v->keypos[key] = *n;
	v->tmp[*n].key = key;
	v->tmp[(*n)++].val = val;
}

static void
tmp_unmark(struct ainv *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v->keypos[v->tmp[i].key] = (size_t)-1;
}

/* "<<: value" fills in what the map does not set itself, as ynode_jobj. */
static void
tmp_fill(struct ainv *v, size_t *n, json_object *m)
{
	if (!json_object_is_type(m, json_type_object))
		return;
	json_object_object_foreach(m, k, val)
		if (v->keypos[key_intern(v, k)] == (size_t)-1)
			tmp_put(v, n, key_intern(v, k), aval_new(v, val), 0);
}

/* One scalar event as ynode_jobj reads it, or NULL when it needs a node (an
 * anchor, a NUL byte: read_node's business). */
static int
event_simple(const yaml_event_t *ev, int *plain)
{
	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.anchor != NULL ||
	    strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length)
		return 0;
	*plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (ev->data.scalar.tag == NULL || ev->data.scalar.plain_implicit);
	return 1;
}

/* A string whose JSON needs no escape (json-c escapes control characters,
 * '"' and '\\' under JSON_FLAGS, nothing else) as a value, without json-c;
 * NULL when it needs one. */
static const struct aval *
aval_plain_string(struct ainv *v, const char *s, size_t len)
{
	struct aval *a;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			return NULL;
	}
	a = arena_alloc(&v->mem, sizeof *a + len + 3);
	a->json[0] = '"';
	memcpy(a->json + 1, s, len);
	a->json[len + 1] = '"';
	a->json[len + 2] = '\0';
	a->jlen = len + 2;
	a->type = json_type_string;
	a->str = NULL;
	return a;
}

/* A host's variables read event by event from the mapping ev starts (without
 * an anchor), as yreader_node then ynode_jobj would read them, without the
 * tree or the object: scalars become values directly, anything else is read
 * as a node. *out is NULL for an empty mapping. */
static int
avars_read(struct ainv *v, struct yreader *r, const struct avars **out)
{
	json_object *merges = json_object_new_array();
	yaml_event_t *ev;
	size_t n = 0;
	int rc = -1, plain;

	*out = NULL;
	for (;;) {
		struct ynode *node = NULL;
		size_t key = 0;
		int merge;
		json_object *o;

		if (yreader_event(r, &ev, v->fatal) != 0)
			goto out;
		if (ev->type == YAML_MAPPING_END_EVENT)
			break;
		/* The name is interned now: the next event frees its text. */
		if (event_simple(ev, &plain)) {
			const char *k = (const char *)ev->data.scalar.value;
			merge = plain && strcmp(k, "<<") == 0;
			if (!merge)
				key = key_intern(v, k);
		} else {
			if (yreader_node_at(r, ev, 1, &node, v->fatal) != 0)
				goto out;
			merge = node->kind == Y_SCALAR && node->plain &&
			    strcmp(node->value, "<<") == 0;
			if (merge)
				;
			else if (node->kind == Y_SCALAR)
				key = key_intern(v, node->value);
			else {
				json_object *kj = ynode_jobj(node);
				key = key_intern(v, json_object_to_json_string_ext(kj,
				    JSON_C_TO_STRING_PLAIN));
				json_object_put(kj);
			}
			ynode_free(node);
			node = NULL;
		}
		if (yreader_event(r, &ev, v->fatal) != 0)
			goto out;
		if (event_simple(ev, &plain)) {
			const char *val = (const char *)ev->data.scalar.value;
			const struct aval *av;
			if (!merge && yscalar_is_string(val, plain) &&
			    (av = aval_plain_string(v, val, ev->data.scalar.length))) {
				tmp_put(v, &n, key, av, 1);	/* the usual value */
				continue;
			}
			o = yscalar_jobj(val, plain);
		} else {
			if (yreader_node_at(r, ev, 1, &node, v->fatal) != 0)
				goto out;
			o = ynode_jobj(node);
			ynode_free(node);
		}
		if (merge)
			json_object_array_add(merges, o);
		else {
			tmp_put(v, &n, key, aval_new(v, o), 1);
			json_object_put(o);
		}
	}
	for (size_t i = 0; i < json_object_array_length(merges); i++) {
		json_object *m = json_object_array_get_idx(merges, i);
		if (json_object_is_type(m, json_type_array))
			for (size_t j = 0; j < json_object_array_length(m); j++)
				tmp_fill(v, &n, json_object_array_get_idx(m, j));
		else
			tmp_fill(v, &n, m);
	}
	rc = 0;
out:
	tmp_unmark(v, n);
	if (rc == 0 && n > 0)
		*out = avars_keep(v, n);
	json_object_put(merges);
	return rc;
}

static void
host_set_vars(struct ainv *v, struct ahost *h, const struct avars *add)
{
	size_t n;

	if (add == NULL || add->n == 0)
		return;
	if (h->vars == NULL) {
		h->vars = add;
		return;
	}
	n = 0;
	avars_merge(v, &n, h->vars->v, h->vars->n);
	avars_merge(v, &n, add->v, add->n);
	h->vars = avars_keep(v, n);
}

/* ---- host patterns ---------------------------------------------------- */

static int
detect_range(const char *s)
{
	const char *lb = strchr(s, '['), *colon, *rb;

	if (lb == NULL)
		return 0;
	colon = strchr(lb, ':');
	rb = strchr(lb, ']');
	return colon && rb && colon < rb;
}

/* The names a pattern gives may not add up to more than this: ranges
 * multiply, and a 4 KB name with a few ranges in it would otherwise fill
 * gigabytes before the count of hosts reached its limit. */
#define EXPAND_BYTES_MAX	((size_t)64 << 20)

static int
expand(const char *pattern, char ***out, size_t *n, size_t *cap, size_t limit,
    size_t *bytes, struct pw_error *err)
{
	const char *lb = strchr(pattern, '['), *rb = strchr(lb, ']');
	char *range = xstrndup(lb + 1, (size_t)(rb - lb - 1));
	char *parts[3] = { NULL, NULL, NULL };
	int nparts = 0, rc = -1;
	char *save = NULL, *p = range;

	/* Split on ':' keeping empty parts ("[:5]" means from 0). */
	for (;;) {
		char *c = strchr(p, ':');
		if (nparts == 3)
			break;
		parts[nparts++] = p;
		if (c == NULL)
			break;
		*c = '\0';
		p = c + 1;
	}
	(void)save;
	if (strchr(p, ':') != NULL || nparts < 2) {
		pw_error_set(err, NULL, 0, "host range [%.40s] must be begin:end or "
		    "begin:end:step", lb + 1);
		goto out;
	}
	const char *beg = *parts[0] ? parts[0] : "0", *end = parts[1];
	long step = nparts == 3 ? strtol(parts[2], NULL, 10) : 1;
	if (*end == '\0') {
		pw_error_set(err, NULL, 0, "host range must specify an end value");
		goto out;
	}
	if (step <= 0) {
		pw_error_set(err, NULL, 0, "host range step must be positive");
		goto out;
	}
	int width = beg[0] == '0' && strlen(beg) > 1 ? (int)strlen(beg) : 0;
	if (width && strlen(end) != (size_t)width) {
		pw_error_set(err, NULL, 0, "host range must give begin and end with "
		    "the same number of digits");
		goto out;
	}
	int alpha = strlen(beg) == 1 && strlen(end) == 1 &&
	    isalpha((unsigned char)beg[0]) && isalpha((unsigned char)end[0]);
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	long lo, hi;
	if (alpha) {
		lo = strchr(letters, beg[0]) - letters;
		hi = strchr(letters, end[0]) - letters;
		if (lo > hi) {
			pw_error_set(err, NULL, 0, "host range must have begin <= end");
			goto out;
		}
	} else {
		char *e1, *e2;
		lo = strtol(beg, &e1, 10);
		hi = strtol(end, &e2, 10);
		if (*e1 || *e2) {
			pw_error_set(err, NULL, 0, "host range [%.40s] is neither numbers "
			    "nor single letters", lb + 1);
			goto out;
		}
	}
	for (long i = lo; i <= hi; i += step) {
		struct buf name = { 0 };
		buf_add(&name, pattern, (size_t)(lb - pattern));
		if (alpha)
			buf_addc(&name, letters[i]);
		else
			buf_printf(&name, "%0*ld", width, i);
		buf_adds(&name, rb + 1);
		if (detect_range(name.s)) {
			int r2 = expand(name.s, out, n, cap, limit, bytes, err);
			buf_free(&name);
			if (r2 != 0)
				goto out;
			continue;
		}
		if (*n >= limit) {
			buf_free(&name);
			pw_error_set(err, NULL, 0, "host range gives more than %zu hosts",
			    limit);
			goto out;
		}
		*bytes += name.len + 1;
		if (*bytes > EXPAND_BYTES_MAX) {
			buf_free(&name);
			pw_error_set(err, NULL, 0, "host range gives more than %zu MB of "
			    "host names", EXPAND_BYTES_MAX >> 20);
			goto out;
		}
		*out = xgrow(*out, cap, *n, sizeof **out);
		(*out)[(*n)++] = buf_detach(&name);
	}
	rc = 0;
out:
	free(range);
	return rc;
}

int
ansible_expand_hosts(const char *pattern, char ***out, size_t *n, size_t limit,
    struct pw_error *err)
{
	size_t cap = *n, n0 = *n, bytes = 0;

	if (!detect_range(pattern)) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrdup(pattern);
		return 0;
	}
	if (expand(pattern, out, n, &cap, limit, &bytes, err) != 0) {
		/* Leave *out as it was: nothing half-expanded. */
		while (*n > n0)
			free((*out)[--*n]);
		return -1;
	}
	return 0;
}

/* Split "host:port" (not IPv6, not a range's colon). */
static long
split_port(char *pattern)
{
	char *c = strrchr(pattern, ':');
	char *rb = strrchr(pattern, ']');

	if (c == NULL || (rb && rb > c) || c[1] == '\0')
		return -1;
	for (char *p = c + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	for (char *p = pattern; p < c; p++) {
		if (*p == '[') {
			p = strchr(p, ']');
			if (p == NULL)
				return -1;
		} else if (*p == ':')
			return -1;	/* a bare IPv6 address */
	}
	*c = '\0';
	return strtol(c + 1, NULL, 10);
}

/* ---- the event walk ------------------------------------------------------ */

static int parse_group(struct ainv *, const char *name, yaml_event_t *ev,
    long line, size_t *gout);

static void
note(struct ainv *v, long line, const char *msg, const char *what)
{
	if (v->notes)
		pw_diags_add(v->notes, v->path, line, msg, what);
}

/* A host key must be text: YAML reads 1234 as a number, as Ansible refuses. */
static int
check_host_key(struct ainv *v, yaml_event_t *ev)
{
	const char *k = (const char *)ev->data.scalar.value;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

	if (!yscalar_is_string(k, plain)) {
		pw_error_set(v->fatal, v->path, (long)ev->start_mark.line + 1,
		    "host name %.60s must be a string: quote it", k);
		return -1;
	}
	return 0;
}

/* Count the variables n hosts of a pattern get; refuse past the limit. */
static int
vars_too_many(struct ainv *v, const char *pattern, const struct avars *vars,
    size_t n, long line)
{
	size_t len = vars ? vars->jlen : 2;

	if (n > 0 && len > (HOST_VARS_BYTES_MAX - v->range_var_bytes) / n) {
		pw_error_set(v->fatal, v->path, line, "host %.60s: the hosts' variables "
		    "add up to more than %zu MB (a host range gives its variables to "
		    "every host)", pattern, HOST_VARS_BYTES_MAX >> 20);
		return -1;
	}
	v->range_var_bytes += len * n;
	return 0;
}

/* Add the hosts of a pattern to group g, each with vars (may be NULL). */
static int
add_hosts_vars(struct ainv *v, size_t g, const char *pattern, int expand_ranges,
    const struct avars *hv, long line)
{
	char *pat, **names = NULL;
	size_t n = 0;
	long port;
	struct pw_error e = { 0 };
	int rc = -1;

	if (!expand_ranges || (strchr(pattern, ':') == NULL && !detect_range(pattern))) {
		/* One host, no port: the usual case. */
		if (hv && vars_too_many(v, pattern, hv, 1, line) != 0)
			return -1;
		size_t h = host_get(v, pattern, line);
		host_add_group(v, &v->h[h], g);
		host_set_vars(v, &v->h[h], hv);
		return 0;
	}
	pat = xstrdup(pattern);
	port = split_port(pat);
	if (ansible_expand_hosts(pat, &names, &n, MAX_RANGE_HOSTS, &e) != 0) {
		pw_error_set(v->fatal, v->path, line, "host %.60s: %s", pattern, e.msg);
		goto out;
	}
	/* The bound is the file's, not each range's: five lines of
	 * h0-[1:1000000] were 5 million assets and 1 GB. */
	if (n > MAX_RANGE_HOSTS - v->range_hosts) {
		pw_error_set(v->fatal, v->path, line, "host %.60s: the file's host "
		    "ranges name more than %d hosts in all", pattern, MAX_RANGE_HOSTS);
		goto out;
	}
	v->range_hosts += n;
	if (hv && vars_too_many(v, pattern, hv, n, line) != 0)
		goto out;
	if (port >= 0) {
		json_object *p = json_object_new_int64(port);
		struct avar pv = { key_intern(v, "ansible_port"), aval_new(v, p) };
		size_t nv = 0;
		json_object_put(p);
		avars_merge(v, &nv, &pv, 1);
		if (hv)
			avars_merge(v, &nv, hv->v, hv->n);
		hv = avars_keep(v, nv);
	}
	for (size_t i = 0; i < n; i++) {
		size_t h = host_get(v, names[i], line);
		host_add_group(v, &v->h[h], g);
		host_set_vars(v, &v->h[h], hv);
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(pat);
	return rc;
}

int
ainv_add_hosts(struct ainv *v, size_t g, const char *pattern, int expand_ranges,
    json_object *vars, long line)
{
	const struct avars *hv = NULL;

	if (vars) {
		hv = avars_from_jobj(v, vars);
		if (hv == NULL)		/* {} counts, as a variable list of none */
			hv = avars_keep(v, 0);
	}
	return add_hosts_vars(v, g, pattern, expand_ranges, hv, line);
}

int
ainv_host_vars(struct ainv *v, const char *host, json_object *vars)
{
	size_t h = strmap_get(&v->hmap, host);

	if (h == (size_t)-1)
		return 0;
	host_set_vars(v, &v->h[h], avars_from_jobj(v, vars));
	return 1;
}

/* Hosts from a YAML hosts: entry; vars must be a mapping or null. */
static int
add_hosts(struct ainv *v, size_t g, const char *pattern, struct ynode *vars, long line)
{
	const struct avars *hv = NULL;

	if (vars && vars->kind == Y_MAP) {
		hv = avars_from_ynode(v, vars);
		if (hv == NULL)
			hv = avars_keep(v, 0);
	} else if (vars && (vars->kind != Y_SCALAR || ynode_text(vars) != NULL)) {
		pw_error_set(v->fatal, v->path, vars->line, "host %.60s: variables "
		    "must be a mapping", pattern);
		return -1;
	}
	return add_hosts_vars(v, g, pattern, 1, hv, line);
}

/* A section given as a plain string means {string: null}. */
static int
section_hosts(struct ainv *v, size_t g, yaml_event_t *ev)
{
	if (ev->type == YAML_SCALAR_EVENT) {
		if (yevent_is_null(ev))
			return 0;
		return add_hosts(v, g, (const char *)ev->data.scalar.value, NULL,
		    (long)ev->start_mark.line + 1);
	}
	if (ev->type != YAML_MAPPING_START_EVENT) {
		pw_error_set(v->fatal, v->path, (long)ev->start_mark.line + 1,
		    "group '%.60s': hosts must be a mapping", v->g[g].name);
		return -1;
	}
	for (;;) {
		struct ynode *val;
		char *key;
		long line;
		if (yreader_event(v->r, &ev, v->fatal) != 0)
			return -1;
		if (ev->type == YAML_MAPPING_END_EVENT)
			return 0;
		if (ev->type != YAML_SCALAR_EVENT) {
			pw_error_set(v->fatal, v->path, (long)ev->start_mark.line + 1,
			    "group '%.60s': a host name must be text", v->g[g].name);
			return -1;
		}
		if (check_host_key(v, ev) != 0)
			return -1;
		key = xstrdup((const char *)ev->data.scalar.value);
		line = (long)ev->start_mark.line + 1;
		if (yreader_event(v->r, &ev, v->fatal) != 0) {
			free(key);
			return -1;
		}
		int rc;
		if (ev->type == YAML_MAPPING_START_EVENT &&
		    ev->data.mapping_start.anchor == NULL) {
			/* The usual host: its variables read as they come. */
			const struct avars *hv;
			rc = avars_read(v, v->r, &hv);
			if (rc == 0)
				rc = add_hosts_vars(v, g, key, 1,
				    hv ? hv : avars_keep(v, 0), line);
		} else if (yreader_node(v->r, ev, &val, v->fatal) != 0)
			rc = -1;
		else {
			rc = add_hosts(v, g, key, val, line);
			ynode_free(val);
		}
		free(key);
		if (rc != 0)
			return -1;
	}
}

static int
section_vars(struct ainv *v, size_t g, yaml_event_t *ev)
{
	struct ynode *n;
	int rc = 0;

	if (yreader_node(v->r, ev, &n, v->fatal) != 0)
		return -1;
	if (n->kind == Y_SCALAR) {
		if (ynode_text(n))
			rc = ainv_group_var(v, g, n->value, NULL, n->line);
	} else if (n->kind != Y_MAP) {
		pw_error_set(v->fatal, v->path, n->line, "group '%.60s': vars must be "
		    "a mapping", v->g[g].name);
		rc = -1;
	} else {
		json_object *o = ynode_jobj(n);
		json_object_object_foreach(o, k, val) {
			if (ainv_group_var(v, g, k, json_object_get(val), n->line) != 0) {
				rc = -1;
				break;
			}
		}
		json_object_put(o);
	}
	ynode_free(n);
	return rc;
}

static int
section_children(struct ainv *v, size_t g, yaml_event_t *ev)
{
	if (ev->type == YAML_SCALAR_EVENT) {
		const char *s = (const char *)ev->data.scalar.value;
		size_t c;
		if (yevent_is_null(ev))
			return 0;
		if (parse_group(v, s, NULL, (long)ev->start_mark.line + 1, &c) != 0)
			return -1;
		return ainv_add_child(v, g, c, (long)ev->start_mark.line + 1);
	}
	if (ev->type != YAML_MAPPING_START_EVENT) {
		pw_error_set(v->fatal, v->path, (long)ev->start_mark.line + 1,
		    "group '%.60s': children must be a mapping", v->g[g].name);
		return -1;
	}
	for (;;) {
		char *name;
		long line;
		size_t c;
		if (yreader_event(v->r, &ev, v->fatal) != 0)
			return -1;
		if (ev->type == YAML_MAPPING_END_EVENT)
			return 0;
		if (ev->type != YAML_SCALAR_EVENT) {
			pw_error_set(v->fatal, v->path, (long)ev->start_mark.line + 1,
			    "a group name must be text");
			return -1;
		}
		name = xstrdup((const char *)ev->data.scalar.value);
		line = (long)ev->start_mark.line + 1;
		if (yreader_event(v->r, &ev, v->fatal) != 0) {
			free(name);
			return -1;
		}
		int rc = parse_group(v, name, ev, line, &c);
		free(name);
		if (rc != 0 || ainv_add_child(v, g, c, line) != 0)
			return -1;
	}
}

/* Parse a group whose value starts at ev (NULL: no value). */
static int
parse_group(struct ainv *v, const char *name, yaml_event_t *ev, long line, size_t *gout)
{
	size_t g;

	if (ev != NULL && ev->type != YAML_MAPPING_START_EVENT) {
		if (!yevent_is_null(ev)) {
			note(v, line, "'%.60s' is not a valid group definition: skipped",
			    name);
			*gout = ainv_group(v, name);
			return yreader_skip(v->r, ev, v->fatal);
		}
		ev = NULL;
	}
	g = ainv_group(v, name);
	*gout = g;
	if (v->g[g].line == 0)	/* a top-level group's: ainv_emit adds it under all */
		v->g[g].line = line;
	if (ev == NULL)
		return 0;
	for (;;) {
		char *key;
		long kline;
		int rc;
		if (yreader_event(v->r, &ev, v->fatal) != 0)
			return -1;
		if (ev->type == YAML_MAPPING_END_EVENT)
			return 0;
		if (ev->type != YAML_SCALAR_EVENT) {
			pw_error_set(v->fatal, v->path, (long)ev->start_mark.line + 1,
			    "group '%.60s': expected hosts, children or vars", name);
			return -1;
		}
		key = xstrdup((const char *)ev->data.scalar.value);
		kline = (long)ev->start_mark.line + 1;
		if (yreader_event(v->r, &ev, v->fatal) != 0) {
			free(key);
			return -1;
		}
		if (yevent_is_null(ev))
			rc = 0;
		else if (strcmp(key, "hosts") == 0)
			rc = section_hosts(v, g, ev);
		else if (strcmp(key, "children") == 0)
			rc = section_children(v, g, ev);
		else if (strcmp(key, "vars") == 0)
			rc = section_vars(v, g, ev);
		else {
			note(v, kline, "unexpected key '%.60s' in a group (only hosts, "
			    "children and vars): skipped", key);
			v->unexpected++;
			rc = yreader_skip(v->r, ev, v->fatal);
		}
		free(key);
		if (rc != 0)
			return -1;
	}
}

/* ---- merging --------------------------------------------------------- */

/* Group g's depth (one more than its deepest parent's) and ancestors (itself
 * first, then its parents', each once), its parents' being known. */
static int
lineage_of(struct ainv *v, size_t g)
{
	struct agroup *x = &v->g[g];
	unsigned gen = walk_begin(v);
	size_t cap = 0;
	int d = 0;

	x->ancestors = xgrow(NULL, &cap, 0, sizeof *x->ancestors);
	x->ancestors[0] = g;
	x->nancestors = 1;
	x->mark = gen;
	for (size_t i = 0; i < x->nparents; i++) {
		const struct agroup *p = &v->g[x->parents[i]];
		if (p->depth + 1 > d)
			d = p->depth + 1;
		if (steps_over(v, p->nancestors, "group", x->name, x->line) != 0)
			return -1;
		for (size_t j = 0; j < p->nancestors; j++) {
			size_t a = p->ancestors[j];
			if (v->g[a].mark == gen)
				continue;
			v->g[a].mark = gen;
			x->ancestors = xgrow(x->ancestors, &cap, x->nancestors,
			    sizeof *x->ancestors);
			x->ancestors[x->nancestors++] = a;
		}
	}
	x->depth = d;
	return 0;
}

/* Every group's lineage, parents before children, walked without recursion
 * (a chain of groups may be as long as the file); the graph has no loop
 * (ainv_add_child). */
static int
group_lineages(struct ainv *v)
{
	struct frame {
		size_t	g, next;
	} *st = NULL;
	size_t cap = 0, n = 0;
	int rc = 0;

	for (size_t r = 0; r < v->ng && rc == 0; r++) {
		if (v->g[r].depth != -1)
			continue;
		st = xgrow(st, &cap, n, sizeof *st);
		st[n++] = (struct frame){ r, 0 };
		v->g[r].depth = -2;
		while (n > 0 && rc == 0) {
			struct frame *f = &st[n - 1];
			const struct agroup *x = &v->g[f->g];
			if (f->next < x->nparents) {
				size_t p = x->parents[f->next++];
				if (v->g[p].depth == -1) {
					v->g[p].depth = -2;
					st = xgrow(st, &cap, n, sizeof *st);
					st[n++] = (struct frame){ p, 0 };
				}
				continue;
			}
			n--;
			rc = lineage_of(v, f->g);
		}
	}
	free(st);
	return rc;
}

static int
group_order(const void *a, const void *b, void *arg)
{
	const struct ainv *v = arg;
	const struct agroup *x = &v->g[*(const size_t *)a], *y = &v->g[*(const size_t *)b];

	if (x->depth != y->depth)
		return x->depth - y->depth;
	if (x->priority != y->priority)
		return x->priority - y->priority;
	return strcmp(x->name, y->name);
}

/* Groups of a host (direct and inherited) in Ansible's merge order. */
static size_t
host_groups(struct ainv *v, const struct ahost *h, size_t **out, size_t *cap)
{
	size_t n = 0;

	unsigned gen = walk_begin(v);

	for (size_t i = 0; i < h->ngroups; i++) {
		const struct agroup *g = &v->g[h->groups[i]];
		v->steps += g->nancestors;	/* emit_hosts checks */
		for (size_t j = 0; j < g->nancestors; j++) {
			size_t a = g->ancestors[j];
			if (v->g[a].mark == gen)
				continue;
			v->g[a].mark = gen;
			*out = xgrow(*out, cap, n, sizeof **out);
			(*out)[n++] = a;
		}
	}
	qsort_r(*out, n, sizeof **out, group_order, v);
	return n;
}

/* What every host with the same direct groups shares: all its groups in merge
 * order, their merged variables, and the group names an asset lists. */
struct groupset {
	const struct avars *vars;	/* never NULL */
	char		**names;	/* sorted, without "all" */
	size_t		 nnames;
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
groupset_make(struct ainv *v, const struct ahost *h, struct groupset *gs,
    size_t **gl, size_t *capgl)
{
	size_t n = host_groups(v, h, gl, capgl);
	json_object *vars = json_object_new_object();

	gs->names = xmalloc((n ? n : 1) * sizeof *gs->names);
	gs->nnames = 0;
	for (size_t k = 0; k < n; k++) {
		json_object_object_foreach(v->g[(*gl)[k]].vars, key, val)
			json_object_object_add(vars, key, json_object_get(val));
		if (strcmp(v->g[(*gl)[k]].name, "all") != 0)
			gs->names[gs->nnames++] = v->g[(*gl)[k]].name;
	}
	qsort(gs->names, gs->nnames, sizeof *gs->names, name_cmp);
	gs->vars = avars_from_jobj(v, vars);
	if (gs->vars == NULL)
		gs->vars = avars_keep(v, 0);
	json_object_put(vars);
}

/* A value as field f's text, as inv_var_text gives it; NULL for none. */
static char *
aval_text(const struct aval *a, int f)
{
	switch (a->type) {
	case json_type_string:
		return a->str ? xstrdup(a->str) : xstrndup(a->json + 1, a->jlen - 2);
	case json_type_int:
	case json_type_double:
	case json_type_boolean:
		return xstrndup(a->json, a->jlen);
	case json_type_array: {
		json_object *o = json_tokener_parse(a->json);
		char *t = inv_var_text(o, f);
		json_object_put(o);
		return t;
	}
	default:
		return NULL;
	}
}

/* The asset fields from the layers (the groups' variables, then the host's;
 * inventory.h): plain names first, then patchwave_ names, which win; within
 * a pass, later layers replace earlier ones. A value that is no field's (a
 * map, null) sets nothing. */
static int
host_fields(struct ainv *v, struct asset *a, const struct avars *const *layers,
    size_t n, struct pw_error *err)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t l = 0; l < n; l++) {
			for (size_t i = 0; layers[l] && i < layers[l]->n; i++) {
				const struct akey *k = &v->keys[layers[l]->v[i].key];
				if (k->prefixed != pass || k->field < 0)
					continue;
				char *t = aval_text(layers[l]->v[i].val, k->field);
				if (t == NULL)
					continue;
				if (asset_field_set(a, k->field, t, err) != 0) {
					char inner[sizeof err->msg];
					memcpy(inner, err->msg, sizeof inner);
					pw_error_set(err, NULL, 0, "variable %.60s: %.400s",
					    k->name, inner);
					free(t);
					return -1;
				}
				free(t);
			}
		}
	}
	return 0;
}

/* A host's merged variables as JSON text into b: the groups' with the host's
 * on top (host values replace group values in place, as combine_vars). */
static void
merged_text(struct ainv *v, struct buf *b, const struct groupset *gs,
    const struct avars *hv)
{
	size_t n = 0;

	avars_merge(v, &n, gs->vars->v, gs->vars->n);
	if (hv)
		avars_merge(v, &n, hv->v, hv->n);
	buf_reset(b);
	buf_addc(b, '{');
	for (size_t i = 0; i < n; i++) {
		const struct akey *k = &v->keys[v->tmp[i].key];
		if (i)
			buf_addc(b, ',');
		buf_add(b, k->json, k->jlen);
		buf_add(b, v->tmp[i].val->json, v->tmp[i].val->jlen);
	}
	buf_addc(b, '}');
}

/* Merge, turn each host into an asset, and hand it on. Hosts with the same
 * direct groups share one groupset; a host's own vars go on top, values
 * listed, not copied. What the hosts get in all is counted first: past the
 * limit, nothing is handed on. */
static int
emit_hosts(struct ainv *v, struct inv_sink *sink)
{
	struct strmap cache = { 0 };	/* direct groups -> groupset */
	struct groupset *sets = NULL;
	size_t nsets = 0, capsets = 0, *gl = NULL, capgl = 0, total = 0;
	size_t *set_of = xmalloc((v->nh ? v->nh : 1) * sizeof *set_of);
	struct buf sig = { 0 }, text = { 0 };
	struct arena strs = { 0 };	/* one asset's strings at a time */
	int rc = 0;

	if (group_lineages(v) != 0)
		rc = -1;
	for (size_t i = 0; i < v->nh && rc == 0; i++) {
		struct ahost *h = &v->h[i];

		buf_reset(&sig);
		for (size_t k = 0; k < h->ngroups; k++) {
			char d[24], *p = d + sizeof d;
			size_t x = h->groups[k];
			*--p = ',';
			do
				*--p = (char)('0' + x % 10);
			while ((x /= 10) != 0);
			buf_add(&sig, p, (size_t)(d + sizeof d - p));
		}
		size_t si = strmap_intern(&cache, buf_str(&sig), nsets);
		if (si == nsets) {
			sets = xgrow(sets, &capsets, nsets, sizeof *sets);
			groupset_make(v, h, &sets[nsets], &gl, &capgl);
			nsets++;
			if (steps_over(v, 0, "host", h->name, h->line) != 0) {
				rc = -1;
				break;
			}
		}
		set_of[i] = si;
		/* At most what merged_text makes: the two texts joined. */
		total += sets[si].vars->jlen + (h->vars ? h->vars->jlen : 0);
		if (total > HOST_VARS_BYTES_MAX) {
			pw_error_set(v->fatal, v->path, h->line, "host %.60s: the hosts' "
			    "variables add up to more than %zu MB (each host gets its "
			    "groups' variables)", h->name, HOST_VARS_BYTES_MAX >> 20);
			rc = -1;
		}
	}
	for (size_t i = 0; i < v->nh && rc == 0; i++) {
		struct ahost *h = &v->h[i];
		const struct groupset *gs = &sets[set_of[i]];
		const struct avars *layers[2] = { gs->vars, h->vars };
		struct asset a;
		struct pw_error e = { 0 };

		asset_init(&a);
		a.arena = &strs;	/* no malloc and free for each string */
		a.line = h->line;
		a.key = arena_strndup(&strs, h->name, strlen(h->name));
		a.groups = xmalloc((gs->nnames ? gs->nnames : 1) * sizeof *a.groups);
		for (size_t k = 0; k < gs->nnames; k++)
			a.groups[k] = arena_strndup(&strs, gs->names[k],
			    strlen(gs->names[k]));
		a.ngroups = gs->nnames;
		if (host_fields(v, &a, layers, 2, &e) != 0)
			pw_diags_add(v->problems, v->path, h->line, "host %.60s: %s",
			    h->name, e.msg);
		else {
			merged_text(v, &text, gs, h->vars);
			a.vars_json = arena_strndup(&strs, text.s, text.len);
			if (sink->put(sink, &a) != 0)
				rc = -1;
		}
		asset_clear(&a);
		arena_reset(&strs);
	}
	arena_free(&strs);
	for (size_t i = 0; i < nsets; i++)
		free(sets[i].names);
	free(sets);
	free(set_of);
	free(gl);
	strmap_free(&cache);
	buf_free(&sig);
	buf_free(&text);
	return rc;
}

int
ainv_emit(struct ainv *v, struct inv_sink *sink)
{
	size_t all = ainv_group(v, "all"), ungrouped = ainv_group(v, "ungrouped");

	if (v->notes == NULL)
		v->notes = sink->notes;

	/* Ansible's reconcile: every group is under 'all'; hosts in no group
	 * but 'all' are 'ungrouped'. */
	for (size_t i = 0; i < v->ng; i++)
		if (i != all && v->g[i].nparents == 0 &&
		    ainv_add_child(v, all, i, v->g[i].line) != 0)
			return -1;
	for (size_t i = 0; i < v->nh; i++) {
		int only_all = 1;
		for (size_t k = 0; k < v->h[i].ngroups; k++)
			if (v->h[i].groups[k] != all && v->h[i].groups[k] != ungrouped)
				only_all = 0;
		if (only_all)
			host_add_group(v, &v->h[i], ungrouped);
		else
			for (size_t k = 0; k < v->h[i].ngroups; k++)
				if (v->h[i].groups[k] == ungrouped)
					v->h[i].groups[k] = all;
	}
	return emit_hosts(v, sink);
}

struct ainv *
ainv_new(const char *path, struct pw_diags *problems, struct pw_error *fatal)
{
	struct ainv *v = xcalloc(1, sizeof *v);

	v->path = path;
	v->problems = problems;
	v->fatal = fatal;
	ainv_group(v, "all");
	ainv_group(v, "ungrouped");
	return v;
}

void
ainv_free(struct ainv *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->ng; i++) {
		free(v->g[i].name);
		json_object_put(v->g[i].vars);
		free(v->g[i].parents);
		free(v->g[i].ancestors);
	}
	free(v->g);
	free(v->h);
	free(v->keys);
	free(v->keypos);
	free(v->tmp);
	free(v->stack);
	strmap_free(&v->keymap);
	arena_free(&v->mem);
	strmap_free(&v->gmap);
	strmap_free(&v->hmap);
	strmap_free(&v->member);
	yreader_free(v->r);
	free(v);
}

int
inv_read_ansible(const char *path, const char *data, size_t len,
    struct inv_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct ainv *v = ainv_new(path, problems, fatal);
	yaml_event_t *ev;
	int rc = -1;

	v->r = yreader_new(path, data, len);
	v->notes = sink->notes;
	do {
		if (yreader_event(v->r, &ev, fatal) != 0)
			goto out;
	} while (ev->type == YAML_STREAM_START_EVENT ||
	    ev->type == YAML_DOCUMENT_START_EVENT);
	if (ev->type == YAML_STREAM_END_EVENT) {
		rc = 0;
		goto out;
	}
	if (ev->type != YAML_MAPPING_START_EVENT) {
		pw_error_set(fatal, path, (long)ev->start_mark.line + 1, "an Ansible "
		    "inventory must be a mapping of groups");
		goto out;
	}
	for (;;) {
		char *name;
		long line;
		size_t g;
		if (yreader_event(v->r, &ev, fatal) != 0)
			goto out;
		if (ev->type == YAML_MAPPING_END_EVENT)
			break;
		if (ev->type != YAML_SCALAR_EVENT) {
			pw_error_set(fatal, path, (long)ev->start_mark.line + 1,
			    "a group name must be text");
			goto out;
		}
		name = xstrdup((const char *)ev->data.scalar.value);
		line = (long)ev->start_mark.line + 1;
		if (yreader_event(v->r, &ev, fatal) != 0) {
			free(name);
			goto out;
		}
		int r2 = parse_group(v, name, ev, line, &g);
		free(name);
		if (r2 != 0)
			goto out;
	}
	if (v->nh == 0 && v->unexpected > 0) {
		pw_error_set(fatal, path, 1, "no hosts, and groups with keys Ansible does "
		    "not know: this is not an Ansible inventory (groups hold hosts:, "
		    "children: and vars:)");
		goto out;
	}
	/* Everything kept is in the arena now: the file's pages may go. */
	if (sink->passed)
		sink->passed(sink, len);
	rc = ainv_emit(v, sink);
out:
	ainv_free(v);
	return rc;
}
