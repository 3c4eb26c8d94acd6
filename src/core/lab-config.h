/* lab-config.h: the options of one run, a plain validated value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_WORKLOAD_PRIMES,
  LAB_WORKLOAD_URL,
} LabWorkloadKind;

typedef enum
{
  LAB_MODEL_SEQUENTIAL,
  LAB_MODEL_THREADS,
  LAB_MODEL_PROCESSES,
  LAB_MODEL_ASYNC,
} LabModel;

#define LAB_N_MODELS 4

#define LAB_DEFAULT_START           G_GUINT64_CONSTANT (1000000000000)
#define LAB_DEFAULT_COUNT           G_GUINT64_CONSTANT (20000)
#define LAB_DEFAULT_SWITCH_INTERVAL (5 * G_TIME_SPAN_MILLISECOND)
#define LAB_DEFAULT_MAX_BODY        (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define LAB_MAX_WORKERS             1024
/* Records take ~56 bytes a task: ten million is half a gigabyte. */
#define LAB_MAX_COUNT               G_GUINT64_CONSTANT (10000000)
#define LAB_MAX_CHUNK_SIZE          65536
#define LAB_MAX_MAX_IN_FLIGHT       (1024 * 1024)

typedef struct _LabConfig LabConfig;

struct _LabConfig
{
  LabWorkloadKind workload;
  LabModel        model;
  guint           workers;          /* threads, processes or async slots; 1 for sequential */
  guint64         count;            /* number of tasks */
  guint64         start;            /* primes: first number tested */
  char          **urls;             /* url: NULL-terminated list, cycled; NULL = the lab server */
  GTimeSpan       timeout;          /* per task, µs; 0 = none */
  GTimeSpan       deadline;         /* whole run, µs; 0 = none */
  guint           max_in_flight;    /* dispatched but not yet recorded; 0 = automatic */
  guint           chunk_size;       /* processes: task indices per message; 0 = automatic */
  gboolean        simulate_gil;     /* threads: one global lock held while a task computes */
  GTimeSpan       switch_interval;  /* GIL hand-over interval, µs */
  guint64         max_body;         /* url: largest body read, bytes */
};

#define LAB_TYPE_CONFIG (lab_config_get_type ())

GType       lab_config_get_type             (void) G_GNUC_CONST;
LabConfig  *lab_config_new                  (void);
LabConfig  *lab_config_copy                 (const LabConfig  *self);
void        lab_config_free                 (LabConfig        *self);
gboolean    lab_config_validate             (const LabConfig  *self,
                                             GError          **error);
gboolean    lab_config_check_url            (const char       *url,
                                             GError          **error);
guint       lab_config_get_effective_workers       (const LabConfig *self);
guint       lab_config_get_effective_chunk_size    (const LabConfig *self);
guint       lab_config_get_effective_max_in_flight (const LabConfig *self);

const char *lab_model_to_string             (LabModel          model);
gboolean    lab_model_from_string           (const char       *str,
                                             LabModel         *model);
const char *lab_model_get_title             (LabModel          model);
const char *lab_workload_kind_to_string     (LabWorkloadKind   kind);
gboolean    lab_workload_kind_from_string   (const char       *str,
                                             LabWorkloadKind  *kind);

gboolean    lab_parse_duration              (const char       *str,
                                             GTimeSpan        *out_us,
                                             GError          **error);
char       *lab_format_duration             (GTimeSpan         us);
gboolean    lab_parse_count                 (const char       *str,
                                             guint64           max,
                                             guint64          *out,
                                             GError          **error);
gboolean    lab_parse_size                  (const char       *str,
                                             guint64          *out,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabConfig, lab_config_free)

G_END_DECLS
