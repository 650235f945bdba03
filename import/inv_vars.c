/* Asset fields from an Ansible inventory's variables, for its YAML and JSON
 * readers (inventory.h). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "../util/strmap.h"
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

int
inv_fields_from_layers(struct asset *a, json_object *const *layers, size_t n,
    struct strmap *cache, struct pw_error *err)
{
	/* Two passes: plain names first, then patchwave_ names override them;
	 * within a pass, later layers override earlier ones. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t l = 0; l < n; l++) {
			if (!json_object_is_type(layers[l], json_type_object))
				continue;
			json_object_object_foreach(layers[l], k, v) {
				int prefixed = strncmp(k, "patchwave_", 10) == 0;
				if (prefixed != pass)
					continue;
				int f;
				size_t hit = cache ? strmap_get(cache, k) : (size_t)-1;
				if (hit != (size_t)-1)
					f = (int)hit - 1;
				else {
					f = inv_var_field(k);
					if (cache)
						strmap_put(cache, k, (size_t)(f + 1));
				}
				if (f < 0)
					continue;
				char *t = inv_var_text(v, f);
				if (t == NULL)
					continue;
				if (asset_field_set(a, f, t, err) != 0) {
					char inner[sizeof err->msg];
					memcpy(inner, err->msg, sizeof inner);
					pw_error_set(err, NULL, 0, "variable %.60s: %.400s",
					    k, inner);
					free(t);
					return -1;
				}
				free(t);
			}
		}
	}
	return 0;
}
