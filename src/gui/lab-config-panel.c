/* lab-config-panel.c
 *
 * Every row is bound to a GSettings key, so the last configuration comes
 * back on the next start. After each change the panel builds a LabConfig
 * and validates it with the engine's own rules; the row named by the
 * message is marked and Start stays disabled until it is fixed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "lab-config-panel.h"
#include "lab-error.h"
#include "lab-settings-mapping.h"

struct _LabConfigPanel
{
  AdwBin        parent_instance;

  GSettings    *settings;
  gboolean      valid;
  char         *error_message;
  GtkWidget    *error_row;

  AdwComboRow  *workload_row;
  AdwEntryRow  *start_row;
  AdwActionRow *count_row;
  GtkSpinButton *count_spin;
  AdwComboRow  *target_row;
  AdwEntryRow  *urls_row;
  AdwEntryRow  *delay_row;
  AdwEntryRow  *jitter_row;
  AdwEntryRow  *size_row;
  AdwActionRow *status_row;
  GtkSpinButton *status_spin;
  AdwActionRow *fail_row;
  GtkSpinButton *fail_spin;
  AdwComboRow  *model_row;
  AdwActionRow *workers_row;
  GtkSpinButton *workers_spin;
  AdwActionRow *chunk_row;
  GtkSpinButton *chunk_spin;
  AdwActionRow *gil_row;
  GtkSwitch    *gil_switch;
  AdwEntryRow  *switch_interval_row;
  AdwEntryRow  *timeout_row;
  AdwEntryRow  *deadline_row;
  AdwActionRow *max_in_flight_row;
  GtkSpinButton *max_in_flight_spin;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (LabConfigPanel, lab_config_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *workload_ids[] = { "primes", "url", NULL };
static const char *target_ids[] = { "lab-server", "urls", NULL };
static const char *model_ids[] = { "sequential", "threads", "processes", "async", NULL };

/* Visibility and validation ------------------------------------------------ */

static void
set_error_row (LabConfigPanel *self,
               GtkWidget      *row)
{
  if (self->error_row == row)
    return;

  if (self->error_row != NULL)
    gtk_widget_remove_css_class (self->error_row, "error");
  self->error_row = row;
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
}

static GtkWidget *
row_for_option (LabConfigPanel *self,
                const char     *option)
{
  const struct { const char *option; gpointer row; } rows[] = {
    { "--workload", self->workload_row },
    { "--start", self->start_row },
    { "--count", self->count_row },
    { "--url", self->urls_row },
    { "delay", self->delay_row },
    { "jitter", self->jitter_row },
    { "size", self->size_row },
    { "--model", self->model_row },
    { "--workers", self->workers_row },
    { "--chunk-size", self->chunk_row },
    { "--simulate-gil", self->gil_row },
    { "--switch-interval", self->switch_interval_row },
    { "--timeout", self->timeout_row },
    { "--deadline", self->deadline_row },
    { "--max-in-flight", self->max_in_flight_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].option, option))
      return rows[i].row;
  return NULL;
}

/* "--workers: 0 is out of range" → the row and "Workers: 0 is out of range" */
static char *
describe_error (LabConfigPanel  *self,
                const char      *message,
                GtkWidget      **row)
{
  const char *colon = strstr (message, ": ");
  g_autofree char *option = NULL;
  g_autoptr(GString) title = NULL;

  *row = NULL;
  if (colon == NULL)
    return g_strdup (message);

  option = g_strndup (message, colon - message);
  *row = row_for_option (self, option);
  if (*row == NULL)
    return g_strdup (message);

  title = g_string_new (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (*row)));
  g_string_replace (title, "_", "", 0);
  return g_strdup_printf ("%s: %s", title->str, colon + 2);
}

static gboolean
parse_duration_row (AdwEntryRow  *row,
                    const char   *option,
                    GTimeSpan    *out,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!lab_parse_duration (gtk_editable_get_text (GTK_EDITABLE (row)), out, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION, "%s: %s", option, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static LabConfig *
build_config (LabConfigPanel  *self,
              char           **query,
              GError         **error)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(GError) local_error = NULL;

  config->workload = adw_combo_row_get_selected (self->workload_row) == 1 ? LAB_WORKLOAD_URL : LAB_WORKLOAD_PRIMES;
  config->model = MIN (adw_combo_row_get_selected (self->model_row), LAB_MODEL_ASYNC);
  config->count = (guint64) gtk_spin_button_get_value (self->count_spin);
  config->workers = config->model == LAB_MODEL_SEQUENTIAL ? 1 : (guint) gtk_spin_button_get_value (self->workers_spin);
  config->max_in_flight = (guint) gtk_spin_button_get_value (self->max_in_flight_spin);
  if (config->model == LAB_MODEL_PROCESSES)
    config->chunk_size = (guint) gtk_spin_button_get_value (self->chunk_spin);

  if (config->workload == LAB_WORKLOAD_PRIMES &&
      !lab_parse_count (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), G_MAXUINT64,
                        &config->start, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION, "--start: %s", local_error->message);
      return NULL;
    }

  if (config->workload == LAB_WORKLOAD_URL && adw_combo_row_get_selected (self->target_row) == 1)
    {
      g_auto(GStrv) words = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->urls_row)), " \t\n,", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      guint n = 0;

      for (guint i = 0; words[i] != NULL; i++)
        {
          if (*words[i] == '\0')
            continue;
          g_strv_builder_add (builder, words[i]);
          n++;
        }
      if (n == 0)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION, "--url: %s",
                       _("enter at least one URL, such as http://127.0.0.1:8080/"));
          return NULL;
        }
      config->urls = g_strv_builder_end (builder);
    }
  else if (config->workload == LAB_WORKLOAD_URL)
    {
      GTimeSpan delay, jitter;
      guint64 size;
      char fail[G_ASCII_DTOSTR_BUF_SIZE];

      if (!parse_duration_row (self->delay_row, "delay", &delay, error) ||
          !parse_duration_row (self->jitter_row, "jitter", &jitter, error))
        return NULL;
      if (!lab_parse_size (gtk_editable_get_text (GTK_EDITABLE (self->size_row)), &size, &local_error))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION, "size: %s", local_error->message);
          return NULL;
        }
      if (delay > 60 * G_TIME_SPAN_SECOND || jitter > 60 * G_TIME_SPAN_SECOND)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION, "%s: %s",
                       delay > 60 * G_TIME_SPAN_SECOND ? "delay" : "jitter", _("use at most 1m"));
          return NULL;
        }
      if (size > G_GUINT64_CONSTANT (1) << 30)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION, "size: %s", _("use at most 1GiB"));
          return NULL;
        }

      g_ascii_dtostr (fail, sizeof fail, gtk_spin_button_get_value (self->fail_spin) / 100.0);
      if (query != NULL)
        *query = g_strdup_printf ("delay=%" G_GINT64_FORMAT "us&jitter=%" G_GINT64_FORMAT "us"
                                  "&size=%" G_GUINT64_FORMAT "&status=%u&fail=%s",
                                  delay, jitter, size,
                                  (guint) gtk_spin_button_get_value (self->status_spin), fail);
    }

  if (config->model == LAB_MODEL_THREADS && gtk_switch_get_active (self->gil_switch))
    {
      config->simulate_gil = TRUE;
      if (!parse_duration_row (self->switch_interval_row, "--switch-interval", &config->switch_interval, error))
        return NULL;
    }

  if (!parse_duration_row (self->timeout_row, "--timeout", &config->timeout, error) ||
      !parse_duration_row (self->deadline_row, "--deadline", &config->deadline, error))
    return NULL;

  if (!lab_config_validate (config, error))
    return NULL;

  return g_steal_pointer (&config);
}

static void
update_visibility (LabConfigPanel *self)
{
  gboolean url = adw_combo_row_get_selected (self->workload_row) == 1;
  gboolean server = url && adw_combo_row_get_selected (self->target_row) == 0;
  LabModel model = adw_combo_row_get_selected (self->model_row);

  gtk_widget_set_visible (GTK_WIDGET (self->start_row), !url);
  gtk_widget_set_visible (GTK_WIDGET (self->target_row), url);
  gtk_widget_set_visible (GTK_WIDGET (self->urls_row), url && !server);
  gtk_widget_set_visible (GTK_WIDGET (self->delay_row), server);
  gtk_widget_set_visible (GTK_WIDGET (self->jitter_row), server);
  gtk_widget_set_visible (GTK_WIDGET (self->size_row), server);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), server);
  gtk_widget_set_visible (GTK_WIDGET (self->fail_row), server);
  adw_action_row_set_subtitle (self->count_row,
                               url ? _("One request per task") : _("Numbers tested, one per task"));

  gtk_widget_set_visible (GTK_WIDGET (self->workers_row), model != LAB_MODEL_SEQUENTIAL);
  switch (model)
    {
    case LAB_MODEL_THREADS:
      adw_action_row_set_subtitle (self->workers_row, _("Threads in the pool"));
      break;
    case LAB_MODEL_PROCESSES:
      adw_action_row_set_subtitle (self->workers_row, _("Worker processes"));
      break;
    case LAB_MODEL_ASYNC:
      adw_action_row_set_subtitle (self->workers_row, _("Tasks in flight on one event loop"));
      break;
    case LAB_MODEL_SEQUENTIAL:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chunk_row), model == LAB_MODEL_PROCESSES);
  gtk_widget_set_visible (GTK_WIDGET (self->gil_row), model == LAB_MODEL_THREADS);
  gtk_widget_set_visible (GTK_WIDGET (self->switch_interval_row),
                          model == LAB_MODEL_THREADS && gtk_switch_get_active (self->gil_switch));
}

static void
lab_config_panel_update (LabConfigPanel *self)
{
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *row = NULL;
  gboolean valid;

  update_visibility (self);

  config = build_config (self, NULL, &error);
  valid = config != NULL;
  if (!valid)
    message = describe_error (self, error->message, &row);

  set_error_row (self, row);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);

  if (g_strcmp0 (message, self->error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
on_changed (LabConfigPanel *self)
{
  lab_config_panel_update (self);
}

/* GObject ------------------------------------------------------------------ */

static void
lab_config_panel_dispose (GObject *object)
{
  LabConfigPanel *self = (LabConfigPanel *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_CONFIG_PANEL);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lab_config_panel_parent_class)->dispose (object);
}

static void
lab_config_panel_finalize (GObject *object)
{
  LabConfigPanel *self = (LabConfigPanel *) object;

  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (lab_config_panel_parent_class)->finalize (object);
}

static void
lab_config_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LabConfigPanel *self = LAB_CONFIG_PANEL (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_config_panel_class_init (LabConfigPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_config_panel_dispose;
  object_class->finalize = lab_config_panel_finalize;
  object_class->get_property = lab_config_panel_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concurrencylab/ConcurrencyLab/lab-config-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, workload_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, start_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, count_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, count_spin);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, target_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, urls_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, delay_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, jitter_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, size_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, status_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, status_spin);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, fail_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, fail_spin);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, model_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, workers_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, chunk_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, chunk_spin);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, gil_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, gil_switch);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, switch_interval_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, max_in_flight_row);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, max_in_flight_spin);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabConfigPanel, error_label);
}

static void
bind_entry (LabConfigPanel *self,
            const char     *key,
            AdwEntryRow    *row)
{
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
}

static void
bind_spin (LabConfigPanel                *self,
           const char                    *key,
           GtkSpinButton                 *spin,
           GSettingsBindGetMapping        get_mapping)
{
  g_settings_bind_with_mapping (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT,
                                get_mapping ? get_mapping : lab_settings_get_double_from_integer,
                                lab_settings_set_double_to_integer, NULL, NULL);
  g_signal_connect_object (spin, "notify::value", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
}

static void
bind_choice (LabConfigPanel *self,
             const char     *key,
             AdwComboRow    *row,
             const char    **ids)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                lab_settings_get_choice, lab_settings_set_choice, (gpointer) ids, NULL);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
}

static void
lab_config_panel_init (LabConfigPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->chunk_spin, "output", G_CALLBACK (lab_spin_auto_output), NULL);
  g_signal_connect (self->chunk_spin, "input", G_CALLBACK (lab_spin_auto_input), NULL);
  g_signal_connect (self->max_in_flight_spin, "output", G_CALLBACK (lab_spin_auto_output), NULL);
  g_signal_connect (self->max_in_flight_spin, "input", G_CALLBACK (lab_spin_auto_input), NULL);

  self->settings = g_settings_new (APP_ID);

  bind_choice (self, "workload", self->workload_row, workload_ids);
  bind_choice (self, "url-target", self->target_row, target_ids);
  bind_choice (self, "model", self->model_row, model_ids);

  g_settings_bind_with_mapping (self->settings, "start", self->start_row, "text", G_SETTINGS_BIND_DEFAULT,
                                lab_settings_get_number_text, lab_settings_set_number_text, NULL, NULL);
  g_signal_connect_object (self->start_row, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);

  bind_entry (self, "urls", self->urls_row);
  bind_entry (self, "server-delay", self->delay_row);
  bind_entry (self, "server-jitter", self->jitter_row);
  bind_entry (self, "server-size", self->size_row);
  bind_entry (self, "switch-interval", self->switch_interval_row);
  bind_entry (self, "timeout", self->timeout_row);
  bind_entry (self, "deadline", self->deadline_row);

  bind_spin (self, "count", self->count_spin, NULL);
  bind_spin (self, "server-status", self->status_spin, NULL);
  bind_spin (self, "workers", self->workers_spin, lab_settings_get_workers);
  bind_spin (self, "chunk-size", self->chunk_spin, NULL);
  bind_spin (self, "max-in-flight", self->max_in_flight_spin, NULL);

  g_settings_bind (self->settings, "server-fail-rate", self->fail_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->fail_spin, "notify::value", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "simulate-gil", self->gil_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->gil_switch, "notify::active", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);

  lab_config_panel_update (self);
}

LabConfig *
lab_config_panel_dup_config (LabConfigPanel  *self,
                             char           **lab_server_query,
                             GError         **error)
{
  g_autofree char *query = NULL;
  LabConfig *config;

  g_return_val_if_fail (LAB_IS_CONFIG_PANEL (self), NULL);

  if (!(config = build_config (self, &query, error)))
    return NULL;

  if (lab_server_query != NULL)
    *lab_server_query = g_steal_pointer (&query);
  return config;
}

gboolean
lab_config_panel_get_valid (LabConfigPanel *self)
{
  g_return_val_if_fail (LAB_IS_CONFIG_PANEL (self), FALSE);
  return self->valid;
}

const char *
lab_config_panel_get_error_message (LabConfigPanel *self)
{
  g_return_val_if_fail (LAB_IS_CONFIG_PANEL (self), NULL);
  return self->error_message;
}

GtkWidget *
lab_config_panel_get_row (LabConfigPanel *self,
                          const char     *key)
{
  const struct { const char *key; gpointer row; } rows[] = {
    { "workload", self->workload_row },
    { "start", self->start_row },
    { "count", self->count_row },
    { "url-target", self->target_row },
    { "urls", self->urls_row },
    { "server-delay", self->delay_row },
    { "server-jitter", self->jitter_row },
    { "server-size", self->size_row },
    { "server-status", self->status_row },
    { "server-fail-rate", self->fail_row },
    { "model", self->model_row },
    { "workers", self->workers_row },
    { "chunk-size", self->chunk_row },
    { "simulate-gil", self->gil_row },
    { "switch-interval", self->switch_interval_row },
    { "timeout", self->timeout_row },
    { "deadline", self->deadline_row },
    { "max-in-flight", self->max_in_flight_row },
  };

  g_return_val_if_fail (LAB_IS_CONFIG_PANEL (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].key, key))
      return rows[i].row;
  return NULL;
}
