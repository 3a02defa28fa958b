/* tests/fuzz/fuzz_entry.h — names the entry function of each fuzz target. Built for
 * libFuzzer, a target's entry is LLVMFuzzerTestOneInput; built into the corpus replayer
 * (fuzz_replay.c) each target's entry gets its own name, so one normal executable runs all
 * three over their corpora and regression files. Also the shared invariant check. */
#ifndef RC_FUZZ_ENTRY_H
#define RC_FUZZ_ENTRY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef RC_FUZZ_REPLAY
#define RC_FUZZ_ENTRY(name) rc_fuzz_##name##_one
#else
#define RC_FUZZ_ENTRY(name) LLVMFuzzerTestOneInput
#endif

int rc_fuzz_config_one(const uint8_t *data, size_t size);
int rc_fuzz_csv_one(const uint8_t *data, size_t size);
int rc_fuzz_formula_one(const uint8_t *data, size_t size);
int rc_fuzz_book_one(const uint8_t *data, size_t size);
int rc_fuzz_encoding_one(const uint8_t *data, size_t size);
int rc_fuzz_boundary_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a bug the fuzzer must report as a crash: print and abort (this is
 * test code; the library itself never aborts). */
#define RC_FUZZ_CHECK(cond)                                                                  \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);     \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

#endif
