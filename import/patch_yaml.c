/* Pending patches from YAML: a "patches:" list, or a bare list, of maps whose
 * keys are patch fields (asset, advisory, severity, released, reboot, or their
 * aliases). */
#include <stdlib.h>
#include <string.h>

#include "patches.h"
#include "yaml.h"

int
patch_read_yaml(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct ynode *root, *list;
	struct pw_error e = { 0 };
	int ret = -1;

	if (yaml_load(path, data, len, &root, fatal) != 0)
		return -1;
	list = root->kind == Y_SEQ ? root : ynode_get(root, "patches");
	if (list == NULL || list->kind != Y_SEQ) {
		pw_error_set(fatal, path, root->line, "expected 'patches:' (a list of "
		    "patches)");
		goto out;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *item = list->kids[i];
		struct patch p;
		int bad = 0;
		if (item->kind != Y_MAP) {
			pw_diags_add(problems, path, item->line, "a patch must be a "
			    "mapping");
			continue;
		}
		patch_init(&p);
		p.line = item->line;
		for (size_t k = 0; k + 1 < item->n && !bad; k += 2) {
			const struct ynode *kn = item->kids[k], *vn = item->kids[k + 1];
			const char *v = ynode_text(vn);
			int f = kn->kind == Y_SCALAR ? patch_field_lookup(kn->value) : -1;
			if (f < 0) {
				pw_diags_add(problems, path, kn->line, "not a patch field "
				    "(asset, advisory, severity, released, reboot)");
				bad = 1;
			} else if (patch_field_set(&p, (enum patch_field)f, v ? v : "",
			    &e) != 0) {
				pw_diags_add(problems, path, vn->line, "%s", e.msg);
				bad = 1;
			}
		}
		/* patchwave's own patches say when they were released. */
		if (!bad && p.released[0] == '\0') {
			pw_diags_add(problems, path, item->line, "the patch has no "
			    "released");
			bad = 1;
		}
		if (!bad && sink->put(sink, &p) != 0) {
			patch_clear(&p);
			goto out;
		}
		patch_clear(&p);
	}
	ret = 0;
out:
	ynode_free(root);
	return ret;
}

enum sniff
patch_sniff_yaml(const char *data, size_t len)
{
	const char *p = sniff_first_line(data, len);

	/* A file that starts with its top-level "patches:" key says so; a
	 * bare list, or the key further down, is told by the file's name.
	 * JSON or XML is another tool's (YAML in flow style: --format yaml). */
	if (sniff_delimited(data, len) == SNIFF_NO)
		return SNIFF_NO;
	return p && strncmp(p, "patches:", 8) == 0 ? SNIFF_YES : SNIFF_MAYBE;
}
