/* Editing the prompt's line (see lineedit.h). */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "lineedit.h"

static int
cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t
prev_char(const struct line *l, size_t at)
{
	while (at > 0 && cont(l->s[--at]))
		;
	return at;
}

static size_t
next_char(const struct line *l, size_t at)
{
	if (at < l->len)
		at++;
	while (at < l->len && cont(l->s[at]))
		at++;
	return at;
}

/* Remove bytes from .. to, the cursor at from. */
static void
cut(struct line *l, size_t from, size_t to)
{
	memmove(l->s + from, l->s + to, l->len - to + 1);
	l->len -= to - from;
	l->cur = from;
}

int
line_insert(struct line *l, char c)
{
	if (l->len + 1 >= sizeof l->s)
		return 0;
	memmove(l->s + l->cur + 1, l->s + l->cur, l->len - l->cur + 1);
	l->s[l->cur] = c;
	l->len++;
	/* A continuation byte belongs to the character before the cursor. */
	l->cur++;
	return 1;
}

int
line_edit(struct line *l, enum tui_cmd cmd)
{
	size_t at = l->cur;

	switch (cmd) {
	case CMD_LINE_LEFT: l->cur = prev_char(l, at); break;
	case CMD_LINE_RIGHT: l->cur = next_char(l, at); break;
	case CMD_LINE_HOME: l->cur = 0; break;
	case CMD_LINE_END: l->cur = l->len; break;
	case CMD_LINE_BACKSPACE: cut(l, prev_char(l, at), at); break;
	case CMD_LINE_DELETE: cut(l, at, next_char(l, at)); break;
	case CMD_LINE_KILL_START: cut(l, 0, at); break;
	case CMD_LINE_KILL_WORD:
		/* The spaces before the cursor, then the word before them. */
		while (at > 0 && l->s[at - 1] == ' ')
			at--;
		while (at > 0 && l->s[at - 1] != ' ')
			at--;
		cut(l, at, l->cur);
		break;
	default:
		return 0;
	}
	return 1;
}

void
line_set(struct line *l, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof l->s)
		n = sizeof l->s - 1;
	while (n > 0 && cont(s[n]))	/* not half a character */
		n--;
	memcpy(l->s, s, n);
	l->s[n] = '\0';
	l->len = l->cur = n;
}

static void
history_push(struct history *h, const char *s, size_t len)
{
	if (h->n == HISTORY_KEEP) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
		h->n--;
		if (h->saved > 0)
			h->saved--;
	}
	h->v = xgrow(h->v, &h->cap, h->n, sizeof *h->v);
	h->v[h->n] = xmalloc(len + 1);
	memcpy(h->v[h->n], s, len);
	h->v[h->n++][len] = '\0';
}

void
history_add(struct history *h, const char *s)
{
	free(h->draft);
	h->draft = NULL;
	if (s[0] && (h->n == 0 || strcmp(h->v[h->n - 1], s) != 0))
		history_push(h, s, strlen(s));
	h->at = h->n;
}

void
history_load(struct history *h, const char *text, size_t len)
{
	struct history old = *h;
	const char *end = text + len;

	memset(h, 0, sizeof *h);
	for (const char *p = text, *nl; p < end; p = nl + 1) {
		size_t n;
		int ok = 1;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		for (size_t i = 0; i < n && ok; i++)	/* C0, DEL, C1 */
			ok = (unsigned char)p[i] >= 0x20 && p[i] != 0x7f &&
			    !((unsigned char)p[i] == 0xc2 && i + 1 < n &&
			    (unsigned char)p[i + 1] >= 0x80 && (unsigned char)p[i + 1] < 0xa0);
		if (ok && n > 0 && n < sizeof ((struct line *)0)->s &&
		    (h->n == 0 || strlen(h->v[h->n - 1]) != n ||
		    memcmp(h->v[h->n - 1], p, n) != 0))
			history_push(h, p, n);
	}
	h->saved = h->n;
	for (size_t i = 0; i < old.n; i++) {
		history_add(h, old.v[i]);
		free(old.v[i]);
	}
	free(old.v);
	free(old.draft);
	h->at = h->n;
}

int
history_move(struct history *h, struct line *l, int dir)
{
	if (h->at > h->n)
		h->at = h->n;
	if ((dir < 0 && h->at == 0) || (dir > 0 && h->at >= h->n))
		return 0;
	if (h->at == h->n) {	/* leaving the line being typed: keep it */
		free(h->draft);
		h->draft = xstrdup(l->s);
	}
	h->at = dir < 0 ? h->at - 1 : h->at + 1;
	line_set(l, h->at < h->n ? h->v[h->at] : h->draft ? h->draft : "");
	return 1;
}

void
history_free(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
	free(h->draft);
	memset(h, 0, sizeof *h);
}
