/* lab-compare-table.c
 *
 * Plain labels in a grid: selectable, with tabular figures, so a person
 * can read the digits behind the bars or copy them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-compare-table.h"
#include "lab-format.h"

static char *
format_pm_seconds (const LabStat *stat)
{
  g_autofree char *mean = lab_format_seconds (stat->mean);
  g_autofree char *sd = NULL;

  if (stat->n < 2)
    return g_steal_pointer (&mean);
  sd = lab_format_seconds (stat->stddev);
  return g_strdup_printf ("%s ± %s", mean, sd);
}

static char *
format_speedup (double speedup,
                double stddev)
{
  if (!isfinite (speedup))
    return g_strdup ("—");
  if (!isfinite (stddev) || stddev == 0)
    return g_strdup_printf ("%.2f×", speedup);
  return g_strdup_printf ("%.2f× ± %.2f", speedup, stddev);
}

static void
clear (GtkGrid *table)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (table))) != NULL)
    gtk_grid_remove (table, child);
}

static void
cell (GtkGrid *table,
      int      column,
      int      row,
      char    *text)   /* taken */
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_label_set_selectable (GTK_LABEL (label), row > 0);
  gtk_widget_add_css_class (label, row == 0 ? "dim-label" : "numeric");
  gtk_grid_attach (table, label, column, row, 1, 1);
  g_free (text);
}

static void
header (GtkGrid            *table,
        const char * const *titles)
{
  for (int c = 0; titles[c] != NULL; c++)
    cell (table, c, 0, g_strdup (titles[c]));
}

static void
measures (GtkGrid       *table,
          int            row,
          int            column,
          guint          n_used,
          const LabStat *wall,
          double         speedup,
          double         speedup_stddev,
          double         efficiency,
          const LabStat *throughput,
          const LabStat *p99,
          const LabStat *cpu)
{
  g_autofree char *rate = NULL;

  if (n_used == 0)
    {
      for (int c = column; c < column + 6; c++)
        cell (table, c, row, g_strdup ("—"));
      return;
    }
  rate = lab_format_rate (throughput->mean);
  cell (table, column++, row, format_pm_seconds (wall));
  cell (table, column++, row, format_speedup (speedup, speedup_stddev));
  cell (table, column++, row, isfinite (efficiency) ? lab_format_percent (efficiency) : g_strdup ("—"));
  /* Translators: tasks per second */
  cell (table, column++, row, g_strdup_printf (_("%s/s"), rate));
  cell (table, column++, row, lab_format_millis (p99->mean));
  cell (table, column++, row, lab_format_fixed (cpu->mean, 2));
}

void
lab_compare_table_fill_comparison (GtkGrid             *table,
                                   const LabModelStats *stats,
                                   guint                n_stats)
{
  const char *titles[] = { _("Model"), _("Workers"), _("Runs"), _("Wall (mean ± σ)"), _("Speedup ± σ"),
                           _("Efficiency"), _("Throughput"), _("p99 latency"), _("CPU (cores)"), NULL };

  g_return_if_fail (GTK_IS_GRID (table));

  clear (table);
  header (table, titles);
  for (guint i = 0; i < n_stats; i++)
    {
      const LabModelStats *s = &stats[i];

      cell (table, 0, i + 1, g_strdup (lab_model_to_string (s->model)));
      cell (table, 1, i + 1, g_strdup_printf ("%u", s->workers));
      cell (table, 2, i + 1, g_strdup_printf ("%u/%u", s->n_used, s->n_runs));
      measures (table, i + 1, 3, s->n_used, &s->wall_seconds, s->speedup, s->speedup_stddev,
                s->efficiency, &s->throughput_per_second, &s->latency_p99_ms, &s->cpu_utilization);
    }
}

void
lab_compare_table_fill_sweep (GtkGrid             *table,
                              const LabSweepPoint *points,
                              guint                n_points)
{
  const char *titles[] = { _("Workers"), _("Runs"), _("Wall (mean ± σ)"), _("Speedup ± σ"),
                           _("Efficiency"), _("Throughput"), _("p99 latency"), _("CPU (cores)"), NULL };

  g_return_if_fail (GTK_IS_GRID (table));

  clear (table);
  header (table, titles);
  for (guint i = 0; i < n_points; i++)
    {
      const LabSweepPoint *p = &points[i];

      cell (table, 0, i + 1, g_strdup_printf ("%u", p->workers));
      cell (table, 1, i + 1, g_strdup_printf ("%u/%u", p->n_used, p->n_runs));
      measures (table, i + 1, 2, p->n_used, &p->wall_seconds, p->speedup, p->speedup_stddev,
                p->efficiency, &p->throughput_per_second, &p->latency_p99_ms, &p->cpu_utilization);
    }
}

char *
lab_compare_table_dup_text (GtkGrid *table)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (GTK_IS_GRID (table), NULL);

  for (int row = 0; gtk_grid_get_child_at (table, 0, row) != NULL; row++)
    {
      for (int column = 0; ; column++)
        {
          GtkWidget *label = gtk_grid_get_child_at (table, column, row);

          if (label == NULL)
            break;
          g_string_append_printf (out, "%s%s", column > 0 ? "\t" : "", gtk_label_get_text (GTK_LABEL (label)));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Titles and the fit, in words */


static char *
describe_workload (const LabConfig *config)
{
  g_autofree char *count = lab_format_grouped (config->count);

  /* Translators: "primes · 20 000 tasks" */
  return g_strdup_printf (_("%s · %s tasks"), lab_workload_kind_to_string (config->workload), count);
}

char *
lab_compare_describe_comparison (LabComparison *comparison)
{
  g_autoptr(LabConfig) config = lab_comparison_dup_model_config (comparison, lab_comparison_get_model (comparison, 0));
  g_autofree char *workload = describe_workload (config);
  GString *models = g_string_new (NULL);
  g_autofree char *list = NULL;

  for (guint i = 0; i < lab_comparison_get_n_models (comparison); i++)
    g_string_append_printf (models, "%s%s", i > 0 ? ", " : "",
                            lab_model_to_string (lab_comparison_get_model (comparison, i)));
  list = g_string_free (models, FALSE);

  /* Translators: "Comparison of sequential, threads · primes · 20 000 tasks" */
  return g_strdup_printf (_("Comparison of %s · %s"), list, workload);
}

char *
lab_compare_describe_sweep (LabSweep *sweep)
{
  const LabConfig *base = lab_sweep_get_base (sweep);
  g_autofree char *workload = describe_workload (base);
  GString *counts = g_string_new (NULL);
  g_autofree char *list = NULL;

  for (guint i = 0; i < lab_sweep_get_n_points (sweep); i++)
    g_string_append_printf (counts, "%s%u", i > 0 ? ", " : "", lab_sweep_get_point_workers (sweep, i));
  list = g_string_free (counts, FALSE);

  /* Translators: "Sweep of threads across 1, 2, 4 workers · primes · 20 000 tasks" */
  return g_strdup_printf (_("Sweep of %s across %s workers · %s"), lab_model_to_string (base->model), list, workload);
}

char *
lab_compare_describe_fit (LabSweep                 *sweep,
                          const LabSweepChartModel *model)
{
  const LabConfig *base = lab_sweep_get_base (sweep);
  const LabAmdahlFit *fit = &model->fit;
  guint n = model->n_points;

  if (base->workload != LAB_WORKLOAD_PRIMES)
    {
      if (model->saturation_workers > 0)
        return g_strdup_printf (_("Adding workers stops paying past %u workers: doubling them gains less than 10 %% throughput."),
                                model->saturation_workers);
      if (n > 0)
        return g_strdup_printf (_("Throughput still grows at %u workers: the workload has not saturated."),
                                model->points[n - 1].workers);
      return NULL;
    }

  if (!fit->valid)
    return g_strdup (_("No Amdahl fit: it needs a finished point with more than one worker."));
  if (fit->serial_fraction <= 0)
    return g_strdup_printf (_("Serial fraction 0 %%: no serial part measured up to %u workers; the cores are the limit."),
                            fit->max_workers_fitted);
  if (isfinite (fit->serial_fraction_stddev))
    return g_strdup_printf (_("Serial fraction %.1f %% ± %.1f %% → at most %.0f× on this workload (fitted up to %u workers)."),
                            fit->serial_fraction * 100, fit->serial_fraction_stddev * 100, fit->max_speedup,
                            fit->max_workers_fitted);
  return g_strdup_printf (_("Serial fraction %.1f %% → at most %.0f× on this workload (fitted up to %u workers)."),
                          fit->serial_fraction * 100, fit->max_speedup, fit->max_workers_fitted);
}

