/* Asset values and the one mapping from column/variable names to asset fields that
 * every importer shares, so CSV, YAML, Ansible and JSON agree on what a name means. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "asset.h"
#include "patch.h"

enum {
	F_KEY, F_HOSTNAME, F_ENVIRONMENT, F_SERVICE_MODEL, F_PROVIDER, F_REGION,
	F_ZONE, F_OS, F_TIER, F_OWNER, F_PATCH_GROUP, F_CLUSTER, F_IP, F_INSTANCE_ID,
	F_PATCH_MINUTES, F_REBOOT_MINUTES, F_GROUPS, F_DEPENDS_ON, F_REBOOT_PENDING,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"key", "hostname", "environment", "service_model", "provider", "region",
	"zone", "os", "tier", "owner", "patch_group", "cluster", "ip", "instance_id",
	"patch_minutes", "reboot_minutes", "groups", "depends_on", "reboot_pending",
};

/* Other spellings seen in real inventories; canonical names match themselves. */
static const struct {
	const char	*alias;
	int		 field;
} aliases[] = {
	{ "asset_key", F_KEY }, { "asset_id", F_KEY },
	{ "ip_address", F_IP }, { "private_ip", F_IP }, { "ansible_host", F_IP },
	{ "ipaddress", F_IP }, { "ipv4", F_IP },
	{ "instanceid", F_INSTANCE_ID }, { "resource_id", F_INSTANCE_ID },
	{ "host", F_HOSTNAME }, { "host_name", F_HOSTNAME }, { "fqdn", F_HOSTNAME },
	{ "inventory_hostname", F_HOSTNAME },
	{ "env", F_ENVIRONMENT }, { "stage", F_ENVIRONMENT },
	{ "servicemodel", F_SERVICE_MODEL },
	{ "cloud", F_PROVIDER }, { "cloud_provider", F_PROVIDER },
	{ "availability_zone", F_ZONE }, { "az", F_ZONE },
	{ "operating_system", F_OS }, { "os_name", F_OS },
	{ "patchgroup", F_PATCH_GROUP }, { "patch_window_group", F_PATCH_GROUP },
	{ "redundancy_group", F_CLUSTER }, { "cluster_name", F_CLUSTER },
	{ "patch_min", F_PATCH_MINUTES }, { "patch_duration_minutes", F_PATCH_MINUTES },
	{ "reboot_min", F_REBOOT_MINUTES }, { "reboot_duration_minutes", F_REBOOT_MINUTES },
	{ "dependencies", F_DEPENDS_ON }, { "depends", F_DEPENDS_ON },
	{ "pending_reboot", F_REBOOT_PENDING }, { "reboot_required", F_REBOOT_PENDING },
	{ "needs_reboot", F_REBOOT_PENDING },
};

void
asset_init(struct asset *a)
{
	memset(a, 0, sizeof *a);
	a->patch_minutes = -1;
	a->reboot_minutes = -1;
}

void
asset_clear(struct asset *a)
{
	char **s[] = { &a->key, &a->hostname, &a->environment, &a->provider,
	    &a->region, &a->zone, &a->os, &a->tier, &a->owner, &a->patch_group,
	    &a->cluster, &a->ip, &a->instance_id, &a->depends_on, &a->vars_json };
	struct arena *arena = a->arena;

	if (arena == NULL) {
		for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
			if (*s[i])	/* an emptied asset: no call at all */
				free(*s[i]);
		for (size_t i = 0; i < a->ngroups; i++)
			free(a->groups[i]);
	}
	if (a->groups)
		free(a->groups);
	asset_init(a);
	a->arena = arena;
}

char *
asset_strndup(struct asset *a, const char *s, size_t n)
{
	return a->arena ? arena_strndup(a->arena, s, n) : xstrndup(s, n);
}

/* Replace *slot (owned as the asset owns strings) with s[0..n), or NULL. */
static void
asset_set_text(struct asset *a, char **slot, const char *s, size_t n)
{
	if (a->arena == NULL)
		free(*slot);
	*slot = s ? asset_strndup(a, s, n) : NULL;
}

/* Lower-case, trim, and turn runs of spaces, dashes and dots into '_'. */
static void
normalise_name(const char *in, char *out, size_t outsz)
{
	size_t n = 0;
	int sep = 0;

	while (*in && isspace((unsigned char)*in))
		in++;
	for (; *in && n + 1 < outsz; in++) {
		unsigned char c = (unsigned char)*in;
		if (isspace(c) || c == '-' || c == '.') {
			sep = 1;
			continue;
		}
		if (sep && n > 0 && n + 2 < outsz)
			out[n++] = '_';
		sep = 0;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

int
asset_field_lookup(const char *name)
{
	char n[64];

	if (strlen(name) >= sizeof n)
		return -1;
	normalise_name(name, n, sizeof n);
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(n, field_names[i]) == 0)
			return i;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(n, aliases[i].alias) == 0)
			return aliases[i].field;
	return -1;
}

const char *
asset_field_name(int field)
{
	return field >= 0 && field < F_COUNT ? field_names[field] : "?";
}

static char **
text_slot(struct asset *a, int field)
{
	switch (field) {
	case F_KEY: return &a->key;
	case F_HOSTNAME: return &a->hostname;
	case F_ENVIRONMENT: return &a->environment;
	case F_PROVIDER: return &a->provider;
	case F_REGION: return &a->region;
	case F_ZONE: return &a->zone;
	case F_OS: return &a->os;
	case F_TIER: return &a->tier;
	case F_OWNER: return &a->owner;
	case F_PATCH_GROUP: return &a->patch_group;
	case F_CLUSTER: return &a->cluster;
	case F_IP: return &a->ip;
	case F_INSTANCE_ID: return &a->instance_id;
	default: return NULL;
	}
}

/* Minutes: a whole number 0..10080 (one week); "" leaves the field unset. */
static int
parse_minutes(const char *v, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	while (*end == ' ')
		end++;
	if (end == v || *end != '\0' || errno != 0 || n < 0 || n > 10080)
		return -1;
	*out = (int)n;
	return 0;
}

int
asset_field_set(struct asset *a, int field, const char *value, struct pw_error *err)
{
	char **slot;
	const char *v = value;
	size_t len;

	while (*v == ' ' || *v == '\t')
		v++;
	len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;

	if ((slot = text_slot(a, field)) != NULL) {
		asset_set_text(a, slot, len ? v : NULL, len);
		return 0;
	}
	char *t = xstrndup(v, len);
	int rc = 0;
	switch (field) {
	case F_SERVICE_MODEL:
		if (len == 0)
			a->service_model = SM_UNSET;
		else if ((a->service_model = service_model_parse(t)) == SM_UNSET) {
			pw_error_set(err, NULL, 0, "service_model '%.60s' is not one "
			    "of iaas, paas, saas, onprem", t);
			rc = -1;
		}
		break;
	case F_PATCH_MINUTES:
	case F_REBOOT_MINUTES: {
		int *m = field == F_PATCH_MINUTES ? &a->patch_minutes :
		    &a->reboot_minutes;
		if (len == 0)
			*m = -1;
		else if (parse_minutes(t, m) != 0) {
			pw_error_set(err, NULL, 0, "%s '%.40s' is not a whole number "
			    "of minutes (0 to 10080)", field_names[field], t);
			rc = -1;
		}
		break;
	}
	case F_REBOOT_PENDING: {
		/* true/false, yes/no, 1/0 (any case); "" is false. */
		int b = bool_parse(t);
		if (b < 0) {
			pw_error_set(err, NULL, 0, "reboot_pending '%.40s' is not "
			    "true or false (yes/no, 1/0)", t);
			rc = -1;
		} else
			a->reboot_pending = b;
		break;
	}
	case F_GROUPS: {
		/* A list in one cell: separated by ',', ';', '|' or spaces. */
		char *save = NULL;
		for (char *g = strtok_r(t, ",;| ", &save); g; g = strtok_r(NULL, ",;| ", &save))
			asset_add_group(a, g);
		break;
	}
	case F_DEPENDS_ON: {
		/* Keys or ARNs in one cell: separated by ';', ',' or white
		 * space (an ARN holds ':' and '/', never those), kept one a
		 * line in the source's order; "" leaves none. */
		struct buf b = { 0 };
		char *save = NULL;
		for (char *d = strtok_r(t, ",; \t\r\n", &save); d;
		    d = strtok_r(NULL, ",; \t\r\n", &save)) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_adds(&b, d);
		}
		asset_set_text(a, &a->depends_on, b.len ? buf_str(&b) : NULL, b.len);
		buf_free(&b);
		break;
	}
	default:
		pw_error_set(err, NULL, 0, "unknown asset field");
		rc = -1;
	}
	free(t);
	return rc;
}

void
asset_add_group(struct asset *a, const char *g)
{
	size_t lo = 0, hi = a->ngroups;

	if (*g == '\0')
		return;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(a->groups[mid], g);
		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	a->groups = xrealloc(a->groups, (a->ngroups + 1) * sizeof *a->groups);
	memmove(a->groups + lo + 1, a->groups + lo, (a->ngroups - lo) * sizeof *a->groups);
	a->groups[lo] = asset_strndup(a, g, strlen(g));
	a->ngroups++;
}

const char *
asset_arn_resource(const char *name)
{
	const char *r = name;

	if (strncmp(name, "arn:", 4) != 0)
		return NULL;
	for (int colons = 0; colons < 5; colons++)
		if ((r = strchr(r, ':')) == NULL)
			return NULL;
		else
			r++;
	const char *sep = r + strcspn(r, "/:");
	if (*sep != '\0')
		r = sep + 1;
	return *r != '\0' ? r : NULL;
}

int
asset_finish(struct asset *a, struct pw_error *err)
{
	/* An instance id keys the asset when no key is given (instance_id was
	 * an alias of key before it was a field of its own). */
	if (a->key == NULL && a->instance_id != NULL)
		a->key = asset_strndup(a, a->instance_id, strlen(a->instance_id));
	if (a->key == NULL && a->hostname != NULL)
		a->key = asset_strndup(a, a->hostname, strlen(a->hostname));
	if (a->key == NULL) {
		pw_error_set(err, NULL, 0, "the asset has no key and no hostname");
		return -1;
	}
	if (a->hostname == NULL)
		a->hostname = asset_strndup(a, a->key, strlen(a->key));
	if (a->service_model == SM_UNSET)
		a->service_model = a->provider ? SM_IAAS : SM_ONPREM;
	if (a->patch_minutes < 0)
		a->patch_minutes = ASSET_DEFAULT_PATCH_MINUTES;
	if (a->reboot_minutes < 0)
		a->reboot_minutes = ASSET_DEFAULT_REBOOT_MINUTES;
	if (a->vars_json == NULL)
		a->vars_json = asset_strndup(a, "{}", 2);
	return 0;
}

const char *
service_model_name(enum service_model m)
{
	switch (m) {
	case SM_IAAS: return "iaas";
	case SM_ONPREM: return "onprem";
	case SM_PAAS: return "paas";
	case SM_SAAS: return "saas";
	default: return "";
	}
}

enum service_model
service_model_parse(const char *s)
{
	static const struct { const char *n; enum service_model m; } t[] = {
		{ "iaas", SM_IAAS }, { "paas", SM_PAAS }, { "saas", SM_SAAS },
		{ "onprem", SM_ONPREM }, { "on-prem", SM_ONPREM },
		{ "on-premises", SM_ONPREM }, { "on_prem", SM_ONPREM },
		{ "on-premise", SM_ONPREM },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcasecmp(s, t[i].n) == 0)
			return t[i].m;
	return SM_UNSET;
}

int
service_model_customer_owned(enum service_model m)
{
	return m == SM_IAAS || m == SM_ONPREM;
}
