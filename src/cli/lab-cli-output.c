/* lab-cli-output.c: where a command's result goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixoutputstream.h>
#include <unistd.h>

#include "lab-atomic-file.h"
#include "lab-cli-private.h"
#include "lab-error.h"

struct _LabCliOutput
{
  LabAtomicFile *file;     /* NULL for standard output */
  GOutputStream *stream;
};

LabCliOutput *
lab_cli_output_open (const char  *path,
                     GError     **error)
{
  g_autoptr(LabCliOutput) output = g_new0 (LabCliOutput, 1);

  if (path == NULL || g_str_equal (path, "-"))
    {
      output->stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      return g_steal_pointer (&output);
    }

  output->file = lab_atomic_file_new (path, error);
  if (output->file == NULL)
    {
      g_prefix_error (error, "--output: ");
      return NULL;
    }
  output->stream = g_object_ref (lab_atomic_file_get_stream (output->file));

  return g_steal_pointer (&output);
}

GOutputStream *
lab_cli_output_get_stream (LabCliOutput *output)
{
  return output->stream;
}

gboolean
lab_cli_output_commit (LabCliOutput  *output,
                       GError       **error)
{
  g_clear_object (&output->stream);

  if (output->file == NULL)
    return TRUE;
  return lab_atomic_file_commit (output->file, error);
}

void
lab_cli_output_abort (LabCliOutput *output)
{
  if (output->file != NULL)
    lab_atomic_file_abort (output->file);
}

void
lab_cli_output_free (LabCliOutput *output)
{
  if (output == NULL)
    return;

  g_clear_object (&output->stream);
  /* Without a commit, the temporary file goes away with the object. */
  g_clear_object (&output->file);
  g_free (output);
}
