/* Pending patches and their severities. */
#ifndef PW_PATCH_H
#define PW_PATCH_H

#include "error.h"

enum severity { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_COUNT };

/* A patch to install, or a finding with no fix to install (listed, never
 * planned). */
enum patch_kind { PK_PATCH, PK_FINDING };

/* One pending patch on one asset, as a source reports it. Strings owned;
 * patch_clear() frees them. Readers fill what their source says; what it
 * leaves out (a severity on its own scale, no release date) the import
 * completes under the policy (policy_complete_patch). */
struct patch {
	char	*asset;		/* the host as the source names it: key, hostname,
				   FQDN, short name, IP or instance id; NULL:
				   the import's --asset */
	char	*asset_ip;	/* the host's IP address the source gives beside
				   its DNS name, tried when that names no asset
				   (an EC2 host's ip-10-0-1-1.*.internal); NULL */
	char	*advisory;	/* the advisory, KB, plugin or QID id */
	char	*title;		/* the source's name for it, or NULL */
	char	*cves;		/* "CVE-2021-1,CVE-2021-2", or NULL */
	char	*scale;		/* the source's severity scale ("tenable",
				   "qualys", "ssm", "redhat" ...); NULL: patchwave's
				   words */
	char	*source_severity;	/* the source's severity as written */
	enum severity severity;	/* SEV_COUNT until known */
	char	 released[11];	/* YYYY-MM-DD; "" when the source has none */
	char	 scanned[11];	/* the scan's date, or "": a release fallback */
	int	 reboot;	/* 1, 0; -1 the source does not say (one is planned) */
	enum patch_kind kind;
	int	 released_assumed;	/* the release date is the fallback's */
	int	 severity_assumed;	/* the source gave no severity: the policy's
					   default */
	long	 line;
};

const char *severity_name(enum severity);
/* critical/high/medium/low, any case (also "important" = high, "moderate" =
 * medium as Red Hat writes them); -1 when unknown. */
int	severity_parse(const char *);
/* Accept an ISO date YYYY-MM-DD (a time part after it is ignored); fills out[11]. */
int	date_parse_iso(const char *, char out[11]);
/* How NN/NN/YYYY dates are read where a file cannot tell: auto settles it
 * only when a part is over 12. */
enum date_order { DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY };
/* A date as sources write it, into out (YYYY-MM-DD): ISO 8601 (a time after
 * it ignored), YYYY/MM/DD, YYYYMMDD, "20 Mar 2026", "Mar 20, 2026", RFC 1123
 * ("Fri, 20 Mar 2026 10:00:00 GMT"), epoch seconds (a fraction allowed),
 * and NN/NN/YYYY (or with '-' or '.') read as order says. 0 when read; 1
 * when ambiguous (auto, both parts 12 or less: the caller decides for the
 * whole file); -1 when not a date. */
int	date_parse_any(const char *, enum date_order, char out[11]);
/* Parse yes/no/true/false/1/0/y/n; -1 when none of them. */
int	bool_parse(const char *);

void	patch_init(struct patch *);
void	patch_clear(struct patch *);
enum patch_field { PF_ASSET, PF_ADVISORY, PF_SEVERITY, PF_RELEASED, PF_REBOOT,
	PF_COUNT };

/* The field a CSV column or YAML key names (asset, advisory, severity, released,
 * reboot and their aliases, any case); -1 when none. */
int	patch_field_lookup(const char *name);
const char *patch_field_name(enum patch_field);
/* Set a field from text; fails on an invalid value. */
int	patch_field_set(struct patch *, enum patch_field, const char *value,
	    struct pw_error *);
/* Check the record names what it is about (an asset unless allowed to
 * come from --asset, an advisory) and says how severe it is (patchwave's
 * words, or its source's); fails naming what is missing. */
int	patch_finish(struct patch *, int asset_from_import, struct pw_error *);
/* Set *slot (a patch's owned string) to s[0..n), NULL when n is 0. */
void	patch_set(char **slot, const char *s, size_t n);
/* Append a CVE id to p->cves (comma-separated, each once). */
void	patch_add_cve(struct patch *, const char *cve);

#endif
