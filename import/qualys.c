/* What the Qualys readers share: the finding types and statuses, the
 * advisory id of a QID, the skipped-findings note. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qualys.h"

/* Qualys's words for what a finding is. Scan reports write Vuln, Practice
 * (a potential vulnerability) and Ig; the API and VMDR write Confirmed,
 * Potential and Info; PCI reports upper-case them. */
static const struct {
	const char		*word;
	enum qualys_kind	 kind;
} types[] = {
	{ "vuln", QK_PENDING }, { "confirmed", QK_PENDING },
	{ "vulnerability", QK_PENDING }, { "confirmed vulnerability", QK_PENDING },
	{ "potential", QK_POTENTIAL }, { "practice", QK_POTENTIAL },
	{ "potential vulnerability", QK_POTENTIAL },
	{ "ig", QK_INFO }, { "info", QK_INFO }, { "information", QK_INFO },
	{ "information gathered", QK_INFO },
}, statuses[] = {
	{ "", QK_PENDING }, { "new", QK_PENDING }, { "active", QK_PENDING },
	{ "re-opened", QK_PENDING }, { "reopened", QK_PENDING },
	{ "fixed", QK_FIXED },
};

#define NTYPES		(sizeof types / sizeof types[0])
#define NSTATUSES	(sizeof statuses / sizeof statuses[0])

int
qualys_type(const char *s)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strcasecmp(s, types[i].word) == 0)
			return (int)types[i].kind;
	return -1;
}

int
qualys_status(const char *s)
{
	for (size_t i = 0; i < NSTATUSES; i++)
		if (strcasecmp(s, statuses[i].word) == 0)
			return (int)statuses[i].kind;
	return -1;
}

void
qualys_note_skipped(const struct qualys_skipped *sk, struct patch_sink *sink,
    const char *path)
{
	static const char *const why[QK_COUNT] = { NULL, "potential",
	    "information gathered", "fixed" };
	struct buf b = { 0 };
	size_t total = 0;

	for (int k = QK_POTENTIAL; k < QK_COUNT; k++)
		if (sk->n[k]) {
			buf_printf(&b, "%s%zu %s", total ? ", " : "", sk->n[k], why[k]);
			total += sk->n[k];
		}
	if (total)
		pw_diags_add(sink->notes, path, 0, "%zu informational item%s skipped, "
		    "not pending patches (%s)", total, total == 1 ? "" : "s", b.s);
	buf_free(&b);
}

/* The advisory ids Qualys gives as vendor references that other sources
 * name the same way: what follows the prefix is any id text, or digits only
 * (KB5003169), or digits and dashes (MS17-010). */
enum rest { R_ID, R_DIGITS, R_BULLETIN };

static const struct {
	const char	*prefix;
	enum rest	 rest;
} advisories[] = {
	{ "RHSA-", R_ID }, { "RHBA-", R_ID }, { "RHEA-", R_ID },
	{ "ALAS", R_ID }, { "ELSA-", R_ID }, { "CESA-", R_ID },
	{ "USN-", R_ID }, { "DSA-", R_ID }, { "DLA-", R_ID },
	{ "SUSE-SU-", R_ID }, { "openSUSE-SU-", R_ID }, { "FEDORA-", R_ID },
	{ "KB", R_DIGITS }, { "MS", R_BULLETIN },
};

int
qualys_is_advisory(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof advisories / sizeof advisories[0]; i++) {
		size_t k = strlen(advisories[i].prefix), j;
		if (n <= k || n > 64 || strncmp(s, advisories[i].prefix, k) != 0)
			continue;
		for (j = k; j < n; j++) {
			unsigned char c = (unsigned char)s[j];
			int ok = advisories[i].rest == R_DIGITS ? isdigit(c) :
			    advisories[i].rest == R_BULLETIN ? isdigit(c) || c == '-' :
			    isalnum(c) || strchr(":._-", c) != NULL;
			if (!ok)
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

char *
qualys_advisory(const char *qid, const char *ref, size_t ref_len)
{
	size_t n = strlen(qid);
	char *s;

	if (ref && qualys_is_advisory(ref, ref_len))
		return xstrndup(ref, ref_len);
	s = xmalloc(n + 8);
	memcpy(s, "qualys:", 7);
	memcpy(s + 7, qid, n + 1);
	return s;
}

void
qualys_date_ambiguous(struct pw_error *fatal, const char *path, long line,
    const char *s)
{
	static const char *const months[12] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	char dmy[11], mdy[11];
	size_t n = strcspn(s, " \t");

	if (date_parse_any(s, DATE_ORDER_DMY, dmy) != 0 ||
	    date_parse_any(s, DATE_ORDER_MDY, mdy) != 0) {
		pw_error_set(fatal, path, line, "date %.*s is not a date", (int)(n <
		    40 ? n : 40), s);
		return;
	}
	pw_error_set(fatal, path, line, "date %.*s could be %d %s or %s %d: give "
	    "--date-order dmy or mdy", (int)(n < 40 ? n : 40), s, atoi(dmy + 8),
	    months[atoi(dmy + 5) - 1], months[atoi(mdy + 5) - 1], atoi(mdy + 8));
}

int
qualys_is_qid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= 10 && s[n] == '\0';
}
