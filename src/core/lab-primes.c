/* lab-primes.c
 *
 * Plain trial division in 64-bit unsigned arithmetic: 2, then odd divisors
 * while d·d <= n. No sieve, no wheel: the point is honest CPU work that is the
 * same in every model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-primes.h"

void
lab_prime_test_init (LabPrimeTest *test,
                     guint64       n)
{
  test->n = n;
  test->divisor = 3;

  if (n < 2)
    test->result = 0;
  else if (n < 4)
    test->result = 1;
  else if (n % 2 == 0)
    test->result = 0;
  else
    test->result = -1;
}

gboolean
lab_prime_test_step (LabPrimeTest *test,
                     guint64       max_divisions)
{
  guint64 n = test->n;
  guint64 d = test->divisor;

  if (test->result >= 0)
    return TRUE;

  for (; max_divisions > 0; max_divisions--, d += 2)
    {
      /* d <= n / d is d·d <= n without overflow; the compiler computes the
       * quotient and the remainder with one division. */
      guint64 q = n / d;

      if (d > q)
        {
          test->result = 1;
          return TRUE;
        }
      if (n - q * d == 0)
        {
          test->result = 0;
          return TRUE;
        }
    }

  test->divisor = d;
  return FALSE;
}

gboolean
lab_is_prime (guint64 n)
{
  LabPrimeTest test;

  lab_prime_test_init (&test, n);
  lab_prime_test_step (&test, G_MAXUINT64);
  return test.result == 1;
}
