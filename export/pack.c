/* Writing the pack: every file into a fresh folder beside the target, then
 * swapped in whole with its SHA256SUMS (export/outdir.h). */
#include <stdio.h>

#include "internal.h"
#include "outdir.h"

unsigned
ex_modes(const struct export_opts *o, unsigned *dir_mode)
{
	unsigned mode = o->mode ? o->mode & 0666 : 0600;

	*dir_mode = mode | (mode & 0444) >> 2;	/* x where r */
	return mode;
}

/* Put b as name, emptying b for the next file. */
static int
put_buf(struct outdir *od, const char *name, struct buf *b, unsigned mode,
    struct pw_error *err)
{
	int rc = outdir_put(od, name, buf_str(b), b->len, mode, err);

	buf_reset(b);
	return rc;
}

int
export_pack(const char *dir, const struct change_rec *v, size_t n,
    const struct export_opts *o, size_t *files, struct pw_error *err)
{
	unsigned dmode, mode = ex_modes(o, &dmode);
	struct outdir *od;
	struct buf b = { 0 };
	int rc = -1;

	*files = 0;
	if (outdir_open(dir, dmode, &od, err) != 0)
		return -1;
	export_html(&b, v, n, o);
	if (put_buf(od, "index.html", &b, mode, err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char name[64];
		export_md(&b, &v[i], o);
		snprintf(name, sizeof name, "%.50s.md", v[i].number);
		if (put_buf(od, name, &b, mode, err) != 0)
			goto out;
	}
	export_csv(&b, v, n);
	if (put_buf(od, "changes.csv", &b, mode, err) != 0)
		goto out;
	export_json(&b, v, n, o);
	if (put_buf(od, "changes.json", &b, mode, err) != 0)
		goto out;
	export_ics(&b, v, n, o);
	if (put_buf(od, "approved-windows.ics", &b, mode, err) != 0)
		goto out;
	rc = outdir_commit(od, mode, files, err);
out:
	buf_free(&b);
	outdir_close(od);
	return rc;
}
