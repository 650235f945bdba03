/* List movement and selection (see list.h). */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "list.h"

/* Scroll so the cursor is on screen, and never past the last page. */
static void
settle(struct list_state *l)
{
	size_t rows = l->rows > 0 ? (size_t)l->rows : 1;

	if (l->count == 0) {
		l->cursor = l->top = 0;
		return;
	}
	if (l->cursor >= l->count)
		l->cursor = l->count - 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + rows)
		l->top = l->cursor - rows + 1;
	if (l->count > rows && l->top > l->count - rows)
		l->top = l->count - rows;
	if (l->count <= rows)
		l->top = 0;
}

void
list_set_rows(struct list_state *l, int rows)
{
	l->rows = rows > 0 ? rows : 1;
	settle(l);
}

void
list_set_count(struct list_state *l, size_t count)
{
	l->count = count;
	settle(l);
}

static size_t
back(size_t at, size_t n)
{
	return at > n ? at - n : 0;
}

void
list_move(struct list_state *l, enum list_move m)
{
	size_t rows = l->rows > 0 ? (size_t)l->rows : 1, half = rows / 2 ? rows / 2 : 1;

	if (l->count == 0)
		return;
	switch (m) {
	case LM_UP:
		l->cursor = back(l->cursor, 1);
		break;
	case LM_DOWN:
		l->cursor++;
		break;
	case LM_PGUP:	/* a page up, the cursor keeping its place on screen */
		l->top = back(l->top, rows);
		l->cursor = back(l->cursor, rows);
		break;
	case LM_PGDN:
		l->top += rows;
		l->cursor += rows;
		break;
	case LM_HALF_UP:
		l->top = back(l->top, half);
		l->cursor = back(l->cursor, half);
		break;
	case LM_HALF_DOWN:
		l->top += half;
		l->cursor += half;
		break;
	case LM_TOP:
		l->cursor = l->top = 0;
		break;
	case LM_BOTTOM:
		l->cursor = l->count - 1;
		break;
	}
	if (l->cursor >= l->count)
		l->cursor = l->count - 1;
	settle(l);
}

void
list_goto(struct list_state *l, size_t index)
{
	l->cursor = index;
	settle(l);
}

void
list_scroll(struct list_state *l, long delta)
{
	size_t rows = l->rows > 0 ? (size_t)l->rows : 1;

	if (delta < 0)
		l->top = back(l->top, (size_t)-delta);
	else
		l->top += (size_t)delta;
	if (l->count > rows && l->top > l->count - rows)
		l->top = l->count - rows;
	if (l->count <= rows)
		l->top = 0;
	if (l->cursor < l->top)
		l->cursor = l->top;
	if (l->cursor >= l->top + rows)
		l->cursor = l->top + rows - 1;
	settle(l);
}

int
list_command(struct list_state *l, enum tui_cmd cmd)
{
	static const struct { enum tui_cmd cmd; enum list_move m; } map[] = {
		{ CMD_UP, LM_UP }, { CMD_DOWN, LM_DOWN }, { CMD_PGUP, LM_PGUP },
		{ CMD_PGDN, LM_PGDN }, { CMD_HALF_UP, LM_HALF_UP },
		{ CMD_HALF_DOWN, LM_HALF_DOWN }, { CMD_TOP, LM_TOP },
		{ CMD_BOTTOM, LM_BOTTOM },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].cmd == cmd) {
			list_move(l, map[i].m);
			return 1;
		}
	return 0;
}

/* The index of the first id >= id. */
static size_t
lower(const struct selection *s, long long id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
sel_toggle(struct selection *s, long long id)
{
	size_t i = lower(s, id);

	if (i < s->n && s->v[i] == id) {
		memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof *s->v);
		s->n--;
		return;
	}
	s->v = xgrow(s->v, &s->cap, s->n, sizeof *s->v);
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof *s->v);
	s->v[i] = id;
	s->n++;
}

int
sel_has(const struct selection *s, long long id)
{
	size_t i = lower(s, id);

	return i < s->n && s->v[i] == id;
}

void
sel_clear(struct selection *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
