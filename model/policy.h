/* The patch policy: SLA days, maintenance windows, stages, cluster limits, CAB. */
#ifndef PW_POLICY_H
#define PW_POLICY_H

#include <stddef.h>

#include "asset.h"
#include "patch.h"

/* One selector term: field is one of the values (values ORed). */
struct sel_term {
	char	 *field;	/* an asset field name, "group", or "var.NAME" */
	int	  kind;		/* which one, found once by selector_add: a
				   match compares values, not field names */
	char	**values;
	size_t	  nvalues;
};

/* Which assets something applies to: every term must hold (terms ANDed).
 * An empty selector selects every asset. */
struct selector {
	struct sel_term	*terms;
	size_t		 nterms;
};

struct stage {
	char		*name;
	struct selector	 select;
	int		 soak_days;
	int		 gate_pct;	/* 1-99: the next stage opens when this share
					 * of the planned assets has ended; 0 or 100:
					 * all of them */
};

/* A recurring maintenance window as the policy writes it. */
struct pwindow {
	char		*name;
	char		*rrule;		/* RFC 5545 RRULE value, no "RRULE:" */
	int		 start_minute;	/* local start, minutes after midnight */
	int		 duration_minutes;
	char		*timezone;	/* IANA name */
	int		 reboot;	/* reboots allowed */
	int		 concurrency;	/* assets worked on at once */
	int		 concurrency_pct;/* 1-100: instead, this share of the
					   assets it admits (rounded up, at
					   least 1); 0: concurrency counts */
	int		 cutoff_minutes;/* no new work starts after end - cutoff */
	int		 offset_days;	/* shift every occurrence by this many days */
	struct selector	 select;
	long		 line;
	long		 rrule_line;	/* where its rule is written (0: none) */
};

/* A source's severity, as it writes it on its scale, and what it means. */
struct severity_rule {
	char		*scale;		/* "tenable", "qualys", "ssm" ... */
	char		*value;		/* as written: "4", "Important" (any case) */
	enum severity	 severity;
	long		 line;
};

/* The release date of a patch whose source gives none. */
enum release_fallback {
	RF_FIRST_SEEN,		/* the day an import first saw it */
	RF_SCAN_DATE,		/* the scan's date where the source has one */
	RF_COUNT
};

struct cluster_limit {
	char	*name;
	int	 max_down;
};

/* The whole policy; policy_free() releases everything it owns. */
struct policy {
	char		*timezone;
	int		 horizon_days;
	int		 sla_days[SEV_COUNT];
	int		 at_risk_days;
	int		 reboot_pending_days;	/* an asset's pending reboot is
						   due this many days from now */
	int		 cluster_max_down;
	int		 cluster_gap;	/* minutes a member stays down after its
					   work (drain, health check) */
	struct stage	*stages;
	size_t		 nstages;
	struct pwindow	*windows;
	size_t		 nwindows;
	struct cluster_limit *clusters;
	size_t		 nclusters;
	char		**approvers;
	size_t		 napprovers;
	int		 quorum;
	int		 allow_as;	/* cab: allow_as: --as NAME may act as another */
	char		**risk_owners;	/* may add and revoke exceptions, as the
					   CAB may */
	size_t		 nrisk_owners;
	char		**admins;	/* policy_admins: who alone may import the
					   next policy; none: anyone may */
	size_t		 nadmins;
	struct severity_rule *severity_map;	/* before the defaults */
	size_t		 nseverity_map;
	enum release_fallback release_fallback;
	enum severity	 severity_default;	/* a source that gives none */
};

/* Defaults: UTC, 56 days, SLA 7/14/30/90, at risk 2 days, 1 cluster member down,
 * a pending reboot within 7 days. */
void	policy_init(struct policy *);
void	policy_free(struct policy *);	/* members only; re-init after */
void	selector_free(struct selector *);
/* Add value to the term for field (created if new); both copied. */
void	selector_add(struct selector *, const char *field, const char *value);
/* Does the asset match? "group" matches any of its groups, "asset" its key or
 * hostname, "service" its variable "service"; unknown fields match nothing. */
int	selector_match(const struct selector *, const struct asset *);
/* The stage's gate as a share, 1-100 (100 when the policy sets none). */
int	stage_gate_pct(const struct stage *);
/* Which of n planned ends (ascending) opens the next stage: the
 * ceil(gate% of n)-th, as an index; n - 1 without a gate. */
size_t	stage_gate_index(const struct stage *, size_t n);
/* {"field": ["value", ...], ...} (a calendar's scope, a stored selector): add
 * its terms to sel; fails on anything else. */
int	selector_from_json(struct selector *, const char *json, struct pw_error *);
/* The selector as that JSON; caller frees. */
char	*selector_to_json(const struct selector *);
/* What value on scale means: the policy's severity_map first, then the
 * defaults (docs/formats.md); -1 when neither knows it. */
int	policy_severity(const struct policy *, const char *scale, const char *value);
/* Every default rule of one scale (NULL: every scale), in order: for docs and
 * the policy's check that its own rules name known scales. */
const struct severity_rule *severity_defaults(size_t *n);
const char *release_fallback_name(enum release_fallback);
int	release_fallback_parse(const char *);
/* Map a patch's severity from its source's scale (when it has no
 * severity yet): 0, or -1 naming the value when nothing maps it. */
int	policy_map_severity(const struct policy *, struct patch *, struct pw_error *);
/* Complete a patch read from a source: its severity from its scale
 * (refused, naming the value, when nothing maps it), the policy's default
 * when it gave none (severity_assumed), and a release date when it gave
 * none (released_assumed): the scan's date or first_seen (YYYY-MM-DD), as
 * the policy's release_fallback says. */
int	policy_complete_patch(const struct policy *, struct patch *,
	    const char *first_seen, struct pw_error *);
/* What now changes of was, for the audit log, appended to out: "cab +dave
 * -bob; quorum 2 -> 1; windows ~tuesday-night -sunday; ..." (CAB members,
 * quorum, allow_as, risk owners, policy admins, windows and stages added, changed and removed, SLA days,
 * horizon and other settings; ten names a list at most), or "nothing
 * changed". */
struct buf;
void	policy_diff(const struct policy *was, const struct policy *now, struct buf *);
/* SHA-256 of who decides under p: its approvers (in order), quorum,
 * allow_as, risk owners and policy admins. A policy import's audit entry ends with it
 * ("; cab sha256 HEX"), and audit verify holds the stored policy to it. */
void	policy_cab_digest(const struct policy *, char out[65]);

#endif
