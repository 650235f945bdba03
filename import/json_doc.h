/* A whole file of JSON for the readers that take one (import-internal):
 * parsed strictly, its errors at their lines, and the lines json-c does not
 * keep (where each record of a top-level array starts), found in one pass
 * over the text. */
#ifndef PW_JSON_DOC_H
#define PW_JSON_DOC_H

#include <stddef.h>

#include <json-c/json.h>

#include "../model/error.h"

/* data[0..len) as one JSON value: UTF-8 text (checked whole, as json-c lets
 * overlong forms and surrogates through), no \u0000 in a string, nothing but
 * white space after it, nested at most 64 deep. The root (the caller
 * json_object_put()s it), or NULL with fatal set ("FILE:LINE: JSON: ..."). */
json_object *json_doc_parse(const char *path, const char *data, size_t len,
	    struct pw_error *fatal);
/* The line of each element of the top-level array of data[0..len): for an
 * object, the line of its first key (of its '{' when it has none), else of
 * its first byte. An array of *n lines (the caller frees it), in the order
 * json-c indexes them; NULL and 0 when the root is not an array. */
long	*json_doc_array_lines(const char *data, size_t len, size_t *n);
/* The line of the top-level object's first key; 1 when there is none. */
long	 json_doc_first_key_line(const char *data, size_t len);
/* The string member key of o, or NULL when o lacks it or it is no string. */
const char *json_doc_str(json_object *o, const char *key);
/* The member key of o, or NULL. */
json_object *json_doc_get(json_object *o, const char *key);

#endif
