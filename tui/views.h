/* The views: one file each (view_*.c), one row each in the frame's table
 * (app.c). Each keeps its own state in its own struct, declared here so the
 * unit tests can read it; only its file changes it. The frame calls a view
 * only through its row; a view calls state.h's API and what lies below it
 * (draw.c, list.c, pager.c, agenda.c, edit.c), never the frame or another
 * view: it goes to another view with tui_goto. */
#ifndef PW_TUI_VIEWS_H
#define PW_TUI_VIEWS_H

#include "../model/change.h"
#include "../model/verify.h"
#include "../util/buf.h"
#include "state.h"

/* A view's list as the mouse sees it: which one, and the screen row its
 * first line is drawn on (the view draws it from the same row). */
struct view_list {
	struct list_state	*ls;	/* NULL: none */
	int			 y;
};

/* A row of the frame's table. Only name, size, key and draw are required.
 * Drawing reads the state it is given (const) and changes nothing: what it
 * shows was loaded by open, reload, layout or key. */
struct view_ops {
	const char	*name;		/* in the title bar and the help */
	size_t		 size;		/* its state struct: the frame allocates
					   it zeroed and frees it */
	/* Set up the state, once (the shared state is zeroed, the zone set);
	 * free what the state holds (not the struct itself). */
	void		(*init)(struct tui *);
	void		(*free)(struct tui *);
	/* It became the current view (tui_goto), at a target or as it was
	 * (NULL): load what it shows. */
	void		(*open)(struct tui *, const struct tui_target *);
	/* The shared state changed (CH_* flags): catch up with it. */
	void		(*reload)(struct tui *, int changed);
	/* After each key and on a resize: fit its lists to the screen and fetch
	 * the rows they show. */
	void		(*layout)(struct tui *);
	/* Its list (the mouse clicks and scrolls it). */
	struct view_list (*list)(struct tui *);
	/* A command in this view: 1 when it used it. */
	int		(*key)(struct tui *, enum tui_cmd);
	/* Its body, between the title and the message line. */
	void		(*draw)(const struct tui *);
	/* A prompt it opened (search, filter, ack, change, decide) was
	 * answered with input. */
	void		(*prompt_done)(struct tui *, enum prompt_kind, const char *input);
	/* The picker it opened picked a line. */
	void		(*picked)(struct tui *, const struct pick *);
};

/* view_overview.c */
struct view_overview {
	struct list_state	 waves;		/* the next waves */
	/* The change records: how many in each state, and of the approved
	 * ones whose windows have ended (act_verify's), how many the scans
	 * say are patched, failed or not known yet. */
	size_t			 nstate[CS_COUNT];
	size_t			 nverdict[VV_UNKNOWN + 1];	/* by enum verify_verdict */
	size_t			 nverify;
};
extern const struct view_ops view_overview_ops;

/* view_plan.c */
struct view_plan {
	struct list_state	 waves;		/* the waves */
	int			 wave_open;	/* a wave's assets shown */
	struct pager		 wave;		/* its assets */
	long long		 change_wave;	/* c: the wave a change is made from */
	int64_t			 from, to;	/* the time axis: the waves' span */
	struct agenda		 ag;		/* maintenance and freezes on it */
	int			 ag_valid;
	int64_t			 today;		/* the clock when the axis was set */
	size_t			(*counts)[2];	/* per t->waves: errors, warnings
						   (NULL: not checked) */
};
extern const struct view_ops view_plan_ops;

/* view_calendar.c */
struct view_calendar {
	long			 day;		/* the first day shown (days since
						   1970-01-01, in the shown zone) */
	int			 month;		/* a month, not a week */
	struct agenda		 ag;		/* the period shown */
	int64_t			 ag_from, ag_to;
	int			 ag_valid;
};
extern const struct view_ops view_calendar_ops;

/* view_assets.c */
/* The asset under the cursor, whole, for the detail pane. */
struct asset_detail {
	char		*key;		/* the asset loaded; NULL: none */
	int		 lines;		/* the screen's height it was loaded for */
	int		 found;
	char		 why[512];	/* not found: why not */
	struct asset	 a;		/* found: the asset */
	char		**patches;	/* its pending patches, a line each */
	size_t		 npatches;	/* kept: as many as the screen has rows */
	size_t		 npending;	/* all of them */
	struct buf	 plan;		/* from the check: its deadline, slack,
					   conflicts and why, lines (escaped) */
};
struct view_assets {
	struct pager		 p;		/* the active assets (filtered) */
	int			 detail;	/* the detail pane (the asset's page)
						   is up */
	int			 from_wave;	/* opened from a wave (Enter in Plan):
						   Esc goes back there */
	char			 filter[160];	/* the filter shown: field=value */
	int			 hscroll;	/* columns scrolled off after the
						   hostname (h/l) */
	struct asset_detail	 d;
};
extern const struct view_ops view_assets_ops;

/* view_conflicts.c */
struct view_conflicts {
	struct list_state	 ls;		/* the conflicts shown */
	size_t			*shown, nshown;	/* those passing the filter: indexes
						   into the check's */
	int64_t			*base;		/* the baseline (conflicts --new:
						   not in it is new), ascending */
	size_t			 nbase;
	int			 only_new;	/* f: the filter */
	int			 code;		/* -1: any */
	long long		 wave;		/* 0: any */
	struct proposal		 prop[3];	/* w: the picker's proposals */
	size_t			 nprop, prop_of;
};
extern const struct view_ops view_conflicts_ops;

/* view_changes.c */
/* A change record as the Changes view lists it. */
struct change_row {
	char			*number, *title, *requested_by;
	enum change_state	 state;
	enum change_level	 risk;
	int64_t			 planned_start;
	int			 round;
	/* Verified after its windows (act_verify), an approved, implemented
	 * or failed change whose windows have ended: assets per outcome. */
	int			 verified;
	size_t			 counts[VO_COUNT];
	/* Submitted or approved: this round's approvals of the quorum (0:
	 * not shown). */
	size_t			 approvals;
	int			 quorum;
	char			*sources;	/* verified: the unrescanned patches' */
};
struct view_changes {
	struct change_row	*v;		/* loaded when shown */
	size_t			 n, cap;
	int			 loaded;
	struct list_state	 ls;
	int			 decide;	/* the enum change_action asked for */
};
extern const struct view_ops view_changes_ops;

#endif
