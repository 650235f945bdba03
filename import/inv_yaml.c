/* patchwave's own inventory YAML: a top-level "assets:" list (or a bare list) of
 * maps whose keys are asset fields, plus "groups" (list) and "vars" (map). Read
 * one asset at a time, so a large file never becomes one tree. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "inventory.h"
#include "yaml.h"

/* One list item to an asset; record problems go to problems. */
static void
item_to_asset(const char *path, const struct ynode *item, struct asset *a,
    struct pw_diags *problems, int *bad)
{
	struct pw_error e = { 0 };

	if (item->kind != Y_MAP) {
		pw_diags_add(problems, path, item->line, "an asset must be a mapping");
		*bad = 1;
		return;
	}
	for (size_t i = 0; i + 1 < item->n && !*bad; i += 2) {
		const struct ynode *k = item->kids[i], *v = item->kids[i + 1];
		const char *name = k->kind == Y_SCALAR ? k->value : "";
		if (strcmp(name, "vars") == 0) {
			if (v->kind != Y_MAP) {
				pw_diags_add(problems, path, v->line, "vars must be a mapping");
				*bad = 1;
				break;
			}
			json_object *o = ynode_jobj(v);
			free(a->vars_json);
			a->vars_json = xstrdup(json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN));
			json_object_put(o);
			continue;
		}
		if (strcmp(name, "groups") == 0 && v->kind == Y_SEQ) {
			for (size_t j = 0; j < v->n; j++)
				if (ynode_text(v->kids[j]))
					asset_add_group(a, ynode_text(v->kids[j]));
			continue;
		}
		int f = asset_field_lookup(name);
		if (f >= 0 && strcmp(asset_field_name(f), "depends_on") == 0 &&
		    v->kind == Y_SEQ) {
			/* A list: its items one a line, as a cell's would be. */
			struct buf b = { 0 };
			for (size_t j = 0; j < v->n; j++)
				if (ynode_text(v->kids[j])) {
					buf_adds(&b, ynode_text(v->kids[j]));
					buf_addc(&b, '\n');
				}
			asset_field_set(a, f, buf_str(&b), &e);
			buf_free(&b);
			continue;
		}
		if (f < 0) {
			pw_diags_add(problems, path, k->line, "'%.60s' is not an asset field "
			    "(put other data under vars:)", name);
			*bad = 1;
			break;
		}
		if (v->kind != Y_SCALAR) {
			pw_diags_add(problems, path, v->line, "%s must be a single value",
			    name);
			*bad = 1;
			break;
		}
		const char *t = ynode_text(v);
		if (t && asset_field_set(a, f, t, &e) != 0) {
			pw_diags_add(problems, path, v->line, "%s", e.msg);
			*bad = 1;
		}
	}
}

int
inv_read_yaml(const char *path, const char *data, size_t len, struct inv_sink *sink,
    struct pw_diags *problems, struct pw_error *fatal)
{
	struct yreader *r = yreader_new(path, data, len);
	yaml_event_t *ev;
	int ret = -1, in_list = 0;

	/* Find the list: either the document root or the value of "assets". */
	for (;;) {
		if (yreader_event(r, &ev, fatal) != 0)
			goto out;
		if (ev->type == YAML_STREAM_START_EVENT ||
		    ev->type == YAML_DOCUMENT_START_EVENT)
			continue;
		if (ev->type == YAML_STREAM_END_EVENT) {
			ret = 0;
			goto out;
		}
		if (ev->type == YAML_SEQUENCE_START_EVENT)
			break;
		if (ev->type == YAML_MAPPING_START_EVENT && !in_list) {
			if (yreader_event(r, &ev, fatal) != 0)
				goto out;
			if (ev->type != YAML_SCALAR_EVENT ||
			    strcmp((const char *)ev->data.scalar.value, "assets") != 0) {
				pw_error_set(fatal, path, (long)ev->start_mark.line + 1,
				    "expected 'assets:' (a list of assets)");
				goto out;
			}
			in_list = 1;
			continue;
		}
		pw_error_set(fatal, path, (long)ev->start_mark.line + 1,
		    "expected a list of assets");
		goto out;
	}
	for (;;) {
		struct ynode *item;
		struct asset a;
		int bad = 0;

		if (yreader_event(r, &ev, fatal) != 0)
			goto out;
		if (ev->type == YAML_SEQUENCE_END_EVENT)
			break;
		if (yreader_node(r, ev, &item, fatal) != 0)
			goto out;
		asset_init(&a);
		a.line = item->line;
		item_to_asset(path, item, &a, problems, &bad);
		ynode_free(item);
		if (!bad && sink->put(sink, &a) != 0) {
			asset_clear(&a);
			goto out;
		}
		asset_clear(&a);
	}
	/* Anything after the list must be well-formed but may not add keys. */
	for (;;) {
		if (yreader_event(r, &ev, fatal) != 0)
			goto out;
		if (ev->type == YAML_STREAM_END_EVENT)
			break;
		if (ev->type == YAML_SCALAR_EVENT) {
			pw_error_set(fatal, path, (long)ev->start_mark.line + 1,
			    "unexpected key '%.60s' after the asset list",
			    (const char *)ev->data.scalar.value);
			goto out;
		}
	}
	ret = 0;
out:
	yreader_free(r);
	return ret;
}

enum sniff
inv_sniff_yaml(const char *data, size_t len)
{
	const char *p = sniff_first_line(data, len);

	/* The file starts with its top-level "assets:" key; without it the
	 * file is not this format (a bare list is read with --format yaml). */
	return p && strncmp(p, "assets:", 7) == 0 ? SNIFF_YES : SNIFF_NO;
}
