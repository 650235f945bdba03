/* The CAB approval pack: change records as files people read, file and
 * import. Every file is a pure function of the records and the options, so
 * the same database gives the same bytes. Untrusted text leaves escaped for
 * where it lands (util/escape.h). */
#ifndef PW_EXPORT_H
#define PW_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../model/error.h"
#include "../model/sla_report.h"
#include "../storage/changes.h"
#include "../util/buf.h"

struct export_opts {
	int64_t		 generated;	/* the pack's time (--now, SOURCE_DATE_EPOCH) */
	const char	*zone;		/* times for people are shown in it */
	const char	*database;	/* named in the pack (may be NULL) */
	const char	*audit_head;	/* "SEQ:SHA256", the audit log's newest
					   entry when the pack was read: the
					   anchor for a later audit verify
					   --anchor (may be NULL) */
	unsigned	 mode;		/* the files' mode (0: 0600); the folder
					   gets x where the files have r */
};

/* One change as a JSON object, fields named as ServiceNow's change_request
 * names them where it has one (docs/formats.md). */
void	export_change_json(struct buf *, const struct change_rec *, int pretty);

/* Each file of the pack into a buffer. */
void	export_json(struct buf *, const struct change_rec *, size_t n,
	    const struct export_opts *);
void	export_csv(struct buf *, const struct change_rec *, size_t n);
void	export_md(struct buf *, const struct change_rec *, const struct export_opts *);
void	export_ics(struct buf *, const struct change_rec *, size_t n,
	    const struct export_opts *);
void	export_html(struct buf *, const struct change_rec *, size_t n,
	    const struct export_opts *);

/* provider_moves.c */
/* One movable provider event to move into our window. */
struct provider_move_row {
	const char	*asset;		/* its key */
	const char	*instance;	/* the provider's id for it: instance_id,
					   else the key */
	const char	*event;		/* the provider's id for the event */
	const char	*summary;
	int64_t		 occurs;	/* when it starts now */
	int64_t		 latest;	/* the latest start the provider allows */
	int64_t		 at;		/* the start to ask for */
	const char	*window;
	long long	 wave;		/* 0: none there yet */
};
/* The shell script asking each provider to move its event: an EC2 event by
 * aws ec2 modify-instance-event-start-time, a GCE instance's by gcloud
 * compute instances perform-maintenance (live once its time has come,
 * commented out before), any other named in a comment. */
void	export_provider_moves(struct buf *, const struct provider_move_row *,
	    size_t n, const struct export_opts *);

/* sla_html.c */
/* The SLA report (report sla --format html) as one self-contained page:
 * inline CSS and SVG charts, no script; by is the --by column or NULL. */
void	export_sla_html(struct buf *, const struct sla_report *, const char *by,
	    const struct export_opts *);

/* Write the whole pack as the folder dir: index.html, CHG-*.md,
 * changes.csv, changes.json, approved-windows.ics and SHA256SUMS, files
 * 0600 (or o->mode) in a folder 0700 (x where the files have r). It is built
 * beside dir and swapped in whole (export/outdir.h: a previous pack's files
 * go, anything else there is refused, a failure changes nothing). *files
 * counts what was written. */
int	export_pack(const char *dir, const struct change_rec *, size_t n,
	    const struct export_opts *, size_t *files, struct pw_error *);

#endif
