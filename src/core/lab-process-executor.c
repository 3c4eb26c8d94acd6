/* lab-process-executor.c — placeholder until the process model lands (in progress) */
#include "config.h"

#include "lab-error.h"
#include "lab-executor-private.h"
#include "lab-process-executor.h"

struct _LabProcessExecutor
{
  LabExecutor parent_instance;
};

G_DEFINE_FINAL_TYPE (LabProcessExecutor, lab_process_executor, LAB_TYPE_EXECUTOR)

static void
lab_process_executor_start (LabExecutor  *executor,
                            LabExecution *execution)
{
  lab_execution_complete (execution, g_error_new (LAB_ERROR, LAB_ERROR_FAILED, "not yet"));
}

static void
lab_process_executor_class_init (LabProcessExecutorClass *klass)
{
  LAB_EXECUTOR_CLASS (klass)->start = lab_process_executor_start;
}

static void
lab_process_executor_init (LabProcessExecutor *self)
{
}

LabExecutor *
lab_process_executor_new (void)
{
  return g_object_new (LAB_TYPE_PROCESS_EXECUTOR, "model", LAB_MODEL_PROCESSES, NULL);
}
