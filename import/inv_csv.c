/* Inventory CSV: a header row names the fields (docs/formats.md lists the names
 * and aliases); columns that name no asset field become string variables. */
#include <stdlib.h>
#include <string.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "../util/strmap.h"
#include "csv.h"
#include "inventory.h"

int
inv_read_csv(const char *path, const char *data, size_t len, struct inv_sink *sink,
    struct pw_diags *problems, struct pw_error *fatal)
{
	struct csv_reader *r = csv_open(data, len, 0);
	struct csv_record rec;
	struct pw_error e = { 0 };
	int *field = NULL, rc, has_key = 0, ret = -1;
	char **names = NULL;
	size_t ncols = 0;
	struct buf vars = { 0 };
	struct arena arena = { 0 };
	/* Column names and asset fields seen, to the column: a header of
	 * 100,000 columns compared each with all before took 24 s. */
	struct strmap seen = { 0 }, fields = { 0 };

	rc = csv_next(r, &rec, &e);
	if (rc < 0 && csv_encoding_fatal(r, path, fatal))
		goto out;
	if (rc == 0) {
		ret = 0;	/* no header, no assets: import_inventory decides */
		goto out;
	}
	if (rc < 0) {
		pw_error_set(fatal, path, e.line, "%s", e.msg);
		goto out;
	}
	ncols = rec.n;
	field = xcalloc(ncols, sizeof *field);
	names = xcalloc(ncols, sizeof *names);
	for (size_t i = 0; i < ncols; i++) {
		names[i] = xstrdup(rec.fields[i]);
		field[i] = asset_field_lookup(names[i]);
		if (names[i][0] == '\0') {
			field[i] = -2;	/* an unnamed column: ignore it */
			continue;
		}
		if (field[i] >= 0 && (strcmp(asset_field_name(field[i]), "key") == 0 ||
		    strcmp(asset_field_name(field[i]), "hostname") == 0 ||
		    strcmp(asset_field_name(field[i]), "instance_id") == 0))
			has_key = 1;
		size_t j = strmap_intern(&seen, names[i], i);
		if (j == i && field[i] >= 0)
			j = strmap_intern(&fields, asset_field_name(field[i]), i);
		if (j != i) {
			pw_error_set(fatal, path, rec.line, "column %zu (%.60s) "
			    "repeats column %zu (%.60s)", i + 1, names[i], j + 1,
			    names[j]);
			goto out;
		}
	}
	if (!has_key) {
		pw_error_set(fatal, path, rec.line, "no column names the asset: the "
		    "header needs 'key' or 'hostname' (or an alias: host, fqdn, "
		    "instance_id, asset_id)");
		goto out;
	}

	for (;;) {
		struct asset a;
		int bad = 0;

		rc = csv_next_row(r, path, ncols, &rec, problems, fatal);
		if (rc < 0)
			goto out;
		if (rc == 0)
			break;
		asset_init(&a);
		a.arena = &arena;	/* this row's strings: freed all at once */
		a.line = rec.line;
		buf_reset(&vars);
		buf_addc(&vars, '{');
		for (size_t i = 0; i < ncols && !bad; i++) {
			if (field[i] == -2)
				continue;
			if (field[i] < 0) {
				if (rec.fields[i][0] == '\0')
					continue;
				if (vars.len > 1)
					buf_addc(&vars, ',');
				esc_json(&vars, names[i]);
				buf_addc(&vars, ':');
				esc_json(&vars, rec.fields[i]);
				continue;
			}
			if (asset_field_set(&a, field[i], rec.fields[i], &e) != 0) {
				pw_diags_add(problems, path, rec.line, "column %.60s: %s",
				    names[i], e.msg);
				bad = 1;
			}
		}
		buf_addc(&vars, '}');
		if (!bad) {
			a.vars_json = asset_strndup(&a, vars.s, vars.len);
			if (sink->put(sink, &a) != 0) {
				asset_clear(&a);
				goto out;
			}
		}
		asset_clear(&a);
		arena_reset(&arena);
	}
	ret = 0;
out:
	for (size_t i = 0; i < ncols; i++)
		free(names[i]);
	free(names);
	free(field);
	strmap_free(&seen);
	strmap_free(&fields);
	buf_free(&vars);
	arena_free(&arena);
	csv_free(r);
	return ret;
}
