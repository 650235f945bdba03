/* The terminal UI's shared state: what the frame and every view read (the
 * environment, the current view, the message line and prompt, the shown
 * zone, the plan's data and its check), and the small API they change it
 * through. Below the views and the frame; it calls neither. */
#ifndef PW_TUI_STATE_H
#define PW_TUI_STATE_H

#include <stdint.h>

#include "../action/action.h"
#include "../model/change.h"
#include "../model/patch.h"
#include "../storage/browse.h"
#include "agenda.h"
#include "draw.h"
#include "keys.h"
#include "list.h"
#include "pager.h"
#include "picker.h"
#include "tui.h"

enum prompt_kind {
	PROMPT_NONE, PROMPT_SEARCH, PROMPT_FILTER, PROMPT_COMMAND, PROMPT_ACK,
	PROMPT_CONFIRM, PROMPT_ZONE, PROMPT_CHANGE, PROMPT_DECIDE
};

/* A change record as the Changes view lists it. */
struct change_row {
	char			*number, *title, *requested_by;
	enum change_state	 state;
	enum change_level	 risk;
	int64_t			 planned_start;
	int			 round;
};

struct tui {
	struct tui_env	 env;
	/* The frame's redraw, for tui_busy; NULL without a terminal (the unit
	 * tests drive the views without one). */
	void		(*redraw)(struct tui *);
	struct screen	 scr;		/* size, colours, the shown zone */
	enum tui_view	 view;
	int		 help;		/* the help overlay is up */
	int		 quit;
	int		 zone_mode;	/* z: 0 the operator's zone, 1 UTC, 2 other */
	char		 other_zone[64];/* Z: another zone, by IANA name */
	char		 msg[256];	/* the message line */
	int		 msg_error;

	/* the prompt on the message line */
	enum prompt_kind prompt;
	char		 input[256];
	size_t		 ilen;
	char		 search[256];	/* the last search, for n/N */

	/* edits */
	struct picker	 pick;
	struct plan_data *replan;	/* a plan made, awaiting y */
	long long	 change_wave;	/* c: the wave a change is made from */
	long long	 plan_version;	/* the plan as the screen shows it */
	struct plan	*replan_plan;
	struct ack	*acks;		/* acknowledgements, by fingerprint */
	size_t		 nacks;
	int64_t		*fps;		/* per conflict (checked) */

	/* data every view reads */
	long		 nassets, nowned;
	long		 sev[SEV_COUNT];
	struct agenda_wave *waves;	/* stored waves, start order (strings owned) */
	size_t		 nwaves;
	struct checked	*k;		/* the stored plan checked, when checked */
	int		 checked;
	size_t		*asset_conflicts;	/* per asset index (checked) */
	size_t		 nerr, nwarn, by_code[C_COUNT][2];
	long		 counted_at;	/* not checked: the counts are the last
					   plan's or edit's, saved then (UTC s) */

	/* per view */
	struct list_state ov;		/* overview: the next waves */
	struct list_state pl;		/* plan: waves */
	int		 wave_open;	/* plan: a wave's assets shown */
	struct pager	 wave;		/* its assets */
	struct pager	 assets;	/* assets view */
	int		 detail;	/* assets: the detail pane is up */
	struct selection sel;		/* assets picked with Space */
	struct list_state cf;		/* conflicts */
	long		 cal_day;	/* calendar: the first day shown (days
					   since 1970-01-01, in the shown zone) */
	int		 cal_month;
	struct policy	*cal_policy;	/* loaded on first use */
	struct calendar	*cal_cals;
	size_t		 cal_ncals;
	int		 cal_loaded;
	struct agenda	 cal_ag;	/* the period shown, made once per period */
	int64_t		 cal_ag_from, cal_ag_to;
	int		 cal_ag_valid;
	struct agenda	 plan_ag;	/* the plan's axis: maintenance, freezes */
	int64_t		 plan_ag_from, plan_ag_to;
	int		 plan_ag_valid;
	struct change_row *changes;	/* changes: loaded when shown */
	size_t		 nchanges, capchanges;
	int		 changes_loaded;
	struct list_state ch;
	int		 decide_action;	/* the enum change_action asked for */
};

/* Long work: the message line says so (Ctrl-C cancels) before it starts;
 * tui_cancelled() says whether Ctrl-C came meanwhile, and forgets it. The
 * flag stops SQL (store_cancel_on) and the planner (plan_input.cancel). */
void	tui_busy(struct tui *, const char *what);
int	tui_cancelled(void);
const volatile int *tui_cancel_flag(void);
/* Ctrl-C came (the frame's signal handler: async-signal-safe). */
void	tui_interrupt(void);
/* The actions' context: the store, the operator, the clock, Ctrl-C. */
struct act tui_act(const struct tui *);
void	tui_msg(struct tui *, int error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Open the prompt on the message line, empty. */
void	tui_prompt(struct tui *, enum prompt_kind);
/* The zone times are shown in (z, Z): its name. */
const char *tui_zone_name(const struct tui *);
/* Show times in the operator's zone (0), UTC (1) or other_zone (2). */
void	tui_zone_set(struct tui *, int mode);
/* Load (again) what every view reads: the plan's version, the counts, the
 * waves; with check, run the checker too (else the counts the last plan or
 * edit saved, when not checked). 0, or -1 with the message line set. */
int	tui_load(struct tui *, int check);
/* Run the checker on the stored plan and count what it found. */
int	tui_check(struct tui *);
/* Take a fresh check (heap, from an edit) as the current one. */
void	tui_adopt(struct tui *, struct checked *);
/* Free what tui_load and tui_adopt hold. */
void	tui_state_free(struct tui *);

#endif
