#ifndef CBASELINE_H
#define CBASELINE_H

#include <stdint.h>

/// Outcome counts of the C baseline loop, named as RefBits names them.
typedef struct {
  uint64_t operations;
  uint64_t steps;
  uint64_t ok;
  uint64_t premature_free;
  uint64_t leak;
  uint64_t refused_try_ref;
  uint64_t refused_pin;
  uint64_t field_overflow_refcount;
  uint64_t false_positive_maybe_pinned;
  uint64_t false_negative_maybe_pinned;
  /// A checksum of where each outcome was first seen (so the compiler
  /// cannot drop the bookkeeping).
  uint64_t first_seen_checksum;
} cbaseline_counts;

/// `refbits bench`'s C baseline: the `bench-single-steps` workload on
/// `linux-gup-bias`, hand-written as a tight C loop with the same random
/// numbers, operation mix, grant bookkeeping, truth tracking and predicate
/// checks as RefBits' native engine. Runs lifetimes `first_lifetime ..<
/// first_lifetime + lifetimes` of `lifetime` operations (the last one cut at
/// `operations` in total) and adds their counts to `out`.
void cbaseline_gup_bias(uint64_t seed, uint64_t operations, uint64_t lifetime, uint64_t first_lifetime, uint64_t lifetimes, cbaseline_counts *out);

#endif
