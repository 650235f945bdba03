/* The terminal UI's shared state: what the frame and every view read (the
 * environment, the current view, the message line and prompt, the shown
 * zone, the plan's data, its calendars and its check), and the small API they
 * change it through. Below the views and the frame: it calls neither. What a
 * view asks of the frame (go to another view, run a command line) it asks
 * here, and the frame does it when the key is handled. */
#ifndef PW_TUI_STATE_H
#define PW_TUI_STATE_H

#include <stdint.h>
#include <stdio.h>

#include "../action/action.h"
#include "../model/patch.h"
#include "agenda.h"
#include "draw.h"
#include "keys.h"
#include "lineedit.h"
#include "list.h"
#include "pager.h"
#include "pane.h"
#include "picker.h"
#include "tui.h"

enum prompt_kind {
	PROMPT_NONE, PROMPT_SEARCH, PROMPT_FILTER, PROMPT_COMMAND, PROMPT_ACK,
	PROMPT_CONFIRM, PROMPT_ZONE, PROMPT_CHANGE, PROMPT_DECIDE,
	PROMPT_YESNO	/* one key, y or not, for the view: the question in msg */
};

/* What changed since the views last caught up (struct tui's changed; the
 * frame hands it to each view's reload). */
enum {
	CH_DATA = 1,		/* tui_load: the plan's data */
	CH_CHECK = 2,		/* the check was dropped or replaced */
	CH_ZONE = 4,		/* the zone times are shown in */
	CH_CALENDARS = 8	/* the policy and calendars */
};

/* Where tui_goto goes in a view: a wave (Plan), an asset by key (in the open
 * wave, or in Assets). */
struct tui_target {
	long long	 wave;		/* 0: none */
	char		*key;		/* NULL: none; owned */
};

struct tui {
	struct tui_env	 env;
	struct screen	 scr;		/* size, colours, the shown zone */
	enum tui_view	 view;		/* the current view */
	void		*view_state[VIEW_COUNT];	/* each view's own struct
					   (views.h), its contents the view's */
	struct pane	 pane;		/* ? help or a command's output, when up */
	int		 quit;
	int		 zone_mode;	/* z: 0 the operator's zone, 1 UTC, 2 other */
	char		 other_zone[64];/* Z: another zone, by IANA name */
	char		 msg[256];	/* the message line */
	int		 msg_error;

	/* the prompt on the message line */
	enum prompt_kind prompt;
	char		 ask[64];	/* a view's question before the input */
	struct line	 line;		/* the input, edited (lineedit.h) */
	struct history	 history;	/* the : prompt's command lines */
	char		 search[256];	/* the last search, for n/N */

	/* over every view */
	struct picker	 pick;		/* the modal list, when up (edit.c fills it) */
	struct selection sel;		/* assets picked with Space (Plan, Assets) */
	struct plan_data *replan;	/* P: a plan made, awaiting y (edit.c) */
	struct plan	*replan_plan;
	struct edit_pending *pending;	/* an edit awaiting y: it sends a
					   change back to draft (edit.c) */

	/* asked of the frame, done when the key is handled */
	int		 go;		/* tui_goto: go to go_view (at go_to) */
	enum tui_view	 go_view;
	struct tui_target go_to;
	char		**cli;		/* tui_cli: a command line (owned), or NULL */
	int		 ncli;
	char		*cli_echo;	/* how it was typed (owned), or NULL */
	int		 changed;	/* CH_*: the views have not caught up */
	/* The frame's redraw, for tui_busy; NULL without a terminal (the unit
	 * tests drive the views without one). */
	void		(*redraw)(const struct tui *);
	FILE		*timings;	/* PATCHWAVE_TUI_TIMINGS, or NULL: tui_busy
					   writes each progress line drawn */

	/* data every view reads */
	long long	 plan_version;	/* the plan as the screen shows it */
	long		 nassets, nowned;
	long		 sev[SEV_COUNT];
	struct agenda_wave *waves;	/* stored waves, start order (strings owned) */
	size_t		 nwaves;
	int64_t		 plan_now;	/* the stored plan's --now; 0: none */
	long		 counted_at;	/* not checked: the counts are the last
					   plan's or edit's, saved then (UTC s) */
	struct policy	*policy;	/* the policy and calendars (Calendar, the
					   Plan's timeline), loaded at open */
	int		*lanes;		/* per policy window (store_window_lanes) */
	struct calendar	*cals;
	size_t		 ncals;
	int		 cals_loaded;
	struct agenda_keep cal_keep;	/* their occurrences over a span */

	/* the check */
	struct checked	*k;		/* the stored plan checked, when checked */
	int		 checked;
	int		 checking;	/* a check is running: no counts to show */
	size_t		*asset_conflicts;	/* per asset index (checked) */
	int64_t		*fps;		/* per conflict (checked) */
	struct ack	*acks;		/* acknowledgements, by fingerprint */
	size_t		 nacks;
	size_t		 nerr, nwarn, by_code[C_COUNT][2];
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
/* Open the prompt on the message line, empty; ask (copied) goes before the
 * input (NULL: the prompt's own label). */
void	tui_prompt(struct tui *, enum prompt_kind, const char *ask);
/* The zone times are shown in (z, Z): its name. */
const char *tui_zone_name(const struct tui *);
/* Show times in the operator's zone (0), UTC (1) or other_zone (2). */
void	tui_zone_set(struct tui *, int mode);
/* Go to a view: at a wave or an asset's key (copied), or as it was (0,
 * NULL). The one way from a view to another; the frame opens it when the
 * key is handled. */
void	tui_goto(struct tui *, enum tui_view, long long wave, const char *key);
/* Run a CLI command line (copied) with the terminal handed to it, when the
 * key is handled; then everything is loaded again. */
void	tui_cli(struct tui *, int argc, char *const *argv);
/* The same for a command a key runs: its times in the zone shown (z), --tz
 * before it when that is not the operator's. */
void	tui_cli_shown(struct tui *, int argc, char *const *argv);
/* Move p's cursor to the next (dir 1) or previous (-1) asset matching text;
 * the message line says when there is none. */
void	tui_find(struct tui *, struct pager *p, const char *text, int dir);

/* Load (again) what every view reads: the plan's version, the counts, the
 * waves; with check, run the checker too (else the counts the last plan or
 * edit saved, when not checked). 0, or -1 with the message line set. */
int	tui_load(struct tui *, int check);
/* Run the checker on the stored plan and count what it found. */
int	tui_check(struct tui *);
/* Take a fresh check (heap, from an edit) as the current one. */
void	tui_adopt(struct tui *, struct checked *);
/* The policy and calendars: loaded once (0, or -1 with the message line
 * set); unloaded when a command may have changed them. */
int	tui_calendars_load(struct tui *);
void	tui_calendars_unload(struct tui *);
/* Free what the shared state holds (not the views'). */
void	tui_state_free(struct tui *);

#endif
