// CGMPShim: internal `static inline` wrappers around GMP's function-like
// macros, which Swift's C importer cannot see. No stable API; only RefBits
// uses it. See ../README.md.
#ifndef REFBITS_CGMPSHIM_H
#define REFBITS_CGMPSHIM_H

// The CGMP system-library module's header (which is just `#include <gmp.h>`).
// Including it by path keeps every GMP declaration owned by module CGMP, and
// CGMPShim's generated module map re-exports it (`export *`), so
// `import CGMPShim` alone makes the `__gmpz_*` functions visible to Swift.
#include "../../CGMP/shim.h"

// mpz_sgn(z): -1, 0 or 1.
static inline int refbits_mpz_sgn(mpz_srcptr z) {
  return mpz_sgn(z);
}

// mpz_cmp_si(z, v): negative, zero or positive as z <, ==, > v.
static inline int refbits_mpz_cmp_si(mpz_srcptr z, signed long v) {
  return mpz_cmp_si(z, v);
}

// mpz_cmp_ui(z, v): negative, zero or positive as z <, ==, > v.
static inline int refbits_mpz_cmp_ui(mpz_srcptr z, unsigned long v) {
  return mpz_cmp_ui(z, v);
}

// mpz_odd_p(z) / mpz_even_p(z): 1 or 0.
static inline int refbits_mpz_odd_p(mpz_srcptr z) {
  return mpz_odd_p(z) ? 1 : 0;
}

static inline int refbits_mpz_even_p(mpz_srcptr z) {
  return mpz_even_p(z) ? 1 : 0;
}

// Number of bits in one limb (GMP_NUMB_BITS is an object-like macro with a
// cast in some configurations; expose it as a function to be safe).
static inline int refbits_gmp_numb_bits(void) {
  return (int)GMP_NUMB_BITS;
}

#endif // REFBITS_CGMPSHIM_H
