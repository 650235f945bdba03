/* Asset fields from an Ansible inventory's variables, for its YAML and JSON
 * readers (inventory.h). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "inventory.h"

/* A variable's value as a field's text; a list only for depends_on (field
 * f), its items one a line, as a cell's would be. */
char *
inv_var_text(json_object *v, int f)
{
	switch (json_object_get_type(v)) {
	case json_type_array: {
		struct buf b = { 0 };
		if (strcmp(asset_field_name(f), "depends_on") != 0)
			return NULL;
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			char *t = inv_var_text(json_object_array_get_idx(v, i), -1);
			if (t == NULL)
				continue;
			buf_adds(&b, t);
			buf_addc(&b, '\n');
			free(t);
		}
		char *text = xstrdup(buf_str(&b));
		buf_free(&b);
		return text;
	}
	case json_type_string:
		return xstrdup(json_object_get_string(v));
	case json_type_int:
	case json_type_double:
	case json_type_boolean:
		return xstrdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	default:
		return NULL;
	}
}

int
inv_var_field(const char *k)
{
	int prefixed = strncmp(k, "patchwave_", 10) == 0;
	int f = asset_field_lookup(prefixed ? k + 10 : k);

	if (f < 0 || strcmp(asset_field_name(f), "key") == 0)
		return -1;	/* the inventory name is the key */
	if (!prefixed && strcmp(asset_field_name(f), "hostname") == 0 &&
	    strcmp(k, "hostname") != 0)
		return -1;	/* only "hostname" itself renames */
	return f;
}
