/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-warm-start.h"

#include <glib/gi18n.h>

#include "sl-checkpoint.h"
#include "sl-error.h"

void
sl_warm_start_free (SlWarmStart *warm)
{
  g_bytes_unref (warm->checkpoint);
  g_free (warm->arch);
  g_free (warm);
}

sl_net *
sl_warm_start_net (SlWarmStart  *warm,
                   int           max_batch,
                   GError      **error)
{
  char err[512] = "";
  gsize len;
  const guint8 *data = g_bytes_get_data (warm->checkpoint, &len);
  sl_net *net = sl_checkpoint_load_buffer (data, len, max_batch, err, sizeof err);

  if (net == NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT, _("The model to continue from is damaged: %s"),
                 err);
  return net;
}

static gboolean
same_classes (const sl_net       *net,
              const char * const *class_names)
{
  int n = (int) g_strv_length ((char **) class_names);

  if (sl_net_num_classes (net) != n)
    return FALSE;
  for (int k = 0; k < n; k++)
    if (g_strcmp0 (sl_net_class_name (net, k), class_names[k]) != 0)
      return FALSE;
  return TRUE;
}

SlWarmStart *
sl_warm_start_new (SlCatalog          *catalog,
                   gint64              model_id,
                   const char * const *class_names,
                   GError            **error)
{
  g_autoptr(SlWarmStart) warm = g_new0 (SlWarmStart, 1);
  sl_net *net;
  int height;

  warm->checkpoint = sl_catalog_get_model_checkpoint (catalog, model_id, error);
  if (warm->checkpoint == NULL)
    return NULL;
  net = sl_warm_start_net (warm, 2, error);
  if (net == NULL)
    return NULL;
  if (!same_classes (net, class_names))
    {
      sl_net_free (net);
      return NULL;
    }
  warm->arch = g_strdup (sl_net_arch (net));
  sl_net_input_shape (net, &warm->channels, &height, &warm->side);
  sl_net_free (net);
  return g_steal_pointer (&warm);
}
