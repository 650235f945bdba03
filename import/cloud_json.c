/* Strict JSON in one pass, with the records of its one list placed by line
 * (cloud_json.h). The pass is a recursive descent over RFC 8259's grammar,
 * bounded to CJSON_DEPTH levels; json-c then parses each record on its own
 * and the document without its records (the envelope). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/patch.h"
#include "../util/buf.h"
#include "cloud_json.h"
#include "csv.h"
#include "sniff.h"

#define MAX_PATHS	8

struct scan {
	const char	*s, *p, *end;
	long		 line;
	const char *const *const *paths;
	size_t		 npaths;
	struct cjson	*out;
	size_t		 open, close;	/* the list's '[' and past its ']' */
	const char	*file;
	struct pw_error	*fatal;
};

static int value(struct scan *, int level, unsigned mask, int target,
	    long *first_key_line);

static int
bad(struct scan *s, const char *what)
{
	pw_error_set(s->fatal, s->file, s->line, "JSON: %s", what);
	return -1;
}

static void
skip_ws(struct scan *s)
{
	for (; s->p < s->end; s->p++) {
		if (*s->p == '\n')
			s->line++;
		else if (*s->p != ' ' && *s->p != '\t' && *s->p != '\r')
			break;
	}
}

/* A string, s->p at its opening quote; its raw bytes (escapes as written)
 * in *k, *klen. */
static int
string(struct scan *s, const char **k, size_t *klen)
{
	const char *start = ++s->p;

	for (;;) {
		if (s->p >= s->end)
			return bad(s, "the file ends inside a string");
		unsigned char c = (unsigned char)*s->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return bad(s, "a control character inside a string");
		if (c != '\\') {
			s->p++;
			continue;
		}
		if (s->p + 1 >= s->end)
			return bad(s, "the file ends inside a string");
		c = (unsigned char)s->p[1];
		if (c == 'u') {
			for (int i = 2; i < 6; i++)
				if (s->p + i >= s->end ||
				    !isxdigit((unsigned char)s->p[i]))
					return bad(s, "a \\u escape without four hex "
					    "digits");
			/* json-c keeps a NUL, and every name read back as a C
			 * string would silently end there. */
			if (memcmp(s->p + 2, "0000", 4) == 0)
				return bad(s, "a NUL character (\\u0000) inside a "
				    "string");
			s->p += 6;
		} else if (strchr("\"\\/bfnrt", c) != NULL && c != '\0') {
			s->p += 2;
		} else
			return bad(s, "an unknown escape in a string");
	}
	if (k) {
		*k = start;
		*klen = (size_t)(s->p - start);
	}
	s->p++;
	return 0;
}

static int
digits(struct scan *s)
{
	const char *d = s->p;

	while (s->p < s->end && isdigit((unsigned char)*s->p))
		s->p++;
	return s->p > d ? 0 : bad(s, "a malformed number");
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int
number(struct scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (digits(s) != 0)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (digits(s) != 0)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (digits(s) != 0)
			return -1;
	}
	return 0;
}

static int
literal(struct scan *s)
{
	static const char *const words[] = { "true", "false", "null" };

	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(s->end - s->p) >= n && memcmp(s->p, words[i], n) == 0) {
			s->p += n;
			return 0;
		}
	}
	return bad(s, "unexpected text (not a value)");
}

/* The paths of mask whose name at level is key[0..n), and whether one of
 * them ends there (the member's value is the list). */
static unsigned
descend(const struct scan *s, unsigned mask, int level, const char *key,
    size_t n, int *ends, int *which)
{
	unsigned next = 0;

	*ends = 0;
	for (size_t i = 0; i < s->npaths; i++) {
		if (!(mask & (1u << i)))
			continue;	/* paths[i] is at least level + 1 long */
		const char *name = s->paths[i][level];
		if (name == NULL || strlen(name) != n || memcmp(name, key, n) != 0)
			continue;
		if (s->paths[i][level + 1] != NULL)
			next |= 1u << i;
		else if (!*ends) {
			*ends = 1;
			*which = (int)i;
		}
	}
	return next;
}

static int
object(struct scan *s, int level, unsigned mask, long *first_key_line)
{
	long open_line = s->line;

	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		if (first_key_line && *first_key_line == 0)
			*first_key_line = open_line;
		return 0;
	}
	for (;;) {
		const char *k;
		size_t klen;
		int ends = 0, which = 0;
		skip_ws(s);
		if (s->p >= s->end || *s->p != '"')
			return bad(s, "expected a member name in quotes");
		if (first_key_line && *first_key_line == 0)
			*first_key_line = s->line;
		if (string(s, &k, &klen) != 0)
			return -1;
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':')
			return bad(s, "expected ':' after a member name");
		s->p++;
		unsigned next = mask ? descend(s, mask, level, k, klen, &ends,
		    &which) : 0;
		if (ends)
			s->out->which = which;
		if (value(s, level + 1, next, ends, NULL) != 0)
			return -1;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return 0;
		}
		return bad(s, "expected ',' or '}' in an object");
	}
}

static int
list(struct scan *s, int level, int target)
{
	struct cjson *c = s->out;

	if (target) {
		if (c->list_line != 0) {
			char msg[80];
			snprintf(msg, sizeof msg, "a second list of records (the "
			    "first at line %ld)", c->list_line);
			return bad(s, msg);
		}
		c->list_line = s->line;
		s->open = (size_t)(s->p - s->s);
	}
	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		s->close = target ? (size_t)(s->p - s->s) : s->close;
		return 0;
	}
	for (;;) {
		long first = 0;
		skip_ws(s);
		size_t off = (size_t)(s->p - s->s);
		long line = s->line;
		if (value(s, level + 1, 0, 0, target ? &first : NULL) != 0)
			return -1;
		if (target) {
			c->recs = xgrow(c->recs, &c->cap, c->n, sizeof *c->recs);
			c->recs[c->n++] = (struct cjson_rec){ off,
			    (size_t)(s->p - s->s) - off, first ? first : line };
		}
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			if (target)
				s->close = (size_t)(s->p - s->s);
			return 0;
		}
		return bad(s, "expected ',' or ']' in a list");
	}
}

/* A value at level (the document is level 0); mask: the paths it is on;
 * target: a path ends here, so it must be the list of records. */
static int
value(struct scan *s, int level, unsigned mask, int target, long *first_key_line)
{
	if (level > CJSON_DEPTH)
		return bad(s, "nested deeper than 32 levels");
	skip_ws(s);
	if (s->p >= s->end)
		return bad(s, "the file ends where a value should be");
	if (target && *s->p != '[') {
		char msg[120];
		snprintf(msg, sizeof msg, "\"%.60s\" is not a list of records",
		    s->paths[s->out->which][level - 1]);
		return bad(s, msg);
	}
	switch (*s->p) {
	case '{':
		return object(s, level, mask, first_key_line);
	case '[':
		return list(s, level, target);
	case '"':
		return string(s, NULL, NULL);
	default:
		if (*s->p == '-' || isdigit((unsigned char)*s->p))
			return number(s);
		return literal(s);
	}
}

int
cjson_open(struct cjson *c, const char *path, const char *data, size_t len,
    const char *const *const *paths, struct pw_error *fatal)
{
	struct scan s = { 0 };
	unsigned all = 0;
	int root_list = 0;

	memset(c, 0, sizeof *c);
	c->which = -1;
	if (utf8_text_check(path, data, len, fatal) != 0)
		return -1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		data += 3, len -= 3;
	c->data = data;
	c->len = len;
	s.s = s.p = data;
	s.end = data + len;
	s.line = 1;
	s.paths = paths;
	s.out = c;
	s.file = path;
	s.fatal = fatal;
	while (paths[s.npaths] != NULL && s.npaths < MAX_PATHS)
		s.npaths++;
	for (size_t i = 0; i < s.npaths; i++) {
		all |= 1u << i;
		if (paths[i][0] == NULL && !root_list) {
			root_list = 1;
			c->which = (int)i;
		}
	}
	skip_ws(&s);
	if (s.p >= s.end) {
		pw_error_set(fatal, path, s.line, "JSON: an empty file");
		return -1;
	}
	/* A record list may be found before what refuses the file. */
	if (value(&s, 0, all, root_list && *s.p == '[', NULL) != 0) {
		cjson_close(c);
		return -1;
	}
	skip_ws(&s);
	if (s.p < s.end) {
		cjson_close(c);
		return bad(&s, "text after the end of the document");
	}
	if (c->list_line == 0) {
		c->which = -1;
		return 0;
	}
	/* The envelope: the text with the list's records cut out. */
	if (len - (s.close - s.open) > CJSON_PART_MAX) {
		pw_error_set(fatal, path, 1, "JSON: more than %zu bytes (1 MiB) "
		    "outside the list of records", CJSON_PART_MAX);
		cjson_close(c);
		return -1;
	}
	struct buf env = { 0 };
	buf_add(&env, data, s.open + 1);
	buf_add(&env, data + s.close - 1, len - (s.close - 1));
	c->tok = json_tokener_new_ex(CJSON_DEPTH + 1);
	json_tokener_set_flags(c->tok, JSON_TOKENER_STRICT);
	c->envelope = json_tokener_parse_ex(c->tok, env.s, (int)env.len);
	buf_free(&env);
	if (c->envelope == NULL) {
		pw_error_set(fatal, path, 1, "JSON: %s", json_tokener_error_desc(
		    json_tokener_get_error(c->tok)));
		cjson_close(c);
		return -1;
	}
	return 0;
}

int
cjson_each(struct cjson *c, const char *path, struct pw_diags *problems,
    cjson_fn *fn, void *arg, struct pw_error *fatal)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct cjson_rec *r = &c->recs[i];
		json_object *o;
		int rc;

		if (c->data[r->off] != '{') {
			pw_diags_add(problems, path, r->line, "a record that is not an "
			    "object");
			continue;
		}
		if (r->len > CJSON_PART_MAX) {
			pw_diags_add(problems, path, r->line, "a record of more than "
			    "%zu bytes (1 MiB)", CJSON_PART_MAX);
			continue;
		}
		json_tokener_reset(c->tok);
		o = json_tokener_parse_ex(c->tok, c->data + r->off, (int)r->len);
		if (o == NULL || json_tokener_get_error(c->tok) !=
		    json_tokener_success) {
			/* Checked as JSON already: json-c disagreeing is its limit. */
			pw_error_set(fatal, path, r->line, "JSON: %s",
			    json_tokener_error_desc(json_tokener_get_error(c->tok)));
			json_object_put(o);
			return -1;
		}
		rc = fn(o, r->line, arg);
		json_object_put(o);
		if (rc != 0)
			return -1;
	}
	return 0;
}

void
cjson_close(struct cjson *c)
{
	json_object_put(c->envelope);
	if (c->tok)
		json_tokener_free(c->tok);
	free(c->recs);
	memset(c, 0, sizeof *c);
}

const char *
cjson_str(json_object *o, const char *key, int empty)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	if (empty && json_object_get_string_len(v) == 0)
		return NULL;
	return json_object_get_string(v);
}

json_object *
cjson_at(json_object *o, const char *const *names)
{
	for (; o && *names; names++)
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, *names, &o))
			return NULL;
	return o;
}

int
cjson_date(json_object *o, const char *key, char out[11])
{
	json_object *v;
	char t[40];

	out[0] = '\0';
	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return 1;
	if (json_object_is_type(v, json_type_string)) {
		if (json_object_get_string_len(v) == 0)
			return 1;
		return date_parse_iso(json_object_get_string(v), out) == 0 ? 0 : -1;
	}
	if (json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)) {
		double d = json_object_get_double(v);
		/* date_parse_any reads epoch seconds from 1973 to 9999. */
		if (!(d >= 0 && d < 253402300800.0))
			return -1;
		snprintf(t, sizeof t, "%.0f", d);
		return date_parse_any(t, DATE_ORDER_AUTO, out) == 0 ? 0 : -1;
	}
	return -1;
}

int
cjson_count(json_object *o, const char *key, long long *n)
{
	json_object *v;

	*n = 0;
	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*n = (long long)json_object_get_int64(v);
	return *n >= 0 ? 0 : -1;
}

int
cjson_sniff(const char *data, size_t len, char open, const char *mark)
{
	const char *p = sniff_start(data, len);

	if (p == NULL || (*p != '{' && *p != '[') || (open && *p != open))
		return 0;
	return memmem(p, len - (size_t)(p - data), mark, strlen(mark)) != NULL;
}
