/* Vendor advisories from a repository's updateinfo.xml (the repodata dnf,
 * yum and zypper read their advisories from), read a node at a time
 * through xml.c:
 *
 *   <updates><update type="security" ...>
 *     <id>RHSA-2024:0001</id> <title>...</title> <severity>Important</severity>
 *     <issued date="2024-01-02 00:00:00"/>
 *     <references><reference type="cve" id="CVE-2024-1" .../></references>
 *     <pkglist>... <package ...><reboot_suggested>True</reboot_suggested> ...
 *   </update> ...</updates>
 *
 * One advisory an <update>, at its line; its <description> and package list
 * are not kept. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "patches.h"
#include "pkg_common.h"
#include "xml.h"

/* The longest id, severity and flag text read, and the longest title: real
 * ones are a few dozen bytes; anything longer is a broken or hostile file. */
#define SHORT_MAX	256
#define TITLE_MAX	(64 * 1024)

/* Set *slot to the trimmed text of the current element (NULL when empty);
 * -1 with fatal set when it cannot be read. */
static int
take_text(struct xml *x, char **slot, size_t max, struct pw_error *fatal)
{
	char *t = xml_text(x, max, fatal), *s;

	if (t == NULL)
		return -1;
	s = str_trim(t);
	free(*slot);
	*slot = *s ? xstrdup(s) : NULL;
	free(t);
	return 0;
}

/* A <reference type="cve">: its id, or its title when the id is a bare
 * number ("2999" titled "CVE-2999", as Fedora's test repositories write). */
static void
take_reference(struct xml *x, struct cve_set *cves)
{
	char *type = xml_attr(x, "type"), *id, *title;

	if (type == NULL || strcmp(type, "cve") != 0) {
		free(type);
		return;
	}
	id = xml_attr(x, "id");
	title = xml_attr(x, "title");
	if (id && strncasecmp(id, "CVE-", 4) == 0)
		cve_set_add(cves, id, strlen(id));
	else if (title && strncasecmp(title, "CVE-", 4) == 0)
		cve_set_add(cves, title, strcspn(title, " \t"));
	else if (id)
		cve_set_add(cves, id, strlen(id));
	free(type);
	free(id);
	free(title);
}

/* The <update> the reader is at, read to its end into p (line set): 0, or
 * -1 with fatal set when the XML cannot be read. A problem with the
 * advisory (no id, a date that is not one) goes to problems and leaves
 * p->advisory NULL: it is not put. */
static int
read_update(struct xml *x, struct patch *p, struct pw_diags *problems,
    struct pw_error *fatal)
{
	int depth = xml_depth(x), rc;
	char *issued = NULL, *reboot = NULL;
	struct cve_set cves = { 0 };
	int ret = -1;

	p->line = xml_line(x);
	p->reboot = 0;	/* the repository says when one is suggested */
	if (xmlTextReaderIsEmptyElement(x->r))
		goto done;
	while ((rc = xml_next(x, fatal)) == 1) {
		if (xml_is_end(x, "update") && xml_depth(x) == depth)
			break;
		if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT)
			continue;
		int child = xml_depth(x) == depth + 1;
		if (child && xml_is_start(x, "id")) {
			if (take_text(x, &p->advisory, SHORT_MAX, fatal) != 0)
				goto out;
		} else if (child && xml_is_start(x, "title")) {
			if (take_text(x, &p->title, TITLE_MAX, fatal) != 0)
				goto out;
		} else if (child && xml_is_start(x, "severity")) {
			if (take_text(x, &p->source_severity, SHORT_MAX, fatal) != 0)
				goto out;
		} else if (child && xml_is_start(x, "issued")) {
			free(issued);
			issued = xml_attr(x, "date");
		} else if (xml_is_start(x, "reference")) {
			take_reference(x, &cves);
		} else if (xml_is_start(x, "reboot_suggested")) {
			/* True, true or 1 (libsolv's reading); an empty
			 * element suggests nothing. */
			if (take_text(x, &reboot, SHORT_MAX, fatal) != 0)
				goto out;
			if (reboot && (*reboot == 'T' || *reboot == 't' ||
			    *reboot == '1'))
				p->reboot = 1;
		}
	}
	if (rc != 1) {
		if (rc == 0)
			pw_error_set(fatal, x->path, p->line, "the file ends inside "
			    "this <update>");
		goto out;
	}
done:
	if (p->advisory == NULL) {
		pw_diags_add(problems, x->path, p->line, "an <update> without its "
		    "<id>");
	} else if (issued && date_parse_any(issued, DATE_ORDER_AUTO,
	    p->released) != 0) {
		pw_diags_add(problems, x->path, p->line, "advisory %.80s: issued date "
		    "'%.40s' is not a date", p->advisory, issued);
		free(p->advisory);
		p->advisory = NULL;
	}
	p->scale = xstrdup("redhat");
	cve_set_take(&cves, p);
	ret = 0;
out:
	free(issued);
	free(reboot);
	cve_set_free(&cves);
	return ret;
}

int
advisory_read_updateinfo(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct xml x;
	int rc, ret = -1, root = 0;

	if (utf8_text_check(path, data, len, fatal) != 0)
		return -1;
	if (xml_open(&x, path, data, len, fatal) != 0)
		return -1;
	while ((rc = xml_next(&x, fatal)) == 1) {
		if (xmlTextReaderNodeType(x.r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (!root) {
			/* libsolv takes a lone <update> as the root too. */
			if (!xml_is_start(&x, "updates") && !xml_is_start(&x,
			    "update")) {
				pw_error_set(fatal, path, xml_line(&x), "not "
				    "updateinfo.xml: the root element is <%.40s>, not "
				    "<updates>", xml_name(&x));
				goto out;
			}
			root = 1;
			if (xml_is_start(&x, "updates"))
				continue;
		}
		if (!xml_is_start(&x, "update") || xml_depth(&x) > 1)
			continue;
		struct patch p;
		patch_init(&p);
		if (read_update(&x, &p, problems, fatal) != 0) {
			patch_clear(&p);
			goto out;
		}
		if (p.advisory && sink->put(sink, &p) != 0) {
			patch_clear(&p);
			goto out;
		}
		patch_clear(&p);
	}
	if (rc == 0) {
		if (!root)
			pw_error_set(fatal, path, 1, "not updateinfo.xml: no <updates> "
			    "element");
		else
			ret = 0;
	}
out:
	xml_close(&x);
	return ret;
}

/* An <updates> (or a lone <update>) root near the start; other XML may be
 * one still (the reader then says what its root is). */
enum sniff
advisory_sniff_updateinfo(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);
	size_t n;

	if (p == NULL)
		return SNIFF_MAYBE;
	if (*p != '<')
		return SNIFF_NO;
	n = len - (size_t)(p - data);
	if (n > 4096)
		n = 4096;
	return memmem(p, n, "<updates", 8) || memmem(p, n, "<update ", 8) ||
	    memmem(p, n, "<update>", 8) ? SNIFF_YES : SNIFF_MAYBE;
}
