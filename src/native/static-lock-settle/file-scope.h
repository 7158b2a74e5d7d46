/*
 * file-scope.ts atFileScope(): whether offsets of a file lie at file scope (or not in code),
 * read straight from its bytes.
 */
#ifndef STATIC_LOCK_SETTLE_FILE_SCOPE_H
#define STATIC_LOCK_SETTLE_FILE_SCOPE_H

#include "bytes.h"

enum scope { SCOPE_NO = 0, SCOPE_YES = 1, SCOPE_UNSURE = 2 };

/*
 * For off[0..m) ascending: SCOPE_YES when each is at file scope or not in code, SCOPE_NO when one
 * is in code inside braces, SCOPE_UNSURE when only the lexer can tell.
 */
enum scope at_file_scope(const u8 *s, size_t n, const size_t *off, size_t m);

#endif
