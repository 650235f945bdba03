/* Qualys findings as CSV: the VMDR host-detection report, and scan reports
 * and scan results (a preamble of report and scan details, then the table of
 * findings). One reader, since both are one table of the same family of
 * columns, found by their names. Its dates are dd/mm/yyyy or mm/dd/yyyy as
 * the exporting user's preference was, so the order is decided for the whole
 * file, never guessed (docs/formats.md, "Qualys CSV"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/civil.h"
#include "csv.h"
#include "cve_set.h"
#include "qualys.h"

enum qcol { QC_IP, QC_DNS, QC_NETBIOS, QC_QID, QC_TITLE, QC_TYPE, QC_SEVERITY,
	QC_STATUS, QC_FIRST, QC_LAST, QC_CVE, QC_VENDOR, QC_CATEGORY, QC_COUNT };

/* The columns read, by Qualys's names for them in its exports (any case);
 * when a header has two names of one column, the earlier one is read (a PCI
 * report's Q_SEVERITY, 1-5, rather than its SEVERITY, a word). */
static const struct column {
	const char	*names[4];
} columns[QC_COUNT] = {
	[QC_IP] = { { "IP", "IP Address" } },
	[QC_DNS] = { { "DNS", "DNS Name", "Hostname" } },
	[QC_NETBIOS] = { { "NetBIOS", "NetBIOS Name" } },
	[QC_QID] = { { "QID" } },
	[QC_TITLE] = { { "Title", "Vuln Title" } },
	[QC_TYPE] = { { "Type" } },
	[QC_SEVERITY] = { { "Q_Severity", "Severity" } },
	[QC_STATUS] = { { "Vuln Status", "Status" } },
	[QC_FIRST] = { { "First Detected", "First Found" } },
	[QC_LAST] = { { "Last Detected", "Last Found", "Last Scan" } },
	[QC_CVE] = { { "CVE ID", "CVEID", "CVE" } },
	[QC_VENDOR] = { { "Vendor Reference" } },
	[QC_CATEGORY] = { { "Category" } },
};

/* The findings header's line is looked for this far into a file, by the
 * sniff and for its delimiter (a preamble is some twenty lines). */
#define HEADER_SNIFF_BYTES	(64 * 1024)
/* The reader looks for it in this many rows: a preamble is some twenty, and
 * a file that is no Qualys table is refused before it is walked whole. */
#define HEADER_MAX_ROWS		1000

/* The column s[0..n) names and the rank of that name (0: its first); -1
 * when none. */
static int
column_named(const char *s, size_t n, int *rank)
{
	for (int c = 0; c < QC_COUNT; c++)
		for (int r = 0; r < 4 && columns[c].names[r]; r++)
			if (strlen(columns[c].names[r]) == n &&
			    strncasecmp(s, columns[c].names[r], n) == 0) {
				*rank = r;
				return c;
			}
	return -1;
}

/* Is a record with these columns (rank: of the name each was found by) the
 * findings header: a QID and the host's IP, or its DNS or NetBIOS column by
 * that name? Not "Hostname": a file of patchwave's own with a QID column
 * stays patchwave's. */
static int
is_header(const int have[QC_COUNT], const int rank[QC_COUNT])
{
	return have[QC_QID] && (have[QC_IP] || (have[QC_DNS] && rank[QC_DNS] == 0) ||
	    (have[QC_NETBIOS] && rank[QC_NETBIOS] == 0));
}

/* Does the text line [p, e), split at delim, name the findings' columns? */
static int
header_line(const char *p, const char *e, char delim)
{
	int have[QC_COUNT] = { 0 }, rank[QC_COUNT] = { 0 }, r;

	while (p <= e) {
		const char *s = p, *f;
		if (p < e && *p == '"') {
			s = ++p;
			while (p < e && *p != '"')
				p++;
			f = p;
			while (p < e && *p != delim)
				p++;
		} else {
			while (p < e && *p != delim)
				p++;
			f = p;
		}
		while (s < f && isspace((unsigned char)*s))
			s++;
		while (f > s && isspace((unsigned char)f[-1]))
			f--;
		int c = column_named(s, (size_t)(f - s), &r);
		if (c >= 0 && (!have[c] || r < rank[c])) {
			have[c] = 1;
			rank[c] = r;
		}
		p++;
	}
	return is_header(have, rank);
}

/* The delimiter of the findings header within the first max bytes, the
 * line by line (a preamble's quoted fields hold no line breaks); 0 when no
 * line there is one. */
static char
header_delim(const char *data, size_t len, size_t max)
{
	const char *p = data, *end = data + (len < max ? len : max);
	static const char cand[] = { ',', ';', '\t' };

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *le = e ? e : end;
		size_t count[3] = { 0 };
		int inq = 0, best = 0;
		if (le > p && le[-1] == '\r')
			le--;
		for (const char *q = p; q < le; q++) {
			if (*q == '"')
				inq = !inq;
			for (int i = 0; i < 3 && !inq; i++)
				count[i] += *q == cand[i];
		}
		for (int i = 1; i < 3; i++)
			if (count[i] > count[best])
				best = i;
		if (header_line(p, le, cand[best]))
			return cand[best];
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

enum sniff
patch_sniff_qualys_vmdr(const char *data, size_t len)
{
	return header_delim(data, len, HEADER_SNIFF_BYTES) ? SNIFF_YES : SNIFF_NO;
}

/* ---- the table: preamble, header, columns -------------------------------- */

struct table {
	struct csv_reader	*r;
	int			 col[QC_COUNT];	/* field index; -1: absent */
	size_t			 ncols;
	char			*launch;	/* the preamble's Launch Date */
	long			 launch_line;
};

/* Open data as a table: past the preamble (report and scan details, whose
 * Launch Date is kept: the scan's date) to the findings header. -1 with
 * fatal set when there is none, or a column the reader needs is missing. */
static int
table_open(struct table *t, const char *path, const char *data, size_t len,
    struct pw_error *fatal)
{
	struct csv_record rec;
	struct pw_error e = { 0 };
	long date_col = -1;
	int rc, rows = 0, rank[QC_COUNT] = { 0 }, have[QC_COUNT];

	memset(t, 0, sizeof *t);
	t->r = csv_open(data, len, header_delim(data, len, HEADER_SNIFF_BYTES));
	for (;;) {
		if ((rc = csv_next(t->r, &rec, &e)) < 0) {
			if (!csv_encoding_fatal(t->r, path, fatal))
				pw_error_set(fatal, path, e.line, "%s", e.msg);
			return -1;
		}
		if (rc == 0 || ++rows > HEADER_MAX_ROWS) {
			pw_error_set(fatal, path, 0, "no Qualys findings header (a row "
			    "naming QID and the host's IP, DNS or NetBIOS columns)%s",
			    rc ? " in its first 1000 rows" : "");
			return -1;
		}
		/* A block of the preamble is a row of names, then their values. */
		if (date_col >= 0 && (size_t)date_col < rec.n && t->launch == NULL) {
			const char *d = str_trim(rec.fields[date_col]);
			t->launch = xstrndup(d, strnlen(d, 64));
			t->launch_line = rec.line;
		}
		date_col = -1;
		memset(have, 0, sizeof have);
		for (int c = 0; c < QC_COUNT; c++)
			t->col[c] = -1;
		for (size_t i = 0; i < rec.n; i++) {
			char *name = str_trim(rec.fields[i]);
			int r, c = column_named(name, strlen(name), &r);
			if (strcasecmp(name, "Launch Date") == 0)
				date_col = (long)i;
			if (c >= 0 && (!have[c] || r < rank[c])) {
				have[c] = 1;
				rank[c] = r;
				t->col[c] = (int)i;
			}
		}
		if (is_header(have, rank))
			break;
	}
	t->ncols = rec.n;
	if (!have[QC_SEVERITY]) {
		pw_error_set(fatal, path, rec.line, "no Severity column (a Qualys "
		    "findings table names QID, the host's IP or DNS, and Severity)");
		return -1;
	}
	return 0;
}

static void
table_close(struct table *t)
{
	csv_free(t->r);
	free(t->launch);
	t->r = NULL;
	t->launch = NULL;
}

/* Qualys's footer line, which ends a report's table when it has one. */
static int
is_footer(const struct csv_record *rec)
{
	return rec->n == 1 && strncmp(rec->fields[0], "CONFIDENTIAL AND PROPRIETARY",
	    28) == 0;
}

/* Tell the sink how far r is: the records are copies, so nothing read
 * points into the file behind it (the second pass reads it again). */
static void
passed(struct patch_sink *sink, const struct csv_reader *r)
{
	if (sink->passed)
		sink->passed(sink, csv_offset(r));
}

/* ---- dates: one order for the whole file ---------------------------------- */

/* How a date reads: not given, the same either way (ISO, 05/05/2026), only
 * day first, only month first, both ways differently, or not at all. */
enum look { L_NONE, L_SAME, L_DMY, L_MDY, L_AMBIGUOUS, L_BAD };

/* The last date looked at, and how it read: a report's rows repeat their
 * host's and scan's dates, and reading one costs several sscanf calls. */
struct look_memo {
	char		 s[48];
	enum look	 l;
	char		 dmy[11], mdy[11];
};

static enum look
date_look_once(const char *s, char dmy[11], char mdy[11])
{
	int d, m;

	if (*s == '\0')
		return L_NONE;
	d = date_parse_any(s, DATE_ORDER_DMY, dmy);
	m = date_parse_any(s, DATE_ORDER_MDY, mdy);
	if (d != 0 && m != 0)
		return L_BAD;
	if (d != 0)
		return L_MDY;
	if (m != 0)
		return L_DMY;
	return strcmp(dmy, mdy) == 0 ? L_SAME : L_AMBIGUOUS;
}

/* YYYY-MM-DD of a valid date into out, as date_parse_any writes it. */
static void
ymd_put(char out[11], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Is s shaped as shape says, '9' a digit, any other byte itself? */
static int
shaped(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (*shape == '9' ? *s < '0' || *s > '9' : *s != *shape)
			return 0;
	return 1;
}

/* The number of the n digits at s. */
static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + *s++ - '0';
	return v;
}

/* The shapes Qualys writes, NN/NN/YYYY alone or before a time and a valid
 * ISO date (the API's), read without sscanf as date_parse_any reads them
 * either way: they are every date of a report, and each row's differs (its
 * time, its host's first scan). 0 when s is neither. */
static int
date_look_fast(const char *s, enum look *l, char dmy[11], char mdy[11])
{
	int a, b, y, d_ok, m_ok;

	if (shaped(s, "9999-99-99") && (s[10] == '\0' || s[10] == 'T' ||
	    s[10] == ' ')) {
		y = digits(s, 4);
		a = digits(s + 5, 2);
		b = digits(s + 8, 2);
		if (y < 1970 || a < 1 || a > 12 || b < 1 || b > days_in_month(y, a))
			return 0;	/* not ISO: the other shapes are tried */
		ymd_put(dmy, y, a, b);
		memcpy(mdy, dmy, 11);
		*l = L_SAME;
		return 1;
	}
	if (!shaped(s, "99/99/9999") || (s[10] != '\0' && s[10] != ' '))
		return 0;
	a = digits(s, 2);
	b = digits(s + 3, 2);
	y = digits(s + 6, 4);
	d_ok = y >= 1970 && b >= 1 && b <= 12 && a >= 1 && a <= days_in_month(y, b);
	m_ok = y >= 1970 && a >= 1 && a <= 12 && b >= 1 && b <= days_in_month(y, a);
	if (d_ok)
		ymd_put(dmy, y, b, a);
	if (m_ok)
		ymd_put(mdy, y, a, b);
	*l = !d_ok && !m_ok ? L_BAD : !d_ok ? L_MDY : !m_ok ? L_DMY :
	    a == b ? L_SAME : L_AMBIGUOUS;
	return 1;
}

static enum look
date_look(struct look_memo *m, const char *s, char dmy[11], char mdy[11])
{
	enum look l;

	if (date_look_fast(s, &l, dmy, mdy))
		return l;
	if (strlen(s) >= sizeof m->s)
		return date_look_once(s, dmy, mdy);
	if (strcmp(s, m->s) != 0) {
		m->l = date_look_once(s, m->dmy, m->mdy);
		snprintf(m->s, sizeof m->s, "%s", s);
	}
	memcpy(dmy, m->dmy, 11);
	memcpy(mdy, m->mdy, 11);
	return m->l;
}

/* The order dates are read in: the user's (--date-order), else the first
 * date of the file only one order reads, else none yet. */
struct order {
	enum date_order	 order;
	int		 user;
	long		 line;		/* where the file settled it */
	char		 date[24];	/* the date that did */
};

static const char *const order_words[] = {
	[DATE_ORDER_DMY] = "day/month/year", [DATE_ORDER_MDY] = "month/day/year",
};
static const char *const order_options[] = {
	[DATE_ORDER_DMY] = "dmy", [DATE_ORDER_MDY] = "mdy",
};
/* The date part of a field, for messages ("05/13/2021" of "05/13/2021
 * 07:08:28"). */
static void
date_token(const char *s, char out[24])
{
	size_t n = strcspn(s, " \t");

	snprintf(out, 24, "%.*s", (int)(n < 23 ? n : 23), s);
}

/* A date only one order reads: it settles the order, or must agree with
 * it. -1 with fatal set when it does not. */
static int
order_settle(struct order *o, enum look l, const char *s, long line,
    const char *path, struct pw_error *fatal)
{
	enum date_order want = l == L_DMY ? DATE_ORDER_DMY : DATE_ORDER_MDY;
	char d[24];

	if (o->order == DATE_ORDER_AUTO) {
		o->order = want;
		o->line = line;
		date_token(s, o->date);
		return 0;
	}
	if (o->order == want)
		return 0;
	date_token(s, d);
	if (o->user)
		pw_error_set(fatal, path, line, "date %s is %s, but --date-order %s "
		    "says %s", d, order_words[want], order_options[o->order],
		    order_words[o->order]);
	else
		pw_error_set(fatal, path, line, "date %s is %s, but line %ld's %s is "
		    "%s: the file mixes both orders", d, order_words[want], o->line,
		    o->date, order_words[o->order]);
	return -1;
}

/* ---- the reader ----------------------------------------------------------- */

struct vmdr {
	const char		*path;
	const char		*data;
	size_t			 len;
	struct patch_sink	*sink;
	struct pw_diags		*problems;
	struct pw_error		*fatal;
	struct table		 t;
	struct order		 ord;
	char			 launch[11];	/* the scan's date, or "" */
	struct look_memo	 memo[3];	/* First, Last Detected, Launch */
	struct qualys_skipped	 skipped;
	struct cve_set		 cves;
};

/* Read date s at line into out ("" when not given) in the file's order. 0;
 * 1 when s is not a date; -1 with fatal set when it breaks the order. */
static int
read_date(struct vmdr *q, struct look_memo *m, const char *s, long line,
    char out[11])
{
	char dmy[11], mdy[11];
	enum look l = date_look(m, s, dmy, mdy);

	out[0] = '\0';
	if (l == L_NONE)
		return 0;
	if (l == L_BAD)
		return 1;
	if ((l == L_DMY || l == L_MDY) &&
	    order_settle(&q->ord, l, s, line, q->path, q->fatal) != 0)
		return -1;
	if (l == L_AMBIGUOUS && q->ord.order == DATE_ORDER_AUTO) {
		qualys_date_ambiguous(q->fatal, q->path, line, s);
		return -1;
	}
	memcpy(out, q->ord.order == DATE_ORDER_MDY ? mdy : dmy, 11);
	return 0;
}

/* Before the real pass, when the user gave no order: the first date that
 * only one order reads decides it; a file none decides that has a date
 * either order reads differently is refused at the first. */
static int
order_find(struct vmdr *q)
{
	static const enum qcol dated[] = { QC_FIRST, QC_LAST };
	struct table t;
	struct csv_record rec;
	struct pw_error e;
	struct look_memo memo[2] = { { .l = L_NONE }, { .l = L_NONE } };
	char dmy[11], mdy[11], amb[64] = "";
	long amb_line = 0;
	int rc;

	if (table_open(&t, q->path, q->data, q->len, q->fatal) != 0) {
		table_close(&t);
		return -1;
	}
	const char *s = t.launch ? t.launch : "";
	enum look l = date_look(&memo[0], s, dmy, mdy);
	if (l == L_DMY || l == L_MDY) {
		order_settle(&q->ord, l, s, t.launch_line, q->path, q->fatal);
		table_close(&t);
		return 0;
	}
	if (l == L_AMBIGUOUS) {
		amb_line = t.launch_line;
		snprintf(amb, sizeof amb, "%s", s);
	}
	while ((rc = csv_next(t.r, &rec, &e)) != 0) {
		passed(q->sink, t.r);
		if (rc < 0 || rec.n != t.ncols)
			continue;
		for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
			if (t.col[dated[i]] < 0)
				continue;
			s = str_trim(rec.fields[t.col[dated[i]]]);
			l = date_look(&memo[i], s, dmy, mdy);
			if (l == L_DMY || l == L_MDY) {
				order_settle(&q->ord, l, s, rec.line, q->path, q->fatal);
				table_close(&t);
				return 0;
			}
			if (l == L_AMBIGUOUS && amb_line == 0) {
				amb_line = rec.line;
				snprintf(amb, sizeof amb, "%s", s);
			}
		}
	}
	table_close(&t);
	if (amb_line) {
		qualys_date_ambiguous(q->fatal, q->path, amb_line, amb);
		return -1;
	}
	return 0;
}

/* The host a row names: its DNS name, else its IP, else its NetBIOS name
 * (clones share one: the sample's three hosts EC2AMAZ-N4OQ6HS). */
static const char *
row_host(const struct vmdr *q, char **f)
{
	static const enum qcol order[] = { QC_DNS, QC_IP, QC_NETBIOS };

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (q->t.col[order[i]] >= 0 && *f[q->t.col[order[i]]])
			return f[q->t.col[order[i]]];
	return NULL;
}

/* The one vendor reference of a row, or NULL when it has none or several. */
static const char *
row_reference(const char *s, size_t *n)
{
	if (*s == '\0' || strchr(s, ',') != NULL)
		return NULL;
	*n = strlen(s);
	return s;
}

static const char empty[] = "";

/* Column c of a row, trimmed; "" when the file has no such column. */
static const char *
cell(const struct vmdr *q, char **f, enum qcol c)
{
	return q->t.col[c] >= 0 ? f[q->t.col[c]] : empty;
}

/* Read one row of findings: put it, skip it (counted) or record its
 * problem. -1 only to stop: fatal set, or the sink said so. */
static int
row_read(struct vmdr *q, const struct csv_record *rec)
{
	char **f = rec->fields, first[11], last[11];
	const char *bad = NULL, *host, *ref;
	size_t bad_len = 0, ref_len = 0;
	struct patch p;
	int kind, df, dl = 0;

	/* Only the columns read: a report has some forty. */
	for (int c = 0; c < QC_COUNT; c++)
		if (q->t.col[c] >= 0)
			f[q->t.col[c]] = str_trim(f[q->t.col[c]]);
	/* Every date, skipped rows' too, keeps to the file's one order. */
	if ((df = read_date(q, &q->memo[0], cell(q, f, QC_FIRST), rec->line,
	    first)) < 0 || (dl = read_date(q, &q->memo[1], cell(q, f, QC_LAST),
	    rec->line, last)) < 0)
		return -1;
	kind = q->t.col[QC_TYPE] >= 0 ? qualys_type(cell(q, f, QC_TYPE)) : QK_PENDING;
	if (kind < 0) {
		pw_diags_add(q->problems, q->path, rec->line, "Type '%.40s' is not "
		    "one Qualys writes (Vuln, Potential, Practice, Ig)",
		    cell(q, f, QC_TYPE));
		return 0;
	}
	if (kind == QK_PENDING && q->t.col[QC_STATUS] >= 0) {
		int st = qualys_status(cell(q, f, QC_STATUS));
		if (st < 0) {
			pw_diags_add(q->problems, q->path, rec->line, "Vuln Status "
			    "'%.40s' is not New, Active, Re-Opened or Fixed",
			    cell(q, f, QC_STATUS));
			return 0;
		}
		kind = st;
	}
	if (kind != QK_PENDING) {
		q->skipped.n[kind]++;
		return 0;
	}
	if (df > 0 || dl > 0) {
		enum qcol c = df > 0 ? QC_FIRST : QC_LAST;
		pw_diags_add(q->problems, q->path, rec->line, "%s '%.40s' is not a "
		    "date", columns[c].names[0], cell(q, f, c));
		return 0;
	}
	if ((host = row_host(q, f)) == NULL) {
		pw_diags_add(q->problems, q->path, rec->line, "no IP, DNS or NetBIOS "
		    "name says which host this is");
		return 0;
	}
	if (!qualys_is_qid(cell(q, f, QC_QID))) {
		pw_diags_add(q->problems, q->path, rec->line, "QID '%.40s' is not a "
		    "number", cell(q, f, QC_QID));
		return 0;
	}
	if (*cell(q, f, QC_SEVERITY) == '\0') {
		pw_diags_add(q->problems, q->path, rec->line, "no Severity");
		return 0;
	}
	if (cve_set_add_cves(&q->cves, cell(q, f, QC_CVE), &bad, &bad_len) != 0) {
		pw_diags_add(q->problems, q->path, rec->line, "CVE ID '%.*s' is not a "
		    "CVE id", (int)(bad_len < 40 ? bad_len : 40), bad);
		free(cve_set_detach(&q->cves));
		return 0;
	}
	patch_init(&p);
	p.line = rec->line;
	p.asset = xstrdup(host);
	if (host != cell(q, f, QC_IP) && *cell(q, f, QC_IP))
		p.asset_ip = xstrdup(cell(q, f, QC_IP));
	ref = row_reference(cell(q, f, QC_VENDOR), &ref_len);
	p.advisory = qualys_advisory(cell(q, f, QC_QID), ref, ref_len);
	patch_set(&p.title, cell(q, f, QC_TITLE), strlen(cell(q, f, QC_TITLE)));
	p.cves = cve_set_detach(&q->cves);
	p.scale = xstrdup("qualys");
	p.source_severity = xstrdup(cell(q, f, QC_SEVERITY));
	memcpy(p.scanned, first[0] ? first : last[0] ? last : q->launch,
	    sizeof p.scanned);
	if (strcasecmp(cell(q, f, QC_CATEGORY), "Security Policy") == 0)
		p.kind = PK_FINDING;
	int rc = q->sink->put(q->sink, &p);
	patch_clear(&p);
	return rc != 0 ? -1 : 0;
}

int
patch_read_qualys_vmdr(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct vmdr q = { .path = path, .data = data, .len = len, .sink = sink,
	    .problems = problems, .fatal = fatal };
	struct csv_record rec;
	int rc, ret = -1;

	q.ord.order = sink->date_order;
	q.ord.user = sink->date_order != DATE_ORDER_AUTO;
	if (!q.ord.user && order_find(&q) != 0)
		return -1;
	if (table_open(&q.t, path, data, len, fatal) != 0)
		goto out;
	if (q.t.launch) {
		int d = read_date(&q, &q.memo[2], q.t.launch, q.t.launch_line,
		    q.launch);
		if (d < 0)
			goto out;
		if (d > 0) {
			pw_error_set(fatal, path, q.t.launch_line, "Launch Date '%.40s' "
			    "is not a date", q.t.launch);
			goto out;
		}
	}
	/* Any width, so the report's footer line is passed over quietly. */
	while ((rc = csv_next_row(q.t.r, path, 0, &rec, problems, fatal)) > 0) {
		passed(sink, q.t.r);
		if (is_footer(&rec) ||
		    csv_row_width(&rec, q.t.ncols, path, problems) != 0)
			continue;
		if (row_read(&q, &rec) != 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	qualys_note_skipped(&q.skipped, sink, path);
	ret = 0;
out:
	table_close(&q.t);
	cve_set_free(&q.cves);
	return ret;
}
