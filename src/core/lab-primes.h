/* lab-primes.h: trial division, in one piece or in resumable slices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 n;
  guint64 divisor;   /* next divisor to try */
  gint    result;    /* -1 undecided, 0 composite (or < 2), 1 prime */
} LabPrimeTest;

void     lab_prime_test_init (LabPrimeTest *test,
                              guint64       n);
/* Tries at most max_divisions divisors; TRUE once test->result is decided. */
gboolean lab_prime_test_step (LabPrimeTest *test,
                              guint64       max_divisions);
gboolean lab_is_prime        (guint64       n);

G_END_DECLS
