/* Advisories landing (the skeleton's advisories kind): what a vendor says of
 * its advisories (CSAF, updateinfo.xml ...), kept by id, fills in release
 * dates and severities that patch sources left out (storage/patches.c). A
 * record is a patch with no asset, read by a patch reader; its severity is
 * mapped from its source's scale, never assumed. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "skeleton.h"

struct advisories_state {
	struct policy	 policy;
	int		 loaded;
};

static const char *
advisories_source(const struct import_opts *o, struct buf *b)
{
	(void)b;
	return o->source ? o->source : import_base_name(o->path);
}

static int
advisories_begin(struct import_run *run, struct pw_error *err)
{
	struct advisories_state *st = run->state;
	int found;

	if (store_policy_load(run->store, &st->policy, &found, err) != 0)
		return -1;
	st->loaded = 1;
	return 0;
}

static void
advisories_done(struct import_run *run)
{
	struct advisories_state *st = run->state;

	if (st->loaded)
		policy_free(&st->policy);
}

static int
advisories_put(struct patch_sink *sink, struct patch *p)
{
	struct import_run *run = sink->arg;
	struct advisories_state *st = run->state;
	struct pw_error e = { 0 };
	int rc = 0;

	if (p->advisory == NULL) {
		pw_error_set(&e, NULL, p->line, "an advisory without its id");
		rc = 1;
	} else if (p->severity == SEV_COUNT && p->scale && p->source_severity) {
		int sev = policy_severity(&st->policy, p->scale, p->source_severity);
		if (sev < 0) {
			pw_error_set(&e, NULL, p->line, "severity '%.40s' (%.20s) means "
			    "nothing to the policy: add it to severity_map "
			    "(docs/formats.md)", p->source_severity, p->scale);
			rc = 1;
		} else
			p->severity = (enum severity)sev;
	}
	if (rc == 0)
		rc = store_advisory_put(run->imp, p, &e);
	return import_record(run, rc, p->line, &e);
}

static int
advisories_read(struct import_run *run, const struct import_format *f,
    struct pw_error *err)
{
	struct patch_sink sink = { advisories_put, run, &run->report->notes,
	    run->opts->date_order, NULL };

	return f->read.patches(run->opts->path, run->data, run->len, &sink,
	    &run->report->problems, err);
}

const struct import_kind_ops import_kind_advisories = {
	.name = "advisories",
	.problem = "invalid advisory",
	.refused = "nothing imported",
	.state_size = sizeof(struct advisories_state),
	.source = advisories_source,
	.begin = advisories_begin,
	.read = advisories_read,
	.done = advisories_done,
};
