/* The Tenable family's items merged into patches (tenable.h): one patch per
 * host and plugin, whichever of Tenable's files it came from. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "tenable.h"

/* A merged patch, kept small (a 100k-finding scan holds 100k of them until
 * its end): its strings are indexes into the file's tables. */
struct tn_rec {
	uint32_t	 host, plugin, title, severity;	/* NONE: no title */
	uint32_t	 ip;		/* the host's IP in hosts, NONE: none */
	int		 rank;		/* the severity's rank, -1 unknown */
	int		 fix;		/* the source names something to install */
	long		 line;
	char		 released[11], scanned[11];
	struct buf	 cves;		/* "CVE-1,CVE-2" */
	size_t		 ncves;
	char		*released_raw;	/* an ambiguous NN/NN/YYYY, settled at */
	char		*scanned_raw;	/* the end */
};

#define NONE		UINT32_MAX
/* Up to this many CVEs, a record's list is searched for a repeat; past
 * it, the file's map of (record, CVE) is (one plugin with hundreds of CVE
 * rows stays linear). */
#define CVE_SCAN_MAX	32

/* A date's text as read once: read_date()'s result, the date, and the
 * order an NN/NN/YYYY text showed. */
struct tn_date {
	int	 rc;
	char	 out[11];
};

/* Tenable's severities, least first: its numbers (.nessus) and its words
 * (the exports). The rank only picks the highest of one plugin's rows; what
 * a value means is the policy's (the tenable scale). 0: informational. */
static const struct {
	const char	*value;
	int		 rank;
} ranks[] = {
	{ "0", 0 }, { "none", 0 }, { "info", 0 }, { "informational", 0 },
	{ "1", 1 }, { "low", 1 }, { "2", 2 }, { "medium", 2 },
	{ "3", 3 }, { "high", 3 }, { "4", 4 }, { "critical", 4 },
};

/* -1 when the value is not one of Tenable's (the policy may still know it). */
static int
rank_of(const char *s)
{
	for (size_t i = 0; i < sizeof ranks / sizeof ranks[0]; i++)
		if (strcasecmp(s, ranks[i].value) == 0)
			return ranks[i].rank;
	return -1;
}

/* Words of a Solution that name something to install: "Upgrade to PHP
 * 8.2.20", "Microsoft has released KB4093110", "Apply the vendor patch".
 * Configuration findings say "Reconfigure", "Disable", "Use packages ...". */
static const char *const install_words[] = {
	"upgrade", "upgrades", "update", "updates", "patch", "patches", "install",
	"hotfix", "hotfixes", "released",
};

/* Plugin families whose items are configuration checks, whatever their
 * Solution says. */
static const char *const config_families[] = { "Policy Compliance" };

int
tn_installs(const char *s)
{
	const char *p = s;

	while (p && *p) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		const char *w = p;
		while (isalnum((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - w);
		for (size_t i = 0; n && i < sizeof install_words /
		    sizeof install_words[0]; i++)
			if (strlen(install_words[i]) == n &&
			    strncasecmp(w, install_words[i], n) == 0)
				return 1;
	}
	return 0;
}

static int
config_family(const char *s)
{
	for (size_t i = 0; s && i < sizeof config_families /
	    sizeof config_families[0]; i++)
		if (strcasecmp(s, config_families[i]) == 0)
			return 1;
	return 0;
}

static int
empty(const char *s)
{
	if (s == NULL)
		return 1;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* No date: an empty cell, or what Tenable.sc writes for none. */
static int
no_date(const char *s)
{
	while (s && isspace((unsigned char)*s))
		s++;
	return empty(s) || strcasecmp(s, "N/A") == 0 || strcmp(s, "-") == 0;
}

void
tn_init(struct tn_file *f, const char *path, struct patch_sink *sink,
    struct pw_diags *problems, const char *info_words, const char *host_words)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	f->sink = sink;
	f->problems = problems;
	f->info_words = info_words;
	f->host_words = host_words;
}

/* The index of s in t, added when new. */
static uint32_t
intern(struct tn_strs *t, const char *s)
{
	size_t i = strmap_intern(&t->map, s, t->n);

	if (i == t->n) {
		t->v = xgrow(t->v, &t->cap, t->n, sizeof *t->v);
		t->v[t->n++] = xstrdup(s);
	}
	return (uint32_t)i;
}

static void
strs_free(struct tn_strs *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	strmap_free(&t->map);
}

/* A CVE id as Tenable writes it, in any case: CVE-YYYY-NNNN... */
static int
is_cve(const char *s, size_t n)
{
	size_t i = 9, digits = 0;

	if (n < 13 || n > 32 || strncasecmp(s, "CVE-", 4) != 0 || s[8] != '-')
		return 0;
	for (size_t k = 4; k < 8; k++)
		if (!isdigit((unsigned char)s[k]))
			return 0;
	for (; i < n; i++, digits++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return digits >= 4;
}

/* Split the CVE ids of text into out as NUL-separated upper-case ids; a
 * token that is not one is a problem (its text in bad[]). Returns how many,
 * or -1. */
static long
split_cves(const char *text, size_t len, struct buf *out, char *bad, size_t badsz)
{
	static const char seps[] = ",; \t\r\n";
	long n = 0;

	for (size_t i = 0; i < len;) {
		i += strspn(text + i, seps);
		if (i >= len)
			break;
		size_t k = strcspn(text + i, seps);
		if (k > len - i)
			k = len - i;
		if (!is_cve(text + i, k)) {
			snprintf(bad, badsz, "%.*s", (int)(k > 40 ? 40 : k), text + i);
			return -1;
		}
		for (size_t j = 0; j < k; j++)
			buf_addc(out, (char)toupper((unsigned char)text[i + j]));
		buf_addc(out, '\0');
		n++;
		i += k;
	}
	return n;
}

/* The CVE list of an item into f->scratch: a JSON list of strings (Tenable
 * VM's cells) or ids separated by commas, semicolons or white space. -1
 * with a problem at line. */
static long
read_cves(struct tn_file *f, const char *text, long line)
{
	char bad[48];
	long n = 0;

	buf_reset(&f->scratch);
	if (empty(text))
		return 0;
	while (isspace((unsigned char)*text))
		text++;
	if (*text != '[') {
		n = split_cves(text, strlen(text), &f->scratch, bad, sizeof bad);
		if (n < 0)
			pw_diags_add(f->problems, f->path, line, "'%s' in the CVE list "
			    "is not a CVE id", bad);
		return n;
	}
	json_object *o = json_tokener_parse(text);
	if (o == NULL || !json_object_is_type(o, json_type_array)) {
		pw_diags_add(f->problems, f->path, line, "the CVE list starts with "
		    "'[' but is not a JSON list");
		json_object_put(o);
		return -1;
	}
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		json_object *e = json_object_array_get_idx(o, i);
		long k;
		if (!json_object_is_type(e, json_type_string)) {
			pw_diags_add(f->problems, f->path, line, "the CVE list holds "
			    "%s, not a CVE id", json_type_to_name(json_object_get_type(e)));
			n = -1;
			break;
		}
		k = split_cves(json_object_get_string(e),
		    (size_t)json_object_get_string_len(e), &f->scratch, bad, sizeof bad);
		if (k < 0) {
			pw_diags_add(f->problems, f->path, line, "'%s' in the CVE list "
			    "is not a CVE id", bad);
			n = -1;
			break;
		}
		n += k;
	}
	json_object_put(o);
	return n;
}

static const char *const month_names[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* Is s an NN/NN/YYYY date (or with '.' or '-'), the form whose order a
 * file must settle? */
static int
numeric_dmy(const char *s)
{
	size_t a = strspn(s, "0123456789"), b;

	if (a < 1 || a > 2 || (s[a] != '/' && s[a] != '.' && s[a] != '-'))
		return 0;
	b = strspn(s + a + 1, "0123456789");
	return b >= 1 && b <= 2;
}

/* Which order an NN/NN/YYYY date that date_parse_any read shows: 'd' when
 * only day/month fits, 'm' when only month/day does, 0 when both fit alike. */
static int
order_shown(const char *s)
{
	char a[11], b[11];
	int da = date_parse_any(s, DATE_ORDER_DMY, a);
	int mb = date_parse_any(s, DATE_ORDER_MDY, b);

	if (da == 0 && mb == 0)
		return 0;
	return da == 0 ? 'd' : mb == 0 ? 'm' : 0;
}

/* A date's text read for the first time: its result (as read_date's) and
 * the file's order it shows. -2 when it contradicts the file's. */
static int
first_read(struct tn_file *f, const char *s, long line, const char *what,
    char out[11], struct pw_error *fatal)
{
	int rc = date_parse_any(s, f->sink->date_order, out), shown;

	if (rc < 0)
		return -1;
	if (rc == 1) {
		char a[11], b[11];
		/* 05/05/2026 reads the same either way. */
		if (date_parse_any(s, DATE_ORDER_DMY, a) == 0 &&
		    date_parse_any(s, DATE_ORDER_MDY, b) == 0 && strcmp(a, b) == 0) {
			memcpy(out, a, 11);
			return 0;
		}
		if (f->ambiguous_line == 0) {
			f->ambiguous_line = line;
			snprintf(f->ambiguous, sizeof f->ambiguous, "%.20s", s);
		}
		out[0] = '\0';
		return 1;
	}
	if (f->sink->date_order != DATE_ORDER_AUTO || !numeric_dmy(s) ||
	    (shown = order_shown(s)) == 0)
		return 0;
	long *mine = shown == 'd' ? &f->dmy_line : &f->mdy_line;
	long other = shown == 'd' ? f->mdy_line : f->dmy_line;
	if (*mine == 0)
		*mine = line;
	if (other) {
		pw_error_set(fatal, f->path, line, "%s '%.20s' is %s, but the date at "
		    "line %ld was %s: one file, one date order", what, s,
		    shown == 'd' ? "day/month" : "month/day", other,
		    shown == 'd' ? "month/day" : "day/month");
		return -2;
	}
	return 0;
}

/* Read a date into out (YYYY-MM-DD, "" for none). 0 read (or none), 1
 * ambiguous (the file settles it at the end), -1 not a date (a problem
 * at line, what naming it), -2 the file's dates disagree (fatal set).
 * Each text is read once. */
static int
read_date(struct tn_file *f, const char *s, long line, const char *what,
    char out[11], struct pw_error *fatal)
{
	size_t i;
	int rc;

	out[0] = '\0';
	if (no_date(s))
		return 0;
	i = strmap_intern(&f->date_map, s, f->ndates);
	if (i == f->ndates) {
		if ((rc = first_read(f, s, line, what, out, fatal)) == -2)
			return -2;
		f->dates = xgrow(f->dates, &f->capdates, f->ndates, sizeof *f->dates);
		f->dates[f->ndates].rc = rc;
		memcpy(f->dates[f->ndates++].out, out, 11);
	}
	rc = f->dates[i].rc;
	memcpy(out, f->dates[i].out, 11);
	if (rc < 0)
		pw_diags_add(f->problems, f->path, line, "%s '%.40s' is not a date",
		    what, s);
	return rc;
}

/* A number as hex into p; the end. */
static char *
hex(char *p, size_t v)
{
	char d[2 * sizeof v];
	int n = 0;

	do
		d[n++] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) != 0);
	while (n > 0)
		*p++ = d[--n];
	return p;
}

static struct tn_rec *
record(struct tn_file *f, const struct tn_item *it)
{
	uint32_t host = intern(&f->hosts, it->asset);
	uint32_t plugin = intern(&f->plugins, it->plugin);
	struct tn_rec *r;
	char key[40], *e;
	size_t i;

	e = hex(key, host);
	*e++ = ':';
	*hex(e, plugin) = '\0';
	i = strmap_intern(&f->keys, key, f->n);
	if (i < f->n)
		return &f->v[i];
	f->v = xgrow(f->v, &f->cap, f->n, sizeof *f->v);
	r = &f->v[f->n++];
	memset(r, 0, sizeof *r);
	r->host = host;
	r->plugin = plugin;
	r->title = r->severity = NONE;
	r->ip = it->asset_ip && *it->asset_ip ? intern(&f->hosts, it->asset_ip) : NONE;
	r->rank = -2;
	r->line = it->line;
	return r;
}

/* Is id[0..n) in the file's map of r's CVEs? It is afterwards. */
static int
mapped_cve(struct tn_file *f, struct tn_rec *r, const char *id, size_t n)
{
	char key[64], *e;

	e = hex(key, (size_t)(r - f->v));
	*e++ = ':';
	memcpy(e, id, n);
	e[n] = '\0';
	if (strmap_intern(&f->cves, key, f->ncves) != f->ncves)
		return 1;
	f->ncves++;
	return 0;
}

/* Is id[0..n) one of r's CVEs? A short list is searched; one about to
 * grow past CVE_SCAN_MAX moves to the map, with id. */
static int
has_cve(struct tn_file *f, struct tn_rec *r, const char *id, size_t n)
{
	if (r->ncves >= CVE_SCAN_MAX)
		return mapped_cve(f, r, id, n);
	for (const char *q = r->cves.s; q && *q;) {
		const char *c = strchr(q, ',');
		size_t k = c ? (size_t)(c - q) : strlen(q);
		if (k == n && memcmp(q, id, n) == 0)
			return 1;
		q = c ? c + 1 : q + k;
	}
	if (r->ncves + 1 == CVE_SCAN_MAX) {
		for (const char *q = r->cves.s; q && *q;) {
			const char *c = strchr(q, ',');
			size_t k = c ? (size_t)(c - q) : strlen(q);
			mapped_cve(f, r, q, k);
			q = c ? c + 1 : q + k;
		}
		mapped_cve(f, r, id, n);
	}
	return 0;
}

/* Add the n NUL-separated ids of ids to r's CVEs, each once. */
static void
merge_cves(struct tn_file *f, struct tn_rec *r, const char *ids, long n)
{
	for (const char *c = ids; n-- > 0; c += strlen(c) + 1) {
		size_t k = strlen(c);
		if (has_cve(f, r, c, k))
			continue;
		if (r->cves.len)
			buf_addc(&r->cves, ',');
		buf_add(&r->cves, c, k);
		r->ncves++;
	}
}

static int
digits(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 10 && strspn(s, "0123456789") == n;
}

int
tn_add(struct tn_file *f, const struct tn_item *it, struct pw_error *fatal)
{
	char released[11], scanned[11];
	struct tn_rec *r;
	long dline = it->released_line ? it->released_line : it->line, ncves;
	int rank, rd, sd;

	if (empty(it->severity)) {
		pw_diags_add(f->problems, f->path, it->line, "no severity");
		return 0;
	}
	if ((rank = rank_of(it->severity)) == 0) {
		f->informational++;
		return 0;
	}
	if (it->state && strcasecmp(it->state, "fixed") == 0) {
		f->fixed++;
		return 0;
	}
	if (empty(it->asset)) {
		pw_diags_add(f->problems, f->path, it->line, "no host (%s)",
		    f->host_words);
		return 0;
	}
	if (empty(it->plugin) || !digits(it->plugin)) {
		pw_diags_add(f->problems, f->path, it->line, "plugin id '%.20s' is not "
		    "a number", it->plugin ? it->plugin : "");
		return 0;
	}
	if ((rd = read_date(f, it->released, dline, "patch publication date",
	    released, fatal)) == -2)
		return -1;
	if ((sd = read_date(f, it->scanned, it->line, "scan date", scanned,
	    fatal)) == -2)
		return -1;
	if (rd < 0 || sd < 0 || (ncves = read_cves(f, it->cves, it->line)) < 0)
		return 0;

	/* Checked: merge into the host's patch for the plugin. */
	r = record(f, it);
	merge_cves(f, r, f->scratch.s, ncves);
	if (rank > r->rank) {
		r->severity = intern(&f->severities, it->severity);
		r->rank = rank;
	}
	if (r->title == NONE && !empty(it->title))
		r->title = intern(&f->titles, it->title);
	if (r->released[0] == '\0' && r->released_raw == NULL) {
		if (rd == 1)
			r->released_raw = xstrdup(it->released);
		else
			memcpy(r->released, released, sizeof released);
	}
	if (r->scanned[0] == '\0' && r->scanned_raw == NULL) {
		if (sd == 1)
			r->scanned_raw = xstrdup(it->scanned);
		else
			memcpy(r->scanned, scanned, sizeof scanned);
	}
	if (released[0] || rd == 1 || it->kb ||
	    (!config_family(it->family) && it->installs))
		r->fix = 1;
	return 0;
}

/* The ambiguous dates read as the file settled them; -1 when nothing did
 * and the import gave no --date-order. */
static int
settle(struct tn_file *f, struct pw_error *fatal)
{
	enum date_order order = f->dmy_line ? DATE_ORDER_DMY : f->mdy_line ?
	    DATE_ORDER_MDY : f->sink->date_order;
	int a, b, y;

	if (f->ambiguous_line == 0)
		return 0;
	if (order == DATE_ORDER_AUTO) {
		if (sscanf(f->ambiguous, "%d%*c%d%*c%d", &a, &b, &y) != 3 || a < 1 ||
		    a > 12 || b < 1 || b > 12)
			a = b = 1;
		pw_error_set(fatal, f->path, f->ambiguous_line, "date %s could be %d "
		    "%s or %s %d: give --date-order dmy or mdy", f->ambiguous, a,
		    month_names[b - 1], month_names[a - 1], b);
		return -1;
	}
	for (size_t i = 0; i < f->n; i++) {
		struct tn_rec *r = &f->v[i];
		if (r->released_raw)
			date_parse_any(r->released_raw, order, r->released);
		if (r->scanned_raw)
			date_parse_any(r->scanned_raw, order, r->scanned);
	}
	return 0;
}

static void
rec_clear(struct tn_rec *r)
{
	buf_free(&r->cves);
	free(r->released_raw);
	free(r->scanned_raw);
	r->released_raw = r->scanned_raw = NULL;
}

int
tn_finish(struct tn_file *f, struct pw_error *fatal)
{
	if (settle(f, fatal) != 0)
		return -1;
	for (size_t i = 0; i < f->n; i++) {
		struct tn_rec *r = &f->v[i];
		struct patch p;
		patch_init(&p);
		p.asset = xstrdup(f->hosts.v[r->host]);
		if (r->ip != NONE)
			p.asset_ip = xstrdup(f->hosts.v[r->ip]);
		buf_reset(&f->scratch);
		buf_printf(&f->scratch, "nessus:%s", f->plugins.v[r->plugin]);
		p.advisory = buf_detach(&f->scratch);
		p.title = r->title == NONE ? NULL : xstrdup(f->titles.v[r->title]);
		p.cves = r->cves.len ? buf_detach(&r->cves) : NULL;
		p.scale = xstrdup("tenable");
		p.source_severity = xstrdup(f->severities.v[r->severity]);
		memcpy(p.released, r->released, sizeof p.released);
		memcpy(p.scanned, r->scanned, sizeof p.scanned);
		p.kind = r->fix ? PK_PATCH : PK_FINDING;
		p.line = r->line;
		int rc = f->sink->put(f->sink, &p);
		patch_clear(&p);
		rec_clear(r);
		if (rc != 0)
			return -1;
	}
	if (f->informational && f->sink->notes)
		pw_diags_add(f->sink->notes, f->path, 0, "%zu informational item%s "
		    "skipped (%s: not pending patches)", f->informational,
		    f->informational == 1 ? "" : "s", f->info_words);
	if (f->fixed && f->sink->notes)
		pw_diags_add(f->sink->notes, f->path, 0, "%zu fixed item%s skipped "
		    "(state FIXED: no longer pending)", f->fixed,
		    f->fixed == 1 ? "" : "s");
	return 0;
}

void
tn_free(struct tn_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		rec_clear(&f->v[i]);
	free(f->v);
	strs_free(&f->hosts);
	strs_free(&f->plugins);
	strs_free(&f->titles);
	strs_free(&f->severities);
	strmap_free(&f->keys);
	strmap_free(&f->cves);
	strmap_free(&f->date_map);
	free(f->dates);
	buf_free(&f->scratch);
	memset(f, 0, sizeof *f);
}
