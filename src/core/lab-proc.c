/* lab-proc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lab-proc.h"

gint64
lab_proc_get_self_cpu_time (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;

  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec
       + (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static gboolean
read_small_file (const char *path,
                 char       *buf,
                 gsize       size)
{
  FILE *f = fopen (path, "re");
  gsize n;

  if (f == NULL)
    return FALSE;
  n = fread (buf, 1, size - 1, f);
  fclose (f);
  buf[n] = '\0';
  return n > 0;
}

/* The scheduler's own nanosecond accounting (schedstat) of every thread;
 * /proc/PID/stat's clock ticks when schedstat is not available. */
gint64
lab_proc_get_cpu_time (GPid pid)
{
  char path[64];
  char buf[512];
  GDir *dir;
  gint64 total = 0;
  gboolean found = FALSE;
  const char *name;
  const char *p;
  guint64 utime, stime;

  g_snprintf (path, sizeof path, "/proc/%d/task", (int) pid);
  if ((dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_snprintf (path, sizeof path, "/proc/%d/task/%s/schedstat", (int) pid, name);
          if (read_small_file (path, buf, sizeof buf))
            {
              total += g_ascii_strtoull (buf, NULL, 10) / 1000;
              found = TRUE;
            }
        }
      g_dir_close (dir);
    }
  if (found)
    return total;

  g_snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  if (!read_small_file (path, buf, sizeof buf) || (p = strrchr (buf, ')')) == NULL)
    return -1;
  /* After ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &utime, &stime) != 2)
    return -1;
  return (gint64) (utime + stime) * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

static guint
count_dir (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

guint
lab_proc_count_fds (void)
{
  /* The directory stream's own fd is counted too; take it off. */
  guint n = count_dir ("/proc/self/fd");
  return n > 0 ? n - 1 : 0;
}

guint
lab_proc_count_threads (void)
{
  return count_dir ("/proc/self/task");
}

GArray *
lab_proc_list_children (void)
{
  GArray *children = g_array_new (FALSE, FALSE, sizeof (GPid));
  GDir *dir = g_dir_open ("/proc", 0, NULL);
  pid_t self = getpid ();
  const char *name;

  if (dir == NULL)
    return children;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char path[64];
      char buf[512];
      const char *p;
      int ppid;
      GPid pid;

      if (!g_ascii_isdigit (name[0]))
        continue;
      g_snprintf (path, sizeof path, "/proc/%s/stat", name);
      if (!read_small_file (path, buf, sizeof buf) || (p = strrchr (buf, ')')) == NULL)
        continue;
      if (sscanf (p + 2, "%*c %d", &ppid) == 1 && ppid == self)
        {
          pid = atoi (name);
          g_array_append_val (children, pid);
        }
    }
  g_dir_close (dir);

  return children;
}

static guint64
status_field_kib (const char *field)
{
  char buf[4096];
  const char *p;

  if (!read_small_file ("/proc/self/status", buf, sizeof buf) ||
      (p = strstr (buf, field)) == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen (field), NULL, 10) * 1024;
}

guint64
lab_proc_get_rss (void)
{
  return status_field_kib ("VmRSS:");
}

guint64
lab_proc_get_peak_rss (void)
{
  return status_field_kib ("VmHWM:");
}
