// The C baseline of `refbits bench`: linux-gup-bias under the
// bench-single-steps workload, as a tight loop. It must make the same random
// draws and reach the same counts as RefBits (refbits bench checks the
// counts by outcome name; a test, and the bench built with
// REFBITS_INTERNAL_CHECKS, check every step against RefBits' reference step).
#include "CBaseline.h"
#include <stdlib.h>
#include <string.h>

static inline uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static inline uint64_t next(uint64_t *s) {
  *s += 0x9E3779B97F4A7C15ULL;
  return mix(*s);
}

// A grant, as RefBits' driver keeps it. The workload holds nothing
// (`hold` 0): each grant is due when taken and sequence numbers grow, so the
// earliest due first, by (due, seq), is the oldest: the grants sit in a FIFO
// ring, as RefBits' driver keeps them for such actors (GrantQueues.swift).
typedef struct { int64_t due, seq; int32_t kind; } grant;

enum { OK, PF, LEAK, REF_TRY, REF_PIN, OVF, FP_MP, FN_MP, N_OUT };
_Static_assert(N_OUT == CBASELINE_OUTCOMES, "one name per outcome");

const char *const cbaseline_outcome_names[CBASELINE_OUTCOMES] = {
  "ok", "premature_free", "leak", "refused(try_ref)", "refused(pin)", "field_overflow(refcount)",
  "false_positive(maybe_pinned)", "false_negative(maybe_pinned)",
};

const char *const cbaseline_kind_names[CBASELINE_KINDS] = {"ref", "try_ref", "pin"};

// The loop, with an observer that the timed entry point passes as NULL: the
// body is inlined into both entry points, so the timed one has no call and
// no test for it.
static inline __attribute__((always_inline)) void gup_bias(uint64_t seed, uint64_t operations, uint64_t lifetime, uint64_t first_lifetime, uint64_t lifetimes, cbaseline_counts *out, cbaseline_observer observer, void *context) {
  uint64_t counts[N_OUT] = {0};
  int seen[N_OUT] = {0};
  uint64_t checksum = 0, steps = 0, ops_done = 0;
  // Kind thresholds: weights 1, 1, 1 out of 2^53, as BoundWorkload computes them.
  uint64_t kt[3];
  double cum = 0;
  for (int i = 0; i < 3; i++) { cum += 1.0; kt[i] = (uint64_t)(cum / 3.0 * 0x1p53); if (kt[i] < 1) kt[i] = 1; }
  const uint64_t acquire_threshold = (uint64_t)(0.5 * 0x1p53);
  const int64_t add[3] = {1, 1, 1024};

  size_t cap = 1024;  // a power of two
  grant *ring = malloc(cap * sizeof(grant));
  for (uint64_t life = first_lifetime; life < first_lifetime + lifetimes; life++) {
    uint64_t ops = operations - life * lifetime < lifetime ? operations - life * lifetime : lifetime;
    uint64_t s = mix(seed ^ 0x5EED5EED5EED5EEDULL) + mix(life + 0x9E3779B97F4A7C15ULL);
    // Initial state: one `ref` held by actor 0.
    uint32_t word = 1;
    int64_t ideal = 1;
    int64_t held[3] = {1, 0, 0}, mine[3] = {0, 0, 0}, total = 1;
    uint8_t lie = 0;
    // The freed predicate charges a lie to the side that moved: a release
    // turning the word freed (premature_free; an acquire that wraps the word
    // to 0 frees nothing, as in Machine.onset) or the truth reaching zero
    // (leak).
    int was_freed_word = 0, was_freed_truth = 0;
    size_t n = 0, head = 0;
    int64_t seq = 0;
    for (uint64_t t = 0; t < ops; t++) {
      (void)(next(&s) >> 11);  // the actor (there is one)
      int acquire = (next(&s) >> 11) < acquire_threshold;
      int kind, dir;
      if (!acquire && n > 0 && ring[head].due <= (int64_t)t) {
        kind = ring[head].kind;
        dir = -1;
      } else {
        uint64_t r = next(&s) >> 11;
        kind = r < kt[0] ? 0 : (r < kt[1] ? 1 : 2);
        dir = 1;
      }
      uint64_t emitted = 0;  // bit per outcome
      int applied = 0;
      if (dir == 1 && kind != 0 && (int32_t)word <= 0) {
        emitted |= 1u << (kind == 1 ? REF_TRY : REF_PIN);
      } else {
        int64_t before = (int32_t)word;
        uint32_t w2 = word + (uint32_t)(dir * add[kind]);
        int64_t expected = before + dir * add[kind];
        if ((int64_t)(int32_t)w2 != expected) emitted |= 1u << OVF;
        word = w2;
        ideal += dir * add[kind];
        held[kind] += dir;
        mine[kind] += dir;
        total += dir;
        applied = 1;
        // maybe_pinned, freed: when on the word, means on the truth. The
        // initial reference is never released (releases pop grants only), so
        // the object never dies and maybe_pinned is judged at every step.
        int w_mp = word >= 1024, m_mp = held[2] > 0;
        int w_fr = (int32_t)word == 0, m_fr = total == 0;
        uint8_t l0 = w_mp == m_mp ? 0 : (w_mp ? 1 : 2);
        if (l0 != lie) { if (l0) emitted |= 1u << (l0 == 1 ? FP_MP : FN_MP); lie = l0; }
        if (dir == -1 && w_fr && !m_fr && !was_freed_word) emitted |= 1u << PF;
        if (!w_fr && m_fr && !was_freed_truth) emitted |= 1u << LEAK;
        was_freed_word = w_fr;
        was_freed_truth = m_fr;
      }
      if (!emitted) emitted = 1u << OK;
      steps++;
      if (observer) {
        cbaseline_step step = {life, t, kind, dir == -1, (uint32_t)emitted, word};
        observer(context, &step);
      }
      for (int o = 0; o < N_OUT; o++) {
        if (emitted & (1u << o)) {
          counts[o]++;
          if (!seen[o]) { seen[o] = 1; checksum = checksum * 31 + steps; }
        }
      }
      if (dir == 1) {
        if (applied) {
          // push at the tail
          if (n == cap) {
            grant *bigger = malloc(2 * cap * sizeof(grant));
            for (size_t j = 0; j < n; j++) bigger[j] = ring[(head + j) & (cap - 1)];
            free(ring);
            ring = bigger;
            head = 0;
            cap *= 2;
          }
          grant g = {(int64_t)t, seq, kind};
          ring[(head + n) & (cap - 1)] = g;
          n++;
        }
        seq++;
      } else if (applied) {
        // pop the head (the oldest grant)
        head = (head + 1) & (cap - 1);
        n--;
      }
      ops_done++;
    }
    // The truth is part of the work: keep it observable.
    checksum ^= (uint64_t)ideal * 3 + (uint64_t)mine[0] * 5 + (uint64_t)mine[1] * 7 + (uint64_t)mine[2] * 11;
  }
  free(ring);
  out->operations += ops_done;
  out->steps += steps;
  for (int o = 0; o < N_OUT; o++) out->counts[o] += counts[o];
  out->first_seen_checksum ^= checksum;
}

void cbaseline_gup_bias(uint64_t seed, uint64_t operations, uint64_t lifetime, uint64_t first_lifetime, uint64_t lifetimes, cbaseline_counts *out) {
  gup_bias(seed, operations, lifetime, first_lifetime, lifetimes, out, 0, 0);
}

void cbaseline_gup_bias_observed(uint64_t seed, uint64_t operations, uint64_t lifetime, uint64_t first_lifetime, uint64_t lifetimes, cbaseline_counts *out, cbaseline_observer observer, void *context) {
  gup_bias(seed, operations, lifetime, first_lifetime, lifetimes, out, observer, context);
}
