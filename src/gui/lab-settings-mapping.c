/* lab-settings-mapping.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-config.h"
#include "lab-settings-mapping.h"

gboolean
lab_settings_get_choice (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  const char **ids = user_data;
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (g_str_equal (ids[i], id))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  g_value_set_uint (value, 0);
  return TRUE;
}

GVariant *
lab_settings_set_choice (const GValue       *value,
                         const GVariantType *type,
                         gpointer            user_data)
{
  const char **ids = user_data;
  guint index = g_value_get_uint (value);

  for (guint i = 0; ids[i] != NULL; i++)
    if (i == index)
      return g_variant_new_string (ids[i]);
  return NULL;
}

gboolean
lab_settings_get_double_from_integer (GValue   *value,
                                      GVariant *variant,
                                      gpointer  user_data)
{
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT64))
    g_value_set_double (value, (double) g_variant_get_uint64 (variant));
  else
    g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

GVariant *
lab_settings_set_double_to_integer (const GValue       *value,
                                    const GVariantType *type,
                                    gpointer            user_data)
{
  double v = MAX (0, g_value_get_double (value));

  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT64))
    return g_variant_new_uint64 ((guint64) v);
  return g_variant_new_uint32 ((guint32) MIN (v, G_MAXUINT32));
}

/* 0 workers in the settings means "one per core", the command line's default. */
gboolean
lab_settings_get_workers (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  guint workers = g_variant_get_uint32 (variant);

  g_value_set_double (value, workers > 0 ? workers : MAX (1, g_get_num_processors ()));
  return TRUE;
}

gboolean
lab_settings_get_number_text (GValue   *value,
                              GVariant *variant,
                              gpointer  user_data)
{
  g_value_take_string (value, g_strdup_printf ("%" G_GUINT64_FORMAT, g_variant_get_uint64 (variant)));
  return TRUE;
}

GVariant *
lab_settings_set_number_text (const GValue       *value,
                              const GVariantType *type,
                              gpointer            user_data)
{
  guint64 start;

  if (!lab_parse_count (g_value_get_string (value), G_MAXUINT64, &start, NULL))
    return NULL;   /* keep the last valid number */
  return g_variant_new_uint64 (start);
}

/* "auto" for 0 in spin buttons where 0 lets the engine choose */

gboolean
lab_spin_auto_output (GtkSpinButton *spin)
{
  if (gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)) != 0)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (spin), C_("chunk size or max in flight", "auto"));
  return TRUE;
}

int
lab_spin_auto_input (GtkSpinButton *spin,
                     double        *new_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  double value;

  if (g_str_equal (text, C_("chunk size or max in flight", "auto")) || g_ascii_strcasecmp (text, "auto") == 0)
    {
      *new_value = 0;
      return TRUE;
    }

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    return GTK_INPUT_ERROR;
  *new_value = value;
  return TRUE;
}

