/* A whole file of JSON, checked by a strict scanner and built a value at a
 * time (json_doc.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/patch.h"
#include "../util/buf.h"
#include "csv.h"
#include "json_doc.h"

#define STR_(x)	#x
#define STR(x)	STR_(x)

long
json_doc_line(struct json_doc *d, const char *p)
{
	if (p < d->at) {
		d->at = d->base;
		d->line = 1;
	}
	for (const char *q = d->at; (q = memchr(q, '\n', (size_t)(p - q))) != NULL;
	    q++)
		d->line++;
	d->at = p;
	return d->line;
}

static int
bad(struct json_doc *d, const char *p, const char *what)
{
	pw_error_set(d->fatal, d->path, json_doc_line(d, p), "JSON: %s", what);
	return -1;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The string at *pp ('"'), checked (escapes, no raw control character, no
 * \u0000); *pp past it. */
static int
scan_string(struct json_doc *d, const char **pp)
{
	const char *p = *pp + 1, *end = d->end;

	while (p < end && *p != '"') {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20)
			return bad(d, p, "a control character inside a string");
		if (c != '\\') {
			p++;
			continue;
		}
		if (++p == end)
			break;
		if (*p == 'u') {
			if (end - p < 5 || !isxdigit((unsigned char)p[1]) ||
			    !isxdigit((unsigned char)p[2]) ||
			    !isxdigit((unsigned char)p[3]) ||
			    !isxdigit((unsigned char)p[4]))
				return bad(d, p, "a \\u escape without four hex digits");
			if (memcmp(p + 1, "0000", 4) == 0)
				return bad(d, p, "a NUL character (\\u0000) inside a "
				    "string");
			p += 5;
		} else if (strchr("\"\\/bfnrt", *p) && *p != '\0')
			p++;
		else
			return bad(d, p, "an unknown escape in a string");
	}
	if (p == end)
		return bad(d, *pp, "a string that never ends");
	*pp = p + 1;
	return 0;
}

static int
digits(const char **pp, const char *end)
{
	const char *p = *pp;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p == *pp)
		return 0;
	*pp = p;
	return 1;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
scan_number(struct json_doc *d, const char **pp)
{
	const char *p = *pp, *end = d->end;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!digits(&p, end))
		return bad(d, *pp, "not a value");
	if (p < end && *p == '.') {
		p++;
		if (!digits(&p, end))
			return bad(d, *pp, "a number without digits after its point");
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!digits(&p, end))
			return bad(d, *pp, "a number without its exponent's digits");
	}
	*pp = p;
	return 0;
}

/* The value at *pp, checked and skipped: *pp past it. Arrays and objects
 * are walked with a stack of what each level is, not by recursion. */
static int
scan_value(struct json_doc *d, const char **pp)
{
	char open[JSON_DOC_DEPTH];	/* '[' or '{' for each level */
	int depth = 0;
	const char *p = *pp, *end = d->end;

	for (;;) {
		/* a value */
		p = skip_ws(p, end);
		if (p == end)
			return bad(d, p, "unexpected end of file");
		if (*p == '[' || *p == '{') {
			if (depth == JSON_DOC_DEPTH)
				return bad(d, p, "nested deeper than "
				    STR(JSON_DOC_DEPTH) " levels");
			open[depth++] = *p++;
			p = skip_ws(p, end);
			if (p < end && (*p == ']' || *p == '}')) {
				if (*p != (open[depth - 1] == '[' ? ']' : '}'))
					return bad(d, p, "a bracket that closes nothing");
				p++;
				depth--;
				goto after;
			}
			if (open[depth - 1] == '{')
				goto key;
			continue;
		}
		if (*p == '"') {
			if (scan_string(d, &p) != 0)
				return -1;
		} else if (end - p >= 4 && memcmp(p, "true", 4) == 0)
			p += 4;
		else if (end - p >= 5 && memcmp(p, "false", 5) == 0)
			p += 5;
		else if (end - p >= 4 && memcmp(p, "null", 4) == 0)
			p += 4;
		else if (scan_number(d, &p) != 0)
			return -1;
after:
		/* after a value: the end, or a comma or bracket of its level */
		for (;;) {
			if (depth == 0) {
				*pp = p;
				return 0;
			}
			p = skip_ws(p, end);
			if (p == end)
				return bad(d, p, "unexpected end of file");
			if (*p == ',') {
				p++;
				break;
			}
			if (*p != (open[depth - 1] == '[' ? ']' : '}'))
				return bad(d, p, open[depth - 1] == '[' ? "expected , or ] "
				    "in an array" : "expected , or } in an object");
			p++;
			depth--;
		}
		if (open[depth - 1] == '[')
			continue;
key:
		p = skip_ws(p, end);
		if (p == end)
			return bad(d, p, "unexpected end of file");
		if (*p != '"')
			return bad(d, p, "expected a key in quotes");
		if (scan_string(d, &p) != 0)
			return -1;
		p = skip_ws(p, end);
		if (p == end || *p != ':')
			return bad(d, p, "expected : after a key");
		p++;
	}
}

int
json_doc_open(struct json_doc *d, const char *path, const char *data,
    size_t len, struct pw_error *fatal)
{
	const char *p;

	memset(d, 0, sizeof *d);
	d->path = path;
	d->fatal = fatal;
	if (utf8_text_check(path, data, len, fatal) != 0)
		return -1;
	d->base = data;
	d->end = data + len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		d->base += 3;
	d->at = d->base;
	d->line = 1;
	p = skip_ws(d->base, d->end);
	d->root.s = p;
	if (p == d->end)
		return bad(d, p, "an empty file");
	if (scan_value(d, &p) != 0)
		return -1;
	d->root.n = (size_t)(p - d->root.s);
	if (skip_ws(p, d->end) != d->end)
		return bad(d, skip_ws(p, d->end), "text after the end of the document");
	return 0;
}

int
json_doc_is_array(struct json_span v)
{
	return v.n > 0 && *v.s == '[';
}

int
json_doc_is_object(struct json_span v)
{
	return v.n > 0 && *v.s == '{';
}

long
json_doc_record_line(struct json_doc *d, struct json_span v)
{
	const char *p = v.s;

	if (json_doc_is_object(v)) {
		p = skip_ws(v.s + 1, v.s + v.n);
		if (*p != '"')
			p = v.s;	/* {}: its brace */
	}
	return json_doc_line(d, p);
}

/* Past the string at p ('"') of checked text: to each quote at once, and
 * past it when an odd run of backslashes escapes it. */
static const char *
skip_string(const char *p, const char *end)
{
	const char *q = p + 1, *b;

	for (;; q++) {
		q = memchr(q, '"', (size_t)(end - q));
		for (b = q; b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			return q + 1;
	}
}

/* Past the value at p of checked text, which json_doc_open has scanned:
 * not checked again, only its strings and brackets looked for (strcspn
 * stops at the closing bracket, within the value), so walking a checked
 * value costs a fraction of scanning it. */
static const char *
skip_value(const char *p, const char *end)
{
	int depth = 0;

	if (*p != '"' && *p != '[' && *p != '{') {
		while (p < end && strchr(",]} \t\r\n", *p) == NULL)
			p++;
		return p;
	}
	do {
		p += strcspn(p, "\"[]{}");
		if (*p == '"') {
			p = skip_string(p, end);
			continue;
		}
		depth += *p == '[' || *p == '{' ? 1 : -1;
		p++;
	} while (depth > 0);
	return p;
}

/* The items of the checked array or object v, each (key and) value to
 * item(); stops at the first non-zero. */
static int
each_item(struct json_span v, int is_object,
    int (*item)(void *, const char *, size_t, struct json_span), void *arg)
{
	const char *p = v.s + 1, *end = v.s + v.n - 1, *key = NULL;
	size_t key_n = 0;
	int rc;

	for (p = skip_ws(p, end); p < end; p = skip_ws(p, end)) {
		struct json_span value;
		if (is_object) {
			key = p + 1;
			p = skip_string(p, end);
			key_n = (size_t)(p - key) - 1;
			p = skip_ws(p, end) + 1;	/* the ':' */
			p = skip_ws(p, end);
		}
		value.s = p;
		p = skip_value(p, end);
		value.n = (size_t)(p - value.s);
		if ((rc = item(arg, key, key_n, value)) != 0)
			return rc;
		p = skip_ws(p, end);
		if (p < end && *p == ',')
			p++;
	}
	return 0;
}

struct element_call {
	struct json_doc	*d;
	int		(*each)(void *, struct json_span, long);
	void		*arg;
};

static int
element_item(void *arg, const char *key, size_t key_n, struct json_span v)
{
	struct element_call *c = arg;

	(void)key;
	(void)key_n;
	return c->each(c->arg, v, json_doc_record_line(c->d, v));
}

int
json_doc_each_element(struct json_doc *d, struct json_span v,
    int (*each)(void *, struct json_span, long), void *arg)
{
	struct element_call c = { d, each, arg };

	if (!json_doc_is_array(v))
		return 0;
	return each_item(v, 0, element_item, &c);
}

int
json_doc_each_member(struct json_doc *d, struct json_span v,
    int (*each)(void *, const char *, size_t, struct json_span), void *arg)
{
	(void)d;	/* (v was checked: no error to set) */
	if (!json_doc_is_object(v))
		return 0;
	return each_item(v, 1, each, arg);
}

struct find_call {
	const char	*name;
	struct json_span found;
};

/* The member called c->name, the last one kept. */
static int
find_item(void *arg, const char *key, size_t n, struct json_span v)
{
	struct find_call *c = arg;

	if (strlen(c->name) == n && memcmp(c->name, key, n) == 0)
		c->found = v;
	return 0;
}

int
json_doc_find(struct json_doc *d, struct json_span v, const char *const *names,
    struct json_span *out)
{
	struct find_call c = { NULL, { NULL, 0 } };

	for (; *names; names++) {
		c.name = *names;
		c.found.s = NULL;
		json_doc_each_member(d, v, find_item, &c);
		if (c.found.s == NULL)
			return -1;
		v = c.found;
	}
	*out = v;
	return 0;
}

/* v, less hole when hole.s is set, to json-c. */
static json_object *
build(struct json_doc *d, struct json_span v, struct json_span hole)
{
	json_object *o;
	struct buf b = { 0 };
	const char *s = v.s;
	size_t n = v.n;

	if (n > (size_t)0x7fffffff) {
		pw_error_set(d->fatal, d->path, json_doc_line(d, v.s), "JSON: a value "
		    "larger than json-c builds (2 GiB)");
		return NULL;
	}
	if (hole.s) {
		buf_add(&b, v.s, (size_t)(hole.s - v.s) + 1);
		buf_add(&b, hole.s + hole.n - 1, (size_t)(v.s + v.n -
		    (hole.s + hole.n - 1)));
		s = b.s;
		n = b.len;
	}
	/* The text's UTF-8 was checked whole (utf8_text_check): json-c need
	 * not check it again. */
	if (d->tok == NULL) {
		d->tok = json_tokener_new_ex(JSON_DOC_DEPTH + 1);
		json_tokener_set_flags(d->tok, JSON_TOKENER_STRICT);
	} else
		json_tokener_reset(d->tok);
	o = json_tokener_parse_ex(d->tok, s, (int)n);
	if (o == NULL)
		pw_error_set(d->fatal, d->path, json_doc_line(d, v.s), "JSON: %s",
		    json_tokener_error_desc(json_tokener_get_error(d->tok)));
	buf_free(&b);
	return o;
}

json_object *
json_doc_build(struct json_doc *d, struct json_span v)
{
	return build(d, v, (struct json_span){ NULL, 0 });
}

json_object *
json_doc_build_without(struct json_doc *d, struct json_span v,
    struct json_span hole)
{
	return build(d, v, hole);
}

void
json_doc_close(struct json_doc *d)
{
	if (d->tok)
		json_tokener_free(d->tok);
	d->tok = NULL;
}

json_object *
json_doc_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o && json_object_is_type(o, json_type_object))
		json_object_object_get_ex(o, key, &v);
	return v;
}

json_object *
json_doc_at(json_object *o, const char *const *names)
{
	for (; o && *names; names++)
		o = json_doc_get(o, *names);
	return o;
}

const char *
json_doc_str(json_object *o, const char *key)
{
	json_object *v = json_doc_get(o, key);

	return v && json_object_is_type(v, json_type_string) &&
	    json_object_get_string_len(v) > 0 ? json_object_get_string(v) : NULL;
}

int
json_doc_date(json_object *o, const char *key, char out[11])
{
	json_object *v = json_doc_get(o, key);
	char t[40];

	out[0] = '\0';
	if (v == NULL)
		return 1;
	if (json_object_is_type(v, json_type_string)) {
		if (json_object_get_string_len(v) == 0)
			return 1;
		return date_parse_iso(json_object_get_string(v), out) == 0 ? 0 : -1;
	}
	if (json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)) {
		double s = json_object_get_double(v);
		/* date_parse_any reads epoch seconds from 1973 to 9999. */
		if (!(s >= 0 && s < 253402300800.0))
			return -1;
		snprintf(t, sizeof t, "%.0f", s);
		return date_parse_any(t, DATE_ORDER_AUTO, out) == 0 ? 0 : -1;
	}
	return -1;
}

int
json_doc_count(json_object *o, const char *key, long long *n)
{
	json_object *v = json_doc_get(o, key);

	*n = 0;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*n = (long long)json_object_get_int64(v);
	return *n >= 0 ? 0 : -1;
}
