/* A whole file of JSON for the readers that take one (import-internal),
 * never held whole as json-c objects: a strict scanner (RFC 8259) checks
 * the text and finds its values, and only the values a reader asks for are
 * built, one record at a time. So a file of many records costs one record's
 * objects, not ten times the file, and every error and record has its
 * line. A document that is a list of records: json_records.h. */
#ifndef PW_JSON_DOC_H
#define PW_JSON_DOC_H

#include <stddef.h>

#include <json-c/json.h>

#include "../model/error.h"

/* Nesting deeper than this is refused, in every JSON reader: room for
 * CSAF's product tree, whose branches nest two levels a step and have no
 * bound in the standard (the cloud outputs nest at most 7). The scanner
 * keeps a byte a level, not a stack frame, and json-c builds one record at
 * a time. */
#define JSON_DOC_DEPTH	64

/* A value's bytes in the file. */
struct json_span {
	const char	*s;
	size_t		 n;
};

struct json_doc {
	const char	*path;
	const char	*base, *end;	/* the text, past a BOM */
	struct json_span root;
	struct pw_error	*fatal;
	const char	*at;		/* where line was counted to */
	long		 line;
	json_tokener	*tok;		/* json_doc_build's, reused */
};

/* Check data[0..len) is one JSON value and nothing else: UTF-8 text, no
 * \u0000 in a string (a name read back as a C string would end there),
 * nested at most JSON_DOC_DEPTH deep. 0 with d ready (d->root its value), or
 * -1 with fatal set ("FILE:LINE: JSON: ..."). data must outlive d. */
int	json_doc_open(struct json_doc *d, const char *path, const char *data,
	    size_t len, struct pw_error *fatal);
/* Free what d holds (not the text); d may be one json_doc_open refused. */
void	json_doc_close(struct json_doc *d);
/* The line of p, a pointer into the text: cheap when asked in file order. */
long	json_doc_line(struct json_doc *d, const char *p);
/* The line where the value v starts, or of its first key when v is an
 * object: where a record is said to be. */
long	json_doc_record_line(struct json_doc *d, struct json_span v);
/* Is v an array, an object? */
int	json_doc_is_array(struct json_span v);
int	json_doc_is_object(struct json_span v);
/* each(arg, element, line) for every element of the array v, in order; 0,
 * or the first non-zero each returned. */
int	json_doc_each_element(struct json_doc *d, struct json_span v,
	    int (*each)(void *, struct json_span, long), void *arg);
/* each(arg, key, key_n, value) for every member of the object v, in order
 * (key as written, escapes not undone); 0, or the first non-zero each
 * returned. */
int	json_doc_each_member(struct json_doc *d, struct json_span v,
	    int (*each)(void *, const char *, size_t, struct json_span), void *arg);
/* The value at the member names (NULL-ended) below v into *out, the last
 * of a name as json-c keeps it: 0, or -1 when there is none. */
int	json_doc_find(struct json_doc *d, struct json_span v,
	    const char *const *names, struct json_span *out);
/* The value v built with json-c (the caller json_object_put()s it); with
 * json_doc_build_without, the array hole inside it built as []. NULL with
 * d->fatal set when json-c refuses it. */
json_object *json_doc_build(struct json_doc *d, struct json_span v);
json_object *json_doc_build_without(struct json_doc *d, struct json_span v,
	    struct json_span hole);

/* A built value's members; o may be NULL or no object. The member key. */
json_object *json_doc_get(json_object *o, const char *key);
/* The member at names (NULL-ended) below o. */
json_object *json_doc_at(json_object *o, const char *const *names);
/* The string member key, or NULL when o lacks it, it is no string or it is
 * "" (the AWS CLI writes "" for what it does not know). */
const char *json_doc_str(json_object *o, const char *key);
/* A date member, an ISO 8601 string (a time after it ignored) or epoch
 * seconds (as the APIs and dnf5 write them), into out (YYYY-MM-DD): 0
 * read; 1 absent, null or ""; -1 not a date. */
int	json_doc_date(json_object *o, const char *key, char out[11]);
/* A count member, a non-negative integer, into *n: 0 read (absent or null:
 * 0); -1 when it is something else. */
int	json_doc_count(json_object *o, const char *key, long long *n);

#endif
