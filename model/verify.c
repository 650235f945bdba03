/* Verification after the window: the rules of model/verify.h. */
#include <string.h>

#include "verify.h"

const char *
verify_outcome_name(enum verify_outcome o)
{
	static const char *const name[VO_COUNT] = { "patched", "still_missing",
	    "not_rescanned" };

	return o < VO_COUNT ? name[o] : "?";
}

const char *
verify_verdict_name(enum verify_verdict v)
{
	return v == VV_PATCHED ? "patched" : v == VV_FAILED ? "failed" :
	    "not_rescanned";
}

const struct verify_import *
verify_source_import(const struct verify_asset_in *in, const char *source)
{
	const struct verify_import *best = NULL;

	for (size_t i = 0; i < in->nimports; i++)
		if (strcmp(in->imports[i].source, source) == 0 &&
		    (best == NULL || in->imports[i].id > best->id))
			best = &in->imports[i];
	return best;
}

/* The import with that id among in's, or NULL. */
static const struct verify_import *
import_of(const struct verify_asset_in *in, long long id)
{
	for (size_t i = 0; i < in->nimports; i++)
		if (in->imports[i].id == id)
			return &in->imports[i];
	return NULL;
}

/* Was it pending when the change was snapshotted: a patch (findings are
 * never planned) its scans had reported by then and not resolved by then?
 * Without a snapshot import: every patch first seen by the window's end. */
static int
covered(const struct verify_asset_in *in, const struct verify_patch *p)
{
	if (p->finding)
		return 0;
	if (in->snapshot == 0)		/* a change from before snapshots */
		return p->first_at <= in->end_utc;
	return p->first_import <= in->snapshot &&
	    (p->resolved_import == 0 || p->resolved_import > in->snapshot);
}

/* Is the CVE id tok[0..n) the advisory adv or one of cves? */
static int
names_cve(const char *tok, size_t n, const char *adv, const char *cves)
{
	if (strlen(adv) == n && strncmp(adv, tok, n) == 0)
		return 1;
	for (const char *s = cves; s && *s; ) {
		const char *e = strchr(s, ',');
		size_t m = e ? (size_t)(e - s) : strlen(s);
		if (m == n && strncmp(s, tok, n) == 0)
			return 1;
		s += m + (e != NULL);
	}
	return 0;
}

/* Is one of p's CVEs (its advisory when it is one, its CVE list) still
 * listed, under another advisory (a scanner's plugin, a vendor's advisory),
 * by a patch of the same source pending in the scan that resolved p or a
 * later one as of last? Then p is not fixed, only renamed. */
static int
cve_still_listed(const struct verify_asset_in *in, const struct verify_patch *p,
    const struct verify_import *last)
{
	for (size_t j = 0; j < in->npatches; j++) {
		const struct verify_patch *q = &in->patches[j];
		if (q == p || strcmp(q->source, p->source) != 0 ||
		    (q->resolved_import != 0 && q->resolved_import <= last->id) ||
		    q->seen_import < p->resolved_import)
			continue;
		if (strncmp(p->advisory, "CVE-", 4) == 0 && names_cve(p->advisory,
		    strlen(p->advisory), q->advisory, q->cves))
			return 1;
		for (const char *s = p->cves; s && *s; ) {
			const char *e = strchr(s, ',');
			size_t m = e ? (size_t)(e - s) : strlen(s);
			if (m > 4 && strncmp(s, "CVE-", 4) == 0 &&
			    names_cve(s, m, q->advisory, q->cves))
				return 1;
			s += m + (e != NULL);
		}
	}
	return 0;
}

int
verify_rescan(const struct verify_import *x, int64_t end_utc)
{
	return x != NULL && x->at_utc > end_utc && (x->scanned_utc == 0 ||
	    x->scanned_utc > end_utc);
}

enum verify_patch_state
verify_patch(const struct verify_asset_in *in, size_t i)
{
	const struct verify_patch *p = &in->patches[i];
	const struct verify_import *last = verify_source_import(in, p->source);
	/* Imported after the window is not enough when the file says its
	 * scan was taken before the window ended (last night's export
	 * imported this morning): that scan cannot show what the window did. */
	int rescanned = verify_rescan(last, in->end_utc);

	if (!covered(in, p))
		return p->resolved_import == 0 && p->first_at > in->end_utc ? VP_NEW :
		    VP_OTHER;
	/* Resolving is by the patch's source alone (storage/patches.c), and
	 * its newest import after the window would have listed it again. As
	 * that scan saw it: one resolved by a later import (stamped after
	 * now) was still listed by the scan cited. */
	if (!rescanned)
		return VP_UNVERIFIED;
	if (p->resolved_import != 0 && p->resolved_import <= last->id)
		return cve_still_listed(in, p, last) ? VP_MISSING : VP_FIXED;
	/* Pending as of that scan: missing only if it listed the patch. One
	 * that did not look at the host (--only-listed, a file of another
	 * host, a partial file) left it as it was: not rescanned. */
	return p->seen_import >= last->id ? VP_MISSING : VP_UNVERIFIED;
}

void
verify_asset(const struct verify_asset_in *in, struct verify_asset_out *out)
{
	const struct verify_import *missing_ev = NULL, *fixed_ev = NULL;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < in->npatches; i++) {
		enum verify_patch_state s = verify_patch(in, i);
		const struct verify_import *last = verify_source_import(in,
		    in->patches[i].source);
		out->covered += s == VP_FIXED || s == VP_MISSING || s == VP_UNVERIFIED;
		switch (s) {
		case VP_FIXED: {
			/* The scan that no longer listed it; one resolved during
			 * the window, or by a scan taken by its end though
			 * imported after, is confirmed by its source's newest. */
			const struct verify_import *by = import_of(in,
			    in->patches[i].resolved_import);
			if (by == NULL || !verify_rescan(by, in->end_utc))
				by = last;
			out->fixed++;
			if (fixed_ev == NULL || by->id > fixed_ev->id)
				fixed_ev = by;
			break;
		}
		case VP_MISSING:
			if (out->missing++ == 0)
				missing_ev = last;
			break;
		case VP_UNVERIFIED:
			out->unverified++;
			if (last && last->at_utc > in->end_utc && !verify_rescan(last,
			    in->end_utc) && (out->stale == NULL || last->id >
			    out->stale->id))
				out->stale = last;
			break;
		case VP_NEW:
			out->new_findings++;
			break;
		case VP_OTHER:
			break;
		}
	}
	out->outcome = out->missing ? VO_STILL_MISSING : out->unverified ?
	    VO_NOT_RESCANNED : VO_PATCHED;
	out->evidence = out->missing ? missing_ev : out->unverified ? NULL : fixed_ev;
}

enum verify_verdict
verify_verdict(const size_t counts[VO_COUNT])
{
	return counts[VO_STILL_MISSING] ? VV_FAILED : counts[VO_NOT_RESCANNED] ?
	    VV_UNKNOWN : VV_PATCHED;
}
