/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-write-back.h"

#include <cairo.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "sl-data-dirs.h"
#include "sl-error.h"
#include "sl-heatmap.h"

#define MIN_SIDE 512
#define BAND_HEIGHT 28

/* The overlay with a black band below it carrying the warning, as packed RGB. */
static guint8 *
render_capture (const SlImage *image,
                const float   *heat,
                int            heat_width,
                int            heat_height,
                int           *width,
                int           *height)
{
  g_autoptr(GdkPixbuf) overlay = sl_heatmap_render_overlay (image, heat, heat_width, heat_height,
                                                             MIN_SIDE, SL_COLORMAP_TURBO, 0.5);
  int w = gdk_pixbuf_get_width (overlay), h = gdk_pixbuf_get_height (overlay) + BAND_HEIGHT;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  const guint8 *src = gdk_pixbuf_get_pixels (overlay);
  int src_stride = gdk_pixbuf_get_rowstride (overlay);
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans Bold 13");
  PangoLayout *layout;
  guint8 *rgb;
  cairo_t *cr;
  int text_w, text_h;

  cairo_surface_flush (surface);
  memset (data, 0, (gsize) stride * h);
  for (int y = 0; y < h - BAND_HEIGHT; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = src + (gsize) y * src_stride + x * 3;

        *(guint32 *) (data + (gsize) y * stride + x * 4) =
          (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];
      }
  cairo_surface_mark_dirty (surface);

  cr = cairo_create (surface);
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, SL_WRITE_BACK_WARNING, -1);
  pango_layout_get_pixel_size (layout, &text_w, &text_h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, MAX (0, (w - text_w) / 2), h - BAND_HEIGHT + (BAND_HEIGHT - text_h) / 2);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  rgb = g_malloc ((gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 v = *(guint32 *) (data + (gsize) y * stride + x * 4);
        guint8 *p = rgb + ((gsize) y * w + x) * 3;

        p[0] = v >> 16;
        p[1] = v >> 8;
        p[2] = v;
      }
  cairo_surface_destroy (surface);
  *width = w;
  *height = h;
  return rgb;
}

static const struct
{
  const char *tag;
  const char *key;
} study_keys[] = {
  { "00100010", "patient_name" },
  { "00100020", "patient_id" },
  { "00100030", "patient_birth_date" },
  { "00100040", "patient_sex" },
  { "00080020", "study_date" },
  { "00080030", "study_time" },
  { "00080050", "accession_number" },
  { "00080090", "referring_physician" },
  { "00200010", "study_id" },
};

/* The helper's request: what to write, and where. */
static char *
build_request (const SlPacsLink *link,
               GHashTable       *study,
               SlModel          *model,
               const char       *model_name,
               const float      *probs,
               int               width,
               int               height,
               const char       *dir)
{
  g_autoptr(GKeyFile) request = g_key_file_new ();
  int n_classes = sl_model_get_n_classes (model);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree double *values = g_new (double, n_classes);
  g_autofree char *pixels = g_build_filename (dir, "capture.rgb", NULL);
  g_autofree char *sc = g_build_filename (dir, "sc.dcm", NULL);
  g_autofree char *sr = g_build_filename (dir, "sr.dcm", NULL);
  g_autofree char *model_text = g_strdup_printf ("%s (%s)", model_name,
                                                 sl_model_get_arch (model));
  int best = 0;

  for (int k = 0; k < n_classes; k++)
    {
      g_ptr_array_add (names, (gpointer) sl_model_get_class_name (model, k));
      values[k] = probs[k];
      if (probs[k] > probs[best])
        best = k;
    }
  g_key_file_set_string (request, "study", "study_uid", link->study_uid);
  g_key_file_set_string (request, "study", "referenced_series_uid", link->series_uid);
  g_key_file_set_string (request, "study", "referenced_instance_uid", link->instance_uid);
  for (guint i = 0; i < G_N_ELEMENTS (study_keys); i++)
    {
      const char *value = g_hash_table_lookup (study, study_keys[i].tag);

      g_key_file_set_string (request, "study", study_keys[i].key, value != NULL ? value : "");
    }
  g_key_file_set_string (request, "result", "model", model_text);
  g_key_file_set_string_list (request, "result", "classes",
                              (const char * const *) names->pdata, names->len);
  g_key_file_set_double_list (request, "result", "probabilities", values, n_classes);
  g_key_file_set_string (request, "result", "predicted", sl_model_get_class_name (model, best));
  g_key_file_set_string (request, "result", "warning", SL_WRITE_BACK_WARNING);
  g_key_file_set_integer (request, "capture", "width", width);
  g_key_file_set_integer (request, "capture", "height", height);
  g_key_file_set_string (request, "capture", "pixels", pixels);
  g_key_file_set_string (request, "output", "secondary_capture", sc);
  g_key_file_set_string (request, "output", "report", sr);
  g_key_file_set_string (request, "output", "manufacturer", SL_WRITE_BACK_MANUFACTURER);
  g_key_file_set_string (request, "output", "software_version", PACKAGE_VERSION);
  return g_key_file_to_data (request, NULL, NULL);
}

static gboolean
run_writer (const char  *request_path,
            GError     **error)
{
  const char *argv[] = { sl_data_dirs_pacs_writer (), request_path, NULL };
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_strstrip (err);
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s failed: %s"), argv[0],
                   *err != '\0' ? err : _("no message"));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
read_bytes (const char  *path,
            GError     **error)
{
  char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return g_bytes_new_take (contents, length);
}

static void
remove_files (const char *dir)
{
  static const char *const names[] = { "request.ini", "capture.rgb", "sc.dcm", "sr.dcm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

gboolean
sl_write_back (SlDicomweb        *web,
               SlCatalog         *catalog,
               SlModel           *model,
               const char        *model_name,
               const SlPacsLink  *link,
               GCancellable      *cancellable,
               GError           **error)
{
  int n_classes, heat_w, heat_h, width, height;
  g_autofree float *probs = NULL, *heat = NULL;
  g_autofree guint8 *rgb = NULL;
  g_autofree char *dir = NULL, *request = NULL, *request_path = NULL, *pixels = NULL;
  g_autofree char *sc_path = NULL, *sr_path = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GHashTable) study = NULL;
  GBytes *files[2] = { NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (web != NULL && SL_IS_CATALOG (catalog) && model != NULL
                        && model_name != NULL && link != NULL, FALSE);

  if ((image = sl_catalog_load_image (catalog, link->image_id, error)) == NULL)
    return FALSE;
  n_classes = sl_model_get_n_classes (model);
  sl_model_get_input_size (model, &heat_w, &heat_h);
  probs = g_new0 (float, n_classes);
  heat = g_new0 (float, (gsize) heat_w * heat_h);
  if (!sl_model_predict (model, image, probs, heat, error))
    return FALSE;
  if ((study = sl_dicomweb_study_attributes (web, link->study_uid, cancellable, error)) == NULL)
    return FALSE;

  rgb = render_capture (image, heat, heat_w, heat_h, &width, &height);
  /* 0700: the request holds the patient's name until the helper has run */
  if ((dir = g_dir_make_tmp ("sightline-write-back-XXXXXX", error)) == NULL)
    return FALSE;
  request = build_request (link, study, model, model_name, probs, width, height, dir);
  request_path = g_build_filename (dir, "request.ini", NULL);
  pixels = g_build_filename (dir, "capture.rgb", NULL);
  sc_path = g_build_filename (dir, "sc.dcm", NULL);
  sr_path = g_build_filename (dir, "sr.dcm", NULL);
  ok = g_file_set_contents (pixels, (const char *) rgb, (gssize) width * height * 3, error)
       && g_file_set_contents (request_path, request, -1, error)
       && run_writer (request_path, error)
       && (files[0] = read_bytes (sc_path, error)) != NULL
       && (files[1] = read_bytes (sr_path, error)) != NULL;
  remove_files (dir);
  if (ok)
    ok = sl_dicomweb_store (web, link->study_uid, files, 2, cancellable, error);
  g_clear_pointer (&files[0], g_bytes_unref);
  g_clear_pointer (&files[1], g_bytes_unref);
  return ok;
}
