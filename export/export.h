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
#include "../storage/exec.h"
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
	int		 allow_as;	/* the policy lets, or once let,
					   anyone act as anyone (cab:
					   allow_as): the names in the pack
					   prove nothing, and it says so */
};

/* What a pack says when its database's policy has, or had, cab: allow_as. */
#define ALLOW_AS_WORDS	"Not evidence of who decided: the policy lets, or once " \
	"let, anyone act as anyone (cab: allow_as, for demos and tests), so the " \
	"names in this pack are whatever was typed after --as."

/* What a pack says of a change's record digest: held to its submission's
 * audit entry, or (record_unlogged) submitted under an older patchwave
 * whose entry logged none. */
#define RECORD_LOGGED_WORDS	"a submitted change's is the one its " \
	"submission's audit entry hashed: checked before this pack was written"
#define RECORD_UNLOGGED_WORDS	"submitted before submissions logged their " \
	"record: held to nothing, it says only what the database holds now"

/* One change as a JSON object, fields named as ServiceNow's change_request
 * names them where it has one (docs/formats.md). */
void	export_change_json(struct buf *, const struct change_rec *, int pretty);

/* Changes verified after their windows (`verify --format json`): an array,
 * each with what --apply did (applied[i], NULL: nothing) and the fields the
 * pack's post-implementation review has. */
void	export_verified_json(struct buf *, const struct change_verified *, size_t n,
	    const char *const *applied);

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

/* exec.c: exports for carrying out approved changes (docs/formats.md). */
/* prefix, then id with every byte but [A-Za-z0-9_] as '_': an Ansible
 * group name (CHG-2026-0001: patchwave_change_CHG_2026_0001). */
void	exec_group_name(struct buf *, const char *prefix, const char *id);
/* Why Ansible would not take an asset key as one host's name as it is, or
 * NULL when it does: empty, a leading '-' (ssh would read the name as an
 * option), '[' or ']' (a range), one ':' (a port), a Jinja delimiter
 * (exec_jinja: a playbook's {{ inventory_hostname }} would run it), or a
 * group's name (all, ungrouped, patchwave_wave_*, patchwave_change_*). */
const char *exec_ansible_name_why(const char *key);
/* Whether s holds one of Jinja's opening delimiters {{ {% {#. */
int	exec_jinja(const char *s);
/* The YAML inventory: a group per wave (its hosts, their vars) and per
 * change (its waves' groups). 1 when a key is no name Ansible keeps. */
int	export_ansible(struct buf *, const struct change_rec *, size_t n,
	    const struct exec_wave *, size_t nw, const struct export_opts *,
	    struct pw_error *);
/* The waves of w that have not started by now (o->generated) first, in
 * their order, then those that have (a schedule made for one would never
 * run); returns how many are ahead. Each started one is a line appended to
 * skipped: "skipped wave ID of CHG (window W): it started at TIME, ..."
 * with times in o->zone, tool (SSM, AWX) naming what would not run it. */
size_t	exec_waves_ahead(struct exec_wave *, size_t nw, const struct export_opts *,
	    const char *tool, struct buf *skipped);
/* A wave as SSM counts it: *duration its whole hours (rounded up), *cutoff
 * the hours before its end in which no task starts, so none starts after
 * the wave's last start. 1 (err says why) when longer than 24 h or with
 * no whole hour to start work in. */
int	exec_ssm_hours(const struct exec_wave *, int *duration, int *cutoff,
	    struct pw_error *);
/* The folder dir (export/outdir.h): per wave wave-ID-window.json,
 * wave-ID-targets-N.json (SSM instance ids, 50 a file) and/or
 * wave-ID-targets-tag.json (tag:patchwave-wave=ID, for hosts without an
 * SSM instance id), wave-ID-task.json, and run.sh making them in order.
 * Every wave is checked first (not started by now, exec_waves_ahead's
 * to pass; hours SSM can hold): 1 when one is refused, nothing written. */
int	export_ssm(const char *dir, const struct exec_wave *, size_t nw,
	    const struct export_opts *, size_t *files, struct pw_error *);
/* AWX schedules, one a wave, as a JSON list for its API; 1 (nothing
 * written) when a wave starts at or before now, as export_ssm. */
int	export_awx(struct buf *, const struct exec_wave *, size_t nw,
	    const struct export_opts *, struct pw_error *);

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
