/* Stub: see netback-stubs.h. */
#include "../../../netback-stubs.h"
