/* The modal list (see picker.h). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "picker.h"

void
picker_clear(struct picker *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->ids);
	memset(p, 0, sizeof *p);
}

void
picker_add(struct picker *p, long long id, const char *line)
{
	p->lines = xrealloc(p->lines, (p->n + 1) * sizeof *p->lines);
	p->ids = xrealloc(p->ids, (p->n + 1) * sizeof *p->ids);
	p->lines[p->n] = xstrdup(line);
	p->ids[p->n++] = id;
}

void
picker_ready(struct picker *p, int rows)
{
	list_set_rows(&p->ls, rows);
	list_set_count(&p->ls, p->n);
}

void
picker_draw(const struct picker *p, const struct screen *s)
{
	int w = s->cols - 10, y = 3, x = 5;

	draw_attr_on(s, COL_TITLE);
	for (int i = 0; i < p->ls.rows + 4; i++)
		mvhline(y + i, x, ' ', w);
	draw_put(y, x + 1, w - 2, p->title);
	if (p->legend[0])
		draw_put(y + 1, x + 1, w - 2, p->legend);
	draw_attr_off(s, COL_TITLE);
	for (int r = 0; r < p->ls.rows; r++) {
		size_t i = p->ls.top + (size_t)r;
		if (i >= p->n)
			break;
		draw_attr_on(s, i == p->ls.cursor ? COL_NORMAL : COL_TITLE);
		mvhline(y + 3 + r, x, ' ', w);
		draw_put(y + 3 + r, x + 2, w - 4, p->lines[i]);
		draw_attr_off(s, i == p->ls.cursor ? COL_NORMAL : COL_TITLE);
	}
}

int
picker_key(struct picker *p, enum tui_cmd cmd, struct pick *out)
{
	if (list_command(&p->ls, cmd))
		return 0;
	if (cmd == CMD_BACK || cmd == CMD_QUIT) {
		picker_clear(p);
		return 0;
	}
	if (cmd != CMD_OPEN || p->ls.cursor >= p->n)
		return 0;
	*out = (struct pick){ p->kind, p->wave, p->ids[p->ls.cursor] };
	picker_clear(p);
	return 1;
}
