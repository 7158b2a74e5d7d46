/*
 * function-static-lock's candidate regex, matched at a position of a file's bytes.
 */
#ifndef STATIC_LOCK_SETTLE_CANDIDATE_H
#define STATIC_LOCK_SETTLE_CANDIDATE_H

#include "bytes.h"

/* rules/source/function-static-lock.ts CANDIDATE_SOURCE, which candidate_at() implements. */
extern const char CANDIDATE_SOURCE[];

/* The word w at q, ending a word (\b after it). */
int word_at(const u8 *s, size_t n, size_t q, const char *w);

/* Whether the candidate regex, sticky at p, matches the text. */
int candidate_at(const u8 *s, size_t n, size_t p);

#endif
