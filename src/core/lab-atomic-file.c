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
