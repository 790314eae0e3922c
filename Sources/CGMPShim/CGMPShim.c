// SwiftPM needs at least one source file per C target. Everything in
// CGMPShim lives in include/CGMPShim.h as `static inline` functions.
#include "CGMPShim.h"
