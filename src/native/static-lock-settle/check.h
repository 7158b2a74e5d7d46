/*
 * checkC() of function-static-lock on a file's bytes, as far as proving it reports nothing.
 */
#ifndef STATIC_LOCK_SETTLE_CHECK_H
#define STATIC_LOCK_SETTLE_CHECK_H

#include "bytes.h"

enum { RULE_CLEAR = 0, RULE_READ = -1 };

/*
 * RULE_CLEAR when the rule reports nothing in the file (every lock declaration at file scope),
 * RULE_READ when it may (a lock in braces: the JS rule classifies it) or the file holds what is
 * not ported (a suppression comment, a `#define` that may declare a lock).
 */
int check_file(const u8 *s, size_t n);

#endif
