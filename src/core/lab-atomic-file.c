/* lab-atomic-file.c
 *
 * The classic recipe: write a temporary file in the destination's
 * directory, fsync it, rename it over the destination, fsync the directory.
 * A reader sees the old file or the new one, never half of the new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab-atomic-file.h"
#include "lab-error.h"

struct _LabAtomicFile
{
  GObject        parent_instance;

  char          *path;
  char          *temp_path;
  int            fd;
  GOutputStream *stream;
};

G_DEFINE_FINAL_TYPE (LabAtomicFile, lab_atomic_file, G_TYPE_OBJECT)

static void
lab_atomic_file_finalize (GObject *object)
{
  LabAtomicFile *self = (LabAtomicFile *) object;

  lab_atomic_file_abort (self);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (lab_atomic_file_parent_class)->finalize (object);
}

static void
lab_atomic_file_class_init (LabAtomicFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_atomic_file_finalize;
}

static void
lab_atomic_file_init (LabAtomicFile *self)
{
  self->fd = -1;
}

static gboolean
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, LAB_ERROR, LAB_ERROR_IO,
               "cannot write “%s”: %s", display, g_strerror (saved_errno));
  return FALSE;
}

LabAtomicFile *
lab_atomic_file_new (const char  *path,
                     GError     **error)
{
  g_autoptr(LabAtomicFile) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (*path == '\0')
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "the file name is empty");
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, G_DIR_SEPARATOR_S))
    return set_io_error (error, path, EISDIR), NULL;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  template = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Name the file the user asked for, not our temporary name. */
      return set_io_error (error, path, saved_errno), NULL;
    }

  /* Replacing a file keeps its permissions; a new one gets 0666 & ~umask. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (fd, st.st_mode & 07777);

  self = g_object_new (LAB_TYPE_ATOMIC_FILE, NULL);
  self->path = g_strdup (path);
  self->temp_path = g_steal_pointer (&template);
  self->fd = fd;
  self->stream = g_unix_output_stream_new (fd, FALSE);

  return g_steal_pointer (&self);
}

const char *
lab_atomic_file_get_path (LabAtomicFile *self)
{
  g_return_val_if_fail (LAB_IS_ATOMIC_FILE (self), NULL);
  return self->path;
}

const char *
lab_atomic_file_get_temp_path (LabAtomicFile *self)
{
  g_return_val_if_fail (LAB_IS_ATOMIC_FILE (self), NULL);
  return self->temp_path;
}

GOutputStream *
lab_atomic_file_get_stream (LabAtomicFile *self)
{
  g_return_val_if_fail (LAB_IS_ATOMIC_FILE (self), NULL);
  return self->stream;
}

static void
sync_directory (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
}

gboolean
lab_atomic_file_commit (LabAtomicFile  *self,
                        GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  int fd;

  g_return_val_if_fail (LAB_IS_ATOMIC_FILE (self), FALSE);
  g_return_val_if_fail (self->temp_path != NULL, FALSE);

  if (!g_output_stream_flush (self->stream, NULL, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "cannot write “%s”: %s",
                   self->path, local_error->message);
      lab_atomic_file_abort (self);
      return FALSE;
    }

  fd = self->fd;
  self->fd = -1;
  g_clear_object (&self->stream);

  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      lab_atomic_file_abort (self);
      return set_io_error (error, self->path, saved_errno);
    }
  if (close (fd) != 0)
    {
      int saved_errno = errno;

      lab_atomic_file_abort (self);
      return set_io_error (error, self->path, saved_errno);
    }

  if (g_rename (self->temp_path, self->path) != 0)
    {
      int saved_errno = errno;

      lab_atomic_file_abort (self);
      return set_io_error (error, self->path, saved_errno);
    }

  g_clear_pointer (&self->temp_path, g_free);
  sync_directory (self->path);

  return TRUE;
}

void
lab_atomic_file_abort (LabAtomicFile *self)
{
  g_return_if_fail (LAB_IS_ATOMIC_FILE (self));

  g_clear_object (&self->stream);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  if (self->temp_path != NULL)
    {
      g_unlink (self->temp_path);
      g_clear_pointer (&self->temp_path, g_free);
    }
}

/* Whole files ------------------------------------------------------------------ */

gboolean
lab_atomic_file_write (const char          *path,
                       LabAtomicWriteFunc   func,
                       gpointer             user_data,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(LabAtomicFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(file = lab_atomic_file_new (path, error)))
    return FALSE;

  if (!func (file->stream, user_data, cancellable, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      lab_atomic_file_abort (file);
      return FALSE;
    }

  return lab_atomic_file_commit (file, error);
}

gboolean
lab_atomic_file_write_bytes_func (GOutputStream  *stream,
                                  gpointer        user_data,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (user_data, &size);

  return g_output_stream_write_all (stream, data, size, NULL, cancellable, error);
}

gboolean
lab_atomic_file_write_bytes (const char    *path,
                             GBytes        *bytes,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (bytes != NULL, FALSE);

  return lab_atomic_file_write (path, lab_atomic_file_write_bytes_func, bytes, cancellable, error);
}

typedef struct
{
  char               *path;
  LabAtomicWriteFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
} WriteData;

static void
write_data_free (WriteData *data)
{
  if (data->destroy != NULL)
    data->destroy (data->user_data);
  g_free (data->path);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (lab_atomic_file_write (data->path, data->func, data->user_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lab_atomic_file_write_async (gpointer             source_object,
                             GFile               *file,
                             LabAtomicWriteFunc   func,
                             gpointer             user_data,
                             GDestroyNotify       destroy,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             callback_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (func != NULL);

  task = g_task_new (source_object, cancellable, callback, callback_data);
  g_task_set_source_tag (task, lab_atomic_file_write_async);

  data = g_new0 (WriteData, 1);
  data->path = g_file_get_path (file);
  data->func = func;
  data->user_data = user_data;
  data->destroy = destroy;
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);

  if (data->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, LAB_ERROR, LAB_ERROR_IO,
                               "cannot write “%s”: only local files can be written", uri);
      return;
    }

  g_task_run_in_thread (task, write_thread);
}

gboolean
lab_atomic_file_write_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lab_atomic_file_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
