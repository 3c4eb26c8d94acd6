/* lab-primes-workload.h: task i tests start + i for primality
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-workload.h"

G_BEGIN_DECLS

#define LAB_TYPE_PRIMES_WORKLOAD (lab_primes_workload_get_type ())

G_DECLARE_FINAL_TYPE (LabPrimesWorkload, lab_primes_workload, LAB, PRIMES_WORKLOAD, LabWorkload)

LabWorkload *lab_primes_workload_new       (guint64            start);
guint64      lab_primes_workload_get_start (LabPrimesWorkload *self);

G_END_DECLS
