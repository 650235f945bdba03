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

/* A node; a map's kids alternate key, value. Read-only once read: an alias
 * shares its anchor's node (counted in refs, not copied), so a tree may hold
 * one node in many places. Released with ynode_free. */
struct ynode {
	enum ykind	 kind;
	char		*value;		/* scalars */
	int		 plain;		/* an unquoted scalar without a tag */
	long		 line;		/* an aliased node's: its anchor's */
	struct ynode	**kids;
	size_t		 n;
	/* What a consumer walking every alias would meet (JSON conversion
	 * does): nodes and scalar bytes in all, and levels below this one. */
	size_t		 expanded_nodes;
	size_t		 expanded_bytes;
	int		 height;
	int		 refs;
};

struct yreader;

/* Aliases in one file (one reader) may be used at most this often and may
 * expand, all together, to at most this many nodes and scalar bytes: a few
 * hundred bytes of nested aliases ("billion laughs") otherwise stand for
 * billions of values. docs/formats.md says why these numbers. */
#define YAML_ALIASES_MAX	10000
#define YAML_ALIAS_NODES_MAX	1000000
#define YAML_ALIAS_BYTES_MAX	((size_t)64 << 20)
/* Nesting deeper than this, aliases expanded, is an attack, not data. */
#define YAML_DEPTH_MAX		200

/* Read data (borrowed for the reader's life); path names it in errors. */
struct yreader *yreader_new(const char *path, const char *data, size_t len);
void	yreader_free(struct yreader *);
/* The next event (owned by the reader until the next call); -1 on a syntax
 * error, with err set to FILE:LINE. */
int	yreader_event(struct yreader *, yaml_event_t **, struct pw_error *);
/* Read one whole node whose first event is ev (already read). */
int	yreader_node(struct yreader *, yaml_event_t *ev, struct ynode **,
	    struct pw_error *);
/* The same for a node depth levels inside one being read event by event. */
int	yreader_node_at(struct yreader *, yaml_event_t *ev, int depth,
	    struct ynode **, struct pw_error *);
/* Skip the rest of a node whose first event is ev. */
int	yreader_skip(struct yreader *, yaml_event_t *ev, struct pw_error *);
/* Read a whole document's root node (for small files: policy, patches). */
int	yaml_load(const char *path, const char *data, size_t len, struct ynode **,
	    struct pw_error *);

/* Drop one reference: the node goes with its last (aliases hold others). */
void	ynode_free(struct ynode *);
/* A map's value for key, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The scalar as JSON: null, true, false, a number or a string (YAML 1.1 rules). */
void	yscalar_json(struct buf *, const char *value, int plain);
/* The scalar as a new json-c value (NULL for null), as ynode_jobj reads it. */
json_object *yscalar_jobj(const char *value, int plain);
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
