/* export --to provider-moves: the commands that ask the providers to start
 * their movable maintenance inside our windows (model/proposals.c says
 * where), one shell script. Imported ids leave as shell words (esc_sh);
 * summaries only in comments, through esc_term, so no newline ends one. */
#include <stdio.h>
#include <string.h>

#include "../model/civil.h"
#include "../util/escape.h"
#include "export.h"

/* "projects/P/zones/Z/instances/N" (or without its project), as the GCP
 * reader makes a provider id: 0 with the parts in b (NUL-separated), -1
 * another shape. */
static int
gce_parts(const char *id, struct buf *b, const char **project, const char **zone,
    const char **name)
{
	const char *z, *i;

	*project = NULL;
	if ((z = strstr(id, "zones/")) == NULL || (i = strstr(z, "/instances/")) == NULL ||
	    strchr(i + 11, '/') != NULL || i[11] == '\0' || i == z + 6)
		return -1;
	if (z != id && (strncmp(id, "projects/", 9) != 0 || z[-1] != '/' ||
	    z - 1 == id + 9))
		return -1;
	buf_reset(b);
	if (z != id)
		buf_add(b, id + 9, (size_t)(z - 1 - (id + 9)));
	buf_addc(b, '\0');
	size_t zat = b->len;
	buf_add(b, z + 6, (size_t)(i - (z + 6)));
	buf_addc(b, '\0');
	size_t nat = b->len;
	buf_adds(b, i + 11);
	*project = z != id ? b->s : NULL;
	*zone = b->s + zat;
	*name = b->s + nat;
	return 0;
}

/* Whether s may be a command's argument: not empty, not read as an option
 * (a leading '-'), and printable ASCII only, as every provider's ids are: a
 * newline would end the comment a not yet due command is written in, and
 * C0 or C1 controls (U+009B is a CSI) would reach the terminal of whoever
 * reads the script. The ids come from imported files; one that fails gets
 * no command. */
static int
arg_ok(const char *s)
{
	if (s == NULL || *s == '\0' || *s == '-')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return 0;
	return 1;
}

static void
comment(struct buf *b, const char *s)
{
	buf_adds(b, "# ");
	esc_term(b, s);
	buf_addc(b, '\n');
}

void
export_provider_moves(struct buf *b, const struct provider_move_row *v, size_t n,
    const struct export_opts *o)
{
	char gen[24], at[24], was[24], latest[24];
	struct buf line = { 0 }, parts = { 0 };

	utc_format(o->generated, gen);
	buf_printf(b, "#!/bin/sh\n# patchwave: provider maintenance moved into our "
	    "windows, %zu move%s (as of %s).\n# Each command asks the provider to "
	    "start its event in a window where patchwave\n# takes the instance "
	    "down anyway, after our work there, before the latest start\n# the "
	    "provider allows: one window's downtime, never a restart mid-patch.\n"
	    "# Re-import the provider's events afterwards.\nset -eu\n",
	    n, n == 1 ? "" : "s", gen);
	for (size_t i = 0; i < n; i++) {
		const struct provider_move_row *m = &v[i];
		const char *project, *zone, *name;
		utc_format(m->at, at);
		utc_format(m->occurs, was);
		utc_format(m->latest, latest);
		buf_reset(&line);
		buf_printf(&line, "%s: %s", m->asset, m->summary);
		buf_addc(b, '\n');
		comment(b, buf_str(&line));
		buf_reset(&line);
		buf_printf(&line, "scheduled for %s; latest start allowed %s; into %s", was,
		    latest, m->window);
		if (m->wave > 0)
			buf_printf(&line, " (wave %lld)", m->wave);
		buf_printf(&line, " at %s", at);
		comment(b, buf_str(&line));
		if (strncmp(m->event, "instance-event-", 15) == 0 &&
		    arg_ok(m->instance) && arg_ok(m->event)) {
			buf_adds(b, "aws ec2 modify-instance-event-start-time --instance-id ");
			esc_sh(b, m->instance);
			buf_adds(b, " --instance-event-id ");
			esc_sh(b, m->event);
			buf_printf(b, " --not-before %s\n", at);
		} else if (gce_parts(m->event, &parts, &project, &zone, &name) == 0 &&
		    arg_ok(name) && arg_ok(zone) && (!project || arg_ok(project))) {
			/* perform-maintenance starts it at once: the command is
			 * live only when its time has come. */
			if (m->at > o->generated)
				buf_printf(b, "# not due until %s (it starts the "
				    "maintenance at once): run it then\n# ", at);
			buf_adds(b, "gcloud compute instances perform-maintenance ");
			esc_sh(b, name);
			buf_adds(b, " --zone ");
			esc_sh(b, zone);
			if (project) {
				buf_adds(b, " --project ");
				esc_sh(b, project);
			}
			buf_addc(b, '\n');
		} else {
			buf_reset(&line);
			buf_printf(&line, "no command for event %s (a provider or an id no "
			    "command is written for): move it "
			    "with its provider by hand", m->event);
			comment(b, buf_str(&line));
		}
	}
	buf_free(&line);
	buf_free(&parts);
}
