/* What the Tenable readers share (import-internal): the .nessus file and the
 * CSV exports of Nessus, Tenable.sc and Tenable VM list findings per plugin
 * and port (and, in Nessus's CSV, per CVE), while patchwave keeps one patch
 * per host and plugin. Each reader hands its items (a ReportItem, a row) to
 * a tn_file, which checks them, merges those of one host and plugin (all
 * their CVEs, the highest severity) and puts the merged patches at the end
 * in the order they first appeared: every format reads to the same set,
 * which tests/test_patch_tenable.c compares. docs/formats.md ("Tenable")
 * says the rules. */
#ifndef PW_TENABLE_H
#define PW_TENABLE_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "patches.h"

/* One finding as a reader found it; every string borrowed, NULL or "" when
 * the source has none. */
struct tn_item {
	const char	*asset;		/* the host, as the reader chose its name */
	const char	*asset_ip;	/* its IP beside a DNS name, or NULL:
					   tried when the name matches no asset */
	const char	*plugin;	/* the plugin id (digits) */
	const char	*title;		/* the plugin's name */
	const char	*severity;	/* as written: 0-4, None/Info/Low/.../Critical */
	const char	*cves;		/* CVE ids: a JSON list, or separated by
					   commas, semicolons or white space */
	const char	*released;	/* the patch publication date */
	const char	*scanned;	/* the scan's date */
	int		 installs;	/* its Solution names something to
					   install (tn_installs()) */
	const char	*family;	/* the plugin family */
	const char	*state;		/* Tenable VM's state (FIXED is no longer
					   pending) */
	int		 kb;		/* names a Microsoft KB (MSKB) */
	long		 line;		/* where the item starts */
	long		 released_line;	/* the date's own line, 0: line */
};

struct tn_rec;
struct tn_date;

/* Strings met many times (hosts, plugins, titles, severities), kept once
 * and named by index. */
struct tn_strs {
	struct strmap	 map;
	char		**v;
	size_t		 n, cap;
};

/* The file being read: its merged patches so far. */
struct tn_file {
	const char		*path;
	struct patch_sink	*sink;
	struct pw_diags		*problems;
	const char		*info_words;	/* what informational items are
						   called: "severity 0" */
	const char		*host_words;	/* where the host would be:
						   "Host is empty" */
	struct tn_rec		*v;
	size_t			 n, cap;
	struct tn_strs		 hosts, plugins, titles, severities;
	struct strmap		 keys;		/* host:plugin -> index */
	struct strmap		 cves;		/* index:CVE of records with
						   many CVEs: each once */
	size_t			 ncves;
	/* Dates as read, by their text: a scan repeats each plugin's date
	 * on every host it is found on. */
	struct strmap		 date_map;
	struct tn_date		*dates;
	size_t			 ndates, capdates;
	struct buf		 scratch;
	size_t			 informational, fixed;
	/* The dates' order, as the file settles it: the first date only one
	 * reading fits, and the first that either would. */
	long			 dmy_line, mdy_line, ambiguous_line;
	char			 ambiguous[24];
};

void	tn_init(struct tn_file *, const char *path, struct patch_sink *,
	    struct pw_diags *problems, const char *info_words,
	    const char *host_words);
/* Check an item and merge it into its host's patch for the plugin: a
 * problem (no host, no plugin id, a date or CVE that is not one) goes to
 * problems at the item's line and the item is dropped; informational and
 * fixed items are counted. -1 with fatal set when the file's dates are both
 * day/month and month/day. */
int	tn_add(struct tn_file *, const struct tn_item *, struct pw_error *fatal);
/* Settle ambiguous dates, put every merged patch (the sink's put, then
 * cleared) and add the notes of skipped items. -1 when a date stays
 * ambiguous (fatal set) or a put fails. */
int	tn_finish(struct tn_file *, struct pw_error *fatal);
void	tn_free(struct tn_file *);
/* Does a Solution name something to install ("Upgrade to", "Apply the
 * patch", "Microsoft has released KB...")? Read as it comes, so the text
 * is never kept. */
int	tn_installs(const char *solution);

#endif
