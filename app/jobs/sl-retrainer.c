/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-retrainer.h"

#include <glib/gi18n.h>

#include "sl-model-load-job.h"
#include "sl-workspace.h"

struct _SlRetrainer
{
  GObject parent_instance;

  GWeakRef workspace;
  SlTrainSettings settings;
  int every;
  int pending;
  SlTrainJob *job;      /* the running retrain */
  guint generation;     /* bumped when another catalog opens: older retrains are ignored */
};

G_DEFINE_FINAL_TYPE (SlRetrainer, sl_retrainer, G_TYPE_OBJECT)

enum { PROP_0, PROP_EVERY, PROP_PENDING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { RETRAINED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
sl_retrainer_dispose (GObject *object)
{
  SlRetrainer *self = SL_RETRAINER (object);

  g_clear_object (&self->job);
  G_OBJECT_CLASS (sl_retrainer_parent_class)->dispose (object);
}

static void
sl_retrainer_finalize (GObject *object)
{
  SlRetrainer *self = SL_RETRAINER (object);

  g_weak_ref_clear (&self->workspace);
  sl_train_settings_clear (&self->settings);
  G_OBJECT_CLASS (sl_retrainer_parent_class)->finalize (object);
}

static void
sl_retrainer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlRetrainer *self = SL_RETRAINER (object);

  switch (prop_id)
    {
    case PROP_EVERY:
      g_value_set_int (value, self->every);
      break;
    case PROP_PENDING:
      g_value_set_int (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_retrainer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_EVERY:
      sl_retrainer_set_every (SL_RETRAINER (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_retrainer_class_init (SlRetrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_retrainer_dispose;
  object_class->finalize = sl_retrainer_finalize;
  object_class->get_property = sl_retrainer_get_property;
  object_class->set_property = sl_retrainer_set_property;

  properties[PROP_EVERY] =
    g_param_spec_int ("every", NULL, NULL, 0, G_MAXINT, SL_RETRAIN_EVERY_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_int ("pending", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlRetrainer::retrained:
   * @model_id: the new model, now the workspace's current one
   * @warm_started: whether it began from the previous model's weights
   */
  signals[RETRAINED] =
    g_signal_new ("retrained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
  /**
   * SlRetrainer::failed:
   * @message: why the retrain stored no model (not emitted when it was cancelled)
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sl_retrainer_init (SlRetrainer *self)
{
  g_weak_ref_init (&self->workspace, NULL);
  sl_train_settings_init (&self->settings);
  /* a core stays free for the reader labelling meanwhile */
  self->settings.threads = MAX ((int) g_get_num_processors () - 1, 1);
  self->every = SL_RETRAIN_EVERY_DEFAULT;
}

SlRetrainer *
sl_retrainer_new (SlWorkspace *workspace)
{
  SlRetrainer *self = g_object_new (SL_TYPE_RETRAINER, NULL);

  g_weak_ref_set (&self->workspace, workspace);
  return self;
}

int
sl_retrainer_get_every (SlRetrainer *self)
{
  g_return_val_if_fail (SL_IS_RETRAINER (self), 0);
  return self->every;
}

void
sl_retrainer_set_every (SlRetrainer *self,
                        int          every)
{
  g_return_if_fail (SL_IS_RETRAINER (self));
  every = MAX (every, 0);
  if (every == self->every)
    return;
  self->every = every;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVERY]);
}

int
sl_retrainer_get_pending (SlRetrainer *self)
{
  g_return_val_if_fail (SL_IS_RETRAINER (self), 0);
  return self->pending;
}

void
sl_retrainer_set_settings (SlRetrainer           *self,
                           const SlTrainSettings *settings)
{
  g_return_if_fail (SL_IS_RETRAINER (self));
  sl_train_settings_clear (&self->settings);
  self->settings = *settings;
  self->settings.arch = g_strdup (settings->arch);
  self->settings.name = NULL;
  self->settings.out_path = NULL;
}

SlTrainJob *
sl_retrainer_get_job (SlRetrainer *self)
{
  g_return_val_if_fail (SL_IS_RETRAINER (self), NULL);
  return self->job;
}

static void
set_pending (SlRetrainer *self,
             int          pending)
{
  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

typedef struct
{
  SlRetrainer *self;    /* weak: the retrainer may go first */
  gboolean warm_started;
  guint generation;
} Loading;

static void
on_model_loaded_cb (SlJob        *job,
                    const GError *error,
                    gpointer      data)
{
  Loading *loading = data;
  g_autoptr(SlWorkspace) workspace = NULL;
  gint64 model_id = sl_model_load_job_get_model_id (job);

  if (loading->self == NULL || error != NULL || loading->generation != loading->self->generation)
    return;
  workspace = g_weak_ref_get (&loading->self->workspace);
  if (workspace != NULL && sl_workspace_get_model_id (workspace) == model_id)
    g_signal_emit (loading->self, signals[RETRAINED], 0, model_id, loading->warm_started);
}

static void
loading_free (gpointer  data,
              GClosure *closure)
{
  Loading *loading = data;

  g_clear_weak_pointer (&loading->self);
  g_free (loading);
}

static void start_if_due (SlRetrainer *self);

static void
on_retrain_completed_cb (SlJob        *job,
                         const GError *error,
                         SlRetrainer  *self)
{
  g_autoptr(SlWorkspace) workspace = g_weak_ref_get (&self->workspace);
  const SlTrainOutcome *outcome = sl_train_job_get_outcome (SL_TRAIN_JOB (job));
  Loading *loading;
  SlJob *load;

  /* a retrain of a catalog closed meanwhile is not the running one any more */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (job), "sl-generation")) != self->generation)
    return;
  g_clear_object (&self->job);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[FAILED], 0, error->message);
  if (workspace == NULL || error != NULL)
    return;
  load = sl_workspace_load_model (workspace, outcome->model_id);
  loading = g_new0 (Loading, 1);
  g_set_weak_pointer (&loading->self, self);
  loading->warm_started = outcome->warm_started;
  loading->generation = self->generation;
  g_signal_connect_data (load, "completed", G_CALLBACK (on_model_loaded_cb), loading,
                         loading_free, 0);
  start_if_due (self);
}

/* Another training (the Train page's) is running: the retrain waits for the next label. */
static gboolean
training_runs (SlWorkspace *workspace)
{
  GListModel *jobs = sl_workspace_get_jobs (workspace);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(SlJob) job = g_list_model_get_item (jobs, i);

      if (SL_IS_TRAIN_JOB (job) && !sl_job_is_completed (job))
        return TRUE;
    }
  return FALSE;
}

static void
start_if_due (SlRetrainer *self)
{
  g_autoptr(SlWorkspace) workspace = g_weak_ref_get (&self->workspace);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  SlTrainSettings settings = self->settings;
  g_autofree char *name = NULL;
  SlCatalog *catalog;

  if (workspace == NULL || self->every == 0 || self->pending < self->every || self->job != NULL
      || (catalog = sl_workspace_get_catalog (workspace)) == NULL || training_runs (workspace))
    return;
  /* TRANSLATORS: the name of a model retrained in the background; %d the new labels, %s a time */
  name = g_strdup_printf (_("retrained after %d labels %s"), self->pending, time);
  settings.name = name;
  settings.warm_start_model_id = sl_workspace_get_model_id (workspace);
  self->job = sl_train_job_new (sl_catalog_get_path (catalog), &settings);
  g_object_set_data (G_OBJECT (self->job), "sl-generation", GUINT_TO_POINTER (self->generation));
  g_signal_connect_object (self->job, "completed", G_CALLBACK (on_retrain_completed_cb), self, 0);
  set_pending (self, 0);
  sl_workspace_run_job (workspace, SL_JOB (self->job));
}

void
sl_retrainer_count_labels (SlRetrainer *self,
                           guint        n)
{
  g_autoptr(SlWorkspace) workspace = NULL;

  g_return_if_fail (SL_IS_RETRAINER (self));
  /* retraining needs a model to start from: nothing trains behind a reader who never did */
  workspace = g_weak_ref_get (&self->workspace);
  if (workspace == NULL || sl_workspace_get_model_id (workspace) == 0)
    return;
  set_pending (self, self->pending + n);
  start_if_due (self);
}

void
sl_retrainer_reset (SlRetrainer *self)
{
  g_return_if_fail (SL_IS_RETRAINER (self));
  self->generation++;
  if (self->job != NULL)
    sl_job_cancel (SL_JOB (self->job));
  g_clear_object (&self->job);
  set_pending (self, 0);
}
