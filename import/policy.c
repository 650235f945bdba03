/* Policy landing (the skeleton's policy kind): the policy read replaces the
 * one in force, under change control: it may not drop every window or the
 * whole CAB without --replace, nor turn allow_as on after the first policy,
 * nor let the importer add themselves to the CAB; once it names policy
 * admins, only they may import the next; it is an audit entry (the
 * file's SHA-256 and what changed); changes it no longer allows go back to
 * draft. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "../util/sha256.h"
#include "../storage/changes.h"
#include "skeleton.h"

/* The policy kind's state: the policy read, once the reader put it. */
struct policy_state {
	struct policy	 p;
	long		*approver_lines;	/* where each approver is named */
	long		*admin_lines;		/* ... and each policy admin */
	int		 read;
};

static const char *
policy_source(const struct import_opts *o, struct buf *b)
{
	(void)b;
	return o->source ? o->source : o->path;
}

static long *
lines_copy(const long *lines, size_t n)
{
	long *v = xmalloc((n + 1) * sizeof *v);

	if (n > 0)
		memcpy(v, lines, n * sizeof *v);
	return v;
}

static int
policy_put(struct policy_sink *sink, struct policy *p,
    const struct policy_lines *lines)
{
	struct policy_state *st = ((struct import_run *)sink->arg)->state;

	st->p = *p;
	policy_init(p);
	st->approver_lines = lines_copy(lines->approver, st->p.napprovers);
	st->admin_lines = lines_copy(lines->admin, st->p.nadmins);
	st->read = 1;
	return 0;
}

static int
policy_read(struct import_run *run, const struct import_format *f,
    struct pw_error *err)
{
	struct policy_sink sink = { policy_put, run, &run->report->notes,
	    store_now(run->store) };

	return f->read.policy(run->opts->path, run->data, run->len, &sink,
	    &run->report->problems, err);
}

/* Is who one of names[0..n)? */
static int
named(char *const *names, size_t n, const char *who)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], who) == 0)
			return 1;
	return 0;
}

/* What the new policy p may not do to the one in force (was; found: there
 * is one): drop every window or the whole CAB without --replace, turn
 * allow_as on after the database's first policy (not even with --replace),
 * or let the importer add themselves to an existing CAB (separation of
 * duties: another person must). */
static int
may_replace(const struct import_opts *o, const struct policy *was, int found,
    const struct policy *p, const long *approver_lines, struct pw_error *err)
{
	if (!o->replace && was->nwindows > 0 && p->nwindows == 0) {
		pw_error_set(err, o->path, 0, "this policy has no windows where the one in "
		    "force has %zu (%s%s): give --replace if that is meant",
		    was->nwindows, was->windows[0].name, was->nwindows > 1 ? ", ..." : "");
		return -1;
	}
	if (!o->replace && was->napprovers > 0 && p->napprovers == 0) {
		pw_error_set(err, o->path, 0, "this policy has no CAB where the one in force "
		    "has %zu approvers (%s%s): give --replace if that is meant",
		    was->napprovers, was->approvers[0], was->napprovers > 1 ? ", ..." : "");
		return -1;
	}
	/* allow_as lets anyone act as anyone (--as NAME): a requester could
	 * turn it on and approve their own change as a CAB member (or drop
	 * the CAB with --replace first, then name one with it). It is for
	 * demo and test databases, set by their first policy, never later. */
	if (found && !was->allow_as && p->allow_as) {
		pw_error_set(err, o->path, 0, "this policy turns allow_as on where the "
		    "one in force has it off: that would let anyone act as any CAB "
		    "member (--as NAME); allow_as is for demo and test databases and "
		    "comes with their first policy, not later");
		return -1;
	}
	if (was->napprovers == 0 || o->who == NULL)
		return 0;	/* the first CAB: someone has to name it */
	for (size_t i = 0; i < p->napprovers; i++)
		if (strcmp(p->approvers[i], o->who) == 0 &&
		    !named(was->approvers, was->napprovers, o->who)) {
			pw_error_set(err, o->path, approver_lines[i], "%.64s cannot add "
			    "themselves to the CAB (separation of duties): another person "
			    "must import this policy", o->who);
			return -1;
		}
	return 0;
}

/* Who may import p over the policy in force (was; found: there is one,
 * held to the log): once a policy names policy_admins, only they, and a
 * policy naming none where the one in force does needs --replace (anyone
 * could import the next). Nobody makes themselves a policy admin but with
 * a database's first policy (separation of duties: another person must).
 * 0, or -1 with err. */
static int
may_import(const struct import_opts *o, const char *who, const struct policy *was,
    int found, const struct policy *p, const long *admin_lines,
    struct pw_error *err)
{
	if (!found)
		return 0;	/* the first policy: someone has to name them */
	if (was->nadmins > 0 && !named(was->admins, was->nadmins, who)) {
		pw_error_set(err, o->path, 0, "only the policy's admins may import a "
		    "policy (policy_admins: %.64s%s): %.64s is not one of them; ask "
		    "one to import it", was->admins[0], was->nadmins > 1 ? ", ..." : "",
		    who);
		return -1;
	}
	if (!o->replace && was->nadmins > 0 && p->nadmins == 0) {
		pw_error_set(err, o->path, 0, "this policy names no policy_admins where "
		    "the one in force has %zu (%.64s%s), so anyone could import the "
		    "next: give --replace if that is meant", was->nadmins,
		    was->admins[0], was->nadmins > 1 ? ", ..." : "");
		return -1;
	}
	for (size_t i = 0; i < p->nadmins; i++)
		if (strcmp(p->admins[i], who) == 0 &&
		    !named(was->admins, was->nadmins, who)) {
			pw_error_set(err, o->path, admin_lines[i], "%.64s cannot make "
			    "themselves a policy admin (separation of duties): another "
			    "person must import this policy", who);
			return -1;
		}
	return 0;
}

/* The stored plan checked under the new policy: changes that it no longer
 * allows go back to draft (named in r). Nothing to check without any. */
static int
policy_follows(struct store *s, const char *who, int64_t now, struct import_report *r,
    struct pw_error *err)
{
	struct pw_diags warn = { 0 };	/* the calendars': not this import's */
	struct checked k;
	size_t open;
	int rc;

	if (store_changes_open(s, &open, err) != 0)
		return -1;
	if (open == 0)
		return 0;
	rc = store_plan_check(s, &k, &warn, err);
	if (rc == 0)
		rc = store_changes_policy_changed(s, &k, who, now, &r->removed_names,
		    &r->nremoved, err);
	checked_free(&k);
	pw_diags_free(&warn);
	return rc;
}

/* Save the policy read in place of the one in force, with its audit entry
 * and the changes it sends back to draft. */
static int
policy_finish(struct import_run *run, struct pw_error *err)
{
	const struct import_opts *o = run->opts;
	struct policy_state *st = run->state;
	struct import_report *r = run->report;
	struct store *s = run->store;
	const char *who = o->who ? o->who : store_actor_name(s);
	struct policy was;
	struct buf detail = { 0 };
	char sum[SHA256_HEX_LEN + 1];
	int64_t now;
	int found, rc = -1;

	if (!st->read) {	/* nothing read is no policy to land */
		pw_error_set(err, o->path, 0, "no policy read: policy not imported");
		return -1;
	}
	/* The policy in force is what this one is weighed against (who may
	 * add whom, allow_as) and what its entry diffs it with: one changed
	 * by hand is neither (forged: 1, why says so). */
	int forged = store_policy_cab_held(s, err);
	char why[sizeof err->msg];
	if (forged < 0)
		return -1;
	snprintf(why, sizeof why, "%s", forged ? err->msg : "");
	/* store_policy_load fills was (defaults when there is none). */
	if (store_policy_load(s, &was, &found, err) != 0 ||
	    may_replace(o, &was, found, &st->p, st->approver_lines, err) != 0 ||
	    may_import(o, who, &was, found && !forged, &st->p, st->admin_lines,
	    err) != 0 ||
	    store_policy_save(s, store_import_id(run->imp), &st->p, err) != 0)
		goto out;
	/* Over a forged CAB only the one the log holds may land, put back by
	 * anyone: the forged one says nothing of who may import what (its
	 * admins may be the forger's), and the log's admins cannot be told
	 * from it, so no other CAB is weighed against anything. */
	if (forged) {
		int back = store_policy_cab_held(s, err);
		if (back > 0)
			pw_error_set(err, o->path, 0, "%s; over it only a policy with the "
			    "CAB the log last recorded may be imported (approvers, quorum, "
			    "allow_as, risk owners and policy admins as the last policy "
			    "entry of patchwave audit left them): import that policy's "
			    "file again, then change it as its admins", why);
		if (back != 0)
			goto out;
	}
	now = store_record_time(s, store_now(s));	/* the policy saved's */
	sha256_hex(run->data, run->len, sum);
	buf_printf(&detail, "policy from %s (sha256 %s): ", o->path, sum);
	size_t head = detail.len;
	if (forged)
		buf_printf(&detail, "over a CAB changed outside patchwave, all of "
		    "it (quorum %d): ", st->p.quorum);
	if (found && !forged)
		policy_diff(&was, &st->p, &detail);
	else {
		struct policy none;
		policy_init(&none);
		policy_diff(&none, &st->p, &detail);
		policy_free(&none);
	}
	r->summary = xstrdup(detail.s + head);
	/* Who decides now, as stored: audit verify holds the policy to it. */
	struct policy saved;
	char cab[65];
	if (store_policy_load(s, &saved, &found, err) != 0) {
		policy_free(&saved);
		goto out;
	}
	policy_cab_digest(&saved, cab);
	policy_free(&saved);
	buf_printf(&detail, "; cab sha256 %s", cab);
	if (store_audit_append(s, who, "", "policy", detail.s, now, err) != 0 ||
	    policy_follows(s, who, now, r, err) != 0)
		goto out;
	r->records = (long)(st->p.nwindows + st->p.nstages);
	rc = 0;
out:
	buf_free(&detail);
	policy_free(&was);
	return rc;
}

static void
policy_done(struct import_run *run)
{
	struct policy_state *st = run->state;

	if (st->read)
		policy_free(&st->p);
	free(st->approver_lines);
	free(st->admin_lines);
}

const struct import_kind_ops import_kind_policy = {
	.name = "policy",
	.problem = "problem",
	.refused = "policy not imported",
	.whole = 1,
	.state_size = sizeof(struct policy_state),
	.source = policy_source,
	.read = policy_read,
	.finish = policy_finish,
	.done = policy_done,
};
