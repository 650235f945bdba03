/* libyaml helpers shared by the YAML importers: an event stream with file and
 * line, small node trees read one value at a time (never a whole large file),
 * YAML 1.1 scalar typing as Ansible's PyYAML applies it, and JSON conversion. */
#ifndef PW_YAML_H
#define PW_YAML_H

#include <stddef.h>

#include <json-c/json.h>
#include <yaml.h>

#include "../util/buf.h"
#include "../model/error.h"

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

/* A node; a map's kids alternate key, value. Owned by its root (ynode_free). */
struct ynode {
	enum ykind	 kind;
	char		*value;		/* scalars */
	int		 plain;		/* an unquoted scalar without a tag */
	long		 line;
	struct ynode	**kids;
	size_t		 n;
};

struct yreader;

/* Read data (borrowed for the reader's life); path names it in errors. */
struct yreader *yreader_new(const char *path, const char *data, size_t len);
void	yreader_free(struct yreader *);
/* The next event (owned by the reader until the next call); -1 on a syntax
 * error, with err set to FILE:LINE. */
int	yreader_event(struct yreader *, yaml_event_t **, struct pw_error *);
/* Read one whole node whose first event is ev (already read). */
int	yreader_node(struct yreader *, yaml_event_t *ev, struct ynode **,
	    struct pw_error *);
/* Skip the rest of a node whose first event is ev. */
int	yreader_skip(struct yreader *, yaml_event_t *ev, struct pw_error *);
/* Read a whole document's root node (for small files: policy, patches). */
int	yaml_load(const char *path, const char *data, size_t len, struct ynode **,
	    struct pw_error *);

void	ynode_free(struct ynode *);
/* A map's value for key, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The scalar as JSON: null, true, false, a number or a string (YAML 1.1 rules). */
void	yscalar_json(struct buf *, const char *value, int plain);
/* Is a plain scalar a YAML 1.1 null / bool / int / float (not a string)? */
int	yscalar_is_string(const char *value, int plain);
/* The node as a new json-c value (maps as objects with string keys, later
 * duplicate keys win, "<<" merge keys applied); caller puts it. */
json_object *ynode_jobj(const struct ynode *);
/* Is the event a null scalar (~, null, or empty and unquoted)? */
int	yevent_is_null(const yaml_event_t *);
/* A scalar's text as the value of a setting: NULL for null or a non-scalar. */
const char *ynode_text(const struct ynode *);

#endif
