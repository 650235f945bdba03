/* Plan edits as actions: `patchwave edit VERB` and the terminal UI's keys
 * build one struct edit_req and run it here, through the one path every
 * change to the plan takes (store_plan_change): what undo needs is kept
 * first, then the edit, then the check, the baseline and the change records
 * following it, in one transaction. */
#include <stdio.h>
#include <string.h>

#include "action.h"

static const struct edit_verb_info verbs[EV_COUNT] = {
	{ "pin", EV_PIN, "ASSET", "keep the asset where it is when replanning" },
	{ "unpin", EV_UNPIN, "ASSET", "let plan --keep-pinned move it again" },
	{ "remove", EV_REMOVE, "ASSET", "take the asset out of the plan" },
	{ "move", EV_MOVE, "ASSET --wave ID", "move the asset into another wave" },
	{ "move-wave", EV_MOVE_WAVE, "ID --at TIME [--window NAME] [ASSET...]",
	    "move the wave (or only those of its assets) to the window occurrence "
	    "starting at TIME" },
	{ "split", EV_SPLIT, "ID ASSET...", "those assets become a new wave in the "
	    "same window" },
	{ "merge", EV_MERGE, "ID --into ID", "every asset of the first wave joins the "
	    "second (same stage)" },
	{ "undo", EV_UNDO, "", "undo the last edit or plan, whoever made it" },
};

const struct edit_verb_info *
edit_verbs(size_t *n)
{
	*n = EV_COUNT;
	return verbs;
}

const struct edit_verb_info *
edit_verb_lookup(const char *name)
{
	for (size_t i = 0; i < EV_COUNT; i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

struct edit_arg {
	const struct act	*a;
	struct edit_req		*r;
};

/* What undo keeps before the edit changes anything: the assets it names
 * (wherever they are, and their waves) and the waves it changes. */
static int
mark(struct edit_arg *x, struct store *s, struct pw_error *err)
{
	const struct edit_req *r = x->r;
	long long waves[2] = { r->wave, r->into };
	size_t nwaves;

	switch (r->verb) {
	case EV_PIN: case EV_UNPIN: case EV_REMOVE: nwaves = 0; break;
	case EV_MERGE: nwaves = 2; break;
	default: nwaves = 1; break;
	}
	return store_undo_mark(s, r->what, x->a->who, waves, nwaves,
	    r->verb == EV_MERGE ? NULL : r->assets,
	    r->verb == EV_MERGE ? 0 : r->nassets, 0, err);
}

static int
each_asset(struct edit_req *r, struct store *s, struct pw_error *err)
{
	for (size_t i = 0; i < r->nassets; i++) {
		int rc;
		switch (r->verb) {
		case EV_PIN: case EV_UNPIN:
			rc = store_plan_pin(s, r->assets[i], r->verb == EV_PIN, err);
			break;
		case EV_REMOVE:
			rc = store_plan_remove(s, r->assets[i], err);
			break;
		default:
			rc = store_plan_move(s, r->assets[i], r->wave, err);
			break;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
apply(void *arg, struct store *s, struct pw_error *err)
{
	struct edit_arg *x = arg;
	struct edit_req *r = x->r;
	int rc;

	if (r->verb == EV_UNDO)
		return store_undo_pop(s, &r->undone, err);
	if ((rc = mark(x, s, err)) != 0)
		return rc;
	switch (r->verb) {
	case EV_MOVE_WAVE:
		/* Some of its assets: split off into a wave of their own, which
		 * moves (one edit, one undo). */
		if (r->nassets > 0 && (rc = store_wave_split(s, r->wave, r->assets,
		    r->nassets, &r->made, err)) != 0)
			return rc;
		return store_wave_move(s, r->nassets > 0 ? r->made : r->wave, r->slot, err);
	case EV_SPLIT:
		return store_wave_split(s, r->wave, r->assets, r->nassets, &r->made, err);
	case EV_MERGE:
		return store_wave_merge(s, r->into, r->wave, err);
	default:
		return each_asset(r, s, err);
	}
}

int
act_edit(const struct act *a, struct edit_req *r, struct checked *k,
    struct pw_diags *warn, struct pw_error *err)
{
	struct edit_arg x = { a, r };
	char what[96];

	memset(k, 0, sizeof *k);
	r->made = 0;
	r->undone = NULL;
	memset(&r->redrafted, 0, sizeof r->redrafted);
	memset(&r->drafts, 0, sizeof r->drafts);
	if (r->verb >= EV_COUNT || (r->verb == EV_MOVE_WAVE && r->slot == NULL) ||
	    ((r->verb <= EV_MOVE || r->verb == EV_SPLIT) && r->nassets == 0)) {
		pw_error_set(err, NULL, 0, "edit %s: %s", r->verb < EV_COUNT ?
		    verbs[r->verb].name : "?", r->verb == EV_MOVE_WAVE ?
		    "to which window occurrence?" : "which assets?");
		return STORE_REFUSED;
	}
	if (r->what == NULL) {
		snprintf(what, sizeof what, "%s", verbs[r->verb].name);
		r->what = what;
	}
	/* Undo too: undoing an edit made before a change was approved would
	 * send it back to draft; after an edit --force sent one there, undo
	 * sends none (it is a draft already) and is not refused. */
	struct plan_change c = { r->what, r->expect, apply, &x, NULL, r->force, { 0 } };
	int rc = store_plan_change(a->store, &c, k, warn, err);
	r->redrafted = c.redrafted;
	if (rc == STORE_OK && r->verb == EV_UNDO &&
	    store_changes_redrafted(a->store, &r->drafts, err) != 0)
		buf_free(&r->drafts);	/* a listing: the undo is done */
	if (r->what == what)
		r->what = NULL;
	return rc;
}
