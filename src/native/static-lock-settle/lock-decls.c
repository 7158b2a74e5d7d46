/*
 * lock-decls.ts in C: each `static` followed forward to a lock spelling (lockSpellingAfter),
 * back to the declaration's first `static` (staticSpecifier), then its names (macroName,
 * declarators, with the declarator regex's backtracking).
 */
#define _GNU_SOURCE
#include <string.h>
#include "lock-decls.h"
#include "candidate.h"

/* LOCK_KINDS' keys (rules/source/function-static-lock/lock-decls.ts), in the order lock_spelling() tries them. */
const char *const KINDS[] = {
	"DEFINE_SPINLOCK", "DEFINE_RAW_SPINLOCK", "DEFINE_RWLOCK", "DEFINE_MUTEX", "DEFINE_SEMAPHORE",
	"DECLARE_RWSEM", "DEFINE_SEQLOCK", "raw_spinlock_t", "spinlock_t", "rwlock_t", "seqlock_t",
	"struct mutex", "struct semaphore", "struct rw_semaphore",
};

static struct decl *decls;
static size_t ndecls, decls_cap;
static struct span *names;
static size_t nnames, names_cap;

/* LOCK_AT, sticky at i: the match's length (0: none), its kind in *kind. */
static size_t lock_spelling(const u8 *c, size_t n, size_t i, int *kind)
{
	for (int k = 0; k < STRUCT_KINDS; k++) {
		if (word_at(c, n, i, KINDS[k])) {
			*kind = k;
			return strlen(KINDS[k]);
		}
	}
	if (!(i + 6 < n && !memcmp(c + i, "struct", 6) && js_space(c[i + 6])))
		return 0;
	size_t j = i + 6;
	while (j < n && js_space(c[j]))
		j++;
	for (int k = STRUCT_KINDS; k < (int)(sizeof(KINDS) / sizeof(KINDS[0])); k++) {
		if (word_at(c, n, j, KINDS[k] + 7)) {
			*kind = k;
			return j + strlen(KINDS[k] + 7) - i;
		}
	}
	return 0;
}

/* QUALIFIER: const, volatile, __\w*, [A-Z][A-Z0-9_]* (a whole word [from, to)). */
static int qualifier(const u8 *c, size_t from, size_t to)
{
	size_t len = to - from;
	if ((len == 5 && !memcmp(c + from, "const", 5)) || (len == 8 && !memcmp(c + from, "volatile", 8)))
		return 1;
	if (len >= 2 && c[from] == '_' && c[from + 1] == '_')
		return 1;
	if (!(len >= 1 && c[from] >= 'A' && c[from] <= 'Z'))
		return 0;
	for (size_t k = from + 1; k < to; k++)
		if (!((c[k] >= 'A' && c[k] <= 'Z') || (c[k] >= '0' && c[k] <= '9') || c[k] == '_'))
			return 0;
	return 1;
}

/* lockSpellingAfter(): the offset of the lock spelling after a `static` (from i), or -1. */
static long lock_spelling_after(const u8 *c, size_t n, size_t i)
{
	for (;;) {
		while (i < n && c_space(c[i]))
			i++;
		if (i >= n || !is_word(c[i]))
			return -1;
		int kind;
		if (lock_spelling(c, n, i, &kind))
			return (long)i;
		size_t e = i;
		while (e < n && is_word(c[e]))
			e++;
		if (!qualifier(c, i, e))
			return -1;
		int attr = e - i >= 2 && c[i] == '_' && c[i + 1] == '_';
		i = e;
		if (!attr)
			continue;
		size_t k = i;
		while (k < n && c_space(c[k]))
			k++;
		if (k >= n || c[k] != '(')
			continue;
		long depth = 0;
		for (; k < n; k++) {
			if (c[k] == '(')
				depth++;
			else if (c[k] == ')' && --depth == 0)
				break;
		}
		if (k >= n)
			return -1;
		i = k + 1;
	}
}

/* staticSpecifier(): from the lock spelling back to the declaration's first `static`, or -1. */
static long static_specifier(const u8 *c, size_t at_)
{
	long i = (long)at_ - 1, static_at = -1;
	while (i >= 0) {
		u8 ch = c[i];
		if (c_space(ch)) {
			i--;
			continue;
		}
		if (ch == ';' || ch == '{' || ch == '}' || ch == ':')
			break;
		if (ch == ')') {
			long depth = 0, k = i;
			for (; k >= 0; k--) {
				if (c[k] == ')')
					depth++;
				else if (c[k] == '(' && --depth == 0)
					break;
			}
			if (k < 0)
				return -1;
			long e = k - 1;
			while (e >= 0 && c_space(c[e]))
				e--;
			long s = e;
			while (s >= 0 && is_word(c[s]))
				s--;
			if (!(e - s >= 2 && c[s + 1] == '_' && c[s + 2] == '_'))
				return -1;
			i = s;
			continue;
		}
		if (!is_word(ch))
			return -1;
		long s = i;
		while (s >= 0 && is_word(c[s]))
			s--;
		size_t from = (size_t)(s + 1), to = (size_t)(i + 1);
		if (word_is(c, from, to, "extern") || word_is(c, from, to, "typedef") ||
		    word_is(c, from, to, "return") || word_is(c, from, to, "sizeof"))
			return -1;
		if (word_is(c, from, to, "static"))
			static_at = s + 1;
		else if (static_at < 0 && !qualifier(c, from, to))
			return -1;
		i = s;
	}
	return static_at;
}

static void add_name(size_t from, size_t to)
{
	names = grow(names, &names_cap, nnames + 1, sizeof(*names));
	names[nnames].from = from;
	names[nnames].to = to;
	nnames++;
}

/* macroName(): /^\s*\(\s*([A-Za-z_]\w*)\s*[,)]/ on code[at, at + 200). */
static void macro_name(const u8 *c, size_t n, size_t at_)
{
	size_t lim = at_ + 200 < n ? at_ + 200 : n, j = at_;
	while (j < lim && js_space(c[j]))
		j++;
	if (j >= lim || c[j] != '(')
		return;
	j++;
	while (j < lim && js_space(c[j]))
		j++;
	if (j >= lim || !(is_word(c[j]) && !(c[j] >= '0' && c[j] <= '9')))
		return;
	size_t from = j;
	while (j < lim && is_word(c[j]))
		j++;
	size_t to = j;
	while (j < lim && js_space(c[j]))
		j++;
	if (j < lim && (c[j] == ',' || c[j] == ')'))
		add_name(from, to);
}

/* `__\w+` (an attribute-like word) starts at k of d[0, len). */
static int attr_at(const u8 *d, size_t len, size_t k)
{
	return k + 2 < len && d[k] == '_' && d[k + 1] == '_' && is_word(d[k + 2]);
}

/*
 * /^(?:(__\w+)\s+)*([A-Za-z_]\w*)\s*(\(|\[|$|__\w+)/ on d[0, len), with the regex's
 * backtracking: the name's span, and whether the group after it is `(`; 0 when no match.
 */
static int declarator_name(const u8 *d, size_t len, size_t *from, size_t *to, int *paren)
{
	size_t pos[64];
	size_t np = 0, p = 0;
	pos[np++] = 0;
	for (;;) { /* each (__\w+\s+) in turn: it can only match one way */
		if (!attr_at(d, len, p))
			break;
		size_t r = p + 2;
		while (r < len && is_word(d[r]))
			r++;
		if (!(r < len && js_space(d[r])))
			break;
		while (r < len && js_space(d[r]))
			r++;
		if (np == sizeof(pos) / sizeof(pos[0]))
			return -1; /* too many to follow: the caller declines the file */
		pos[np++] = p = r;
	}
	while (np--) {
		size_t q = pos[np];
		if (!(q < len && is_word(d[q]) && !(d[q] >= '0' && d[q] <= '9')))
			continue;
		size_t r = q;
		while (r < len && is_word(d[r]))
			r++;
		size_t t = r;
		while (t < len && js_space(d[t]))
			t++;
		if (t == len || d[t] == '(' || d[t] == '[' || attr_at(d, len, t)) {
			*from = q;
			*to = r;
			*paren = t < len && d[t] == '(';
			return 1;
		}
		/* A shorter name: the next byte is \w, so only `__\w+` can follow. */
		for (size_t e = r - 1; e > q; e--) {
			if (attr_at(d, len, e)) {
				*from = q;
				*to = e;
				*paren = 0;
				return 1;
			}
		}
	}
	return 0;
}

/* declarators(): the names after a lock type up to the `;`. -1: declined. */
static int declarators(const u8 *c, size_t n, size_t at_)
{
	const u8 *semi = at_ < n ? memchr(c + at_, ';', n - at_) : NULL;
	size_t end = semi ? (size_t)(semi - c) : n;
	size_t part = at_;
	long depth = 0;
	for (size_t k = at_; k <= end; k++) {
		if (k < end) {
			u8 ch = c[k];
			if (ch == '(' || ch == '[' || ch == '{')
				depth++;
			else if (ch == ')' || ch == ']' || ch == '}')
				depth--;
			if (!(ch == ',' && depth == 0))
				continue;
		}
		/* one part: [part, k) */
		const u8 *eq = memchr(c + part, '=', k - part);
		size_t a = part, b = eq ? (size_t)(eq - c) : k;
		while (a < b && js_space(c[a]))
			a++;
		while (b > a && js_space(c[b - 1]))
			b--;
		part = k + 1;
		if (a == b || c[a] == '*' || c[a] == '(')
			continue;
		size_t from, to;
		int paren;
		int r = declarator_name(c + a, b - a, &from, &to, &paren);
		if (r < 0)
			return -1;
		if (r && !paren)
			add_name(a + from, a + to);
	}
	return 0;
}

int static_lock_decls(const u8 *c, size_t n, struct decls *out)
{
	ndecls = 0;
	nnames = 0;
	long last_kind = -1;
	for (const u8 *x = c; (x = memmem(x, (size_t)(c + n - x), "static", 6)); x += 6) {
		size_t s = (size_t)(x - c);
		if ((s > 0 && is_word(c[s - 1])) || (s + 6 < n && is_word(c[s + 6])))
			continue;
		long at_ = lock_spelling_after(c, n, s + 6);
		if (at_ < 0 || at_ <= last_kind)
			continue;
		int kind;
		size_t len = lock_spelling(c, n, (size_t)at_, &kind);
		long static_at = static_specifier(c, (size_t)at_);
		if (static_at < 0)
			continue;
		last_kind = at_;
		size_t first = nnames;
		if (kind < MACRO_KINDS)
			macro_name(c, n, (size_t)at_ + len);
		else if (declarators(c, n, (size_t)at_ + len) < 0)
			return -1;
		if (nnames == first)
			continue;
		decls = grow(decls, &decls_cap, ndecls + 1, sizeof(*decls));
		decls[ndecls].offset = (size_t)static_at;
		decls[ndecls].kind_offset = (size_t)at_;
		decls[ndecls].kind = kind;
		decls[ndecls].names_from = first;
		decls[ndecls].nnames = nnames - first;
		ndecls++;
	}
	out->v = decls;
	out->n = ndecls;
	out->names = names;
	return 0;
}
