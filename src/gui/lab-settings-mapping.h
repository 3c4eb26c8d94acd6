/* lab-settings-mapping.h: GSettings values to widget properties and back,
 * for g_settings_bind_with_mapping()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A string key with choices <-> the "selected" position of a combo row;
 * user_data is the NULL-terminated array of choices in row order. */
gboolean  lab_settings_get_choice              (GValue             *value,
                                                GVariant           *variant,
                                                gpointer            user_data);
GVariant *lab_settings_set_choice              (const GValue       *value,
                                                const GVariantType *type,
                                                gpointer            user_data);
/* A 'u' or 't' key <-> a spin button's "value" */
gboolean  lab_settings_get_double_from_integer (GValue             *value,
                                                GVariant           *variant,
                                                gpointer            user_data);
GVariant *lab_settings_set_double_to_integer   (const GValue       *value,
                                                const GVariantType *type,
                                                gpointer            user_data);
/* The workers key: 0 means one per core, the command line's default */
gboolean  lab_settings_get_workers             (GValue             *value,
                                                GVariant           *variant,
                                                gpointer            user_data);
/* A 't' key <-> an entry's text; text that is not a number is not saved */
gboolean  lab_settings_get_number_text         (GValue             *value,
                                                GVariant           *variant,
                                                gpointer            user_data);
GVariant *lab_settings_set_number_text         (const GValue       *value,
                                                const GVariantType *type,
                                                gpointer            user_data);

/* GtkSpinButton::output and ::input handlers that show 0 as "auto" */
gboolean  lab_spin_auto_output                 (GtkSpinButton      *spin);
int       lab_spin_auto_input                  (GtkSpinButton      *spin,
                                                double             *new_value);

G_END_DECLS
