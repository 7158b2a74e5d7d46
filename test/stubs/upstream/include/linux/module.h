/* Stub: see upstream-stubs.h. */
#include "../upstream-stubs.h"
