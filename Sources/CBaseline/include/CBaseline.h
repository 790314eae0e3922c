#ifndef CBASELINE_H
#define CBASELINE_H

#include <stdint.h>

/// The outcomes the C baseline loop counts.
enum { CBASELINE_OUTCOMES = 8, CBASELINE_KINDS = 3 };

/// The outcomes, named as RefBits prints them (`Outcome.description`), in
/// the order of `cbaseline_counts.counts`: RefBits maps them by name.
extern const char *const cbaseline_outcome_names[CBASELINE_OUTCOMES];
/// The kinds of linux-gup-bias the loop acquires, by index.
extern const char *const cbaseline_kind_names[CBASELINE_KINDS];

/// Outcome counts of the C baseline loop.
typedef struct {
  uint64_t operations;
  uint64_t steps;
  /// Per outcome, in the order of `cbaseline_outcome_names`.
  uint64_t counts[CBASELINE_OUTCOMES];
  /// A checksum of where each outcome was first seen (so the compiler
  /// cannot drop the bookkeeping).
  uint64_t first_seen_checksum;
} cbaseline_counts;

/// One step of the loop, for the step-by-step cross-check with RefBits'
/// reference step.
typedef struct {
  uint64_t lifetime;
  uint64_t operation;
  /// Index into `cbaseline_kind_names`.
  int32_t kind;
  /// 1 for a release, 0 for an acquire.
  int32_t release;
  /// Bit `i` set: outcome `cbaseline_outcome_names[i]` happened.
  uint32_t outcomes;
  /// The word after the step.
  uint32_t word;
} cbaseline_step;

typedef void (*cbaseline_observer)(void *context, const cbaseline_step *step);

/// `refbits bench`'s C baseline: the `bench-single-steps` workload on
/// `linux-gup-bias`, hand-written as a tight C loop with the same random
/// numbers, operation mix, grant bookkeeping, truth tracking and predicate
/// checks as RefBits' native engine. Runs lifetimes `first_lifetime ..<
/// first_lifetime + lifetimes` of `lifetime` operations (the last one cut at
/// `operations` in total) and adds their counts to `out`.
void cbaseline_gup_bias(uint64_t seed, uint64_t operations, uint64_t lifetime, uint64_t first_lifetime, uint64_t lifetimes, cbaseline_counts *out);

/// The same loop, calling `observer` after every step (not timed: the
/// cross-check of every step against RefBits' reference step).
void cbaseline_gup_bias_observed(uint64_t seed, uint64_t operations, uint64_t lifetime, uint64_t first_lifetime, uint64_t lifetimes, cbaseline_counts *out, cbaseline_observer observer, void *context);

#endif
