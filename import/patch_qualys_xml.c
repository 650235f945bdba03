/* Qualys scan reports as XML (<SCAN>, scan-1.dtd, as the web UI and the v2
 * API's scan fetch write them), read a node at a time: each <IP> host's
 * <VULNS> are its pending findings; <PRACTICES> (potential), <INFOS> and
 * <SERVICES> (information gathered) are skipped and counted
 * (docs/formats.md, "Qualys XML"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/civil.h"
#include "cve_set.h"
#include "qualys.h"
#include "xml.h"

/* The most text read from one element (a title, an id, the scan's date):
 * the CSV reader's field bound. */
#define TEXT_MAX	((size_t)1 << 20)

/* How far into a file the sniff looks for its root element. */
#define ROOT_SNIFF_BYTES	(64 * 1024)

/* The elements a host's findings come in, and what each is to patchwave:
 * a <VULN> is a confirmed vulnerability, a <PRACTICE> a potential one, an
 * <INFO> or <SERVICE> information gathered. */
static const struct {
	const char		*name;
	enum qualys_kind	 kind;
} findings[] = {
	{ "VULN", QK_PENDING }, { "PRACTICE", QK_POTENTIAL },
	{ "INFO", QK_INFO }, { "SERVICE", QK_INFO },
};

#define NFINDINGS	(sizeof findings / sizeof findings[0])

/* Past "<!...>" or "<?...?>" at p (a DOCTYPE's internal subset in brackets
 * included); NULL when it does not end before e. */
static const char *
skip_markup(const char *p, const char *e)
{
	const char *end = p[1] == '?' ? "?>" : strncmp(p, "<!--", 4) == 0 ? "-->" :
	    NULL;
	int depth = 0;

	if (end) {
		const char *q = memmem(p, (size_t)(e - p), end, strlen(end));
		return q ? q + strlen(end) : NULL;
	}
	for (; p < e; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '>' && depth <= 0)
			return p + 1;
	}
	return NULL;
}

enum sniff
patch_sniff_qualys_xml(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);
	const char *e = data + (len < ROOT_SNIFF_BYTES ? len : ROOT_SNIFF_BYTES);

	if (p == NULL || *p != '<')
		return SNIFF_NO;
	while (p && p < e && *p == '<' && (p[1] == '?' || p[1] == '!')) {
		p = skip_markup(p, e);
		while (p && p < e && isspace((unsigned char)*p))
			p++;
	}
	if (p == NULL || p >= e)
		return SNIFF_MAYBE;
	return e - p > 5 && strncmp(p, "<SCAN", 5) == 0 &&
	    (isspace((unsigned char)p[5]) || p[5] == '>' || p[5] == '/') ?
	    SNIFF_YES : SNIFF_NO;
}

struct qxml {
	struct xml		 x;
	const char		*path;
	struct patch_sink	*sink;
	struct pw_diags		*problems;
	struct pw_error		*fatal;
	char			*host;		/* the <IP> being read, or NULL */
	char			*host_ip;	/* its address beside its name, or NULL */
	long			 host_line;
	char			*category;	/* its <CAT>'s value */
	char			 scanned[11];	/* the header's DATE, or "" */
	int64_t			 launched;	/* its time, UTC s (0: no time) */
	long			 duration;	/* the header's DURATION, s, or -1 */
	struct qualys_skipped	 skipped;
	struct cve_set		 cves;
};

/* An <IP>'s host: its name when Qualys resolved one, else its address;
 * said scanned, whatever it has (a report lists each host it scanned,
 * those with nothing pending too). -1 when the sink stops. */
static int
host_open(struct qxml *q)
{
	char *name, *ip;

	free(q->host);
	free(q->host_ip);
	q->host = q->host_ip = NULL;
	q->host_line = 0;
	if (xmlTextReaderIsEmptyElement(q->x.r))	/* no findings, no end */
		return 0;
	q->host_line = xml_line(&q->x);
	name = xml_attr(&q->x, "name");
	ip = xml_attr(&q->x, "value");
	/* The name, with the IP beside it to match a host by when the name
	 * matches no asset (an EC2 host's ip-10-... name): its findings too. */
	const char *alt = NULL;
	if (name && *name && strncasecmp(name, "No registered hostname", 22) != 0 &&
	    strncasecmp(name, "No resolved hostname", 20) != 0) {
		q->host = name;
		alt = ip && *ip ? ip : NULL;
	} else {
		q->host = ip && *ip ? ip : NULL;
		if (q->host == NULL)
			free(ip);
		free(name);
		ip = NULL;
	}
	int rc = q->host && q->sink->clean &&
	    q->sink->clean(q->sink, q->host, alt, q->host_line) != 0 ? -1 : 0;
	q->host_ip = alt ? ip : NULL;	/* its findings are matched as it is */
	if (!alt)
		free(ip);
	return rc;
}

/* The header's <KEY value="DATE">: the scan's date, a release fallback. Its
 * order, if it is NN/NN/YYYY, is --date-order's: there is no other date to
 * settle it. */
static int
header_date(struct qxml *q)
{
	long line = xml_line(&q->x);
	char *s = xml_text(&q->x, TEXT_MAX, q->fatal);
	int rc;

	if (s == NULL)
		return -1;
	rc = date_parse_any(s, q->sink->date_order, q->scanned);
	if (rc > 0)
		qualys_date_ambiguous(q->fatal, q->path, line, s);
	else if (rc < 0)
		pw_error_set(q->fatal, q->path, line, "the scan's DATE '%.40s' is not "
		    "a date", s);
	if (rc != 0)
		q->scanned[0] = '\0';
	else {		/* "2019-04-02T10:14:53Z": when the scan was launched */
		struct civil c;
		int has_time;
		if (civil_parse(s, &c, &has_time) == 0 && has_time)
			q->launched = civil_to_seconds(&c);
	}
	free(s);
	return rc != 0 ? -1 : 0;
}

/* The header's <KEY value="DURATION">, "04:29:11": how long the scan ran;
 * one that is not H:MM:SS is passed over (the launch time stands). */
static int
header_duration(struct qxml *q)
{
	char *s = xml_text(&q->x, TEXT_MAX, q->fatal);
	int h, m, sec, n = 0;

	if (s == NULL)
		return -1;
	if (sscanf(s, "%d:%2d:%2d%n", &h, &m, &sec, &n) == 3 && s[n] == '\0' &&
	    h >= 0 && h < 10000 && m >= 0 && m < 60 && sec >= 0 && sec < 60)
		q->duration = (long)h * 3600 + m * 60 + sec;
	free(s);
	return 0;
}

/* The finding a <VULN> describes, read to its end. */
struct vuln {
	long	 line;
	char	*qid, *severity, *title, *ref;
	size_t	 nrefs;
	int	 bad_cve;
	char	 bad[48];
};

/* The children of the <VULN> just opened at depth: its TITLE, its
 * CVE_ID_LIST's and VENDOR_REFERENCE_LIST's IDs. -1 with fatal set. */
static int
vuln_children(struct qxml *q, struct vuln *v, int depth)
{
	enum { NONE, CVES, REFS } list = NONE;
	int rc;

	while ((rc = xml_next(&q->x, q->fatal)) == 1) {
		int d = xml_depth(&q->x);
		if (d == depth && xml_is_end(&q->x, "VULN"))
			return 0;
		if (xmlTextReaderNodeType(q->x.r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (d == depth + 1) {
			list = xml_is_start(&q->x, "CVE_ID_LIST") ? CVES :
			    xml_is_start(&q->x, "VENDOR_REFERENCE_LIST") ? REFS : NONE;
			if (xml_is_start(&q->x, "TITLE") && v->title == NULL &&
			    (v->title = xml_text(&q->x, TEXT_MAX, q->fatal)) == NULL)
				return -1;
			continue;
		}
		if (d != depth + 3 || list == NONE || !xml_is_start(&q->x, "ID"))
			continue;
		char *id = xml_text(&q->x, TEXT_MAX, q->fatal);
		if (id == NULL)
			return -1;
		if (list == REFS && v->nrefs++ == 0)
			v->ref = id;
		else {
			if (list == CVES && !v->bad_cve &&
			    cve_set_add_cve(&q->cves, id, strlen(id)) != 0) {
				v->bad_cve = 1;
				snprintf(v->bad, sizeof v->bad, "%.40s", id);
			}
			free(id);
		}
	}
	if (rc == 0)
		pw_error_set(q->fatal, q->path, v->line, "the file ends inside <VULN>");
	return -1;
}

/* A <VULN>: put it as a pending patch, or record its problem. -1 only to
 * stop: fatal set, or the sink said so. */
static int
vuln_read(struct qxml *q)
{
	struct vuln v = { .line = xml_line(&q->x) };
	const char *bad = NULL;
	size_t bad_len = 0;
	char *attr_cves = xml_attr(&q->x, "cveid");
	int rc = 0;

	v.qid = xml_attr(&q->x, "number");
	v.severity = xml_attr(&q->x, "severity");
	if (!xmlTextReaderIsEmptyElement(q->x.r) &&
	    vuln_children(q, &v, xml_depth(&q->x)) != 0) {
		rc = -1;
		goto out;
	}
	/* The cveid attribute repeats the list in some versions: each once. */
	if (attr_cves && !v.bad_cve && cve_set_add_cves(&q->cves, attr_cves, &bad,
	    &bad_len) != 0) {
		v.bad_cve = 1;
		snprintf(v.bad, sizeof v.bad, "%.*s", (int)(bad_len < 40 ? bad_len :
		    40), bad);
	}
	if (q->host == NULL && q->host_line == 0)
		pw_diags_add(q->problems, q->path, v.line, "a <VULN> outside any <IP>: "
		    "no host");
	else if (q->host == NULL)
		pw_diags_add(q->problems, q->path, v.line, "the <IP> at line %ld names "
		    "no host (no value or name)", q->host_line);
	else if (v.qid == NULL || !qualys_is_qid(v.qid))
		pw_diags_add(q->problems, q->path, v.line, "<VULN> number '%.40s' is "
		    "not a QID", v.qid ? v.qid : "");
	else if (v.severity == NULL || *v.severity == '\0')
		pw_diags_add(q->problems, q->path, v.line, "<VULN> has no severity");
	else if (v.bad_cve)
		pw_diags_add(q->problems, q->path, v.line, "CVE id '%s' is not a CVE id",
		    v.bad);
	else {
		struct patch p;
		patch_init(&p);
		p.line = v.line;
		p.asset = xstrdup(q->host);
		p.asset_ip = q->host_ip ? xstrdup(q->host_ip) : NULL;
		p.advisory = qualys_advisory(v.qid, v.nrefs == 1 ? v.ref : NULL,
		    v.ref ? strlen(v.ref) : 0);
		p.title = v.title && *v.title ? xstrdup(v.title) : NULL;
		p.cves = cve_set_detach(&q->cves);
		p.scale = xstrdup("qualys");
		p.source_severity = xstrdup(v.severity);
		snprintf(p.scanned, sizeof p.scanned, "%s", q->scanned);
		if (q->category && strcasecmp(q->category, "Security Policy") == 0)
			p.kind = PK_FINDING;
		rc = q->sink->put(q->sink, &p) != 0 ? -1 : 0;
		patch_clear(&p);
	}
out:
	free(cve_set_detach(&q->cves));
	free(attr_cves);
	free(v.qid);
	free(v.severity);
	free(v.title);
	free(v.ref);
	return rc;
}

/* One element start: what it opens. -1 to stop. */
static int
element(struct qxml *q, int *in_header)
{
	const char *name = xml_name(&q->x);

	if (xml_depth(&q->x) == 0) {
		if (strcmp(name, "SCAN") != 0) {
			pw_error_set(q->fatal, q->path, xml_line(&q->x), "not a Qualys "
			    "scan report: the root element is <%.40s>, not <SCAN>", name);
			return -1;
		}
		return 0;
	}
	if (strcmp(name, "HEADER") == 0)
		*in_header = !xmlTextReaderIsEmptyElement(q->x.r);
	else if (*in_header && strcmp(name, "KEY") == 0) {
		char *key = xml_attr(&q->x, "value");
		int rc = key && strcmp(key, "DATE") == 0 ? header_date(q) :
		    key && strcmp(key, "DURATION") == 0 ? header_duration(q) : 0;
		free(key);
		return rc;
	} else if (strcmp(name, "IP") == 0)
		return host_open(q);
	else if (strcmp(name, "CAT") == 0) {
		free(q->category);
		q->category = xml_attr(&q->x, "value");
	} else
		for (size_t i = 0; i < NFINDINGS; i++)
			if (strcmp(name, findings[i].name) == 0) {
				if (findings[i].kind == QK_PENDING)
					return vuln_read(q);
				q->skipped.n[findings[i].kind]++;
			}
	return 0;
}

/* One element end: what it closes. */
static void
ended(struct qxml *q, int *in_header)
{
	const char *name = xml_name(&q->x);

	if (strcmp(name, "HEADER") == 0)
		*in_header = 0;
	else if (strcmp(name, "IP") == 0) {
		free(q->host);
		free(q->host_ip);
		q->host = q->host_ip = NULL;
		q->host_line = 0;
	} else if (strcmp(name, "CAT") == 0) {
		free(q->category);
		q->category = NULL;
	}
}

int
patch_read_qualys_xml(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct qxml q = { .path = path, .sink = sink, .problems = problems,
	    .fatal = fatal, .duration = -1 };
	int rc, in_header = 0, ret = -1;

	if (xml_open(&q.x, path, data, len, fatal) != 0)
		return -1;
	/* Each host scanned is an <IP>: one not named was not scanned. */
	sink->every_host = 1;
	while ((rc = xml_next(&q.x, fatal)) == 1) {
		int t = xmlTextReaderNodeType(q.x.r);
		if (t == XML_READER_TYPE_END_ELEMENT)
			ended(&q, &in_header);
		if (t == XML_READER_TYPE_ELEMENT && element(&q, &in_header) != 0)
			goto out;
	}
	if (rc == 0) {
		qualys_note_skipped(&q.skipped, sink, path);
		/* The scan ended its duration after its launch (the launch
		 * alone when the header gives no duration). */
		if (q.launched > 0)
			patch_sink_scanned(sink, q.launched + (q.duration > 0 ?
			    q.duration : 0));
		ret = 0;
	}
out:
	xml_close(&q.x);
	free(q.host);
	free(q.host_ip);
	free(q.category);
	cve_set_free(&q.cves);
	return ret;
}
