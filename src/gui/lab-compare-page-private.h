/* lab-compare-page-private.h: what the Compare page shares with the
 * sequence of runs it makes (lab-compare-sequence.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-compare-page.h"
#include "lab-compare-results.h"

G_BEGIN_DECLS

typedef struct
{
  guint slot;          /* the model's index, or the sweep point's */
  guint repetition;    /* 1.. */
} Step;

struct _LabComparePage
{
  AdwBin             parent_instance;

  GFile             *exported_file;   /* the export in progress, for its toast */

  GtkToggleButton   *models_toggle;
  GtkToggleButton   *sweep_toggle;
  GtkWidget         *models_row;
  GtkCheckButton    *checks[4];   /* by LabModel */
  GtkWidget         *sweep_model_row;
  GtkDropDown       *sweep_model_dropdown;
  GtkWidget         *workers_row;
  GtkEntry          *workers_entry;
  GtkSpinButton     *runs_spin;
  GtkLabel          *setup_error;
  GtkButton         *run_button;
  GtkWidget         *progress_box;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *export_button;
  GtkStack          *result_stack;
  LabCompareResults *results;

  GSettings         *settings;
  gboolean           can_start;
  gboolean           applying_settings;

  /* the sequence going */
  GCancellable      *cancellable;
  LabComparison     *comparison;
  LabSweep          *sweep;
  GArray            *steps;
  guint              step;
  LabRun            *run;
  gulong             progress_handler;
};

/* lab-compare-page.c */
void      lab_compare_page_toast            (LabComparePage *self,
                                             const char     *message);
void      lab_compare_page_update_state     (LabComparePage *self);
gboolean  lab_compare_page_is_sweep_mode    (LabComparePage *self);
LabModel  lab_compare_page_get_sweep_model  (LabComparePage *self);
/* What is wrong with the page's own choices, or NULL. */
char     *lab_compare_page_dup_setup_error  (LabComparePage *self);
/* The sequence ended: says so, and emits "comparison-finished" or
 * "sweep-finished" when @usable. */
void      lab_compare_page_sequence_ended   (LabComparePage *self,
                                             LabComparison  *comparison,
                                             LabSweep       *sweep,
                                             gboolean        usable);

/* lab-compare-sequence.c */
/* "1, 2, 4, 8" or "1..64" (doubling, and the end itself), mixed as wished. */
GArray   *lab_compare_parse_workers         (const char     *text,
                                             LabModel        model,
                                             GError        **error);
/* Builds the comparison or sweep and its steps from the page's choices and
 * the sidebar's workload; FALSE with a message for a person. */
gboolean  lab_compare_sequence_prepare      (LabComparePage *self,
                                             GError        **error);
/* Starts the next run, or ends the sequence. */
void      lab_compare_sequence_run_next     (LabComparePage *self);

G_END_DECLS
