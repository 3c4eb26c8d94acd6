/* lab-sweep-private.h: what lab-sweep.c shares with its formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-sweep.h"

G_BEGIN_DECLS

typedef struct
{
  guint       point;                /* index into the sweep's worker counts */
  guint       repetition;           /* 1.. for its point */
  guint       order;                /* 1.. in the order the runs were made */
  LabSummary  summary;
  guint64    *http_status_counts;   /* url workload only */
  char       *error;                /* the run's error, if it failed */
} LabSweepRun;

struct _LabSweep
{
  GObject    parent_instance;

  LabConfig *base;
  GArray    *workers;          /* guint, increasing */
  guint      runs_per_point;
  GPtrArray *runs;             /* LabSweepRun, in the order they were made */
  GDateTime *created;
  guint      cores;            /* of the machine the sweep ran on */
  JsonNode  *environment;      /* a loaded sweep's; NULL: this machine's */

  /* Derived from the runs when first asked for; cleared when a run is added. */
  LabSweepPoint *points;
  LabAmdahlFit   fit;
};

gboolean    lab_sweep_run_is_used     (const LabSweepRun *run);
/* "1 worker", "4 workers" */
char       *lab_sweep_describe_workers (guint             workers);
/* One line for people about the machine the sweep ran on. */
char       *lab_sweep_describe_machine (LabSweep         *self);
/* Adds a run read back from JSON (takes @error_message and @http_status_counts). */
void        lab_sweep_take_run        (LabSweep          *self,
                                       guint              point,
                                       guint              repetition,
                                       const LabSummary  *summary,
                                       guint64           *http_status_counts,
                                       char              *error_message);

G_END_DECLS
