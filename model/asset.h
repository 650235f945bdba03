/* Assets: the servers and services patchwave plans for (or, when the provider owns
 * patching, only watches). */
#ifndef PW_ASSET_H
#define PW_ASSET_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct arena;

/* Who patches the guest OS (shared-responsibility model). */
enum service_model {
	SM_UNSET = 0,
	SM_IAAS,	/* customer patches the OS: planned */
	SM_ONPREM,	/* customer patches everything: planned */
	SM_PAAS,	/* provider patches OS and runtime: not planned */
	SM_SAAS,	/* provider patches nearly everything: not planned */
};

/* One asset. All strings are owned (NULL when absent) and freed by asset_clear(). */
struct asset {
	char	*key;		/* stable identity across re-imports */
	char	*hostname;
	char	*environment;
	enum service_model service_model;
	char	*provider;
	char	*region;
	char	*zone;
	char	*os;
	char	*tier;
	char	*owner;
	char	*patch_group;
	char	*cluster;
	char	*ip;		/* an address the asset is reached at (scanners
				   name hosts by it) */
	char	*instance_id;	/* the cloud's id for it (i-0abc..., an ARN) */
	char	*depends_on;	/* what it needs up to work (a database's ARN,
				   another asset's key): '\n'-separated names
				   as the inventory gives them, NULL: none */
	int	 patch_minutes;	/* -1 = unset */
	int	 reboot_minutes;	/* -1 = unset */
	int	 reboot_pending;	/* 1: a reboot is pending (an update
				   installed waits for it), patches or not */
	int64_t	 reboot_pending_since;	/* when it became pending (UTC s:
				   the first import that reported it; its
				   deadline counts from then), 0: unknown */
	char	**groups;	/* sorted, unique */
	size_t	 ngroups;
	char	*vars_json;	/* a JSON object, "{}" when none */
	long	 line;		/* where the record starts in its file */
	long long id;		/* the store's id; 0 when not stored */
	struct arena *arena;	/* when set, the strings are the arena's, and
				   asset_clear() leaves them to it */
};

#define ASSET_DEFAULT_PATCH_MINUTES	30
#define ASSET_DEFAULT_REBOOT_MINUTES	10

void	asset_init(struct asset *);
/* Free members (unless an arena holds them) and leave initialised, keeping
 * the arena. */
void	asset_clear(struct asset *);
/* A copy of s[0..n) owned as the asset owns its strings. */
char	*asset_strndup(struct asset *, const char *s, size_t n);

/* Which asset field a column or variable name denotes, after normalising case,
 * spaces and dashes; -1 when it names none. Aliases are listed in docs/formats.md. */
int	asset_field_lookup(const char *name);
/* Set field (from asset_field_lookup) from text; fails on an invalid value. */
int	asset_field_set(struct asset *, int field, const char *value,
	    struct pw_error *);
const char *asset_field_name(int field);	/* canonical name */

/* Fill defaults (the key from the instance id, else the hostname; the
 * hostname from the key; service model from provider; minutes) and check
 * the record is complete; fails naming what is wrong. */
int	asset_finish(struct asset *, struct pw_error *);
/* Add a group name (kept sorted, duplicates ignored). */
void	asset_add_group(struct asset *, const char *);
/* The resource id of an ARN ("arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"):
 * RESOURCE after its type ("instance/i-0abc", "db:orders"), else RESOURCE
 * whole; NULL when name is no ARN. Points into name. */
const char *asset_arn_resource(const char *name);

const char *service_model_name(enum service_model);
/* Parse iaas/paas/saas/onprem (and on-prem, on-premises); SM_UNSET when unknown. */
enum service_model service_model_parse(const char *);
/* True when the customer, not the provider, patches this asset's OS. */
int	service_model_customer_owned(enum service_model);

#endif
