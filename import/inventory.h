/* Inventory readers (import-internal): each turns one file format into assets
 * and hands every asset to a sink. */
#ifndef PW_INVENTORY_H
#define PW_INVENTORY_H

#include <stddef.h>

#include "../model/asset.h"
#include "../model/error.h"
#include "sniff.h"

/* Receives each asset; the reader clears it afterwards. put returns -1 to stop
 * (a database error); a refused record is recorded by the sink itself. */
struct inv_sink {
	int	(*put)(struct inv_sink *, struct asset *);
	void	*arg;
	struct pw_diags *notes;		/* warnings that cost no record */
	/* May be NULL: the reader is done with data[0..upto) (the sink may drop
	 * those pages; import_passed). */
	void	(*passed)(struct inv_sink *, size_t upto);
};

/* Each reads path's bytes data[0..len). Record problems go to problems; a
 * problem with the file as a whole (syntax, no asset column) returns -1 with
 * fatal set; the import is then refused even with --skip-invalid. */
typedef int inv_reader(const char *path, const char *data, size_t len,
    struct inv_sink *, struct pw_diags *problems, struct pw_error *fatal);

inv_reader inv_read_csv;	/* inv_csv.c: a header row names the fields */
inv_reader inv_read_yaml;	/* inv_yaml.c: patchwave's own, "assets:" */
inv_reader inv_read_ansible;	/* ansible.c: an Ansible YAML inventory */
inv_reader inv_read_json;	/* inv_json.c: ansible-inventory --list, EC2 */
import_sniff inv_sniff_yaml;	/* a line starts "assets:" */
import_sniff inv_sniff_json;	/* it starts with '{' or '[' */

/* Asset fields from an inventory's variables (as Ansible merged them): a
 * variable named like an asset field (or patchwave_FIELD, which wins) sets it
 * (import/ansible.c applies these two). */
struct json_object;
/* The asset field a variable name sets (patchwave_FIELD too), -1 for none. */
int	inv_var_field(const char *name);
/* A variable's value as field f's text (a list only for depends_on), NULL
 * when it gives none; caller frees. */
char	*inv_var_text(struct json_object *, int f);

/* An Ansible inventory under construction: groups, hosts, variables, merged the
 * way ansible-core does when emitted. Shared by the YAML and JSON readers. */
struct ainv;
struct ainv *ainv_new(const char *path, struct pw_diags *problems,
	    struct pw_error *fatal);
void	ainv_free(struct ainv *);
size_t	ainv_group(struct ainv *, const char *name);	/* get or create */
int	ainv_add_child(struct ainv *, size_t parent, size_t child, long line);
/* Set a group variable; takes val (ansible_group_priority sets the priority). */
int	ainv_group_var(struct ainv *, size_t g, const char *key,
	    struct json_object *val, long line);
/* Add the hosts a pattern names (ranges expanded when expand) to group g with
 * vars (borrowed, may be NULL) set on each. */
int	ainv_add_hosts(struct ainv *, size_t g, const char *pattern, int expand,
	    struct json_object *vars, long line);
/* Set variables on an existing host; 0 when there is no such host. */
int	ainv_host_vars(struct ainv *, const char *host, struct json_object *vars);
/* Reconcile 'all' and 'ungrouped', merge variables, hand each host on. */
int	ainv_emit(struct ainv *, struct inv_sink *);

/* Expand an Ansible host pattern's ranges ("web[01:20]", "db-[a:c]",
 * "n[1:9:2]", nested); appends the names to *out (caller frees each and the
 * array). Fails on a malformed range or more than limit names, and then
 * appends nothing. */
int	ansible_expand_hosts(const char *pattern, char ***out, size_t *n,
	    size_t limit, struct pw_error *);
#endif
