/* test-primes.c: trial division against a sieve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-primes.h"
#include "lab-test-util.h"

static void
test_against_sieve (void)
{
  const guint64 limit = 200000;
  g_autofree guint8 *composite = lab_test_sieve (0, limit);

  for (guint64 n = 0; n < limit; n++)
    g_assert_cmpint (lab_is_prime (n), ==, !composite[n]);
}

static void
test_large (void)
{
  /* Known primes and composites near the edges of 64 bits. */
  g_assert_true (lab_is_prime (G_GUINT64_CONSTANT (1000000000039)));
  g_assert_false (lab_is_prime (G_GUINT64_CONSTANT (1000000000000)));
  g_assert_true (lab_is_prime (G_GUINT64_CONSTANT (4294967291)));      /* largest 32-bit prime */
  g_assert_false (lab_is_prime (G_GUINT64_CONSTANT (4294967291) * 3)); /* a multiple of it */
  g_assert_false (lab_is_prime (G_GUINT64_CONSTANT (1000003) * G_GUINT64_CONSTANT (1000033)));
  g_assert_false (lab_is_prime (G_MAXUINT64));                          /* 3 × 5 × 17 × ... */
}

static void
test_sliced_matches_whole (void)
{
  for (guint64 n = G_GUINT64_CONSTANT (1000000000000); n < G_GUINT64_CONSTANT (1000000000000) + 300; n++)
    {
      LabPrimeTest test;
      guint steps = 0;

      lab_prime_test_init (&test, n);
      while (!lab_prime_test_step (&test, 7))
        steps++;
      g_assert_cmpint (test.result == 1, ==, lab_is_prime (n));
    }
}

static void
test_seed_example (void)
{
  /* --start=10000019 --count=10: the seed example */
  g_autofree guint8 *composite = lab_test_sieve (10000019, 10);
  guint found = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpint (lab_is_prime (10000019 + i), ==, !composite[i]);
      found += !composite[i];
    }
  g_assert_cmpuint (found, ==, lab_test_count_primes (10000019, 10));
  g_assert_cmpuint (found, >=, 1);   /* 10000019 itself is prime */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/primes/sieve", test_against_sieve);
  g_test_add_func ("/lab/primes/large", test_large);
  g_test_add_func ("/lab/primes/sliced", test_sliced_matches_whole);
  g_test_add_func ("/lab/primes/seed-example", test_seed_example);

  return g_test_run ();
}
