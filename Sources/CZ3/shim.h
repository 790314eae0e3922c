// Z3's C API, found through pkg-config `z3` (Debian: libz3-dev). Only the
// certificate checker (Sources/RefBits/Checker) uses it. Z3's API is plain
// functions, so no wrappers are needed here.
#include <z3.h>
