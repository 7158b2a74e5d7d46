/*
 * lexer.ts on a file's bytes: its helpers (comments, literals, directives, constant
 * conditions) and lexC() itself, the code-only copy and the directives.
 */
#ifndef STATIC_LOCK_SETTLE_LEXER_H
#define STATIC_LOCK_SETTLE_LEXER_H

#include "bytes.h"

/* A byte of the file as lexer.ts reads it (directiveBody() on a string): -1 past the end. */
static inline int byte_at(const u8 *s, size_t n, size_t k)
{
	return k < n ? s[k] : -1;
}

/* The length of a line continuation (backslash, CR optional, newline) at j, or 0. */
static inline size_t continuation_at(const u8 *s, size_t n, size_t j)
{
	if (j >= n || s[j] != BSLASH)
		return 0;
	if (j + 1 < n && s[j + 1] == NL)
		return 2;
	return j + 2 < n && s[j + 1] == CR && s[j + 2] == NL ? 3 : 0;
}

size_t block_comment_end(const u8 *s, size_t n, size_t i);
size_t line_comment_end(const u8 *s, size_t n, size_t i);
size_t literal_end(const u8 *s, size_t n, size_t i, u8 q);

/* A directive as readDirective() reads it. */
struct directive {
	size_t end;
	char name[8]; /* the names that matter are short; longer ones are stored as "" */
	size_t body_start;
};

/* The directive whose `#` is at p, if the `#` starts one (only blanks before it on its line). */
int directive_at(const u8 *s, size_t n, size_t p, struct directive *d);

/* constantCondition(directiveBody(...).body) of an #if/#elif: 0, 1, or -1 for anything else. */
int constant_condition(const u8 *s, size_t n, const struct directive *d);

/* nextStop(): the first offset from i on holding one of ch[0..k) (see lexer.c). */
size_t next_stop(const u8 *s, size_t n, size_t i, const u8 *ch, int k, size_t *next, int *found);

/* `if`, `ifdef` or `ifndef`: a directive that opens a group. */
int is_if_name(const char *name);

/* One directive of lexC()'s result. */
struct dir {
	size_t offset, end, body_start;
	char name[8];
};

/* What lexC() gives: valid until the next call. */
struct lexed {
	const u8 *code;            /* the bytes, non-code blanked */
	const struct dir *dirs;    /* the directives lexC() returns */
	size_t ndirs;
	const struct dir *defines; /* every `#define`, in dead regions too */
	size_t ndefines;
};

const struct lexed *lex(const u8 *s, size_t n);

#endif
