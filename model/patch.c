/* Pending patch records: severity, release date, reboot flag. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "civil.h"
#include "patch.h"

static const char *const sev_names[SEV_COUNT] = { "critical", "high", "medium", "low" };

const char *
severity_name(enum severity s)
{
	return s < SEV_COUNT ? sev_names[s] : "?";
}

int
severity_parse(const char *s)
{
	for (int i = 0; i < SEV_COUNT; i++)
		if (strcasecmp(s, sev_names[i]) == 0)
			return i;
	if (strcasecmp(s, "important") == 0)
		return SEV_HIGH;
	if (strcasecmp(s, "moderate") == 0)
		return SEV_MEDIUM;
	return -1;
}

int
date_parse_iso(const char *s, char out[11])
{
	int y, m, d, n = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return -1;
	if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
		return -1;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

static int
valid_ymd(int y, int m, int d, char out[11])
{
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return 0;
}

static int
month_of(const char *s)
{
	static const char *const m[12] = { "jan", "feb", "mar", "apr", "may", "jun",
	    "jul", "aug", "sep", "oct", "nov", "dec" };

	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, m[i], 3) == 0)
			return i + 1;
	return 0;
}

int
date_parse_any(const char *s, enum date_order order, char out[11])
{
	int y, m, d, a, b, n = 0;
	char mon[16], sep;

	while (isspace((unsigned char)*s))
		s++;
	if (date_parse_iso(s, out) == 0)
		return 0;
	if (sscanf(s, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 && n == 10)
		return valid_ymd(y, m, d, out);
	if (strlen(s) >= 8 && sscanf(s, "%4d%2d%2d%n", &y, &m, &d, &n) == 3 && n == 8 &&
	    (s[8] == '\0' || s[8] == 'T'))
		return valid_ymd(y, m, d, out);
	/* NN/NN/YYYY: which is the day, the file or the caller says. */
	if (sscanf(s, "%2d%c%2d%*[/.-]%4d%n", &a, &sep, &b, &y, &n) == 4 &&
	    (sep == '/' || sep == '.' || sep == '-') && n >= 8) {
		if (order == DATE_ORDER_DMY || (order == DATE_ORDER_AUTO && a > 12))
			return valid_ymd(y, b, a, out);
		if (order == DATE_ORDER_MDY || (order == DATE_ORDER_AUTO && b > 12))
			return valid_ymd(y, a, b, out);
		return valid_ymd(y, a, b, out) == 0 || valid_ymd(y, b, a, out) == 0 ?
		    1 : -1;
	}
	/* "Fri, 20 Mar 2026 ...", "20 Mar 2026", "Mar 20, 2026". */
	const char *p = s;
	if (isalpha((unsigned char)p[0]) && p[1] && p[2] && p[3] == ',')
		p += 4;
	while (isspace((unsigned char)*p))
		p++;
	if (sscanf(p, "%2d %15s %4d", &d, mon, &y) == 3 && (m = month_of(mon)) != 0)
		return valid_ymd(y, m, d, out);
	if (sscanf(p, "%15s %2d, %4d", mon, &d, &y) == 3 && (m = month_of(mon)) != 0)
		return valid_ymd(y, m, d, out);
	/* Epoch seconds (AWS CLI writes floats: 1589077890.53). */
	char *end;
	double t = strtod(s, &end);
	if (end != s && (*end == '\0' || isspace((unsigned char)*end)) &&
	    t >= 1e8 && t < 253402300800.0 && strspn(s, "0123456789.") ==
	    (size_t)(end - s)) {
		struct civil c;
		civil_from_seconds((int64_t)t, &c);
		return valid_ymd(c.y, c.mo, c.d, out);
	}
	return -1;
}

int
bool_parse(const char *s)
{
	static const char *const yes[] = { "yes", "true", "1", "y", "on" };
	static const char *const no[] = { "no", "false", "0", "n", "off", "" };

	while (isspace((unsigned char)*s))
		s++;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

void
patch_init(struct patch *p)
{
	memset(p, 0, sizeof *p);
	p->severity = SEV_COUNT;
	p->reboot = -1;
}

void
patch_clear(struct patch *p)
{
	free(p->asset);
	free(p->asset_ip);
	free(p->advisory);
	free(p->title);
	free(p->cves);
	free(p->scale);
	free(p->source_severity);
	patch_init(p);
}

void
patch_set(char **slot, const char *s, size_t n)
{
	free(*slot);
	*slot = n ? xstrndup(s, n) : NULL;
}

void
patch_add_cve(struct patch *p, const char *cve)
{
	size_t n = strlen(cve);
	struct buf b = { 0 };

	while (n > 0 && isspace((unsigned char)cve[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*cve)) {
		cve++;
		n--;
	}
	if (n == 0)
		return;
	/* Each once: a list of a few ids, searched as text. */
	for (const char *q = p->cves; q && *q;) {
		const char *e = strchr(q, ',');
		size_t k = e ? (size_t)(e - q) : strlen(q);
		if (k == n && strncasecmp(q, cve, n) == 0)
			return;
		q = e ? e + 1 : q + k;
	}
	if (p->cves)
		buf_printf(&b, "%s,", p->cves);
	buf_add(&b, cve, n);
	free(p->cves);
	p->cves = buf_detach(&b);
}

static const char *const field_names[PF_COUNT][6] = {
	[PF_ASSET] = { "asset", "hostname", "host", "key", "asset_key", NULL },
	[PF_ADVISORY] = { "advisory", "cve", "id", "advisory_id", "patch", NULL },
	[PF_SEVERITY] = { "severity", "sev", "priority", NULL },
	[PF_RELEASED] = { "released", "release_date", "published", "date", NULL },
	[PF_REBOOT] = { "reboot", "needs_reboot", "reboot_required",
	    "requires_reboot", NULL },
};

int
patch_field_lookup(const char *name)
{
	while (isspace((unsigned char)*name))
		name++;
	for (int f = 0; f < PF_COUNT; f++)
		for (int i = 0; field_names[f][i]; i++)
			if (strcasecmp(name, field_names[f][i]) == 0)
				return f;
	return -1;
}

const char *
patch_field_name(enum patch_field f)
{
	return f < PF_COUNT ? field_names[f][0] : "?";
}

int
patch_field_set(struct patch *p, enum patch_field f, const char *value,
    struct pw_error *err)
{
	while (isspace((unsigned char)*value))
		value++;
	switch (f) {
	case PF_ASSET:
		free(p->asset);
		p->asset = *value ? xstrdup(value) : NULL;
		break;
	case PF_ADVISORY:
		free(p->advisory);
		p->advisory = *value ? xstrdup(value) : NULL;
		break;
	case PF_SEVERITY: {
		int s = severity_parse(value);
		if (s < 0) {
			pw_error_set(err, NULL, 0, "severity '%.40s' is not one of "
			    "critical, high, medium, low", value);
			return -1;
		}
		p->severity = (enum severity)s;
		break;
	}
	case PF_RELEASED:
		if (date_parse_iso(value, p->released) != 0) {
			pw_error_set(err, NULL, 0, "release date '%.40s' is not an ISO "
			    "date (YYYY-MM-DD)", value);
			return -1;
		}
		break;
	case PF_REBOOT: {
		int b = bool_parse(value);
		if (b < 0) {
			pw_error_set(err, NULL, 0, "reboot '%.40s' is not yes or no",
			    value);
			return -1;
		}
		p->reboot = b;
		break;
	}
	default:
		return -1;
	}
	return 0;
}

int
patch_finish(struct patch *p, int asset_from_import, struct pw_error *err)
{
	const char *missing = p->asset == NULL && !asset_from_import ? "asset" :
	    p->advisory == NULL ? "advisory" :
	    p->severity == SEV_COUNT && p->scale == NULL ? "severity" : NULL;

	if (missing) {
		pw_error_set(err, NULL, 0, "the patch has no %s", missing);
		return -1;
	}
	if (p->reboot < 0)
		p->reboot = 1;	/* assume the worst: plan a reboot */
	return 0;
}
