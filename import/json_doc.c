/* A whole file of JSON, strictly, with lines (json_doc.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "csv.h"
#include "json_doc.h"

#define JSON_DOC_DEPTH	64

static long
offset_line(const char *data, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/* The offset of the first \u0000 escape in p[0..n), or n: json-c keeps the
 * NUL, and a name read back as a C string would silently end there. */
static size_t
nul_escape(const char *p, size_t n)
{
	for (const char *q = p; (q = memmem(q, (size_t)(p + n - q), "u0000", 5));
	    q++) {
		const char *b = q;
		while (b > p && b[-1] == '\\')
			b--;
		if ((q - b) % 2 == 1)	/* an odd run of backslashes escapes it */
			return (size_t)(q - 1 - p);
	}
	return n;
}

json_object *
json_doc_parse(const char *path, const char *data, size_t len,
    struct pw_error *fatal)
{
	json_tokener *tok;
	json_object *root;
	const char *p = data;
	size_t n = len, nul;

	if (utf8_text_check(path, data, len, fatal) != 0)
		return NULL;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, n -= 3;
	if ((nul = nul_escape(p, n)) < n) {
		pw_error_set(fatal, path, offset_line(p, nul), "a NUL character "
		    "(\\u0000) inside a string");
		return NULL;
	}
	if (n > (size_t)0x7fffffff) {
		pw_error_set(fatal, path, 0, "larger than the JSON reader takes (2 GiB)");
		return NULL;
	}
	tok = json_tokener_new_ex(JSON_DOC_DEPTH);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, p, (int)n);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (root == NULL || jerr != json_tokener_success) {
		pw_error_set(fatal, path, offset_line(p, end), "JSON: %s",
		    jerr == json_tokener_continue ? "unexpected end of file" :
		    jerr == json_tokener_success ? "no value" :
		    json_tokener_error_desc(jerr));
		json_object_put(root);
		return NULL;
	}
	for (size_t off = end; off < n; off++)
		if (!isspace((unsigned char)p[off])) {
			pw_error_set(fatal, path, offset_line(p, off), "JSON: text after "
			    "the end of the document");
			json_object_put(root);
			return NULL;
		}
	return root;
}

long *
json_doc_array_lines(const char *data, size_t len, size_t *n)
{
	long *lines = NULL, line = 1;
	size_t cap = 0, pending = (size_t)-1;
	int depth = 0, in_str = 0, esc = 0, expect = 0, started = 0;

	*n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (c == '\n')
			line++;
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (!started) {
			if (c == '[')
				started = depth = expect = 1;
			else if (!isspace((unsigned char)c) && (unsigned char)c < 0x80)
				return NULL;	/* a BOM's bytes pass, anything else ends it */
			continue;
		}
		if (depth == 1 && expect && !isspace((unsigned char)c) && c != ']' &&
		    c != ',') {
			lines = xgrow(lines, &cap, *n, sizeof *lines);
			lines[(*n)++] = line;
			if (c == '{')
				pending = *n - 1;
			expect = 0;
		}
		switch (c) {
		case '"':
			if (depth == 2 && pending != (size_t)-1) {
				lines[pending] = line;
				pending = (size_t)-1;
			}
			in_str = 1;
			break;
		case '[':
		case '{':
			depth++;
			break;
		case ']':
		case '}':
			if (--depth == 1)
				pending = (size_t)-1;
			if (depth == 0)
				return lines;
			break;
		case ',':
			if (depth == 1)
				expect = 1;
			break;
		}
	}
	return lines;
}

long
json_doc_first_key_line(const char *data, size_t len)
{
	const char *brace = memchr(data, '{', len), *q;

	if (brace == NULL)
		return 1;
	q = memchr(brace, '"', len - (size_t)(brace - data));
	return offset_line(data, q ? (size_t)(q - data) : (size_t)(brace - data));
}

json_object *
json_doc_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o && json_object_is_type(o, json_type_object))
		json_object_object_get_ex(o, key, &v);
	return v;
}

const char *
json_doc_str(json_object *o, const char *key)
{
	json_object *v = json_doc_get(o, key);

	return v && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}
