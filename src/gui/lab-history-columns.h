/* lab-history-columns.h: the columns of the History page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-history-entry.h"

G_BEGIN_DECLS

/* Title, workload, date, wall, throughput, tasks, p99, speedup. */
void  lab_history_columns_add    (GtkColumnView   *view);
/* "Today 14:02", "Yesterday 09:12", "Mon 14:02", "3 Nov 2026" */
char *lab_history_format_date    (GDateTime       *created);
/* "primes · threads · 2 workers", "Comparison: primes · sequential, threads · 2 workers" */
char *lab_history_describe_entry (LabHistoryEntry *entry);

/* "3.6 ms", "1.2 µs" */
char *lab_history_format_latency (double           ms);

G_END_DECLS
