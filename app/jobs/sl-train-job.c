/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-train-job.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/resource.h>

#include "sl-catalog.h"
#include "sl-checkpoint.h"
#include "sl-dataset.h"
#include "sl-defaults.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-model-input.h"
#include "sl-net.h"
#include "sl-train.h"
#include "sl-warm-start.h"

#define PREDICT_CHUNK 256
/* The part of each class of train held out as val when the catalog has no val split. */
#define VAL_HOLD_OUT 0.1

/* A trained network not stored yet, with what storing it needs. */
typedef struct
{
  sl_net *net;
  SlDataset *train;
  SlDataset *val;
  char *arch;
  sl_train_config config;
  sl_train_result result;
  int channels;
  int side;
  int held_out;
  gboolean warm_started;
} TrainedRun;

struct _SlTrainJob
{
  SlJob parent_instance;

  char *catalog_path;
  SlTrainSettings settings;
  GArray *worker_history;  /* worker only: the epoch ends, for the model's metrics */
  SlTrainOutcome outcome;  /* set by the worker before it returns */
  TrainedRun *best_so_far; /* a cancelled run's best epoch, or the run a keep-best job stores */

  GMutex lock;
  GArray *pending;         /* SlTrainProgress not yet delivered, under lock */

  GArray *history;         /* main context: the epoch ends delivered so far */
};

G_DEFINE_FINAL_TYPE (SlTrainJob, sl_train_job, SL_TYPE_JOB)

enum { PROGRESS, N_SIGNALS };

static guint signals[N_SIGNALS];

static void
trained_run_free (TrainedRun *run)
{
  sl_net_free (run->net);
  sl_dataset_free (run->train);
  sl_dataset_free (run->val);
  g_free (run->arch);
  g_free (run);
}

void
sl_train_settings_init (SlTrainSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->seed = 1;
}

void
sl_train_settings_clear (SlTrainSettings *settings)
{
  g_clear_pointer (&settings->arch, g_free);
  g_clear_pointer (&settings->name, g_free);
  g_clear_pointer (&settings->out_path, g_free);
}

/* Main context: passes every pending report on, epoch ends into the history. */
static void
sl_train_job_delivered (SlJob *job)
{
  SlTrainJob *self = SL_TRAIN_JOB (job);
  g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (SlTrainProgress));

  g_mutex_lock (&self->lock);
  g_array_append_vals (batch, self->pending->data, self->pending->len);
  g_array_set_size (self->pending, 0);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < batch->len; i++)
    {
      const SlTrainProgress *progress = &g_array_index (batch, SlTrainProgress, i);

      if (progress->epoch_done)
        g_array_append_val (self->history, *progress);
      g_signal_emit (self, signals[PROGRESS], 0, progress);
    }
}

static void
relay_progress (SlTrainJob            *self,
                const SlTrainProgress *progress)
{
  g_autofree char *message = NULL;
  double fraction;

  g_mutex_lock (&self->lock);
  /* Batch reports replace each other; epoch ends are all kept for the chart. */
  if (self->pending->len > 0 && !progress->epoch_done
      && !g_array_index (self->pending, SlTrainProgress, self->pending->len - 1).epoch_done)
    g_array_index (self->pending, SlTrainProgress, self->pending->len - 1) = *progress;
  else
    g_array_append_val (self->pending, *progress);
  g_mutex_unlock (&self->lock);

  fraction = progress->epochs > 0 && progress->batches > 0
             ? ((progress->epoch - 1) + (double) progress->batch / progress->batches)
               / progress->epochs
             : -1;
  message = g_strdup_printf (_("Epoch %d of %d, loss %.3f"), progress->epoch, progress->epochs,
                             progress->loss);
  sl_job_set_progress (SL_JOB (self), fraction, message);
}

static int
on_train_progress (const sl_train_progress *p,
                   void                    *user)
{
  SlTrainJob *self = user;
  SlTrainProgress progress = {
    .epoch = p->epoch,
    .epochs = p->epochs,
    .batch = p->batch,
    .batches = p->batches,
    .loss = p->loss,
    .accuracy = p->accuracy,
    .epoch_done = p->epoch_done,
    .val_loss = p->val_loss,
    .val_accuracy = p->val_accuracy,
    .val_auc = p->val_auc,
    .images_per_second = p->images_per_second,
  };

  if (progress.epoch_done)
    g_array_append_val (self->worker_history, progress);
  relay_progress (self, &progress);
  return g_cancellable_is_cancelled (sl_job_get_cancellable (SL_JOB (self))) ? 1 : 0;
}

/* The first epoch whose training or val loss was not a finite number, 0 when none. */
static int
diverged_epoch (GArray *history)
{
  for (guint i = 0; i < history->len; i++)
    {
      const SlTrainProgress *p = &g_array_index (history, SlTrainProgress, i);

      if (!isfinite (p->loss) || !isfinite (p->val_loss))
        return p->epoch;
    }
  return 0;
}

static gboolean
all_finite (const float *values,
            gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]))
      return FALSE;
  return TRUE;
}

/* The default architecture for the input size and the catalog's classes. */
static char *
default_arch (int channels,
              int side,
              int n_classes)
{
  char arch[512];

  if (sl_arch_default (channels, side, side, n_classes, arch, sizeof arch) != 0)
    return NULL;
  return g_strdup (arch);
}

static char *
metrics_json (const SlTrainJob *job,
              const TrainedRun *run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const sl_train_config *config = &run->config;
  const sl_train_result *result = &run->result;
  const struct { const char *key; int value; } counts[] = {
    { "input_size", run->side }, { "input_channels", run->channels },
    { "train_images", run->train->n }, { "val_images", run->val->n },
    { "epochs", config->epochs }, { "epochs_run", result->epochs_run },
    { "best_epoch", result->best_epoch }, { "batch_size", config->batch_size },
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "arch");
  json_builder_add_string_value (b, run->arch);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      json_builder_set_member_name (b, counts[i].key);
      json_builder_add_int_value (b, counts[i].value);
    }
  sl_json_add_number (b, "lr", config->lr);
  sl_json_add_number (b, "weight_decay", config->weight_decay);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) config->seed);
  json_builder_set_member_name (b, "optimizer");
  json_builder_add_string_value (b, config->optimizer == SL_OPT_ADAMW ? "adamw" : "sgd");
  sl_json_add_number (b, "val_accuracy", result->best_val_accuracy);
  sl_json_add_number (b, "val_auc", result->best_val_auc);
  sl_json_add_number (b, "seconds", result->seconds);
  sl_json_add_number (b, "images_per_second", result->images_per_second);
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < job->worker_history->len; i++)
    {
      const SlTrainProgress *h = &g_array_index (job->worker_history, SlTrainProgress, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "epoch");
      json_builder_add_int_value (b, h->epoch);
      sl_json_add_number (b, "loss", h->loss);
      sl_json_add_number (b, "accuracy", h->accuracy);
      sl_json_add_number (b, "val_loss", h->val_loss);
      sl_json_add_number (b, "val_accuracy", h->val_accuracy);
      sl_json_add_number (b, "val_auc", h->val_auc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return sl_json_builder_text (b, FALSE);
}

static char *
default_model_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* TRANSLATORS: a new model's name, a g_date_time_format() pattern (%Y year … %S second) */
  return g_date_time_format (now, _("model %Y-%m-%d %H:%M:%S"));
}

/* The inputs already in memory, by image id. */
static void
index_inputs (GHashTable      *inputs,
              const SlDataset *dataset)
{
  gsize sample = (gsize) dataset->channels * dataset->width * dataset->height;

  for (int i = 0; i < dataset->n; i++)
    g_hash_table_insert (inputs, (gpointer) &dataset->image_ids[i], dataset->x + i * sample);
}

/* Predicts every image of the catalog in chunks, from the train and val inputs in memory, the
 * others decoded. */
static float *
predict_all (SlCatalog        *catalog,
             sl_net           *net,
             const SlDataset  *train,
             const SlDataset  *val,
             GArray           *ids,
             int               chunk,
             GCancellable     *cancellable,
             GError          **error)
{
  int n_classes = sl_net_num_classes (net), side = train->width, channels = train->channels;
  gsize sample = (gsize) channels * side * side;
  g_autoptr(GHashTable) inputs = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree float *probs = g_new0 (float, MAX (ids->len, 1) * n_classes);
  g_autofree guint8 *bytes = g_new (guint8, sample);
  g_autofree float *x = g_new (float, chunk * sample);

  index_inputs (inputs, train);
  index_inputs (inputs, val);
  for (guint start = 0; start < ids->len; start += chunk)
    {
      guint count = MIN ((guint) chunk, ids->len - start);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; i < count; i++)
        {
          gint64 id = g_array_index (ids, gint64, start + i);
          const guint8 *known = g_hash_table_lookup (inputs, &id);
          g_autoptr(SlImage) image = NULL;

          if (known == NULL)
            {
              image = sl_catalog_load_image (catalog, id, error);
              if (image == NULL)
                return NULL;
              sl_model_input_from_image (image, channels, side, side, bytes);
              known = bytes;
            }
          sl_model_input_to_floats (known, sample, x + i * sample);
        }
      sl_net_predict (net, x, (int) count, probs + (gsize) start * n_classes);
    }
  return g_steal_pointer (&probs);
}

/* Training runs in a thread of its own at a lower priority, inherited by the worker threads
 * it starts (Linux keeps the nice value per thread), so that while training fills every core
 * the window's main loop still gets one at once. */
#define TRAIN_NICE 10

typedef struct
{
  sl_net *net;
  const sl_dataset *train;
  const sl_dataset *val;
  const sl_train_config *config;
  SlTrainJob *job;
  sl_train_result *result;
  char *err;
  size_t err_len;
  int status;
} TrainCall;

static gpointer
train_thread (gpointer data)
{
  TrainCall *call = data;

  /* a failure only means training competes with the window on equal terms */
  (void) setpriority (PRIO_PROCESS, 0, TRAIN_NICE);
  call->status = sl_train (call->net, call->train, call->val, call->config, on_train_progress,
                           call->job, call->result, call->err, call->err_len);
  return NULL;
}

static int
train_at_low_priority (TrainCall *call)
{
  g_thread_join (g_thread_new ("sightline-train", train_thread, call));
  return call->status;
}

/* The first n images of val were held out of train: they become the val split. */
static gboolean
store_held_out_val (SlCatalog        *catalog,
                    const SlDataset  *val,
                    int               n,
                    guint64           seed,
                    GError          **error)
{
  for (int i = 0; i < n; i++)
    if (!sl_catalog_set_split (catalog, val->image_ids[i], SL_SPLIT_VAL, (gint64) seed, error))
      return FALSE;
  return TRUE;
}

/* Trains on the catalog's train split (val held out of it when there is none). Returns the
 * trained run; cancelled, NULL with the error, and the best epoch so far (if one ended) in
 * *best_so_far. */
static TrainedRun *
train_run (SlTrainJob    *job,
           SlCatalog     *catalog,
           GCancellable  *cancellable,
           TrainedRun   **best_so_far,
           GError       **error)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(SlDataset) train = NULL;
  g_autoptr(SlDataset) val = NULL;
  g_autofree char *arch = NULL;
  g_autoptr(SlWarmStart) warm = NULL;
  sl_train_config config;
  sl_train_result result = { 0 };
  sl_dataset train_set, val_set;
  TrainedRun *run;
  char err[512] = "";
  sl_net *net;
  int channels, side;
  int status;
  int diverged;
  int held_out = 0;

  classes = sl_catalog_list_classes (catalog);
  if (classes->len < 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("Training needs at least two classes; the catalog has %u"), classes->len);
      return NULL;
    }
  for (guint i = 0; i < classes->len; i++)
    g_ptr_array_add (names, ((SlClassInfo *) g_ptr_array_index (classes, i))->name);
  g_ptr_array_add (names, NULL);

  if (job->settings.input_size != 0
      && (job->settings.input_size < SL_INPUT_SIZE_MIN
          || job->settings.input_size > SL_INPUT_SIZE_MAX))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("The input size must be between %d and %d pixels, not %d"),
                   SL_INPUT_SIZE_MIN, SL_INPUT_SIZE_MAX, job->settings.input_size);
      return NULL;
    }
  if (job->settings.warm_start_model_id != 0)
    {
      warm = sl_warm_start_new (catalog, job->settings.warm_start_model_id,
                                (const char * const *) names->pdata, error);
      if (warm == NULL && error != NULL && *error != NULL)
        return NULL;
    }
  sl_dataset_choose_input (catalog, &channels, &side);
  if (job->settings.input_size > 0)
    side = job->settings.input_size;
  if (warm != NULL)
    {
      channels = warm->channels;
      side = warm->side;
    }
  train = sl_dataset_load (catalog, SL_SPLIT_TRAIN, (const char * const *) names->pdata, TRUE,
                           TRUE, channels, side, side, cancellable, error);
  if (train == NULL)
    return NULL;
  val = sl_dataset_load (catalog, SL_SPLIT_VAL, (const char * const *) names->pdata, TRUE,
                         TRUE, channels, side, side, cancellable, error);
  if (val == NULL)
    return NULL;
  if (val->n == 0)
    {
      /* No val split: a stratified part of train becomes it (stored with the model). */
      sl_dataset_free (val);
      val = sl_dataset_hold_out (train, VAL_HOLD_OUT, job->settings.seed);
      held_out = val->n;
    }
  if (train->n == 0 || val->n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("Training needs labelled images in the train split, at least two per "
                     "class when there is no val split (found %d in train and %d in val): "
                     "label images and make a split first"),
                   train->n + held_out, val->n);
      return NULL;
    }

  sl_train_defaults_for (&config, channels, side, side, train->n, (int) classes->len);
  if (job->settings.epochs > 0)
    config.epochs = job->settings.epochs;
  if (job->settings.batch_size > 0)
    config.batch_size = job->settings.batch_size;
  if (job->settings.lr > 0)
    config.lr = (float) job->settings.lr;
  config.seed = job->settings.seed;
  config.threads = job->settings.threads;
  sl_set_threads (config.threads);

  if (warm != NULL)
    {
      arch = g_strdup (warm->arch);
      net = sl_warm_start_net (warm, MAX (config.batch_size, PREDICT_CHUNK), error);
      if (net == NULL)
        return NULL;
    }
  else
    {
      arch = job->settings.arch != NULL ? g_strdup (job->settings.arch)
                                        : default_arch (channels, side, (int) classes->len);
      net = sl_net_create (arch, channels, side, side, MAX (config.batch_size, PREDICT_CHUNK),
                           config.seed, err, sizeof err);
    }
  if (net == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT, _("Architecture “%s”: %s"),
                   arch, err);
      return NULL;
    }
  if (sl_net_num_classes (net) != (int) classes->len)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("Architecture “%s” ends in %d outputs but the catalog has %u classes"),
                   arch, sl_net_num_classes (net), classes->len);
      sl_net_free (net);
      return NULL;
    }
  sl_net_set_class_names (net, (const char * const *) names->pdata, (int) classes->len);

  train_set = (sl_dataset) { .y = train->y, .n = train->n, .c = channels, .h = side, .w = side,
                             .x8 = train->x };
  val_set = (sl_dataset) { .y = val->y, .n = val->n, .c = channels, .h = side, .w = side,
                           .x8 = val->x };
  status = train_at_low_priority (&(TrainCall) {
    .net = net, .train = &train_set, .val = &val_set, .config = &config, .job = job,
    .result = &result, .err = err, .err_len = sizeof err });
  if (status != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("Training failed: %s"), err);
      sl_net_free (net);
      return NULL;
    }
  if ((diverged = diverged_epoch (job->worker_history)) > 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("Training diverged: the loss stopped being a number at epoch %d of %d, so "
                     "no model was stored. Lower the learning rate (it was %g, e.g. try %g) and "
                     "train again"), diverged, config.epochs, config.lr, config.lr / 10);
      sl_net_free (net);
      return NULL;
    }

  /* sl_train leaves the best epoch's parameters in net, also when it was cancelled */
  run = g_new0 (TrainedRun, 1);
  *run = (TrainedRun) {
    .net = net, .train = g_steal_pointer (&train), .val = g_steal_pointer (&val),
    .arch = g_steal_pointer (&arch), .config = config, .result = result, .channels = channels,
    .side = side, .held_out = held_out, .warm_started = warm != NULL,
  };
  if (g_cancellable_set_error_if_cancelled (cancellable, error) || result.cancelled)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Training was cancelled"));
      if (result.best_epoch > 0)
        *best_so_far = run;
      else
        trained_run_free (run);
      return NULL;
    }
  return run;
}

/* Predicts every image with the run's network and stores the model and its predictions (and
 * the val split held out of train) in one transaction. */
static gboolean
store_run (SlTrainJob      *job,
           SlCatalog       *catalog,
           TrainedRun      *run,
           GCancellable    *cancellable,
           SlTrainOutcome  *outcome,
           GError         **error)
{
  g_autoptr(GArray) all_ids = NULL;
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  g_autofree float *probs = NULL;
  g_autofree unsigned char *checkpoint = NULL;
  g_autoptr(GBytes) checkpoint_bytes = NULL;
  g_autoptr(GError) file_error = NULL;
  SlImageFilter filter;
  size_t checkpoint_len = 0;
  guint n_classes = (guint) sl_net_num_classes (run->net);
  gint64 model_id = 0;

  sl_image_filter_init (&filter);
  all_ids = sl_catalog_query_images (catalog, &filter, error);
  if (all_ids != NULL)
    probs = predict_all (catalog, run->net, run->train, run->val, all_ids, PREDICT_CHUNK,
                         cancellable, error);
  if (probs == NULL || sl_checkpoint_save_buffer (run->net, &checkpoint, &checkpoint_len) != 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("Could not serialise the model"));
      return FALSE;
    }
  if (!all_finite (probs, (gsize) all_ids->len * n_classes))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("Training diverged: the model of epoch %d predicts values that are not "
                     "numbers, so it was not stored. Lower the learning rate (it was %g) and "
                     "train again"), run->result.best_epoch, run->config.lr);
      return FALSE;
    }

  json = metrics_json (job, run);
  name = job->settings.name != NULL ? g_strdup (job->settings.name) : default_model_name ();
  checkpoint_bytes = g_bytes_new_take (g_steal_pointer (&checkpoint), checkpoint_len);

  /* the file first: a model the catalog records is one the user has, or neither exists */
  if (job->settings.out_path != NULL
      && !g_file_set_contents (job->settings.out_path, g_bytes_get_data (checkpoint_bytes, NULL),
                               (gssize) g_bytes_get_size (checkpoint_bytes), &file_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("cannot write the model file: %s; nothing was stored in the catalog"),
                   file_error->message);
      return FALSE;
    }
  if (!sl_catalog_begin (catalog, error)
      || !store_held_out_val (catalog, run->val, run->held_out, job->settings.seed, error)
      || (model_id = sl_catalog_add_model (catalog, name, run->arch, checkpoint_bytes, json,
                                           error)) == 0
      || !sl_catalog_add_predictions (catalog, model_id, (const gint64 *) all_ids->data,
                                      (int) all_ids->len, (int) n_classes, probs, error)
      || !sl_catalog_commit (catalog, error))
    {
      sl_catalog_rollback (catalog);
      if (job->settings.out_path != NULL)
        g_unlink (job->settings.out_path);
      return FALSE;
    }

  *outcome = (SlTrainOutcome) {
    .model_id = model_id,
    .epochs_run = run->result.epochs_run,
    .best_epoch = run->result.best_epoch,
    .best_val_accuracy = run->result.best_val_accuracy,
    .best_val_auc = run->result.best_val_auc,
    .seconds = run->result.seconds,
    .images_per_second = run->result.images_per_second,
    .input_channels = run->channels,
    .input_size = run->side,
    .val_held_out = run->held_out,
    .warm_started = run->warm_started,
  };
  return TRUE;
}

static gboolean
sl_train_job_real_run (SlJob         *job,
                       GCancellable  *cancellable,
                       GError       **error)
{
  SlTrainJob *self = SL_TRAIN_JOB (job);
  g_autoptr(SlCatalog) catalog = NULL;
  SlTrainOutcome outcome = { 0 };
  TrainedRun *run;
  gboolean stored;

  catalog = sl_catalog_open (self->catalog_path, error);
  if (catalog == NULL)
    return FALSE;
  if (self->best_so_far != NULL)
    {
      sl_job_set_progress (job, -1, _("Storing the best model so far"));
      run = g_steal_pointer (&self->best_so_far);
    }
  else if ((run = train_run (self, catalog, cancellable, &self->best_so_far, error)) == NULL)
    return FALSE;
  stored = store_run (self, catalog, run, cancellable, &outcome, error);
  trained_run_free (run);
  if (stored)
    self->outcome = outcome;
  return stored;
}

static void
sl_train_job_finalize (GObject *object)
{
  SlTrainJob *self = SL_TRAIN_JOB (object);

  g_free (self->catalog_path);
  sl_train_settings_clear (&self->settings);
  g_array_unref (self->worker_history);
  g_mutex_clear (&self->lock);
  g_array_unref (self->pending);
  g_array_unref (self->history);
  g_clear_pointer (&self->best_so_far, trained_run_free);
  G_OBJECT_CLASS (sl_train_job_parent_class)->finalize (object);
}

static void
sl_train_job_class_init (SlTrainJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlJobClass *job_class = SL_JOB_CLASS (klass);

  object_class->finalize = sl_train_job_finalize;
  job_class->run = sl_train_job_real_run;
  job_class->delivered = sl_train_job_delivered;

  /**
   * SlTrainJob::progress:
   * @progress: (type gpointer): the SlTrainProgress of one batch or one epoch end
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sl_train_job_init (SlTrainJob *self)
{
  g_mutex_init (&self->lock);
  self->worker_history = g_array_new (FALSE, FALSE, sizeof (SlTrainProgress));
  self->pending = g_array_new (FALSE, FALSE, sizeof (SlTrainProgress));
  self->history = g_array_new (FALSE, FALSE, sizeof (SlTrainProgress));
}

SlTrainJob *
sl_train_job_new (const char            *catalog_path,
                  const SlTrainSettings *settings)
{
  SlTrainJob *self;

  g_return_val_if_fail (catalog_path != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  self = g_object_new (SL_TYPE_TRAIN_JOB, "title", _("Training"), NULL);
  self->catalog_path = g_strdup (catalog_path);
  self->settings = *settings;
  self->settings.arch = g_strdup (settings->arch);
  self->settings.name = g_strdup (settings->name);
  self->settings.out_path = g_strdup (settings->out_path);
  return self;
}

gboolean
sl_train_job_get_best_so_far (SlTrainJob *self,
                              int        *epoch,
                              double     *val_accuracy,
                              double     *val_auc)
{
  g_return_val_if_fail (SL_IS_TRAIN_JOB (self), FALSE);

  if (!sl_job_is_completed (SL_JOB (self)) || self->best_so_far == NULL)
    return FALSE;
  *epoch = self->best_so_far->result.best_epoch;
  *val_accuracy = self->best_so_far->result.best_val_accuracy;
  *val_auc = self->best_so_far->result.best_val_auc;
  return TRUE;
}

SlTrainJob *
sl_train_job_new_keep_best (SlTrainJob *cancelled)
{
  SlTrainJob *self;

  g_return_val_if_fail (SL_IS_TRAIN_JOB (cancelled), NULL);
  g_return_val_if_fail (sl_job_is_completed (SL_JOB (cancelled)), NULL);
  g_return_val_if_fail (cancelled->best_so_far != NULL, NULL);

  self = sl_train_job_new (cancelled->catalog_path, &cancelled->settings);
  self->best_so_far = g_steal_pointer (&cancelled->best_so_far);
  g_array_append_vals (self->worker_history, cancelled->worker_history->data,
                       cancelled->worker_history->len);
  g_array_append_vals (self->history, cancelled->history->data, cancelled->history->len);
  return self;
}

void
sl_train_job_discard_best (SlTrainJob *self)
{
  g_return_if_fail (SL_IS_TRAIN_JOB (self));
  g_return_if_fail (sl_job_is_completed (SL_JOB (self)));
  g_clear_pointer (&self->best_so_far, trained_run_free);
}

GArray *
sl_train_job_get_history (SlTrainJob *self)
{
  g_return_val_if_fail (SL_IS_TRAIN_JOB (self), NULL);
  return self->history;
}

const SlTrainOutcome *
sl_train_job_get_outcome (SlTrainJob *self)
{
  g_return_val_if_fail (SL_IS_TRAIN_JOB (self), NULL);
  return &self->outcome;
}
