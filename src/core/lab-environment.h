/* lab-environment.h: the machine a run ran on, as written into snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-json-writer.h"

G_BEGIN_DECLS

typedef struct
{
  guint  cores;            /* processors this process may run on */
  char  *cpu_model;        /* from /proc/cpuinfo, or NULL */
  char  *os;               /* os-release PRETTY_NAME, e.g. "Debian GNU/Linux 12 (bookworm)" */
  char  *os_id;            /* os-release ID, e.g. "debian" */
  char  *os_version;       /* os-release VERSION_ID, e.g. "12" */
  char  *kernel;           /* uname: "Linux 6.1.0-18-amd64" */
  char  *machine;          /* uname: "x86_64" */
  char  *app_version;      /* concurrency-lab's version */
  char  *glib_version;     /* at run time */
  char  *soup_version;     /* at run time */
  char  *json_glib_version;/* at build time (json-glib has no run-time query) */
} LabEnvironment;

/* This machine, read once; never freed. */
const LabEnvironment *lab_environment_get_current (void);
/* One line for people: "2 cores (AMD EPYC) · Debian GNU/Linux 12 (bookworm) · Linux 6.1.0 x86_64" */
char                 *lab_environment_describe    (const LabEnvironment *self);
/* The snapshot's "environment" object. */
void                  lab_environment_write_json  (const LabEnvironment *self,
                                                   LabJsonWriter        *writer);

/* The same for an "environment" read from a document (a loaded run,
 * comparison or sweep: the machine it was measured on), or this machine's
 * when @stored is NULL. A stored one is written back as it was laid out, so
 * a loaded document is written again byte for byte. */
void                  lab_environment_write_stored_json (JsonNode      *stored,
                                                   LabJsonWriter        *writer);
/* The cores of @stored (1 when it does not say), or this machine's when NULL. */
guint                 lab_environment_get_stored_cores (JsonNode       *stored);
/* lab_environment_describe() of @stored (or of this machine when NULL);
 * @cores (may be NULL) gets its number of cores. */
char                 *lab_environment_describe_stored (JsonNode        *stored,
                                                   guint                *cores);

G_END_DECLS
