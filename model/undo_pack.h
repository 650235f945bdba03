/* Undo steps kept compact: the wave members an edit or a plan may change
 * (wave_assets rows) and the assets undo takes out of the plan, packed into
 * one blob each instead of a row apiece. Pure: bytes in, values out. A blob
 * read back from the database is input like any other: unpacking refuses a
 * malformed one with a message and never reads past its end. */
#ifndef PW_UNDO_PACK_H
#define PW_UNDO_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* One wave_assets row. */
struct undo_member {
	int64_t	asset_id;	/* > 0; one row per asset */
	int64_t	wave_id;	/* > 0 */
	int64_t	start_utc, end_utc;
	int	pinned;		/* 0 or 1 */
};

/* Pack n members (sorted here, by wave then asset) into *out (caller frees,
 * *len bytes; never empty). -1 with err when one cannot be kept exactly: an
 * id not above 0, pinned other than 0 or 1, an asset twice. */
int	undo_pack_members(struct undo_member *v, size_t n, unsigned char **out,
	    size_t *len, struct pw_error *err);
/* The members a blob holds, by wave then asset, into *v (caller frees; NULL
 * when none); -1 with err when the blob is malformed (*v NULL then). */
int	undo_unpack_members(const unsigned char *b, size_t len,
	    struct undo_member **v, size_t *n, struct pw_error *err);
/* Pack n asset ids (sorted here) into *out (caller frees); -1 with err on
 * an id not above 0 or twice. */
int	undo_pack_ids(int64_t *v, size_t n, unsigned char **out, size_t *len,
	    struct pw_error *err);
/* The ids a blob holds, ascending, into *v (caller frees; NULL when none);
 * -1 with err when malformed. */
int	undo_unpack_ids(const unsigned char *b, size_t len, int64_t **v, size_t *n,
	    struct pw_error *err);

#endif
