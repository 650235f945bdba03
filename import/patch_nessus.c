/* Pending patches from a Nessus v2 file (.nessus: <NessusClientData_v2>),
 * read a node at a time (xml.h): per <ReportHost>, its <HostProperties>
 * (host-fqdn, host-ip, the scan's start) and its <ReportItem>s (the plugin,
 * severity 0-4, <cve>s, <xref>s, <patch_publication_date>, <solution>).
 * Only one host's items are held at once; tenable.c merges them into one
 * patch per host and plugin (docs/formats.md, "Nessus"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/civil.h"
#include "../model/tz.h"
#include "../util/arena.h"
#include "tenable.h"
#include "xml.h"

/* The most text read from one element (a <solution>, a <cve>): real ones
 * are a few hundred bytes. Elements not read (plugin output) cost nothing
 * here; libxml2 refuses a text node past 10 MB. */
#define NESSUS_TEXT_MAX	((size_t)1 << 20)
/* The first instant past 9999-12-31: a HOST_END_TIMESTAMP from then on is
 * none (times are shown as dates of four-digit years). */
#define NESSUS_TIME_LAST	253402300800LL

/* The <ReportHost> being read. Its <HostProperties> name it and date its
 * scan; items are merged as they end once those are read, and held (with
 * their strings in items_strs) only until then, should a file put items
 * first. */
struct host {
	int		 open;
	int		 named;		/* <HostProperties> read: asset, scanned */
	int		 bad;		/* its scan date is none: items dropped */
	const char	*name, *fqdn, *ip, *start, *start_ts, *end, *end_ts;
	long		 start_line, end_line;
	const char	*asset;
	char		 scanned[11];
	struct arena	 strs;		/* the host's strings */
	struct tn_item	*items;		/* items held until it is named */
	size_t		 n, cap;
	struct arena	 item_strs;	/* their strings, and the current item's */
};

/* The <ReportItem> being read. */
struct item {
	int		 open;
	struct tn_item	 it;
	struct buf	 cves;
};

struct reader {
	struct xml	 x;
	struct tn_file	 tf;
	struct host	 h;
	struct item	 i;
	struct pw_error	*fatal;
	int		 zone_said;	/* the note on HOST_END's zone given */
};

static char *
keep(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* An attribute of the current element, kept in a. */
static const char *
attr(struct reader *rd, struct arena *a, const char *name)
{
	char *v = xml_attr(&rd->x, name);
	char *k = keep(a, v);

	free(v);
	return k;
}

/* The current element's text, kept in a; NULL with fatal set. */
static char *
text(struct reader *rd, struct arena *a)
{
	char *v = xml_text(&rd->x, NESSUS_TEXT_MAX, rd->fatal);
	char *k = keep(a, v);

	free(v);
	return k;
}

/* "Fri Sep 14 03:33:11 2018" (HOST_START, C's asctime) into YYYY-MM-DD. */
static int
asctime_date(const char *s, char out[11])
{
	char wday[8], mon[8], d[32];
	int day, year, h, m, sec;

	if (sscanf(s, "%7s %7s %d %d:%d:%d %d", wday, mon, &day, &h, &m, &sec,
	    &year) != 7)
		return -1;
	snprintf(d, sizeof d, "%d %s %d", day, mon, year);
	return date_parse_any(d, DATE_ORDER_AUTO, out) == 0 ? 0 : -1;
}

/* "Fri Sep 14 03:41:35 2018" (HOST_END) as UTC seconds, read in zone z
 * (NULL: UTC): Nessus writes the scanner's local clock and names no zone;
 * 0 when not one. */
static int64_t
asctime_utc(const char *s, icaltimezone *z)
{
	char wday[8], mon[8], ymd[11];
	int day, year, h, m, sec;
	struct civil c = { 0 };

	if (sscanf(s, "%7s %7s %d %d:%d:%d %d", wday, mon, &day, &h, &m, &sec,
	    &year) != 7 || asctime_date(s, ymd) != 0 ||
	    sscanf(ymd, "%d-%d-%d", &c.y, &c.mo, &c.d) != 3)
		return 0;
	c.h = h;
	c.mi = m;
	c.s = sec;
	return civil_valid(&c) ? tz_local_to_utc(z, &c) : 0;
}

/* HOST_END (or HOST_START, tag) text read in the sink's zone, saying once a
 * file which zone that was: an hour off decides whether a scan ran before
 * or after a window ended (docs/formats.md, "Verification after the
 * window"). */
static int64_t
host_clock_utc(struct reader *rd, const char *tag, const char *text, long line)
{
	const char *name = rd->tf.sink->zone;
	icaltimezone *z = name ? tz_builtin(name) : NULL;
	int64_t t = asctime_utc(text, z);

	if (t > 0 && !rd->zone_said) {
		rd->zone_said = 1;
		pw_diags_add(rd->tf.sink->notes, rd->tf.path, line,
		    "%s '%.40s' names no zone: read in %s (--tz, else the "
		    "policy's zone); if the scanner's clock is in another zone, import "
		    "the file again as patchwave --tz ZONE import patches FILE", tag,
		    text, z ? name : "UTC");
	}
	return t;
}

/* A *_TIMESTAMP tag's epoch seconds, 0 when none. */
static int64_t
host_epoch(const char *s)
{
	char *e;
	long long v = strtoll(s, &e, 10);

	return e != s && *e == '\0' && v > 0 && v < NESSUS_TIME_LAST ? v : 0;
}

/* When the host's scan ended (HOST_END_TIMESTAMP, else HOST_END), for the
 * sink, the host's own and the file's latest. A host with no end of its
 * own (a scan stopped while at it) is the host's by its start alone: the
 * file's latest end is another host's, and dated it after a window its
 * scan began before (its patches 'patched', verify --apply implemented).
 * One with neither is passed over (its start dates the items). -1 when
 * the sink stops. */
static int
host_scanned(struct reader *rd)
{
	struct host *h = &rd->h;
	const char *alt = h->asset != h->ip ? h->ip : NULL;
	int64_t t = 0;

	if (h->end_ts)
		t = host_epoch(h->end_ts);
	else if (h->end)
		t = host_clock_utc(rd, "HOST_END", h->end, h->end_line);
	if (t > 0 && (h->asset == NULL || *h->asset == '\0'))
		patch_sink_scanned(rd->tf.sink, t);	/* the file's, no host's */
	if (h->asset == NULL || *h->asset == '\0')
		return 0;
	if (t <= 0) {
		int64_t s = h->start_ts ? host_epoch(h->start_ts) : h->start ?
		    host_clock_utc(rd, "HOST_START", h->start, h->start_line) : 0;
		if (s <= 0 || rd->tf.sink->host_scanned == NULL)
			return 0;
		return rd->tf.sink->host_scanned(rd->tf.sink, h->asset, alt, s,
		    h->start_line) != 0 ? -1 : 0;
	}
	return patch_sink_host_scanned(rd->tf.sink, h->asset, alt, t,
	    h->start_line) != 0 ? -1 : 0;
}

/* The host's name (host-fqdn, else host-ip, else the ReportHost's name)
 * and scan date (HOST_START_TIMESTAMP, else HOST_START), once its
 * properties are read; a scan date that is none drops the host's items. */
static void
host_named(struct reader *rd)
{
	struct host *h = &rd->h;

	h->named = 1;
	h->asset = h->fqdn && *h->fqdn ? h->fqdn : h->ip && *h->ip ? h->ip :
	    h->name;
	h->scanned[0] = '\0';
	if (h->start_ts && date_parse_any(h->start_ts, DATE_ORDER_AUTO,
	    h->scanned) != 0) {
		pw_diags_add(rd->tf.problems, rd->tf.path, h->start_line,
		    "HOST_START_TIMESTAMP '%.40s' is not a date", h->start_ts);
		h->bad = 1;
	} else if (!h->start_ts && h->start && asctime_date(h->start,
	    h->scanned) != 0) {
		pw_diags_add(rd->tf.problems, rd->tf.path, h->start_line,
		    "HOST_START '%.40s' is not a date", h->start);
		h->bad = 1;
	}
}

/* Merge an item of the named host. */
static int
merge(struct reader *rd, struct tn_item *it)
{
	if (rd->h.bad)
		return 0;
	it->asset = rd->h.asset;
	it->asset_ip = rd->h.asset != rd->h.ip ? rd->h.ip : NULL;
	it->scanned = rd->h.scanned;
	return tn_add(&rd->tf, it, rd->fatal);
}

/* The items held until the host was named, merged in order. */
static int
flush(struct reader *rd)
{
	struct host *h = &rd->h;
	int rc = 0;

	for (size_t k = 0; k < h->n && rc == 0; k++)
		rc = merge(rd, &h->items[k]);
	h->n = 0;
	arena_reset(&h->item_strs);
	return rc;
}

static int
host_end(struct reader *rd)
{
	struct host *h = &rd->h;
	int rc;

	if (!h->named)
		host_named(rd);
	rc = flush(rd);
	/* The host was scanned, whatever it had: listed even when clean. */
	if (rc == 0 && !h->bad && h->asset && *h->asset && rd->tf.sink->clean)
		rc = rd->tf.sink->clean(rd->tf.sink, h->asset, h->asset != h->ip ?
		    h->ip : NULL, h->start_line);
	if (rc == 0 && !h->bad)
		rc = host_scanned(rd);
	h->open = h->named = h->bad = 0;
	h->name = h->fqdn = h->ip = h->start = h->start_ts = h->asset = NULL;
	h->end = h->end_ts = NULL;
	h->start_line = h->end_line = 0;
	arena_reset(&h->strs);
	return rc;
}

static int
item_end(struct reader *rd)
{
	struct host *h = &rd->h;
	struct item *i = &rd->i;
	int rc;

	i->open = 0;
	i->it.cves = keep(&h->item_strs, buf_str(&i->cves));
	if (!h->named) {
		h->items = xgrow(h->items, &h->cap, h->n, sizeof *h->items);
		h->items[h->n++] = i->it;
		return 0;
	}
	rc = merge(rd, &i->it);
	arena_reset(&h->item_strs);
	return rc;
}

/* A start element inside a <ReportItem>: the children read. */
static int
item_child(struct reader *rd, const char *name, long line)
{
	struct tn_item *it = &rd->i.it;
	char *t;

	if (strcmp(name, "cve") == 0) {
		if ((t = text(rd, &rd->h.item_strs)) == NULL)
			return -1;
		if (rd->i.cves.len)
			buf_addc(&rd->i.cves, ',');
		buf_adds(&rd->i.cves, t);
	} else if (strcmp(name, "xref") == 0) {
		if ((t = text(rd, &rd->h.item_strs)) == NULL)
			return -1;
		if (strncasecmp(t, "MSKB:", 5) == 0)
			it->kb = 1;
	} else if (strcmp(name, "patch_publication_date") == 0) {
		if ((it->released = text(rd, &rd->h.item_strs)) == NULL)
			return -1;
		it->released_line = line;
	} else if (strcmp(name, "solution") == 0) {
		char *v = xml_text(&rd->x, NESSUS_TEXT_MAX, rd->fatal);
		if (v == NULL)
			return -1;
		it->installs = tn_installs(v);
		free(v);
	}
	return 0;
}

static int
item_start(struct reader *rd, long line)
{
	struct item *i = &rd->i;

	memset(&i->it, 0, sizeof i->it);
	buf_reset(&i->cves);
	i->open = 1;
	i->it.line = line;
	i->it.plugin = attr(rd, &rd->h.item_strs, "pluginID");
	i->it.title = attr(rd, &rd->h.item_strs, "pluginName");
	i->it.severity = attr(rd, &rd->h.item_strs, "severity");
	i->it.family = attr(rd, &rd->h.item_strs, "pluginFamily");
	if (!rd->h.open) {
		pw_diags_add(rd->tf.problems, rd->tf.path, line, "a ReportItem "
		    "outside a ReportHost: no host");
		i->open = 0;
	}
	return 0;
}

/* A <tag name="..."> of <HostProperties>. */
static int
host_tag(struct reader *rd, long line)
{
	struct host *h = &rd->h;
	char *name = xml_attr(&rd->x, "name");
	const char **slot = NULL;
	int rc = 0;

	if (name == NULL)
		return 0;
	if (strcmp(name, "host-fqdn") == 0)
		slot = &h->fqdn;
	else if (strcmp(name, "host-ip") == 0)
		slot = &h->ip;
	else if (strcmp(name, "HOST_START") == 0)
		slot = &h->start;
	else if (strcmp(name, "HOST_START_TIMESTAMP") == 0)
		slot = &h->start_ts;
	else if (strcmp(name, "HOST_END") == 0)
		slot = &h->end;
	else if (strcmp(name, "HOST_END_TIMESTAMP") == 0)
		slot = &h->end_ts;
	free(name);
	if (slot && (*slot = text(rd, &h->strs)) == NULL)
		rc = -1;
	if (slot == &h->start || slot == &h->start_ts)
		h->start_line = line;
	if (slot == &h->end)
		h->end_line = line;
	return rc;
}

/* One start element; the reader may move to its end (text()). */
static int
element(struct reader *rd, const char *name, long line)
{
	int empty = xmlTextReaderIsEmptyElement(rd->x.r) == 1;

	if (rd->i.open && strcmp(name, "ReportItem") == 0) {
		pw_error_set(rd->fatal, rd->tf.path, line, "a ReportItem inside "
		    "another: not a Nessus v2 file");
		return -1;
	}
	if (rd->i.open)
		return item_child(rd, name, line);
	if (strcmp(name, "ReportItem") == 0) {
		if (item_start(rd, line) != 0)
			return -1;
		return empty && rd->i.open ? item_end(rd) : 0;
	}
	if (strcmp(name, "ReportHost") == 0) {
		if (rd->h.open) {
			pw_error_set(rd->fatal, rd->tf.path, line, "a ReportHost inside "
			    "another: not a Nessus v2 file");
			return -1;
		}
		rd->h.open = 1;
		rd->h.name = attr(rd, &rd->h.strs, "name");
		return empty ? host_end(rd) : 0;
	}
	if (strcmp(name, "tag") == 0 && rd->h.open)
		return host_tag(rd, line);
	return 0;
}

int
patch_read_nessus(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct reader rd;
	int rc, root = 0, ret = -1;

	memset(&rd, 0, sizeof rd);
	sink->every_host = 1;	/* a ReportHost each, clean ones too */
	if (xml_open(&rd.x, path, data, len, fatal) != 0)
		return -1;
	tn_init(&rd.tf, path, sink, problems, "severity 0", "the ReportHost names "
	    "none: no host-fqdn, host-ip or name");
	rd.fatal = fatal;
	while ((rc = xml_next(&rd.x, fatal)) == 1) {
		int type = xmlTextReaderNodeType(rd.x.r);
		const char *name = xml_name(&rd.x);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (rd.i.open && strcmp(name, "ReportItem") == 0)
				rc = item_end(&rd);
			else if (rd.h.open && !rd.i.open && !rd.h.named &&
			    strcmp(name, "HostProperties") == 0) {
				host_named(&rd);
				rc = flush(&rd);
			} else if (rd.h.open && !rd.i.open &&
			    strcmp(name, "ReportHost") == 0)
				rc = host_end(&rd);
			else
				rc = 0;
			if (rc != 0)
				goto out;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		long line = xml_line(&rd.x);
		if (!root) {
			if (strcmp(name, "NessusClientData_v2") != 0) {
				pw_error_set(fatal, path, line, "not a Nessus v2 file: the "
				    "root element is <%.40s>, not <NessusClientData_v2>",
				    name);
				goto out;
			}
			root = 1;
			continue;
		}
		if (element(&rd, name, line) != 0)
			goto out;
	}
	if (rc == 0)
		ret = tn_finish(&rd.tf, fatal);
out:
	xml_close(&rd.x);
	tn_free(&rd.tf);
	free(rd.h.items);
	arena_free(&rd.h.strs);
	arena_free(&rd.h.item_strs);
	buf_free(&rd.i.cves);
	return ret;
}

enum sniff
patch_sniff_nessus(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);
	size_t n;

	if (p == NULL || *p != '<')
		return SNIFF_NO;
	/* The root follows the XML declaration and perhaps a comment. */
	n = len - (size_t)(p - data);
	if (n > 65536)
		n = 65536;
	return memmem(p, n, "<NessusClientData_v2", 20) ? SNIFF_YES : SNIFF_NO;
}
