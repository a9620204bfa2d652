/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-model.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "sl-checkpoint.h"
#include "sl-error.h"
#include "sl-features.h"
#include "sl-gradcam.h"
#include "sl-model-input.h"
#include "sl-net.h"

#define MODEL_BATCH 64

struct _SlModel
{
  sl_net *net;
  int channels;
  int width;
  int height;
  guint8 *input_bytes;   /* one image */
  float *input;          /* a batch of MODEL_BATCH images */
};

static SlModel *
model_new_take_net (sl_net *net)
{
  SlModel *model = g_new0 (SlModel, 1);
  gsize sample;

  model->net = net;
  sl_net_input_shape (net, &model->channels, &model->height, &model->width);
  sample = (gsize) model->channels * model->width * model->height;
  model->input_bytes = g_new0 (guint8, sample);
  model->input = g_new0 (float, MODEL_BATCH * sample);
  return model;
}

SlModel *
sl_model_load_file (const char  *path,
                    GError     **error)
{
  char err[256] = "";
  sl_net *net;

  g_return_val_if_fail (path != NULL, NULL);

  net = sl_checkpoint_load (path, MODEL_BATCH, err, sizeof err);
  if (net == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FOREIGN_FILE, "%s: %s", path, err);
      return NULL;
    }
  return model_new_take_net (net);
}

SlModel *
sl_model_load_from_catalog (SlCatalog  *catalog,
                            gint64      model_id,
                            GError    **error)
{
  g_autoptr(GBytes) checkpoint = NULL;
  char err[256] = "";
  gsize len;
  const guint8 *data;
  sl_net *net;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  checkpoint = sl_catalog_get_model_checkpoint (catalog, model_id, error);
  if (checkpoint == NULL)
    return NULL;

  data = g_bytes_get_data (checkpoint, &len);
  net = sl_checkpoint_load_buffer (data, len, MODEL_BATCH, err, sizeof err);
  if (net == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _("Model %" PRId64 " in the catalog cannot be loaded: %s"),
                   model_id, err);
      return NULL;
    }
  return model_new_take_net (net);
}

void
sl_model_free (SlModel *model)
{
  if (model == NULL)
    return;
  sl_net_free (model->net);
  g_free (model->input_bytes);
  g_free (model->input);
  g_free (model);
}

int
sl_model_get_n_classes (SlModel *model)
{
  return sl_net_num_classes (model->net);
}

const char *
sl_model_get_class_name (SlModel *model,
                         int      index)
{
  g_return_val_if_fail (index >= 0 && index < sl_net_num_classes (model->net), NULL);
  return sl_net_class_name (model->net, index);
}

const char *
sl_model_get_arch (SlModel *model)
{
  return sl_net_arch (model->net);
}

void
sl_model_get_input_size (SlModel *model,
                         int     *width,
                         int     *height)
{
  *width = model->width;
  *height = model->height;
}

int
sl_model_get_input_channels (SlModel *model)
{
  return model->channels;
}

gboolean
sl_model_predict (SlModel       *model,
                  const SlImage *image,
                  float         *probs,
                  float         *heatmap,
                  GError       **error)
{
  int n_classes = sl_net_num_classes (model->net);
  int best = 0;
  char err[256] = "";

  g_return_val_if_fail (model != NULL && image != NULL && probs != NULL, FALSE);

  sl_model_input_from_image (image, model->channels, model->width, model->height,
                             model->input_bytes);
  sl_model_input_to_floats (model->input_bytes,
                            (gsize) model->channels * model->width * model->height, model->input);
  sl_net_predict (model->net, model->input, 1, probs);
  if (heatmap == NULL)
    return TRUE;

  for (int k = 1; k < n_classes; k++)
    if (probs[k] > probs[best])
      best = k;
  if (sl_gradcam (model->net, model->input, best, -1, heatmap, err, sizeof err) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("Grad-CAM failed: %s"), err);
      return FALSE;
    }
  return TRUE;
}

void
sl_model_predict_inputs (SlModel      *model,
                         const guint8 *x,
                         int           n,
                         float        *probs)
{
  gsize sample = (gsize) model->channels * model->width * model->height;
  int n_classes = sl_net_num_classes (model->net);

  for (int start = 0; start < n; start += MODEL_BATCH)
    {
      int count = MIN (MODEL_BATCH, n - start);

      sl_model_input_to_floats (x + start * sample, count * sample, model->input);
      sl_net_predict (model->net, model->input, count, probs + (gsize) start * n_classes);
    }
}

int
sl_model_get_feature_dim (SlModel *model)
{
  return sl_net_feature_dim (model->net);
}

void
sl_model_features_inputs (SlModel      *model,
                          const guint8 *x,
                          int           n,
                          float        *features,
                          float        *probs)
{
  gsize sample = (gsize) model->channels * model->width * model->height;
  int n_classes = sl_net_num_classes (model->net);
  int dim = sl_net_feature_dim (model->net);

  g_return_if_fail (dim > 0);
  for (int start = 0; start < n; start += MODEL_BATCH)
    {
      int count = MIN (MODEL_BATCH, n - start);

      sl_model_input_to_floats (x + start * sample, count * sample, model->input);
      sl_net_features (model->net, model->input, count, features + (gsize) start * dim,
                       probs + (gsize) start * n_classes);
    }
}
