/* Pending patches landing (the skeleton's patches kind): each patch read is
 * completed under the policy (its severity from its source's scale, an
 * assumed release date where the source gives none) and stored against the
 * asset it names; the source's patches the file no longer lists are marked
 * resolved (installed). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "skeleton.h"

/* The kind's state: the policy patches are completed under, and today. */
struct patches_state {
	struct policy	 policy;
	char		 today[11];
	int		 loaded;
	int		 partial;	/* the reader said: one page of several */
	int		 every_host;	/* it names every host it scanned */
	int64_t		 scanned;	/* when its scan was taken (0: unsaid) */
	char		*host;		/* the first host a record named */
	int		 hosts;		/* 0, 1, or 2: more than one */
	char		*said;		/* the host the reader says the file is for */
	const char	*only;		/* patches_read: resolve this host's only
					   (NULL: the whole source's) */
};

static int
patches_begin(struct import_run *run, struct pw_error *err)
{
	struct patches_state *st = run->state;
	char t[32];
	int found;

	if (store_policy_load(run->store, &st->policy, &found, err) != 0)
		return -1;
	st->loaded = 1;
	utc_format(store_now(run->store), t);
	snprintf(st->today, sizeof st->today, "%.10s", t);
	return 0;
}

static void
patches_done(struct import_run *run)
{
	struct patches_state *st = run->state;

	if (st->loaded)
		policy_free(&st->policy);
	free(st->host);
	free(st->said);
}

static int
patches_put(struct patch_sink *sink, struct patch *p)
{
	struct import_run *run = sink->arg;
	struct patches_state *st = run->state;
	const char *asset = run->opts->asset;
	struct pw_error e = { 0 };
	int rc;

	if (p->asset != NULL) {
		if (st->host == NULL) {
			st->host = xstrdup(p->asset);
			st->hosts = 1;
		} else if (strcmp(st->host, p->asset) != 0)
			st->hosts = 2;
	} else if (asset)
		p->asset = xstrdup(asset);
	if (p->asset == NULL) {
		pw_error_set(&e, NULL, p->line, "the file does not say which host this "
		    "is for: give --asset KEY");
		return import_record(run, 1, p->line, &e);
	}
	rc = patch_finish(p, 0, &e) != 0 ||
	    policy_complete_patch(&st->policy, p, st->today, &e) != 0 ? 1 :
	    store_patch_put(run->imp, p, &e);
	return import_record(run, rc, p->line, &e);
}

/* A host scanned with nothing pending: listed, as a host with patches is;
 * named by a DNS name no asset has, by the IP beside it, as its findings
 * are (store_patch_put). One not in the inventory (or naming several, or
 * retired) has nothing of the source's to resolve: passed over, as before. */
static int
patches_clean(struct patch_sink *sink, const char *host, const char *ip, long line)
{
	struct import_run *run = sink->arg;
	struct patches_state *st = run->state;
	struct pw_error e = { 0 };
	int rc = store_patch_clean(run->imp, host, ip, line, &host, &e);

	if (rc < 0) {
		import_record(run, -1, line, &e);
		return -1;
	}
	if (rc == 0) {
		if (st->host == NULL) {
			st->host = xstrdup(host);
			st->hosts = 1;
		} else if (strcmp(st->host, host) != 0)
			st->hosts = 2;
	}
	return 0;
}

/* When a host's own scan ended: kept with the import for verify. A host
 * not in the inventory is passed over, as for patches_clean. */
static int
patches_host_scanned(struct patch_sink *sink, const char *host, const char *alt,
    int64_t t, long line)
{
	struct import_run *run = sink->arg;
	struct pw_error e = { 0 };

	if (store_patch_scanned(run->imp, host, alt, line, t, &e) < 0) {
		import_record(run, -1, line, &e);
		return -1;
	}
	return 0;
}

static void
patches_passed(struct patch_sink *sink, size_t upto)
{
	import_passed(sink->arg, upto);
}

static int
patches_read(struct import_run *run, const struct import_format *f,
    struct pw_error *err)
{
	struct patch_sink sink = { .put = patches_put, .arg = run,
	    .notes = &run->report->notes, .date_order = run->opts->date_order,
	    .passed = patches_passed, .clean = patches_clean,
	    .host_scanned = patches_host_scanned };
	struct patches_state *st = run->state;

	/* A time the file writes without a zone is the scanner's clock: --tz
	 * says which, else the policy's zone is the likeliest. */
	sink.zone = run->opts->float_tz ? run->opts->float_tz :
	    st->policy.timezone && *st->policy.timezone ? st->policy.timezone : NULL;

	const char *asset = run->opts->asset;
	enum format_hosts one = import_format_hosts(f);

	/* Without --asset such a file's patches land nowhere, and what it
	 * no longer lists is no host's: not the whole source's. */
	if (one == FORMAT_HOST_NONE && asset == NULL) {
		pw_error_set(err, run->opts->path, 0, "the file does not say which "
		    "host it is for (%s names none): give --asset KEY", f->name);
		return -1;
	}
	int rc = f->read.patches(run->opts->path, run->data, run->len, &sink,
	    &run->report->problems, err);

	st->partial = sink.partial;
	st->every_host = sink.every_host;
	st->scanned = sink.scanned;
	st->said = sink.host;
	/* A file that speaks for one host resolves that host's patches only:
	 * the source's other hosts (another file of the same name) keep
	 * theirs. One that named several is a scan of them all. */
	st->only = st->hosts == 2 ? NULL : st->host ? st->host : st->said ? st->said :
	    asset;
	if (one == FORMAT_HOSTS && st->host)
		st->only = NULL;	/* a scanner's file: the whole source */
	if (rc == 0 && one == FORMAT_HOST_ONE && st->hosts < 2 && st->only == NULL) {
		pw_error_set(err, run->opts->path, 0, "the file does not say which "
		    "host it is for: give --asset KEY");
		return -1;
	}
	return rc;
}

static void
note_resolved(void *arg, const char *asset, const char *advisory)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s %s", asset, advisory);
	import_removed(arg, b.s);
	buf_free(&b);
}

static int
patches_finish(struct import_run *run, struct pw_error *err)
{
	struct patches_state *st = run->state;
	struct store_counts counts;

	const char *only = st->only;
	int listed = run->opts->only_listed || (st->every_host &&
	    !run->opts->full_scan);
	int resolve = st->partial ? RESOLVE_NONE : listed && !only ? RESOLVE_LISTED :
	    RESOLVE_SOURCE;
	long hosts, unlisted;
	/* A record skipped (--skip-invalid) is a patch the file lists, badly:
	 * a reboot 'maybe', a CVE id that is none, a host named by a name the
	 * inventory lacks. Read as no longer listed it was marked installed,
	 * and verify took that as the patching: with one skipped, nothing is. */
	if (run->report->problems.n > 0 && resolve != RESOLVE_NONE) {
		size_t n = pw_diags_total(&run->report->problems);
		resolve = RESOLVE_NONE;
		pw_diags_add(&run->report->notes, run->opts->path, 0, "%zu invalid "
		    "record%s skipped: nothing marked installed (a record skipped "
		    "may be a patch still there); fix the file and import it again "
		    "to mark what it no longer lists installed", n, n == 1 ? "" : "s");
	}
	/* A source is a full scan: what a file no longer lists was installed.
	 * A file that lists fewer than half of the hosts the source has pending
	 * patches on is more likely a scan of some hosts than a night that
	 * cleared the rest: it says which (as an inventory's retiring). */
	if (resolve == RESOLVE_SOURCE && !only && !run->opts->full_scan) {
		if (store_patches_unlisted(run->imp, &hosts, &unlisted, err) != 0)
			return -1;
		if (unlisted > 0 && 2 * unlisted > hosts) {
			pw_error_set(err, run->opts->path, 0, "lists patches of %ld of the "
			    "%ld hosts source %s has pending patches on: as a whole scan of "
			    "the source it would mark every patch of the other %ld "
			    "installed; nothing imported (--only-listed if it scanned only "
			    "the hosts it lists, --full-scan if it scanned them all)",
			    hosts - unlisted, hosts, run->source, unlisted);
			return -1;
		}
	}
	if (st->scanned > 0 && store_import_scanned(run->imp, st->scanned, err) != 0)
		return -1;
	if (store_patches_finish(run->imp, resolve, only, note_resolved,
	    run->report, &counts, err) != 0) {
		if (err->file == NULL && only) {	/* it names no asset */
			struct pw_error was = *err;
			pw_error_set(err, run->opts->path, 0, "%s%s: %s", only ==
			    run->opts->asset ? "--asset " : "", only, was.msg);
		}
		return -1;
	}
	run->report->removed = counts.retired;
	return 0;
}

const struct import_kind_ops import_kind_patches = {
	.name = "patches",
	.problem = "invalid record",
	.refused = "nothing imported",
	.state_size = sizeof(struct patches_state),
	.source = import_source_named,
	.begin = patches_begin,
	.read = patches_read,
	.finish = patches_finish,
	.done = patches_done,
};
