/*
 * checkC() of rules/source/function-static-lock.ts in C: the lexer, the lock declarations, the
 * structure walk (depths, then the function bodies up to the last lock in braces) and
 * functionAt(), as the JS rule calls them. What it does not port it declines (RULE_READ:
 * lint-source reads the file): locks in `#define` bodies (macroHits), suppression comments,
 * and text a record could not carry.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "candidate.h"
#include "lexer.h"
#include "lock-decls.h"
#include "structure.h"

struct hit {
	size_t decl; /* into ds.v, the file's lock declarations */
	long fn;     /* the function holding it (function_head_at()) */
};
static struct hit *hits;
static size_t nhits, hits_cap;
static size_t *uoffs;
static long *udepths;
static size_t uoffs_cap, udepths_cap;

static const struct lexed *lx;
static struct decls ds;

/*
 * Whether a `#define` may declare a lock (macroHits, not ported): LOCK_WORD in its text and
 * `static` in it once continuation lines are joined. Every `#define` counts, dead ones too.
 */
static int define_may_declare(const u8 *s, const struct dir *d)
{
	static const char *const LOCK_WORDS[] = {
		"DEFINE_", "DECLARE_RWSEM", "lock_t", "mutex", "semaphore",
	};
	const u8 *t = s + d->body_start;
	size_t len = d->end - d->body_start;
	int word = 0;
	for (size_t k = 0; k < sizeof(LOCK_WORDS) / sizeof(LOCK_WORDS[0]) && !word; k++)
		word = memmem(t, len, LOCK_WORDS[k], strlen(LOCK_WORDS[k])) != NULL;
	if (!word)
		return 0;
	static const char STATIC[] = "static";
	size_t matched = 0;
	for (size_t k = 0; k < len; k++) {
		size_t joined = continuation_at(t, len, k);
		if (joined) {
			k += joined - 1;
			continue;
		}
		matched = t[k] == (u8)STATIC[matched] ? matched + 1 : t[k] == 's' ? 1 : 0;
		if (matched == 6)
			return 1;
	}
	return 0;
}

/* The 1-based line and column of an offset (model.ts lineCol). */
static void line_col(const u8 *s, size_t offset, size_t *line, size_t *column)
{
	size_t l = 1, start = 0;
	for (const u8 *p = s; (p = memchr(p, NL, (size_t)(s + offset - p))); p++) {
		l++;
		start = (size_t)(p - s) + 1;
	}
	*line = l;
	*column = offset - start + 1;
}

/*
 * checkC() without macroHits: the hits into hits[] and their count, or RULE_READ when the file
 * holds what is not ported (a suppression comment, a `#define` that may declare a lock).
 */
long check_file(const u8 *s, size_t n)
{
	nhits = 0;
	if (memmem(s, n, "netback-policy:", 15))
		return RULE_READ;
	lx = lex(s, n);
	for (size_t k = 0; k < lx->ndefines; k++)
		if (define_may_declare(s, &lx->defines[k]))
			return RULE_READ;
	if (static_lock_decls(lx->code, n, &ds) < 0)
		return RULE_READ;
	struct decl *decls = ds.v;
	size_t ndecls = ds.n;
	/* No directive between `static` and the spelling; the candidate regex matches there. */
	size_t kept = 0;
	for (size_t k = 0; k < ndecls; k++) {
		int split = 0;
		for (size_t j = 0; j < lx->ndirs && !split; j++)
			split = lx->dirs[j].offset > decls[k].offset && lx->dirs[j].offset < decls[k].kind_offset;
		if (!split && candidate_at(s, n, decls[k].offset))
			decls[kept++] = decls[k];
	}
	ndecls = ds.n = kept;
	if (!ndecls)
		return 0;
	/* depthsOf(): the depth at each distinct offset, ascending. */
	uoffs = grow(uoffs, &uoffs_cap, ndecls, sizeof(*uoffs));
	udepths = grow(udepths, &udepths_cap, ndecls, sizeof(*udepths));
	size_t nu = 0;
	for (size_t k = 0; k < ndecls; k++) {
		size_t v = decls[k].offset, j = nu;
		while (j > 0 && uoffs[j - 1] > v)
			j--;
		if (j > 0 && uoffs[j - 1] == v)
			continue;
		memmove(uoffs + j + 1, uoffs + j, (nu - j) * sizeof(*uoffs));
		uoffs[j] = v;
		nu++;
	}
	walk(lx, n, 0, uoffs, nu, udepths, -1);
	long last = -1;
	for (size_t k = 0; k < ndecls; k++) {
		size_t j = 0;
		while (uoffs[j] != decls[k].offset)
			j++;
		decls[k].depth = udepths[j];
		if (decls[k].depth != 0)
			last = (long)decls[k].offset;
	}
	if (last < 0)
		return 0;
	walk(lx, n, 1, NULL, 0, NULL, last);
	for (size_t k = 0; k < ndecls; k++) {
		if (decls[k].depth == 0)
			continue;
		long fn = function_at(decls[k].offset);
		if (fn < 0)
			continue;
		hits = grow(hits, &hits_cap, nhits + 1, sizeof(*hits));
		hits[nhits].decl = k;
		hits[nhits].fn = fn;
		nhits++;
	}
	return (long)nhits;
}

/*
 * The `found` verdict's hits, each `RS line US column US kind US names US function US params`
 * (names comma-separated); 0 when a field holds a byte that is not printable ASCII (the
 * record could not carry it: the file is read in JS).
 */
static int printable(const char *t, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (t[k] < 0x20 || t[k] > 0x7e)
			return 0;
	return 1;
}

int hits_printable(void)
{
	for (size_t k = 0; k < nhits; k++) {
		const struct head *f = function_head_at(hits[k].fn);
		if (!printable(function_params(f), f->params_len))
			return 0;
	}
	return 1;
}

void write_hits(const u8 *s)
{
	for (size_t k = 0; k < nhits; k++) {
		const struct decl *d = &ds.v[hits[k].decl];
		const struct head *f = function_head_at(hits[k].fn);
		size_t line, column;
		line_col(s, d->offset, &line, &column);
		printf("\x1e%zu\x1f%zu\x1f%s\x1f", line, column, KINDS[d->kind]);
		for (size_t j = 0; j < d->nnames; j++) {
			const struct span *nm = &ds.names[d->names_from + j];
			if (j)
				putchar(',');
			fwrite(lx->code + nm->from, 1, nm->to - nm->from, stdout);
		}
		putchar(0x1f);
		fwrite(function_name(f), 1, f->name_to - f->name_from, stdout);
		putchar(0x1f);
		fwrite(function_params(f), 1, f->params_len, stdout);
	}
}
