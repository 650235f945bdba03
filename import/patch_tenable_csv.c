/* Pending patches from Tenable's CSV exports, one table row each: Nessus
 * Professional's ("Plugin ID,CVE,...,Risk,Host,..."; a row per plugin,
 * port and CVE), Tenable.sc's ("Plugin","Plugin Name","Family","Severity",
 * "IP Address",...; a row per plugin and port) and Tenable VM's (';'
 * separated asset.* and definition.* columns, JSON in some cells). The
 * columns named are read, the rest ignored; tenable.c merges the rows of a
 * host and plugin into one patch (docs/formats.md, "Tenable"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "csv.h"
#include "tenable.h"

/* What a row says, by role; a format names the column of each (NULL: its
 * exports have none). The host is the first non-empty of C_HOST..C_HOST4. */
enum col {
	C_PLUGIN, C_TITLE, C_SEVERITY, C_HOST, C_HOST2, C_HOST3, C_HOST4, C_CVE,
	C_SOLUTION, C_FAMILY, C_RELEASED, C_SCANNED, C_MSKB, C_XREF, C_STATE,
	C_COUNT
};

struct tn_csv {
	const char	*what;		/* for a missing column's message */
	const char	*cols[C_COUNT];
	const char	*info_words;	/* informational items, as the file says */
	const char	*host_words;	/* where the host would have been */
};

static const struct tn_csv nessus_csv = {
	"a Nessus CSV export",
	{ [C_PLUGIN] = "Plugin ID", [C_TITLE] = "Name", [C_SEVERITY] = "Risk",
	  [C_HOST] = "Host", [C_CVE] = "CVE", [C_SOLUTION] = "Solution",
	  [C_MSKB] = "MSKB", [C_XREF] = "XREF" },
	"Risk None", "Host is empty",
};

static const struct tn_csv tenable_sc = {
	"a Tenable.sc CSV export",
	{ [C_PLUGIN] = "Plugin", [C_TITLE] = "Plugin Name", [C_SEVERITY] = "Severity",
	  [C_HOST] = "DNS Name", [C_HOST2] = "IP Address", [C_CVE] = "CVE",
	  [C_SOLUTION] = "Solution", [C_FAMILY] = "Family",
	  [C_RELEASED] = "Patch Publication Date", [C_SCANNED] = "Last Observed",
	  [C_XREF] = "Cross References" },
	"Severity Info", "DNS Name and IP Address are empty",
};

static const struct tn_csv tenable_vm = {
	"a Tenable VM CSV export",
	{ [C_PLUGIN] = "definition.id", [C_TITLE] = "definition.name",
	  [C_SEVERITY] = "severity", [C_HOST] = "asset.display_fqdn",
	  [C_HOST2] = "asset.display_ipv4_address", [C_HOST3] = "asset.host_name",
	  [C_HOST4] = "asset.name", [C_CVE] = "definition.cve",
	  [C_SOLUTION] = "definition.solution", [C_FAMILY] = "definition.family",
	  [C_RELEASED] = "definition.patch_published", [C_SCANNED] = "last_seen",
	  [C_STATE] = "state" },
	"severity Info", "asset.display_fqdn, asset.display_ipv4_address, "
	"asset.host_name and asset.name are empty",
};

/* Does a header cell name col (trimmed, any case)? */
static int
names(const char *cell, const char *col)
{
	size_t n;

	while (*cell == ' ' || *cell == '\t')
		cell++;
	n = strlen(cell);
	while (n > 0 && (cell[n - 1] == ' ' || cell[n - 1] == '\t'))
		n--;
	return col && strlen(col) == n && strncasecmp(cell, col, n) == 0;
}

/* The header's column of each role into at[] (-1: none). -1 with the
 * repeated column in *twice when a column this format reads is given
 * twice. */
static int
header(const struct tn_csv *t, const struct csv_record *rec, long at[C_COUNT],
    const char **twice)
{
	for (int c = 0; c < C_COUNT; c++)
		at[c] = -1;
	for (size_t i = 0; i < rec->n; i++)
		for (int c = 0; c < C_COUNT; c++)
			if (names(rec->fields[i], t->cols[c])) {
				if (at[c] >= 0) {
					*twice = t->cols[c];
					return -1;
				}
				at[c] = (long)i;
			}
	return 0;
}

static int
has_host(const long at[C_COUNT])
{
	return at[C_HOST] >= 0 || at[C_HOST2] >= 0 || at[C_HOST3] >= 0 ||
	    at[C_HOST4] >= 0;
}

/* The format's mark: its plugin, severity and a host column. */
static enum sniff
sniff(const struct tn_csv *t, const char *data, size_t len)
{
	struct csv_reader *r;
	struct csv_record rec;
	struct pw_error e;
	const char *twice;
	long at[C_COUNT];
	enum sniff s = SNIFF_NO;

	if (sniff_start(data, len) == NULL)
		return SNIFF_NO;
	r = csv_open(data, len, 0);
	if (csv_next(r, &rec, &e) == 1 && header(t, &rec, at, &twice) == 0 &&
	    at[C_PLUGIN] >= 0 && at[C_SEVERITY] >= 0 && has_host(at))
		s = SNIFF_YES;
	csv_free(r);
	return s;
}

/* A Last Observed (Tenable.sc: "Feb 19, 2024 21:01:01 UTC") or last_seen
 * (Tenable VM: "2023-07-12T12:14:16.850Z", or with an offset) as UTC
 * seconds; 0 when it is no time (a date alone says not when). */
static int64_t
seen_time(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct civil c = { 0 };
	char mon[4], zone[4];
	const char *p;
	int n = 0, off = 0, oh, om;

	if (sscanf(s, "%3s %d, %d %d:%d:%d %3s%n", mon, &c.d, &c.y, &c.h, &c.mi,
	    &c.s, zone, &n) == 7 && s[n] == '\0') {
		p = strlen(mon) == 3 ? strcasestr(months, mon) : NULL;
		if (p == NULL || (p - months) % 3 != 0 || (strcasecmp(zone, "UTC") != 0 &&
		    strcasecmp(zone, "GMT") != 0))
			return 0;
		c.mo = (int)(p - months) / 3 + 1;
	} else if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &c.y, &c.mo, &c.d, &c.h,
	    &c.mi, &c.s, &n) == 6 && n == 19) {
		p = s + n;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d%n", &oh, &om,
		    &n) == 2 && n == 5 && p[6] == '\0' && oh < 24 && om < 60)
			off = (*p == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		else if (strcmp(p, "Z") != 0)
			return 0;
	} else
		return 0;
	return civil_valid(&c) ? civil_to_seconds(&c) - off : 0;
}

static const char *
cell(const struct csv_record *rec, const long at[C_COUNT], enum col c)
{
	return at[c] >= 0 ? rec->fields[at[c]] : NULL;
}

/* One row as an item (its strings borrowed from the record). */
static void
row_item(const struct csv_record *rec, const long at[C_COUNT], struct tn_item *it)
{
	const char *x;

	memset(it, 0, sizeof *it);
	it->line = rec->line;
	for (int c = C_HOST; c <= C_HOST4 && it->asset == NULL; c++) {
		x = cell(rec, at, (enum col)c);
		if (x && x[strspn(x, " \t")])
			it->asset = x;
	}
	/* A DNS name (Tenable.sc's, VM's FQDN) with the IP beside it. */
	x = cell(rec, at, C_HOST2);
	if (it->asset && it->asset == cell(rec, at, C_HOST) && x && *x)
		it->asset_ip = x;
	it->plugin = cell(rec, at, C_PLUGIN);
	it->title = cell(rec, at, C_TITLE);
	it->severity = cell(rec, at, C_SEVERITY);
	it->cves = cell(rec, at, C_CVE);
	it->installs = tn_installs(cell(rec, at, C_SOLUTION));
	it->family = cell(rec, at, C_FAMILY);
	it->released = cell(rec, at, C_RELEASED);
	it->scanned = cell(rec, at, C_SCANNED);
	it->state = cell(rec, at, C_STATE);
	x = cell(rec, at, C_MSKB);
	it->kb = x && x[strspn(x, " \t")] != '\0';
	x = cell(rec, at, C_XREF);
	if (x && strcasestr(x, "MSKB"))
		it->kb = 1;
}

/* Each host's latest Last Observed (last_seen): when it was last scanned,
 * said to the sink per host once the file is read. A host whose findings
 * were last seen at 01:00 was not scanned at 08:00, when another was: by
 * the file's latest its finding was still missing after a window it
 * preceded. Its names are copied (a row's strings are borrowed). */
struct host_seen {
	struct strmap	 map;		/* host name -> index in v */
	struct seen {
		char	*host, *ip;
		int64_t	 t;
		long	 line;
	}		*v;
	size_t		 n, cap;
};

static void
seen_note(struct host_seen *h, const struct tn_item *it, int64_t t)
{
	size_t k = strmap_intern(&h->map, it->asset, h->n);

	if (k < h->n) {
		if (t > h->v[k].t)
			h->v[k].t = t;
		return;
	}
	h->v = xgrow(h->v, &h->cap, h->n, sizeof *h->v);
	h->v[h->n++] = (struct seen){ xstrdup(it->asset), it->asset_ip ?
	    xstrdup(it->asset_ip) : NULL, t, it->line };
}

static int
seen_say(struct host_seen *h, struct patch_sink *sink)
{
	for (size_t k = 0; k < h->n; k++)
		if (sink->host_scanned && sink->host_scanned(sink, h->v[k].host,
		    h->v[k].ip, h->v[k].t, h->v[k].line) != 0)
			return -1;
	return 0;
}

static void
seen_free(struct host_seen *h)
{
	for (size_t k = 0; k < h->n; k++) {
		free(h->v[k].host);
		free(h->v[k].ip);
	}
	free(h->v);
	strmap_free(&h->map);
}

static int
read_tenable_csv(const struct tn_csv *t, const char *path, const char *data,
    size_t len, struct patch_sink *sink, struct pw_diags *problems,
    struct pw_error *fatal)
{
	struct csv_reader *r = csv_open(data, len, 0);
	struct csv_record rec;
	struct pw_error e = { 0 };
	struct tn_file tf;
	struct tn_item it;
	struct host_seen seen = { 0 };
	const char *twice = NULL;
	long at[C_COUNT];
	size_t ncols;
	int rc, ret = -1;

	tn_init(&tf, path, sink, problems, t->info_words, t->host_words);
	rc = csv_next(r, &rec, &e);
	if (rc < 0 && csv_encoding_fatal(r, path, fatal))
		goto out;
	if (rc <= 0) {
		pw_error_set(fatal, path, rc ? e.line : 0, "%s", rc ? e.msg :
		    "empty file: no header row");
		goto out;
	}
	if (header(t, &rec, at, &twice) != 0) {
		pw_error_set(fatal, path, rec.line, "column '%s' appears twice", twice);
		goto out;
	}
	for (int c = C_PLUGIN; c <= C_SEVERITY; c++)
		if (c != C_TITLE && at[c] < 0) {
			pw_error_set(fatal, path, rec.line, "no '%s' column: not %s",
			    t->cols[c], t->what);
			goto out;
		}
	if (!has_host(at)) {
		pw_error_set(fatal, path, rec.line, "no host column ('%s'): not %s",
		    t->cols[C_HOST], t->what);
		goto out;
	}
	ncols = rec.n;
	while ((rc = csv_next_row(r, path, ncols, &rec, problems, fatal)) > 0) {
		row_item(&rec, at, &it);
		/* The latest a host was seen: when the scan was taken. */
		int64_t seen_at = it.scanned ? seen_time(it.scanned) : 0;
		if (seen_at > 0) {
			patch_sink_scanned(sink, seen_at);
			if (it.asset)
				seen_note(&seen, &it, seen_at);
		}
		if (tn_add(&tf, &it, fatal) != 0)
			goto out;
	}
	if (rc < 0 || seen_say(&seen, sink) != 0)
		goto out;
	ret = tn_finish(&tf, fatal);
out:
	seen_free(&seen);
	tn_free(&tf);
	csv_free(r);
	return ret;
}

int
patch_read_nessus_csv(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return read_tenable_csv(&nessus_csv, path, data, len, sink, problems, fatal);
}

enum sniff
patch_sniff_nessus_csv(const char *data, size_t len)
{
	return sniff(&nessus_csv, data, len);
}

int
patch_read_tenable_sc(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return read_tenable_csv(&tenable_sc, path, data, len, sink, problems, fatal);
}

enum sniff
patch_sniff_tenable_sc(const char *data, size_t len)
{
	return sniff(&tenable_sc, data, len);
}

int
patch_read_tenable_vm(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return read_tenable_csv(&tenable_vm, path, data, len, sink, problems, fatal);
}

enum sniff
patch_sniff_tenable_vm(const char *data, size_t len)
{
	return sniff(&tenable_vm, data, len);
}
