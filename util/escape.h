/* Escaping untrusted text for each place it may land: a JSON string, a terminal,
 * a CSV cell. Imported names and summaries only ever leave through these. */
#ifndef PW_ESCAPE_H
#define PW_ESCAPE_H

#include "buf.h"

/* Append s as a quoted JSON string (control characters as \u00XX). */
void	esc_json(struct buf *, const char *s);
/* Append s safe for a terminal: control characters (C0, DEL, C1) and invalid
 * UTF-8 bytes become visible \xNN escapes; printable UTF-8 passes through. */
void	esc_term(struct buf *, const char *s);
/* Append s as one RFC 4180 CSV cell; a cell a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) gets a leading apostrophe; control
 * characters but tab and line ends, and invalid UTF-8, become visible \xNN. */
void	esc_csv(struct buf *, const char *s);
/* esc_term() line by line: newlines stay newlines. */
void	esc_term_lines(struct buf *, const char *s);
/* For documents (HTML, Markdown, iCalendar): s as valid UTF-8 text in which
 * invalid bytes become U+FFFD and control characters (C0 but newline, DEL,
 * C1, bidi overrides) are dropped, a tab becoming a space; then
 * esc_html: & < > " ' as character references;
 * esc_md: Markdown's markup characters backslash-escaped (those that start
 *   a heading or list only at a line's start), < > & as references,
 *   newlines as spaces when inline (a table cell, a heading), else kept;
 * esc_ics: RFC 5545 TEXT (\ ; , escaped, a newline as \n), not folded. */
void	esc_html(struct buf *, const char *s);
void	esc_md(struct buf *, const char *s, int inline_);
void	esc_ics(struct buf *, const char *s);
/* Append s as one POSIX shell word: as it is when every byte is one no
 * shell treats specially (letters, digits, _ - . / : = @ % + ,), else in
 * single quotes, each ' as '\''. A word of a script, never a comment (a
 * newline inside quotes is data; in a comment it would end it). */
void	esc_sh(struct buf *, const char *s);
/* Display width in terminal columns of the text esc_term() would produce. */
int	esc_term_width(const char *s);
/* Append s as esc_term() would, fitted to exactly width columns: cut with an
 * ellipsis when wider, padded with spaces when narrower (for screen cells). */
void	esc_term_fit(struct buf *, const char *s, int width);

#endif
