/*
 * structure.ts in C: walk() (branch rewinding, the abandoned branches blanked in a copy for
 * heads), functionHead() and model.ts functionAt(). Each function ports the one it names.
 */
#include <string.h>
#include "structure.h"

static const u8 *code;
static const struct dir *dirs;
static size_t ndirs;

static struct head *heads;
static size_t nheads, heads_cap;
static char *params;
static size_t nparams, params_cap;
static char *fn_names;
static size_t nfn_names, fn_names_cap;
static size_t *fns; /* the functions found (indices into heads), in walk order */
static size_t nfns, fns_cap;

struct state {
	long depth, paren;
	size_t head_start;
	long fn;
};
struct branch {
	struct state at_if, first_end;
	int has_first;
	size_t ranges_from, branch_start;
};
static struct branch *branches;
static size_t branches_cap;
static struct span *ranges;
static size_t nranges, ranges_cap;
static u8 *alt; /* Heads' blanked copy, made when a branch is dropped */
static size_t alt_cap;
static int alt_made;

static const char *const NOT_FUNCTIONS[] = {
	"if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__", "do", "else",
};

/* functionHead() on h[start..brace]: a new heads[] entry, or -1. */
static long function_head(const u8 *h, size_t start, size_t brace)
{
	long st = (long)start, end = (long)brace - 1;
	while (end >= st && c_space(h[end]))
		end--;
	for (int guard = 0; guard < 8; guard++) {
		if (end < st || h[end] != ')')
			return -1;
		long depth = 0, open = -1;
		for (long i = end; i >= st; i--) {
			if (h[i] == ')')
				depth++;
			else if (h[i] == '(' && --depth == 0) {
				open = i;
				break;
			}
		}
		if (open < 0)
			return -1;
		long k = open - 1;
		while (k >= st && c_space(h[k]))
			k--;
		long id_end = k + 1;
		while (k >= st && is_word(h[k]))
			k--;
		size_t nf = (size_t)(k + 1), nt = (size_t)id_end;
		if (nf == nt || (h[nf] >= '0' && h[nf] <= '9'))
			return -1;
		for (size_t w = 0; w < sizeof(NOT_FUNCTIONS) / sizeof(NOT_FUNCTIONS[0]); w++)
			if (word_is(h, nf, nt, NOT_FUNCTIONS[w]))
				return -1;
		long before = k;
		while (before >= st && c_space(h[before]))
			before--;
		if (nt - nf >= 2 && h[nf] == '_' && h[nf + 1] == '_' && before >= st && h[before] == ')') {
			end = before;
			continue;
		}
		long d = 0;
		for (long i = st; i < k + 1; i++) {
			u8 ch = h[i];
			if (ch == '(' || ch == '[' || ch == '{')
				d++;
			else if (ch == ')' || ch == ']' || ch == '}')
				d--;
			else if (ch == '=' && d == 0)
				return -1;
		}
		heads = grow(heads, &heads_cap, nheads + 1, sizeof(*heads));
		struct head *fh = &heads[nheads];
		fh->name_from = nfn_names;
		fh->name_to = nfn_names + (nt - nf);
		fn_names = grow(fn_names, &fn_names_cap, nfn_names + (nt - nf), 1);
		memcpy(fn_names + nfn_names, h + nf, nt - nf);
		nfn_names += nt - nf;
		/* params: .replace(/\s+/g, ' ').trim() */
		params = grow(params, &params_cap, nparams + (size_t)(end - open), 1);
		fh->params_from = nparams;
		int gap = 0;
		for (long i = open + 1; i < end; i++) {
			if (js_space(h[i])) {
				gap = 1;
				continue;
			}
			if (gap && nparams > fh->params_from)
				params[nparams++] = ' ';
			gap = 0;
			params[nparams++] = (char)h[i];
		}
		fh->params_len = nparams - fh->params_from;
		fh->open = brace;
		fh->close = 0;
		return (long)nheads++;
	}
	return -1;
}

static int is_conditional(const char *name)
{
	return is_if_name(name) || !strcmp(name, "elif") || !strcmp(name, "else") ||
	       !strcmp(name, "endif");
}

static void alt_blank(size_t n, size_t from, size_t to)
{
	if (to <= from)
		return;
	if (!alt_made) {
		alt = grow(alt, &alt_cap, n + 1, 1);
		memcpy(alt, code, n);
		alt_made = 1;
	}
	for (size_t k = from; k < to; k++)
		if (alt[k] != NL)
			alt[k] = SPACE;
}

/* applyBranch(). */
static struct state apply_branch(size_t *nb, const struct dir *d, struct state s, int with_heads,
				 size_t n)
{
	if (is_if_name(d->name)) {
		branches = grow(branches, &branches_cap, *nb + 1, sizeof(*branches));
		struct branch *b = &branches[(*nb)++];
		b->at_if = s;
		b->has_first = 0;
		b->ranges_from = nranges;
		b->branch_start = d->end;
		return s;
	}
	if (!*nb)
		return s;
	struct branch *b = &branches[*nb - 1];
	ranges = grow(ranges, &ranges_cap, nranges + 1, sizeof(*ranges));
	ranges[nranges].from = b->branch_start;
	ranges[nranges].to = d->offset;
	nranges++;
	b->branch_start = d->end;
	if (!strcmp(d->name, "elif") || !strcmp(d->name, "else")) {
		if (!b->has_first) {
			b->first_end = s;
			b->has_first = 1;
		}
		return b->at_if;
	}
	(*nb)--;
	size_t nr = nranges - b->ranges_from;
	struct state out = s;
	if (nr >= 2) {
		int keep_first = b->has_first && b->first_end.depth != s.depth;
		size_t kept = keep_first ? 0 : nr - 1;
		if (with_heads)
			for (size_t k = 0; k < nr; k++)
				if (k != kept)
					alt_blank(n, ranges[b->ranges_from + k].from, ranges[b->ranges_from + k].to);
		if (keep_first)
			out = b->first_end;
	}
	nranges = b->ranges_from;
	return out;
}

static void add_function(long fn, size_t close)
{
	heads[fn].close = close;
	fns = grow(fns, &fns_cap, nfns + 1, sizeof(*fns));
	fns[nfns++] = (size_t)fn;
}

/*
 * walk(): with heads, the functions (into fns[], sorted by their `{` as JS's stable sort does),
 * stopping after `settle_after` as functionsThrough() does; without, the depth at each of
 * offs[] (ascending) as depthsAt() does.
 */
void walk(const struct lexed *lx, size_t n, int with_heads, const size_t *offs, size_t noffs,
	  long *depths, long settle_after)
{
	code = lx->code;
	dirs = lx->dirs;
	ndirs = lx->ndirs;
	struct state s = { 0, 0, 0, -1 };
	size_t nb = 0, di = 0, oi = 0;
	nranges = 0;
	alt_made = 0;
	nheads = nfns = nparams = nfn_names = 0;
	while (di < ndirs && !is_conditional(dirs[di].name))
		di++;
	size_t next_dir = di < ndirs ? dirs[di].offset : n;
	size_t lim = with_heads ? n : (noffs ? (offs[noffs - 1] + 1 < n ? offs[noffs - 1] + 1 : n) : 0);
	for (size_t i = 0; i < lim; i++) {
		if (settle_after >= 0 && (long)i > settle_after && s.depth == 0 && nb == 0)
			break;
		while (oi < noffs && offs[oi] <= i)
			depths[oi++] = s.depth;
		if (i == next_dir) {
			const struct dir *d = &dirs[di++];
			while (di < ndirs && !is_conditional(dirs[di].name))
				di++;
			next_dir = di < ndirs ? dirs[di].offset : n;
			s = apply_branch(&nb, d, s, with_heads, n);
			i = d->end - 1;
			continue;
		}
		u8 c = code[i];
		if (c != '{' && c != '}' && c != '(' && c != ')' && c != ';')
			continue;
		if (s.depth == 0) {
			if (c == '(')
				s.paren++;
			else if (c == ')')
				s.paren = s.paren > 0 ? s.paren - 1 : 0;
			else if (c == ';') {
				if (s.paren == 0)
					s.head_start = i + 1;
			} else if (c == '{') {
				s.depth = 1;
				s.fn = s.paren == 0 && with_heads ? function_head(alt_made ? alt : code, s.head_start, i) : -1;
			} else {
				s.head_start = i + 1;
				s.paren = 0;
			}
			continue;
		}
		if (c == '{')
			s.depth++;
		else if (c == '}') {
			s.depth--;
			if (s.depth == 0 && s.fn >= 0) {
				add_function(s.fn, i);
				s.fn = -1;
				s.head_start = i + 1;
			}
		}
	}
	while (oi < noffs)
		depths[oi++] = s.depth;
	if (s.fn >= 0)
		add_function(s.fn, n);
	/* stable insertion sort by `{` (nearly sorted already) */
	for (size_t k = 1; k < nfns; k++) {
		size_t v = fns[k], j = k;
		while (j > 0 && heads[fns[j - 1]].open > heads[v].open) {
			fns[j] = fns[j - 1];
			j--;
		}
		fns[j] = v;
	}
}

/* model.ts functionAt(): the heads[] entry whose body holds the offset, or -1. */
long function_at(size_t offset)
{
	long lo = 0, hi = (long)nfns - 1;
	while (lo <= hi) {
		long mid = (lo + hi) >> 1;
		const struct head *f = &heads[fns[mid]];
		if (offset <= f->open)
			hi = mid - 1;
		else if (offset >= f->close)
			lo = mid + 1;
		else
			return (long)fns[mid];
	}
	return -1;
}

const struct head *function_head_at(long fn)
{
	return &heads[fn];
}

const char *function_name(const struct head *f)
{
	return fn_names + f->name_from;
}

const char *function_params(const struct head *f)
{
	return params + f->params_from;
}
