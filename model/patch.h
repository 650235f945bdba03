/* Pending patches and their severities. */
#ifndef PW_PATCH_H
#define PW_PATCH_H

#include "error.h"

enum severity { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_COUNT };

/* One pending patch on one asset. Strings owned; patch_clear() frees them. */
struct patch {
	char	*asset;		/* asset key or hostname, as written */
	char	*advisory;	/* advisory or CVE id */
	enum severity severity;
	char	 released[11];	/* YYYY-MM-DD */
	int	 reboot;	/* 1 when the patch needs a reboot */
	long	 line;
};

const char *severity_name(enum severity);
/* critical/high/medium/low, any case (also "important" = high, "moderate" =
 * medium as Red Hat writes them); -1 when unknown. */
int	severity_parse(const char *);
/* Accept an ISO date YYYY-MM-DD (a time part after it is ignored); fills out[11]. */
int	date_parse_iso(const char *, char out[11]);
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
/* Check the record is complete; fails naming the missing field. */
int	patch_finish(struct patch *, struct pw_error *);

#endif
