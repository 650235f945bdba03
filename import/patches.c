/* Pending patches from CSV (a header row: hostname,advisory,severity,released,
 * reboot, with aliases) or YAML (a "patches:" list or a bare list of maps). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "csv.h"
#include "import.h"
#include "yaml.h"

struct pctx {
	struct store_import	*imp;
	const struct import_opts *opts;
	long			 seen;		/* records read */
	const char		*path;
	struct import_report	*report;
	struct pw_error		*fatal;
};

/* Finish and store one patch; -1 only on a database error. */
static int
put(struct pctx *c, struct patch *p)
{
	struct pw_error e = { 0 };
	int rc;

	import_progress(c->opts, &c->seen);
	if (patch_finish(p, &e) != 0) {
		pw_diags_add(&c->report->problems, c->path, p->line, "%s", e.msg);
		return 0;
	}
	rc = store_patch_put(c->imp, p, &e);
	if (rc > 0)
		pw_diags_add(&c->report->problems, c->path, p->line, "%s", e.msg);
	else if (rc < 0) {
		*c->fatal = e;
		return -1;
	} else
		c->report->records++;
	return 0;
}

static int
read_csv(struct pctx *c, const char *data, size_t len)
{
	struct csv_reader *r = csv_open(data, len, 0);
	struct csv_record rec;
	struct pw_error e = { 0 };
	int *field = NULL;
	size_t ncols = 0;
	int rc, ret = -1, have[PF_COUNT] = { 0 };

	rc = csv_next(r, &rec, &e);
	if (rc < 0 && csv_encoding_fatal(r, c->path, c->fatal))
		goto out;
	if (rc <= 0) {
		pw_error_set(c->fatal, c->path, rc ? e.line : 0, "%s",
		    rc ? e.msg : "empty file: no header row");
		goto out;
	}
	ncols = rec.n;
	field = xcalloc(ncols, sizeof *field);
	for (size_t i = 0; i < ncols; i++)
		if ((field[i] = patch_field_lookup(rec.fields[i])) >= 0)
			have[field[i]] = 1;
	for (int f = PF_ASSET; f <= PF_RELEASED; f++)
		if (!have[f]) {
			pw_error_set(c->fatal, c->path, rec.line, "no '%s' column (the "
			    "header needs hostname, advisory, severity, released and "
			    "optionally reboot)", patch_field_name((enum patch_field)f));
			goto out;
		}
	while ((rc = csv_next(r, &rec, &e)) != 0) {
		struct patch p;
		int bad = 0;
		if (rc < 0) {
			if (csv_encoding_fatal(r, c->path, c->fatal))
				goto out;
			pw_diags_add(&c->report->problems, c->path, e.line, "%s", e.msg);
			continue;
		}
		if (rec.n != ncols) {
			pw_diags_add(&c->report->problems, c->path, rec.line, "%zu fields, "
			    "but the header has %zu", rec.n, ncols);
			continue;
		}
		patch_init(&p);
		p.line = rec.line;
		for (size_t i = 0; i < ncols && !bad; i++) {
			if (field[i] >= 0 && patch_field_set(&p,
			    (enum patch_field)field[i], rec.fields[i], &e) != 0) {
				pw_diags_add(&c->report->problems, c->path, rec.line, "%s",
				    e.msg);
				bad = 1;
			}
		}
		if (!bad && put(c, &p) != 0) {
			patch_clear(&p);
			goto out;
		}
		patch_clear(&p);
	}
	ret = 0;
out:
	free(field);
	csv_free(r);
	return ret;
}

static int
read_yaml(struct pctx *c, const char *data, size_t len)
{
	struct ynode *root, *list;
	struct pw_error e = { 0 };
	int ret = -1;

	if (yaml_load(c->path, data, len, &root, c->fatal) != 0)
		return -1;
	list = root->kind == Y_SEQ ? root : ynode_get(root, "patches");
	if (list == NULL || list->kind != Y_SEQ) {
		pw_error_set(c->fatal, c->path, root->line, "expected 'patches:' (a "
		    "list of patches)");
		goto out;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *item = list->kids[i];
		struct patch p;
		int bad = 0;
		if (item->kind != Y_MAP) {
			pw_diags_add(&c->report->problems, c->path, item->line, "a patch "
			    "must be a mapping");
			continue;
		}
		patch_init(&p);
		p.line = item->line;
		for (size_t k = 0; k + 1 < item->n && !bad; k += 2) {
			const struct ynode *kn = item->kids[k], *vn = item->kids[k + 1];
			const char *v = ynode_text(vn);
			int f = kn->kind == Y_SCALAR ? patch_field_lookup(kn->value) : -1;
			if (f < 0) {
				pw_diags_add(&c->report->problems, c->path, kn->line,
				    "not a patch field (asset, advisory, severity, "
				    "released, reboot)");
				bad = 1;
			} else if (patch_field_set(&p, (enum patch_field)f, v ? v : "",
			    &e) != 0) {
				pw_diags_add(&c->report->problems, c->path, vn->line, "%s",
				    e.msg);
				bad = 1;
			}
		}
		if (!bad && put(c, &p) != 0) {
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

static void
note_resolved(void *arg, const char *asset, const char *advisory)
{
	struct import_report *r = arg;
	struct buf b = { 0 };

	buf_printf(&b, "%s %s", asset, advisory);
	r->removed_names = xrealloc(r->removed_names,
	    (r->nremoved + 1) * sizeof *r->removed_names);
	r->removed_names[r->nremoved++] = buf_detach(&b);
}

int
import_patches(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	struct pctx c = { .opts = o, .path = o->path, .report = r, .fatal = err };
	struct store_counts counts;
	size_t n = strlen(o->path);
	char *data;
	size_t len;
	int yaml = (n > 4 && strcasecmp(o->path + n - 4, ".yml") == 0) ||
	    (n > 5 && strcasecmp(o->path + n - 5, ".yaml") == 0);

	memset(r, 0, sizeof *r);
	r->format = yaml ? "yaml" : "csv";
	const char *source = o->source ? o->source : import_base_name(o->path);
	if (import_read_file(o->path, &data, &len, err) != 0)
		return -1;
	if (store_begin(s, err) != 0) {
		import_free_file(data, len);
		return -1;
	}
	if ((c.imp = store_import_begin(s, "patches", source, o->path, err)) == NULL ||
	    (yaml ? read_yaml(&c, data, len) : read_csv(&c, data, len)) != 0)
		goto fail;
	if (r->problems.n > 0 && !o->skip_invalid) {
		pw_error_set(err, o->path, 0, "%zu invalid record%s: nothing imported",
		    r->problems.n, r->problems.n == 1 ? "" : "s");
		goto fail;
	}
	if (store_patches_finish(c.imp, note_resolved, r, &counts, err) != 0 ||
	    store_commit(s, err) != 0)
		goto fail;
	r->removed = counts.retired;
	r->landed = 1;
	store_import_end(c.imp);
	import_free_file(data, len);
	return 0;
fail:
	store_rollback(s);
	store_import_end(c.imp);
	import_free_file(data, len);
	return -1;
}
