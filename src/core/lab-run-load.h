/* lab-run-load.h: a finished LabRun made from what a snapshot holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-run.h"

G_BEGIN_DECLS

/* What the snapshot reader found, checked: records are unique, in range and
 * exactly config->count of them. */
typedef struct
{
  LabConfig   *config;           /* owned */
  GDateTime   *created;          /* owned */
  LabRunState  state;            /* a finished state */
  char        *error_message;    /* owned, or NULL */
  gint64       wall_us;
  gint64       ready_us;         /* start-up, <= wall_us */
  gint64       cpu_total_us;     /* cpu_utilization × wall */
  double       loop_lag_p99_ms;
  double       loop_lag_max_ms;
  GArray      *records;          /* LabTaskRecord, owned */
  GArray      *cpu_bins;         /* double per series bin (NAN = not sampled), owned */
  GArray      *loop_lag_bins;    /* double per series bin (NAN = none), owned */
  JsonNode    *environment;      /* owned, or NULL */
} LabRunLoad;

void    lab_run_load_clear   (LabRunLoad *load);

/* Takes the records, environment and created time out of @load. The run's
 * bins, histogram, worker stats and counts are aggregated from the records
 * by the code a live run uses. */
LabRun *lab_run_new_loaded   (LabRunLoad *load);

G_END_DECLS
