/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-workspace.h"

#include "sl-change-job.h"
#include "sl-model-load-job.h"

/* One entry of the undo or redo stack: what one user action changed, on one or many images. */
typedef struct
{
  SlChangeKind kind;
  GArray *images;             /* SlImageChange */
} Change;

static void
change_free (Change *change)
{
  g_array_unref (change->images);
  g_free (change);
}

struct _SlWorkspace
{
  GObject parent_instance;

  SlCatalog *catalog;
  gint64 model_id;
  SlModel *model;
  char *annotator;
  GPtrArray *undo;             /* Change */
  GPtrArray *redo;
  GListStore *jobs;
  SlRetrainer *retrainer;
  SlChangeJob *change_job;     /* the change being stored, not yet in the history */
};

G_DEFINE_FINAL_TYPE (SlWorkspace, sl_workspace, G_TYPE_OBJECT)

enum { PROP_0, PROP_CATALOG, PROP_MODEL_ID, PROP_ANNOTATOR, PROP_CAN_UNDO, PROP_CAN_REDO, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
sl_workspace_dispose (GObject *object)
{
  SlWorkspace *self = SL_WORKSPACE (object);

  sl_workspace_cancel_jobs (self);
  g_clear_object (&self->change_job);
  g_clear_object (&self->retrainer);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->model, sl_model_free);
  G_OBJECT_CLASS (sl_workspace_parent_class)->dispose (object);
}

static void
sl_workspace_finalize (GObject *object)
{
  SlWorkspace *self = SL_WORKSPACE (object);

  g_free (self->annotator);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_object_unref (self->jobs);
  G_OBJECT_CLASS (sl_workspace_parent_class)->finalize (object);
}

static void
sl_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlWorkspace *self = SL_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_MODEL_ID:
      g_value_set_int64 (value, self->model_id);
      break;
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sl_workspace_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, sl_workspace_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_workspace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ANNOTATOR:
      sl_workspace_set_annotator (SL_WORKSPACE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_workspace_class_init (SlWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_workspace_dispose;
  object_class->finalize = sl_workspace_finalize;
  object_class->get_property = sl_workspace_get_property;
  object_class->set_property = sl_workspace_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SL_TYPE_CATALOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL_ID] =
    g_param_spec_int64 ("model-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_workspace_init (SlWorkspace *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  self->jobs = g_list_store_new (SL_TYPE_JOB);
  self->retrainer = sl_retrainer_new (self);
}

SlWorkspace *
sl_workspace_new (void)
{
  return g_object_new (SL_TYPE_WORKSPACE, NULL);
}

static void
set_history (SlWorkspace *self,
             guint        n_undo,
             guint        n_redo)
{
  gboolean could_undo = sl_workspace_can_undo (self);
  gboolean could_redo = sl_workspace_can_redo (self);

  g_ptr_array_set_size (self->undo, MIN (n_undo, self->undo->len));
  g_ptr_array_set_size (self->redo, MIN (n_redo, self->redo->len));
  if (could_undo != sl_workspace_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != sl_workspace_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

gboolean
sl_workspace_open_catalog (SlWorkspace  *self,
                           const char   *path,
                           GError      **error)
{
  SlCatalog *catalog;

  g_return_val_if_fail (SL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  catalog = sl_catalog_open (path, error);
  if (catalog == NULL)
    return FALSE;
  g_set_object (&self->catalog, catalog);
  g_object_unref (catalog);
  set_history (self, 0, 0);
  sl_retrainer_reset (self->retrainer);
  sl_workspace_set_model (self, 0, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  return TRUE;
}

SlCatalog *
sl_workspace_get_catalog (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return self->catalog;
}

gint64
sl_workspace_get_model_id (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), 0);
  return self->model_id;
}

SlModel *
sl_workspace_get_model (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return self->model;
}

void
sl_workspace_set_model (SlWorkspace *self,
                        gint64       model_id,
                        SlModel     *model)
{
  g_return_if_fail (SL_IS_WORKSPACE (self));

  if (model != self->model)
    {
      g_clear_pointer (&self->model, sl_model_free);
      self->model = model;
    }
  if (model_id == self->model_id)
    return;
  self->model_id = model_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_ID]);
}

static void
on_model_loaded_cb (SlJob        *job,
                    const GError *error,
                    SlWorkspace  *self)
{
  g_autoptr(SlModel) model = NULL;

  if (error != NULL)
    return;
  model = sl_model_load_job_steal_model (job);
  /* another catalog was opened meanwhile */
  if (self->catalog == NULL
      || g_strcmp0 (sl_catalog_get_path (self->catalog),
                    sl_model_load_job_get_catalog_path (job)) != 0)
    return;
  sl_workspace_set_model (self, sl_model_load_job_get_model_id (job), g_steal_pointer (&model));
}

SlJob *
sl_workspace_load_model (SlWorkspace *self,
                         gint64       model_id)
{
  g_autoptr(SlJob) job = NULL;

  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (self->catalog != NULL, NULL);

  job = sl_model_load_job_new (sl_catalog_get_path (self->catalog), model_id);
  g_signal_connect_object (job, "completed", G_CALLBACK (on_model_loaded_cb), self, 0);
  sl_workspace_run_job (self, job);
  return job;
}

const char *
sl_workspace_get_annotator (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return self->annotator;
}

void
sl_workspace_set_annotator (SlWorkspace *self,
                            const char  *annotator)
{
  g_return_if_fail (SL_IS_WORKSPACE (self));
  if (g_strcmp0 (self->annotator, annotator) == 0)
    return;
  g_free (self->annotator);
  self->annotator = g_strdup (annotator);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATOR]);
}

/* Records a change for undo; the redo list is cleared. */
static void
push_change (SlWorkspace  *self,
             SlChangeKind  kind,
             GArray       *images)
{
  gboolean could_undo = sl_workspace_can_undo (self);
  Change *change = g_new (Change, 1);

  change->kind = kind;
  change->images = g_array_ref (images);
  g_ptr_array_add (self->undo, change);
  set_history (self, self->undo->len, 0);
  if (!could_undo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

gboolean
sl_workspace_label (SlWorkspace  *self,
                    gint64        image_id,
                    gint64        class_id,
                    SlLabelSource source,
                    GError      **error)
{
  g_autoptr(GArray) images = g_array_sized_new (FALSE, FALSE, sizeof (SlImageChange), 1);
  SlImageChange image = { image_id, 0, class_id };

  g_return_val_if_fail (SL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (self->catalog != NULL, FALSE);
  g_return_val_if_fail (self->change_job == NULL, FALSE);

  image.before = sl_catalog_get_label (self->catalog, image_id);
  if (!sl_change_store (self->catalog, SL_CHANGE_LABELS, &image_id, &class_id, 1, self->annotator,
                        source, error))
    return FALSE;
  g_array_append_val (images, image);
  push_change (self, SL_CHANGE_LABELS, images);
  if (class_id != 0)
    sl_retrainer_count_labels (self->retrainer, 1);
  return TRUE;
}

/* A new change or a step stored: into the history. */
static void
on_change_completed_cb (SlChangeJob  *job,
                        const GError *error,
                        SlWorkspace  *self)
{
  GArray *images = sl_change_job_get_images (job);
  GPtrArray *from, *to;

  if (job != self->change_job)
    return;
  g_clear_object (&self->change_job);
  if (error != NULL)
    return;
  if (sl_change_job_get_step (job) == SL_CHANGE_NEW)
    {
      if (images->len == 0)
        return;
      push_change (self, sl_change_job_get_kind (job), images);
      if (sl_change_job_get_kind (job) == SL_CHANGE_LABELS
          && g_array_index (images, SlImageChange, 0).after != 0)
        sl_retrainer_count_labels (self->retrainer, images->len);
      return;
    }
  from = sl_change_job_get_step (job) == SL_CHANGE_REDO ? self->redo : self->undo;
  to = sl_change_job_get_step (job) == SL_CHANGE_REDO ? self->undo : self->redo;
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static SlJob *
track_change (SlWorkspace *self,
              SlChangeJob *job)
{
  self->change_job = g_object_ref (job);
  g_signal_connect_object (job, "completed", G_CALLBACK (on_change_completed_cb), self, 0);
  return SL_JOB (job);
}

SlJob *
sl_workspace_label_images (SlWorkspace   *self,
                           const gint64  *image_ids,
                           guint          n,
                           gint64         class_id,
                           SlLabelSource  source)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (self->catalog != NULL, NULL);
  g_return_val_if_fail (self->change_job == NULL, NULL);
  g_return_val_if_fail (n > 0 && image_ids != NULL, NULL);

  return track_change (self, sl_change_job_new_labels (self->catalog, image_ids, n, class_id,
                                                       self->annotator, source));
}

SlJob *
sl_workspace_set_splits (SlWorkspace   *self,
                         const gint64  *image_ids,
                         guint          n,
                         SlSplit        split)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (self->catalog != NULL, NULL);
  g_return_val_if_fail (self->change_job == NULL, NULL);
  g_return_val_if_fail (n > 0 && image_ids != NULL, NULL);

  return track_change (self, sl_change_job_new_splits (self->catalog, image_ids, n, split));
}

/* Undo and redo append history rows: the catalog's history is never rewritten. */
static SlJob *
step (SlWorkspace *self,
      GPtrArray   *from,
      gboolean     redo)
{
  Change *change;

  if (self->catalog == NULL || from->len == 0)
    return NULL;
  g_return_val_if_fail (self->change_job == NULL, NULL);
  change = g_ptr_array_index (from, from->len - 1);
  return track_change (self, sl_change_job_new_step (self->catalog, change->kind, change->images,
                                                     redo, self->annotator));
}

SlJob *
sl_workspace_undo (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return step (self, self->undo, FALSE);
}

SlJob *
sl_workspace_redo (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return step (self, self->redo, TRUE);
}

gboolean
sl_workspace_is_changing (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), FALSE);
  return self->change_job != NULL;
}

gboolean
sl_workspace_can_undo (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), FALSE);
  return self->undo->len > 0;
}

gboolean
sl_workspace_can_redo (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), FALSE);
  return self->redo->len > 0;
}

SlRetrainer *
sl_workspace_get_retrainer (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return self->retrainer;
}

GListModel *
sl_workspace_get_jobs (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->jobs);
}

static void
on_job_completed_cb (SlJob        *job,
                     const GError *error,
                     SlWorkspace  *self)
{
  guint position;

  if (g_list_store_find (self->jobs, job, &position))
    g_list_store_remove (self->jobs, position);
}

void
sl_workspace_run_job (SlWorkspace *self,
                      SlJob       *job)
{
  g_return_if_fail (SL_IS_WORKSPACE (self));
  g_return_if_fail (SL_IS_JOB (job));

  g_list_store_append (self->jobs, job);
  g_signal_connect_object (job, "completed", G_CALLBACK (on_job_completed_cb), self,
                           G_CONNECT_AFTER);
  sl_job_run_async (job, NULL, NULL);
}

gboolean
sl_workspace_is_busy (SlWorkspace *self)
{
  g_return_val_if_fail (SL_IS_WORKSPACE (self), FALSE);
  return g_list_model_get_n_items (G_LIST_MODEL (self->jobs)) > 0;
}

void
sl_workspace_cancel_jobs (SlWorkspace *self)
{
  GListModel *jobs;

  g_return_if_fail (SL_IS_WORKSPACE (self));
  jobs = G_LIST_MODEL (self->jobs);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(SlJob) job = g_list_model_get_item (jobs, i);

      sl_job_cancel (job);
    }
}
