/*
 * checkC() of rules/source/function-static-lock.ts in C as far as proving it reports nothing:
 * the lexer, the lock declarations and the structure walk's depths, as the JS rule calls them.
 * A lock declaration in braces it declines (RULE_READ: lint-source reads the file, and the JS
 * rule finds its function and classifies it), as it declines what it does not port: locks in
 * `#define` bodies (macroHits) and suppression comments.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "candidate.h"
#include "lexer.h"
#include "lock-decls.h"
#include "structure.h"

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

/*
 * RULE_CLEAR when checkC() reports nothing (every lock declaration at file scope), RULE_READ
 * when it may (a lock in braces) or the file holds what is not ported (a suppression comment, a
 * `#define` that may declare a lock).
 */
int check_file(const u8 *s, size_t n)
{
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
		return RULE_CLEAR;
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
	walk(lx, n, uoffs, nu, udepths);
	for (size_t j = 0; j < nu; j++)
		if (udepths[j] != 0)
			return RULE_READ;
	return RULE_CLEAR;
}
