/* The conflict codes: one list, from which the enum, the names, the meanings
 * and the sentences are all made, so that none can disagree with another. */
#ifndef PW_CONFLICT_CODES_H
#define PW_CONFLICT_CODES_H

/*
 * X(CODE, sentence, meaning), one row per code:
 *   CODE      its name: C_CODE in C, "CODE" in output, in acknowledgements
 *             and in fingerprints (so a name, once out, never changes)
 *   sentence  the function that writes one conflict of it in words, defined
 *             in the pass file that raises it (conflicts_internal.h)
 *   meaning   one line, for help and docs
 * Conflicts sort by code in this order; a new code goes where it should sort.
 *
 * An X-macro, not a table in a .c file: the codes have to be an enum of
 * constants (C_COUNT sizes arrays in storage and the TUI, the planner maps
 * its reasons onto them), which a table cannot make; this one list makes the
 * enum here and the tables in conflict_codes.c and conflict_text.c. It names
 * no type, so the planner, below the checker, can use it.
 */
#define CONFLICT_CODES(X)						\
	X(SLA_BREACH, say_sla_breach,					\
	    "an asset is planned to end after its deadline")		\
	X(SLA_AT_RISK, say_sla_at_risk,					\
	    "an asset is planned to end less than at_risk_days before "	\
	    "its deadline, in a window still ahead (a warning)")	\
	X(PROVIDER_OVERLAP, say_provider_overlap,			\
	    "a wave's window overlaps provider maintenance of assets in it") \
	X(DEPENDENCY_MAINTENANCE, say_dependency_maintenance,		\
	    "a wave's window overlaps provider maintenance of what an "	\
	    "asset in it depends on (its depends_on)")			\
	X(FREEZE, say_freeze,						\
	    "a wave's window overlaps a change freeze")			\
	X(OUTSIDE_WINDOW, say_outside_window,				\
	    "an asset is in a window that is not for it, or its work runs " \
	    "outside the window")					\
	X(CLUSTER_DOWN, say_cluster_down,				\
	    "more members of a cluster are down at once (from a "	\
	    "placement's start to its end plus cluster_gap, or in "	\
	    "provider maintenance) than its max_down")			\
	X(CAPACITY, say_capacity,					\
	    "work in a window starts after its cutoff or ends after the "	\
	    "window, or more assets are worked on at once than it has "	\
	    "lanes")							\
	X(STAGE_ORDER, say_stage_order,					\
	    "a wave starts before an earlier stage has ended and soaked") \
	X(REBOOT_NOT_ALLOWED, say_reboot_not_allowed,			\
	    "an asset that needs a reboot is in a window that allows none") \
	X(PROVIDER_OWNED, say_provider_owned,				\
	    "an asset its provider patches (not IaaS or on-premises) is in " \
	    "a wave")							\
	X(UNPLANNED, say_unplanned,					\
	    "a customer-owned asset with pending patches or a pending "	\
	    "reboot is in no wave (no window takes it, or the planner "	\
	    "held it back: why says which)")				\
	X(DST, say_dst,							\
	    "a window starts at a local time that a DST change skips or "	\
	    "repeats that day (a warning)")				\
	X(NOT_RELEASED, say_not_released,				\
	    "an asset is planned to start before the release day (00:00 in " \
	    "the policy's zone) of one of its pending patches")	\
	X(ACCEPTED_RISK, say_accepted_risk,				\
	    "pending patches an exception covers are planned to end after " \
	    "their deadline, or their asset is in no wave: the risk is "	\
	    "accepted until the exception ends (a warning, needing no "	\
	    "acknowledgement)")	\
	X(PAST_WINDOW, say_past_window,					\
	    "a wave's window has ended (before now) while its assets still " \
	    "have the patches and no implemented change covers it")	\
	X(STAGE_STRAGGLER, say_stage_straggler,				\
	    "an asset of a stage with a gate share (gate: 95%) is planned to " \
	    "end after that share of the stage has ended: the next stage "	\
	    "opens without waiting for it (a warning)")

enum conflict_code {
#define CONFLICT_ENUM(code, say, meaning)	C_##code,
	CONFLICT_CODES(CONFLICT_ENUM)
#undef CONFLICT_ENUM
	C_COUNT
};

/* conflict_codes.c */
/* The code's name, "SLA_BREACH"; "?" for a value that is no code. */
const char *conflict_code_name(enum conflict_code);
/* What the code means, in one line; "" for a value that is no code. */
const char *conflict_code_meaning(enum conflict_code);
/* The code of that name (exactly as conflict_code_name writes it); -1 when
 * none has it, or name is NULL. */
int	conflict_code_parse(const char *name);

#endif
