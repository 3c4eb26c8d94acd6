/* lab-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-record.h"

static const char *status_names[] = {
  [LAB_TASK_OK]        = "ok",
  [LAB_TASK_FAILED]    = "failed",
  [LAB_TASK_TIMED_OUT] = "timed-out",
  [LAB_TASK_CANCELLED] = "cancelled",
};

const char *
lab_task_status_to_string (LabTaskStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
lab_task_status_from_string (const char    *str,
                             LabTaskStatus *status)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_str_equal (str, status_names[i]))
        {
          *status = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Error messages repeat (every refused connection says the same thing), so
 * records carry a small id into one process-wide table instead of a string.
 * The table only grows; a message is interned once. */
static GMutex      messages_lock;
static GHashTable *messages_by_text;
static GPtrArray  *messages_by_id;

guint32
lab_message_intern (const char *message)
{
  gpointer id;

  if (message == NULL || *message == '\0')
    return 0;

  g_mutex_lock (&messages_lock);

  if (messages_by_text == NULL)
    {
      messages_by_text = g_hash_table_new (g_str_hash, g_str_equal);
      messages_by_id = g_ptr_array_new ();
      g_ptr_array_add (messages_by_id, NULL);
    }

  id = g_hash_table_lookup (messages_by_text, message);
  if (id == NULL)
    {
      const char *interned = g_intern_string (message);

      id = GUINT_TO_POINTER (messages_by_id->len);
      g_ptr_array_add (messages_by_id, (gpointer) interned);
      g_hash_table_insert (messages_by_text, (gpointer) interned, id);
    }

  g_mutex_unlock (&messages_lock);

  return GPOINTER_TO_UINT (id);
}

const char *
lab_message_lookup (guint32 id)
{
  const char *message = NULL;

  if (id == 0)
    return NULL;

  g_mutex_lock (&messages_lock);
  if (messages_by_id != NULL && id < messages_by_id->len)
    message = g_ptr_array_index (messages_by_id, id);
  g_mutex_unlock (&messages_lock);

  return message;
}
