/* lab-comparison-private.h: what lab-comparison.c shares with its formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-comparison.h"

G_BEGIN_DECLS

typedef struct
{
  LabConfig  *config;
  LabSummary  summary;
  guint64    *http_status_counts;   /* url workload only */
  char       *error;                /* the run's error, if it failed */
  guint       repetition;           /* 1.. for its model */
  guint       order;                /* 1.. in the order the runs were made */
} LabComparisonRun;

struct _LabComparison
{
  GObject    parent_instance;

  LabConfig *base;
  GArray    *models;           /* LabModel, in the order asked for */
  guint      runs_per_model;
  GPtrArray *runs;             /* LabComparisonRun */
  GDateTime *created;
  JsonNode  *environment;      /* a loaded comparison's; NULL: this machine's */
  guint      cores;            /* of that machine: the ideal speedup's limit */
};

/* For lab_comparison_load(): a run known only by its config and summary.
 * Takes @config, @http_status_counts and @error. */
void       lab_comparison_take_run         (LabComparison          *self,
                                            LabConfig              *config,
                                            const LabSummary       *summary,
                                            guint64                *http_status_counts,
                                            char                   *error,
                                            guint                   repetition,
                                            guint                   order);
gboolean   lab_comparison_has_model        (LabComparison          *self,
                                            LabModel                model);
gboolean   lab_comparison_run_is_used      (const LabComparisonRun *run);

G_END_DECLS
