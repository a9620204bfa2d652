/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-job.h"

typedef struct
{
  char *title;
  SlJobFunc func;
  gpointer data;
  GDestroyNotify data_free;
  GCancellable *cancellable;
  GMainContext *context;       /* where progress and completion are delivered */
  gboolean direct;             /* sl_job_run(): deliver on the calling thread */
  gboolean started;
  gboolean completed;          /* main context only */

  GMutex lock;                 /* guards the fields below */
  char *message;
  double fraction;
  gboolean idle_pending;
} SlJobPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SlJob, sl_job, G_TYPE_OBJECT)

enum { PROP_0, PROP_TITLE, PROP_MESSAGE, PROP_FRACTION, N_PROPS };
enum { COMPLETED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sl_job_finalize (GObject *object)
{
  SlJobPrivate *priv = sl_job_get_instance_private (SL_JOB (object));

  g_free (priv->title);
  if (priv->data_free != NULL)
    priv->data_free (priv->data);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->context, g_main_context_unref);
  g_free (priv->message);
  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (sl_job_parent_class)->finalize (object);
}

static void
sl_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  SlJob *self = SL_JOB (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, sl_job_get_title (self));
      break;
    case PROP_MESSAGE:
      g_value_take_string (value, sl_job_dup_message (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, sl_job_get_fraction (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  SlJobPrivate *priv = sl_job_get_instance_private (SL_JOB (object));

  switch (prop_id)
    {
    case PROP_TITLE:
      priv->title = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
sl_job_real_run (SlJob         *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  SlJobPrivate *priv = sl_job_get_instance_private (self);

  g_return_val_if_fail (priv->func != NULL, FALSE);
  return priv->func (self, priv->data, cancellable, error);
}

static void
sl_job_class_init (SlJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_job_finalize;
  object_class->get_property = sl_job_get_property;
  object_class->set_property = sl_job_set_property;
  klass->run = sl_job_real_run;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlJob::completed:
   * @error: (nullable): why the job failed or was cancelled; NULL on success
   */
  signals[COMPLETED] =
    g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_FIRST,
                  G_STRUCT_OFFSET (SlJobClass, completed), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sl_job_init (SlJob *self)
{
  SlJobPrivate *priv = sl_job_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->cancellable = g_cancellable_new ();
}

SlJob *
sl_job_new (const char     *title,
            SlJobFunc       func,
            gpointer        data,
            GDestroyNotify  data_free)
{
  SlJob *self;
  SlJobPrivate *priv;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (SL_TYPE_JOB, "title", title, NULL);
  priv = sl_job_get_instance_private (self);
  priv->func = func;
  priv->data = data;
  priv->data_free = data_free;
  return self;
}

gpointer
sl_job_get_data (SlJob     *self,
                 SlJobFunc  func)
{
  SlJobPrivate *priv;

  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  priv = sl_job_get_instance_private (self);
  return priv->func == func ? priv->data : NULL;
}

const char *
sl_job_get_title (SlJob *self)
{
  SlJobPrivate *priv;

  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  priv = sl_job_get_instance_private (self);
  return priv->title;
}

char *
sl_job_dup_message (SlJob *self)
{
  SlJobPrivate *priv;
  char *message;

  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  priv = sl_job_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  message = g_strdup (priv->message);
  g_mutex_unlock (&priv->lock);
  return message;
}

double
sl_job_get_fraction (SlJob *self)
{
  SlJobPrivate *priv;
  double fraction;

  g_return_val_if_fail (SL_IS_JOB (self), 0);
  priv = sl_job_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  fraction = priv->fraction;
  g_mutex_unlock (&priv->lock);
  return fraction;
}

GCancellable *
sl_job_get_cancellable (SlJob *self)
{
  SlJobPrivate *priv;

  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  priv = sl_job_get_instance_private (self);
  return priv->cancellable;
}

void
sl_job_cancel (SlJob *self)
{
  g_return_if_fail (SL_IS_JOB (self));
  g_cancellable_cancel (sl_job_get_cancellable (self));
}

gboolean
sl_job_is_completed (SlJob *self)
{
  SlJobPrivate *priv;

  g_return_val_if_fail (SL_IS_JOB (self), FALSE);
  priv = sl_job_get_instance_private (self);
  return priv->completed;
}

/* On the main context (or the calling thread of sl_job_run()): notifies what changed since the
 * last delivery. */
static void
deliver (SlJob *self)
{
  SlJobPrivate *priv = sl_job_get_instance_private (self);
  gboolean pending;

  g_mutex_lock (&priv->lock);
  pending = priv->idle_pending;
  priv->idle_pending = FALSE;
  g_mutex_unlock (&priv->lock);
  /* nothing is reported after a cancel */
  if (!pending || g_cancellable_is_cancelled (priv->cancellable))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  if (SL_JOB_GET_CLASS (self)->delivered != NULL)
    SL_JOB_GET_CLASS (self)->delivered (self);
}

static gboolean
deliver_cb (gpointer data)
{
  deliver (data);
  return G_SOURCE_REMOVE;
}

void
sl_job_set_progress (SlJob      *self,
                     double      fraction,
                     const char *message)
{
  SlJobPrivate *priv;
  gboolean schedule;

  g_return_if_fail (SL_IS_JOB (self));
  priv = sl_job_get_instance_private (self);

  g_mutex_lock (&priv->lock);
  priv->fraction = fraction < 0 ? -1 : MIN (fraction, 1);
  if (message != NULL)
    {
      g_free (priv->message);
      priv->message = g_strdup (message);
    }
  /* before the job runs there is nowhere to deliver to: the getters have the values */
  schedule = !priv->idle_pending && (priv->direct || priv->context != NULL);
  if (schedule)
    priv->idle_pending = TRUE;
  g_mutex_unlock (&priv->lock);

  if (priv->direct)
    deliver (self);
  else if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[sightline] job progress");
      g_source_attach (source, priv->context);
    }
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SlJob *self = task_data;
  GError *error = NULL;

  if (SL_JOB_GET_CLASS (self)->run (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
start (SlJob *self)
{
  SlJobPrivate *priv = sl_job_get_instance_private (self);

  g_return_val_if_fail (!priv->started, FALSE);
  priv->started = TRUE;
  return TRUE;
}

static void
complete (SlJob        *self,
          const GError *error)
{
  SlJobPrivate *priv = sl_job_get_instance_private (self);

  deliver (self);
  priv->completed = TRUE;
  g_signal_emit (self, signals[COMPLETED], 0, error);
}

static void
on_worker_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  SlJob *self = g_task_get_source_object (outer);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      complete (self, NULL);
      g_task_return_boolean (outer, TRUE);
    }
  else
    {
      complete (self, error);
      g_task_return_error (outer, error);
    }
}

void
sl_job_run_async (SlJob               *self,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  SlJobPrivate *priv;
  g_autoptr(GTask) worker = NULL;
  GTask *outer;

  g_return_if_fail (SL_IS_JOB (self));
  if (!start (self))
    return;
  priv = sl_job_get_instance_private (self);
  priv->context = g_main_context_ref_thread_default ();

  /* The outer task holds the job until its callback ran on this thread; the worker task only
   * borrows it, so the job is never released on the worker thread. */
  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, sl_job_run_async);
  worker = g_task_new (NULL, priv->cancellable, on_worker_done_cb, outer);
  g_task_set_task_data (worker, self, NULL);
  g_task_set_name (worker, priv->title);
  g_task_set_return_on_cancel (worker, FALSE);
  g_task_run_in_thread (worker, job_thread);
}

gboolean
sl_job_run_finish (SlJob         *self,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (SL_IS_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_job_run_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sl_job_run (SlJob   *self,
            GError **error)
{
  SlJobPrivate *priv;
  GError *local = NULL;
  gboolean ok;

  g_return_val_if_fail (SL_IS_JOB (self), FALSE);
  if (!start (self))
    return FALSE;
  priv = sl_job_get_instance_private (self);
  priv->direct = TRUE;
  ok = SL_JOB_GET_CLASS (self)->run (self, priv->cancellable, &local);
  complete (self, local);
  if (local != NULL)
    g_propagate_error (error, local);
  return ok;
}
