/*
 * structure.ts depthsAt(): brace depths in a code-only copy, with preprocessor branches rewound
 * as the JS walk does.
 */
#ifndef STATIC_LOCK_SETTLE_STRUCTURE_H
#define STATIC_LOCK_SETTLE_STRUCTURE_H

#include "lexer.h"

/* The depth at each of offs[] (ascending) as depthsAt() gives it. */
void walk(const struct lexed *lx, size_t n, const size_t *offs, size_t noffs, long *depths);

#endif
