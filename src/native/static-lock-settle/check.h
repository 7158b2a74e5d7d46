/*
 * checkC() of function-static-lock on a file's bytes (all but macroHits), and the `found`
 * verdict's hits.
 */
#ifndef STATIC_LOCK_SETTLE_CHECK_H
#define STATIC_LOCK_SETTLE_CHECK_H

#include "bytes.h"

enum { RULE_READ = -1 };

/*
 * The rule's hits in the file and their count, or RULE_READ when the file holds what is not
 * ported (a suppression comment, a `#define` that may declare a lock).
 */
long check_file(const u8 *s, size_t n);

/* Whether every field of the last file's hits is printable ASCII (else the file is read in JS). */
int hits_printable(void);

/* The last file's hits on stdout, each `RS line US column US spelling US names US fn US params`. */
void write_hits(const u8 *s);

#endif
