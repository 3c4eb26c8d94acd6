/* lab-history-entry-private.h: what the entry's JSON form (its file) shares
 * with the object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-history-entry.h"

G_BEGIN_DECLS

struct _LabHistoryEntry
{
  GObject          parent_instance;

  char            *file_name;
  LabDocumentKind  kind;
  char            *title;
  LabWorkloadKind  workload;
  char           **models;
  guint            workers;
  guint            workers_min;
  GDateTime       *created;
  char            *state;

  double           wall_seconds;
  double           throughput;
  gint64           tasks_ok;
  gint64           tasks_failed;
  double           p99_ms;
  double           speedup;
};

/* An entry with no numbers yet (NAN, -1): for the constructors. */
LabHistoryEntry *lab_history_entry_new_empty (const char      *file_name,
                                              LabDocumentKind  kind,
                                              GDateTime       *created);

G_END_DECLS
