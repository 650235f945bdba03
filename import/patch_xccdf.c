/* OpenSCAP's XCCDF results (`oscap xccdf eval --results`, or `oscap oval
 * eval` over Red Hat's OVAL turned into XCCDF): each TestResult names its
 * target host and start time, and each rule-result whose result is "fail" is
 * something to do on it. A rule made from a vendor advisory (RHSA-2006:0117
 * in the Rule's title, or an OVAL definition oval:com.redhat.rhsa:def:...)
 * is a patch; any other rule is a configuration finding with nothing to
 * install. Read streaming through import/xml.c; the Rules' titles and
 * severities are kept by id, as the results come after them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "cve_set.h"
#include "patches.h"
#include "xml.h"

/* Text an element may hold; more refuses the file (docs/reliability.md). */
#define TITLE_MAX	8192
#define TARGET_MAX	1024
#define WORD_MAX	256

struct rule {
	const char	*title, *severity;	/* in the run's arena, or NULL */
};

struct xccdf_run {
	const char	*path;
	struct patch_sink *sink;
	struct pw_diags	*problems;
	struct pw_error	*fatal;
	struct xml	 x;
	struct strmap	 ids;		/* Rule id -> index in rules */
	struct rule	*rules;
	size_t		 nrules, caprules;
	struct arena	 text;
	struct cve_set	 cves;
	char		*target;	/* the TestResult's host, or NULL */
	char		 scanned[11];
	size_t		 informational, unevaluated;
};

/* What a rule-result's result means. */
enum outcome { O_PENDING, O_DONE, O_INFO, O_UNEVALUATED };

static const struct {
	const char	*result;
	enum outcome	 outcome;
} results[] = {
	{ "fail", O_PENDING },
	{ "pass", O_DONE }, { "fixed", O_DONE }, { "notapplicable", O_DONE },
	{ "notselected", O_DONE },
	{ "informational", O_INFO },
	{ "error", O_UNEVALUATED }, { "unknown", O_UNEVALUATED },
	{ "notchecked", O_UNEVALUATED },
};

/* Red Hat's ratings as its advisories' titles end: "(Moderate)". */
static const char *const redhat_ratings[] = { "Critical", "Important",
	"Moderate", "Low" };

/* s without the white space around it (in place; pretty-printed XML has
 * it around text). */
static char *
trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
	return s;
}

static char *
keep(struct xccdf_run *r, const char *s)
{
	return s ? arena_strndup(&r->text, s, strlen(s)) : NULL;
}

/* ---- naming what failed ------------------------------------------------- */

/* The advisory id a title starts with (RHSA-2006:0117, ELSA-2019-1234,
 * USN-4321-1, CVE-2021-1234): 2 to 8 capitals, '-', a year, ':' or '-',
 * digits (and a '-N' revision), then ':', a space or the end. Its length,
 * or 0. */
static size_t
advisory_prefix(const char *t)
{
	size_t i = 0, d;

	while (isupper((unsigned char)t[i]))
		i++;
	if (i < 2 || i > 8 || t[i] != '-')
		return 0;
	i++;
	for (d = 0; isdigit((unsigned char)t[i + d]); d++)
		;
	if (d != 4 || (t[i + 4] != ':' && t[i + 4] != '-'))
		return 0;
	i += 5;
	for (d = 0; isdigit((unsigned char)t[i + d]); d++)
		;
	if (d == 0)
		return 0;
	i += d;
	if (t[i] == '-' && isdigit((unsigned char)t[i + 1]))
		for (i++; isdigit((unsigned char)t[i]); i++)
			;
	return t[i] == ':' || t[i] == ' ' || t[i] == '\0' ? i : 0;
}

/* Red Hat's rating at the end of a title, "... update (Important)", or NULL. */
static const char *
redhat_rating(const char *t)
{
	size_t n = strlen(t);

	while (n > 0 && isspace((unsigned char)t[n - 1]))
		n--;
	for (size_t i = 0; i < sizeof redhat_ratings / sizeof *redhat_ratings; i++) {
		size_t k = strlen(redhat_ratings[i]);
		if (n >= k + 2 && t[n - 1] == ')' && t[n - k - 2] == '(' &&
		    strncmp(t + n - k - 1, redhat_ratings[i], k) == 0)
			return redhat_ratings[i];
	}
	return NULL;
}

/* oval:com.redhat.rhsa:def:20060117 -> RHSA-2006:0117 (RHBA, RHEA too):
 * Red Hat numbers its OVAL definitions after its advisories. NULL else. */
static char *
oval_advisory(const char *ref)
{
	static const char pre[] = "oval:com.redhat.rh";
	size_t n = sizeof pre - 1, d;
	struct buf b = { 0 };

	if (ref == NULL || strncmp(ref, pre, n) != 0 || strchr("sbe", ref[n]) ==
	    NULL || ref[n] == '\0' || strncmp(ref + n + 1, "a:def:", 6) != 0)
		return NULL;
	const char *num = ref + n + 7;
	for (d = 0; isdigit((unsigned char)num[d]); d++)
		;
	if (d < 8 || num[d] != '\0')
		return NULL;
	buf_printf(&b, "RH%cA-%.4s:%s", toupper((unsigned char)ref[n]), num,
	    num + 4);
	return buf_detach(&b);
}

/* ---- the Benchmark's Rules ---------------------------------------------- */

static void
rule_start(struct xccdf_run *r, size_t *cur, int *cur_depth)
{
	char *id = xml_attr(&r->x, "id"), *sev = xml_attr(&r->x, "severity");

	*cur = (size_t)-1;
	if (id != NULL) {
		size_t i = strmap_get(&r->ids, id);
		if (i == (size_t)-1) {
			r->rules = xgrow(r->rules, &r->caprules, r->nrules,
			    sizeof *r->rules);
			i = r->nrules++;
			strmap_put(&r->ids, id, i);
		}
		r->rules[i] = (struct rule){ NULL, keep(r, sev) };
		*cur = i;
		*cur_depth = xml_depth(&r->x);
	}
	free(id);
	free(sev);
}

/* ---- the results -------------------------------------------------------- */

/* The TestResult's start: its date is the scan's. */
static int
test_start(struct xccdf_run *r)
{
	char *t = xml_attr(&r->x, "start-time");
	int rc = 0;

	free(r->target);
	r->target = NULL;
	r->scanned[0] = '\0';
	if (t && date_parse_iso(t, r->scanned) != 0) {
		pw_error_set(r->fatal, r->path, xml_line(&r->x), "TestResult "
		    "start-time '%.40s' is not a date", t);
		rc = -1;
	}
	free(t);
	return rc;
}

/* Fill p's advisory, title, severity and kind from the rule that failed. */
static void
name_failure(struct xccdf_run *r, struct patch *p, const char *idref,
    const char *severity, const char *ref)
{
	size_t i = strmap_get(&r->ids, idref);
	const struct rule *rule = i != (size_t)-1 ? &r->rules[i] : NULL;
	const char *title = rule ? rule->title : NULL, *rating;
	size_t n;

	if (title)
		p->title = xstrdup(title);
	if (severity == NULL && rule)
		severity = rule->severity;
	if (title && (n = advisory_prefix(title)) > 0) {
		p->advisory = xstrndup(title, n);
		if ((rating = redhat_rating(title)) != NULL) {
			p->scale = xstrdup("redhat");
			p->source_severity = xstrdup(rating);
			return;
		}
	} else if ((p->advisory = oval_advisory(ref)) == NULL) {
		/* No advisory behind the rule: a setting to change, not a
		 * package to install. */
		p->advisory = xstrdup(idref);
		p->kind = PK_FINDING;
	}
	p->scale = xstrdup("xccdf");
	/* "unknown" is XCCDF's word for no severity: the policy's default. */
	if (severity && strcasecmp(severity, "unknown") != 0)
		p->source_severity = xstrdup(severity);
}

/* A rule-result, the reader at its start: read to its end; put a failure. */
static int
rule_result(struct xccdf_run *r)
{
	char *idref = xml_attr(&r->x, "idref"), *sev = xml_attr(&r->x, "severity");
	char *result = NULL, *ref = NULL, *s;
	long line = xml_line(&r->x);
	int depth = xml_depth(&r->x), rc = -1, empty;
	enum outcome o = O_DONE;
	struct patch p;
	size_t k;

	patch_init(&p);
	empty = xmlTextReaderIsEmptyElement(r->x.r);
	while (!empty && (rc = xml_next(&r->x, r->fatal)) == 1) {
		if (xml_depth(&r->x) == depth && xml_is_end(&r->x, "rule-result"))
			break;
		if (xml_is_start(&r->x, "result") && result == NULL) {
			if ((result = xml_text(&r->x, WORD_MAX, r->fatal)) == NULL)
				goto out;
			trim(result);
		} else if (xml_is_start(&r->x, "ident")) {
			if ((s = xml_text(&r->x, WORD_MAX, r->fatal)) == NULL)
				goto out;
			if (strncasecmp(s, "CVE-", 4) == 0)
				cve_set_add(&r->cves, s, strlen(s));
			free(s);
		} else if (xml_is_start(&r->x, "check-content-ref") && ref == NULL)
			ref = xml_attr(&r->x, "name");
	}
	if (!empty && rc != 1) {
		if (rc == 0)
			pw_error_set(r->fatal, r->path, line, "the file ends inside a "
			    "rule-result");
		rc = -1;
		goto out;
	}
	rc = 0;
	if (idref == NULL || result == NULL) {
		pw_diags_add(r->problems, r->path, line, "a rule-result without its %s",
		    idref == NULL ? "idref" : "result");
		goto out;
	}
	for (k = 0; k < sizeof results / sizeof *results; k++)
		if (strcmp(result, results[k].result) == 0)
			break;
	if (k == sizeof results / sizeof *results) {
		pw_diags_add(r->problems, r->path, line, "result '%.40s' is none of "
		    "XCCDF's", result);
		goto out;
	}
	if ((o = results[k].outcome) == O_INFO ||
	    (o == O_PENDING && sev && strcasecmp(sev, "info") == 0)) {
		r->informational++;
		goto out;
	}
	if (o == O_UNEVALUATED)
		r->unevaluated++;
	if (o != O_PENDING)
		goto out;
	p.line = line;
	if (r->target)
		p.asset = xstrdup(r->target);
	name_failure(r, &p, idref, sev, ref);
	memcpy(p.scanned, r->scanned, sizeof p.scanned);
	cve_set_take(&r->cves, &p);
	if (r->sink->put(r->sink, &p) != 0)
		rc = -1;
out:
	cve_set_take(&r->cves, &p);	/* the next record starts empty */
	patch_clear(&p);
	free(idref);
	free(sev);
	free(result);
	free(ref);
	return rc;
}

/* ---- the file ------------------------------------------------------------ */

static int
walk(struct xccdf_run *r, int *tests)
{
	size_t cur = (size_t)-1;
	int cur_depth = 0, rc;

	while ((rc = xml_next(&r->x, r->fatal)) == 1) {
		if (xmlTextReaderNodeType(r->x.r) != XML_READER_TYPE_ELEMENT)
			continue;
		int depth = xml_depth(&r->x);
		if (cur != (size_t)-1 && depth <= cur_depth)
			cur = (size_t)-1;	/* past the Rule */
		if (xml_is_start(&r->x, "Rule"))
			rule_start(r, &cur, &cur_depth);
		else if (cur != (size_t)-1 && depth == cur_depth + 1 &&
		    xml_is_start(&r->x, "title")) {
			char *t = xml_text(&r->x, TITLE_MAX, r->fatal);
			if (t == NULL)
				return -1;
			if (r->rules[cur].title == NULL)	/* the first language's */
				r->rules[cur].title = keep(r, trim(t));
			free(t);
		} else if (xml_is_start(&r->x, "TestResult")) {
			(*tests)++;
			if (test_start(r) != 0)
				return -1;
		} else if (xml_is_start(&r->x, "target") && *tests > 0 &&
		    r->target == NULL) {
			if ((r->target = xml_text(&r->x, TARGET_MAX, r->fatal)) == NULL)
				return -1;
			if (trim(r->target)[0] == '\0') {
				free(r->target);
				r->target = NULL;
			}
		} else if (xml_is_start(&r->x, "rule-result") && *tests > 0) {
			if (rule_result(r) != 0)
				return -1;
		}
	}
	return rc;
}

int
patch_read_xccdf(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct xccdf_run r = { .path = path, .sink = sink, .problems = problems,
	    .fatal = fatal };
	int tests = 0, rc = -1;

	if (xml_open(&r.x, path, data, len, fatal) != 0)
		return -1;
	if (walk(&r, &tests) != 0)
		goto out;
	if (tests == 0) {
		pw_error_set(fatal, path, 1, "no TestResult: not the results of a scan "
		    "(oscap xccdf eval --results FILE writes them)");
		goto out;
	}
	if (tests == 1 && r.target && sink->host == NULL)
		sink->host = xstrdup(r.target);	/* its host, failing or not */
	if (r.informational > 0 && sink->notes)
		pw_diags_add(sink->notes, path, 0, "%zu informational item%s skipped "
		    "(result informational, or severity info)", r.informational,
		    r.informational == 1 ? "" : "s");
	if (r.unevaluated > 0 && sink->notes)
		pw_diags_add(sink->notes, path, 0, "%zu rule%s not evaluated (result "
		    "error, unknown or notchecked): no record, the scan could not "
		    "tell", r.unevaluated, r.unevaluated == 1 ? "" : "s");
	rc = 0;
out:
	xml_close(&r.x);
	strmap_free(&r.ids);
	arena_free(&r.text);
	free(r.rules);
	free(r.target);
	cve_set_free(&r.cves);
	return rc;
}

enum sniff
patch_sniff_xccdf(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);
	static const char ns[] = "http://checklists.nist.gov/xccdf/";

	if (p == NULL || *p != '<')
		return SNIFF_NO;
	size_t n = len - (size_t)(p - data);
	return memmem(p, n, ns, sizeof ns - 1) && memmem(p, n, "TestResult", 10) ?
	    SNIFF_YES : SNIFF_NO;
}
