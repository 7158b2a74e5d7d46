/*
 * structure.ts walk() and model.ts functionAt(): brace depths and function bodies in a code-only
 * copy, with preprocessor branches rewound as the JS walk does.
 */
#ifndef STATIC_LOCK_SETTLE_STRUCTURE_H
#define STATIC_LOCK_SETTLE_STRUCTURE_H

#include "lexer.h"

/* A function body and its head (functionHead()): name and parameters in the walk's buffers. */
struct head {
	size_t name_from, name_to; /* in the buffer the head was read from (same offsets) */
	size_t params_from, params_len; /* into params[] */
	size_t open, close;
};
/*
 * walk(): with heads, the functions (sorted by their `{`), stopping after `settle_after` as
 * functionsThrough() does; without, the depth at each of offs[] (ascending) as depthsAt() does.
 */
void walk(const struct lexed *lx, size_t n, int with_heads, const size_t *offs, size_t noffs,
	  long *depths, long settle_after);

/* functionAt(): the function of the last walk with heads whose body holds the offset, or -1. */
long function_at(size_t offset);

/* A function of the last walk with heads, and its name and (normalised) parameters. */
const struct head *function_head_at(long fn);
const char *function_name(const struct head *f);
const char *function_params(const struct head *f);

#endif
