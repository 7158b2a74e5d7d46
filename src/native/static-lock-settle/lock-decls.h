/*
 * lock-decls.ts staticLockDecls(): the `static` lock object declarations in a code-only copy.
 */
#ifndef STATIC_LOCK_SETTLE_LOCK_DECLS_H
#define STATIC_LOCK_SETTLE_LOCK_DECLS_H

#include "bytes.h"

/* LOCK_KINDS' keys; the first MACRO_KINDS are macros (DEFINE_...(name)), the rest types. */
extern const char *const KINDS[];
enum { MACRO_KINDS = 7, STRUCT_KINDS = 11 };

struct decl {
	size_t offset, kind_offset; /* of `static`, of the lock spelling */
	int kind;                   /* into KINDS */
	size_t names_from, nnames;  /* into the result's names */
	long depth;                 /* for the caller */
};

/* staticLockDecls()' result: valid until the next call. */
struct decls {
	struct decl *v;
	size_t n;
	const struct span *names; /* offsets of each name in the code */
};

/* staticLockDecls(code) into *out: 0, or -1 when a declarator is beyond what it follows. */
int static_lock_decls(const u8 *c, size_t n, struct decls *out);

#endif
