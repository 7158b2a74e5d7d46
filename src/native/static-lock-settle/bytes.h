/*
 * What every part of static-lock-settle reads bytes with: latin-1 bytes, the character classes of
 * the JS it ports, and a growing array.
 */
#ifndef STATIC_LOCK_SETTLE_BYTES_H
#define STATIC_LOCK_SETTLE_BYTES_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char u8;

enum { NL = 10, CR = 13, SPACE = 32, TAB = 9, SLASH = '/', STAR = '*', BSLASH = '\\',
       DQUOTE = '"', SQUOTE = '\'', HASH = '#', LBRACE = '{', RBRACE = '}' };

/* JS's \w. */
static inline int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* JS's \s on a latin-1 byte (String.prototype.trim strips the same). */
static inline int js_space(int c)
{
	return (c >= 9 && c <= 13) || c == 32 || c == 0xa0;
}

/* structure.ts isSpace(). */
static inline int c_space(int c)
{
	return c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12;
}

/* The bytes c[from, to) are the word w. */
static inline int word_is(const u8 *c, size_t from, size_t to, const char *w)
{
	return to - from == strlen(w) && !memcmp(c + from, w, to - from);
}

/* A range [from, to) of offsets. */
struct span {
	size_t from, to;
};

/* `p` with room for `need` elements of `size` bytes (*cap elements now); aborts out of memory. */
static inline void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	p = realloc(p, c * size);
	if (!p)
		abort();
	*cap = c;
	return p;
}

#endif
