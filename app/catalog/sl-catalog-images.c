/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* Colours for new classes, in order; distinguishable for common colour blindness (Okabe-Ito). */
static const char *const class_colors[] = {
  "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000",
};

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

GPtrArray *
sl_catalog_list_classes (SlCatalog *self)
{
  GPtrArray *classes = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_class_info_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), classes);

  stmt = _sl_catalog_prepare (self, "SELECT id, name, position, color, shortcut FROM classes "
                                    "ORDER BY position, id", NULL);
  if (stmt == NULL)
    return classes;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SlClassInfo *info = g_new0 (SlClassInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->name = column_strdup (stmt, 1);
      info->position = sqlite3_column_int (stmt, 2);
      info->color = column_strdup (stmt, 3);
      info->shortcut = column_strdup (stmt, 4);
      g_ptr_array_add (classes, info);
    }
  sqlite3_reset (stmt);
  return classes;
}

gint64
sl_catalog_find_class (SlCatalog  *self,
                       const char *name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  stmt = _sl_catalog_prepare (self, "SELECT id FROM classes WHERE name = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gint64
sl_catalog_ensure_class (SlCatalog   *self,
                         const char  *name,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id;
  int position = 0;
  g_autofree char *shortcut = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if ((id = sl_catalog_find_class (self, name)) != 0)
    return id;
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("A class name must be non-empty UTF-8 text"));
      return 0;
    }

  stmt = _sl_catalog_prepare (self, "SELECT coalesce(max(position) + 1, 0) FROM classes", error);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (position < 9)
    shortcut = g_strdup_printf ("%d", position + 1);
  stmt = _sl_catalog_prepare (self, "INSERT INTO classes (name, position, color, shortcut) "
                                    "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, class_colors[position % G_N_ELEMENTS (class_colors)], -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, shortcut, -1, SQLITE_TRANSIENT);
  if (!_sl_catalog_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
sl_catalog_update_class (SlCatalog   *self,
                         gint64       class_id,
                         const char  *name,
                         const char  *color,
                         const char  *shortcut,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (name != NULL && color != NULL, FALSE);

  stmt = _sl_catalog_prepare (self, "UPDATE classes SET name = ?, color = ?, shortcut = ? "
                                    "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, color, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, shortcut, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, class_id);
  if (!_sl_catalog_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No class with id %" PRId64),
                   class_id);
      return FALSE;
    }
  return TRUE;
}

static gint64
find_sha256 (SlCatalog  *self,
             const char *sha256)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT id FROM images WHERE sha256 = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gboolean
sl_catalog_has_sha256 (SlCatalog  *self,
                       const char *sha256)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  return find_sha256 (self, sha256) != 0;
}

static gboolean
add_display_copy (SlCatalog      *self,
                  gint64          image_id,
                  const SlImage  *image,
                  GError        **error)
{
  g_autoptr(SlImage) reduced = sl_image_reduce (image, SL_CATALOG_DISPLAY_SIDE);
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer pixels;

  if (reduced == NULL)
    return TRUE;
  stmt = _sl_catalog_prepare (self, "INSERT INTO image_previews (image_id, width, height, pixels)"
                                    " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  pixels = g_bytes_get_data (reduced->pixels, &size);
  sqlite3_bind_int64 (stmt, 1, image_id);
  sqlite3_bind_int (stmt, 2, reduced->width);
  sqlite3_bind_int (stmt, 3, reduced->height);
  sqlite3_bind_blob64 (stmt, 4, pixels, size, SQLITE_STATIC);
  return _sl_catalog_step_done (self, stmt, error);
}

gint64
sl_catalog_add_image (SlCatalog     *self,
                      const SlImage *image,
                      const char    *sha256,
                      const char    *source_name,
                      gint64        *duplicate_of,
                      GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 existing, id;
  gsize size;
  gconstpointer pixels;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);
  g_return_val_if_fail (image != NULL && sha256 != NULL && source_name != NULL, 0);

  if (duplicate_of != NULL)
    *duplicate_of = 0;
  if ((existing = find_sha256 (self, sha256)) != 0)
    {
      if (duplicate_of != NULL)
        *duplicate_of = existing;
      return 0;
    }

  stmt = _sl_catalog_prepare (self,
    "INSERT INTO images (sha256, width, height, channels, bits, sample_type, slope, intercept,"
    " window_center, window_width, format, modality, body_part, study_pseudonym,"
    " series_pseudonym, spacing_row, spacing_col, source_name, imported_at, pixels) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  pixels = g_bytes_get_data (image->pixels, &size);
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, image->width);
  sqlite3_bind_int (stmt, 3, image->height);
  sqlite3_bind_int (stmt, 4, image->channels);
  sqlite3_bind_int (stmt, 5, image->bits);
  sqlite3_bind_int (stmt, 6, image->sample_type);
  sqlite3_bind_double (stmt, 7, image->slope);
  sqlite3_bind_double (stmt, 8, image->intercept);
  sqlite3_bind_double (stmt, 9, image->window_center);
  sqlite3_bind_double (stmt, 10, image->window_width);
  sqlite3_bind_text (stmt, 11, image->format ? image->format : "unknown", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, image->modality, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, image->body_part, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, image->study_pseudonym, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, image->series_pseudonym, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 16, image->pixel_spacing[0]);
  sqlite3_bind_double (stmt, 17, image->pixel_spacing[1]);
  sqlite3_bind_text (stmt, 18, source_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 19, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_blob64 (stmt, 20, pixels, size, SQLITE_STATIC);
  /* the image and its display copy: one transaction (a savepoint inside the caller's) */
  if (!sl_catalog_begin (self, error))
    return 0;
  if (!_sl_catalog_step_done (self, stmt, error)
      || !add_display_copy (self, (id = sqlite3_last_insert_rowid (self->db)), image, error)
      || !sl_catalog_commit (self, error))
    {
      sl_catalog_rollback (self);
      return 0;
    }
  _sl_catalog_mark_images_added (self);
  return id;
}

SlImageInfo *
sl_catalog_get_image_info (SlCatalog  *self,
                           gint64      image_id,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  SlImageInfo *info = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self,
    "SELECT i.id, sha256, source_name, width, height, channels, bits, format, modality,"
    " imported_at, coalesce(label_class_id, 0), coalesce(s.split, 0) "
    "FROM images i LEFT JOIN splits s ON s.image_id = i.id WHERE i.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      info = g_new0 (SlImageInfo, 1);
      info->id = sqlite3_column_int64 (stmt, 0);
      info->sha256 = column_strdup (stmt, 1);
      info->source_name = column_strdup (stmt, 2);
      info->width = sqlite3_column_int (stmt, 3);
      info->height = sqlite3_column_int (stmt, 4);
      info->channels = sqlite3_column_int (stmt, 5);
      info->bits = sqlite3_column_int (stmt, 6);
      info->format = column_strdup (stmt, 7);
      info->modality = column_strdup (stmt, 8);
      info->imported_at = sqlite3_column_int64 (stmt, 9);
      info->class_id = sqlite3_column_int64 (stmt, 10);
      info->split = sqlite3_column_int (stmt, 11);
    }
  else
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No image with id %" PRId64),
                 image_id);
  sqlite3_reset (stmt);
  return info;
}

/* Loads an image row selected by sql (the columns of load_image, one ? for the id). */
static SlImage *
load_image (SlCatalog   *self,
            gint64       image_id,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt;
  SlImage *image = NULL;

  stmt = _sl_catalog_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int width = sqlite3_column_int (stmt, 0);
      int height = sqlite3_column_int (stmt, 1);
      int channels = sqlite3_column_int (stmt, 2);
      SlSampleType type = sqlite3_column_int (stmt, 4);
      g_autoptr(GBytes) pixels = g_bytes_new (sqlite3_column_blob (stmt, 16),
                                              sqlite3_column_bytes (stmt, 16));

      if (width > 0 && height > 0 && (channels == 1 || channels == 3)
          && type >= SL_SAMPLE_U8 && type <= SL_SAMPLE_F32
          && g_bytes_get_size (pixels)
             == (gsize) width * height * channels * sl_sample_type_size (type))
        {
          image = sl_image_new (width, height, channels, type, pixels);
          image->bits = sqlite3_column_int (stmt, 3);
          image->slope = sqlite3_column_double (stmt, 5);
          image->intercept = sqlite3_column_double (stmt, 6);
          image->window_center = sqlite3_column_double (stmt, 7);
          image->window_width = sqlite3_column_double (stmt, 8);
          image->format = column_strdup (stmt, 9);
          image->modality = column_strdup (stmt, 10);
          image->body_part = column_strdup (stmt, 11);
          image->study_pseudonym = column_strdup (stmt, 12);
          image->series_pseudonym = column_strdup (stmt, 13);
          image->pixel_spacing[0] = sqlite3_column_double (stmt, 14);
          image->pixel_spacing[1] = sqlite3_column_double (stmt, 15);
        }
      else
        g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                     _("%s: image %" PRId64 " has damaged pixel data"),
                     self->path, image_id);
    }
  else
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No image with id %" PRId64),
                 image_id);
  sqlite3_reset (stmt);
  return image;
}

SlImage *
sl_catalog_load_image (SlCatalog  *self,
                       gint64      image_id,
                       GError    **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  return load_image (self, image_id,
    "SELECT width, height, channels, bits, sample_type, slope, intercept, window_center,"
    " window_width, format, modality, body_part, study_pseudonym, series_pseudonym,"
    " spacing_row, spacing_col, pixels FROM images WHERE id = ?", error);
}

SlImage *
sl_catalog_load_display_image (SlCatalog  *self,
                               gint64      image_id,
                               GError    **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  /* the copy's pixels are farther apart: its spacing grows by the reduction */
  return load_image (self, image_id,
    "SELECT coalesce(p.width, i.width), coalesce(p.height, i.height), channels, bits,"
    " sample_type, slope, intercept, window_center, window_width, format, modality, body_part,"
    " study_pseudonym, series_pseudonym,"
    " spacing_row * i.height / coalesce(p.height, i.height),"
    " spacing_col * i.width / coalesce(p.width, i.width), coalesce(p.pixels, i.pixels) "
    "FROM images i LEFT JOIN image_previews p ON p.image_id = i.id WHERE i.id = ?", error);
}

gint64
sl_catalog_count_images (SlCatalog *self)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);

  stmt = _sl_catalog_prepare (self, "SELECT count(*) FROM images", NULL);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

void
sl_image_filter_init (SlImageFilter *filter)
{
  g_return_if_fail (filter != NULL);
  filter->split = SL_SPLIT_NONE;
  filter->class_id = -1;
  filter->predicted_class_id = -1;
  filter->model_id = 0;
  filter->disagreement = FALSE;
  filter->most_uncertain = FALSE;
}

GArray *
sl_catalog_query_images (SlCatalog            *self,
                         const SlImageFilter  *filter,
                         GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT i.id FROM images i");
  gboolean with_model;
  sqlite3_stmt *stmt;
  GArray *ids;
  int rc;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  with_model = filter->model_id > 0;
  if (filter->split != SL_SPLIT_NONE)
    g_string_append (sql, " JOIN splits s ON s.image_id = i.id AND s.split = ?1");
  if (with_model)
    g_string_append (sql, " JOIN predictions p ON p.image_id = i.id AND p.model_id = ?2");
  g_string_append (sql, " WHERE 1");
  if (filter->class_id == 0)
    g_string_append (sql, " AND i.label_class_id IS NULL");
  else if (filter->class_id > 0)
    g_string_append (sql, " AND i.label_class_id = ?3");
  if (with_model && filter->predicted_class_id >= 0)
    g_string_append (sql, " AND p.predicted_class_id IS ?4");
  if (with_model && filter->disagreement)
    g_string_append (sql, " AND i.label_class_id IS NOT NULL"
                          " AND i.label_class_id IS NOT p.predicted_class_id");
  g_string_append (sql, with_model && filter->most_uncertain ? " ORDER BY p.confidence, i.id"
                                                             : " ORDER BY i.id");

  /* the set of possible texts is small: intern them so the statement cache can keep them */
  stmt = _sl_catalog_prepare (self, g_intern_string (sql->str), error);
  if (stmt == NULL)
    return NULL;
  if (filter->split != SL_SPLIT_NONE)
    sqlite3_bind_int (stmt, 1, filter->split);
  if (with_model)
    sqlite3_bind_int64 (stmt, 2, filter->model_id);
  if (filter->class_id > 0)
    sqlite3_bind_int64 (stmt, 3, filter->class_id);
  if (with_model && filter->predicted_class_id > 0)
    sqlite3_bind_int64 (stmt, 4, filter->predicted_class_id);   /* 0 binds NULL: no prediction */

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (self, error);
      g_clear_pointer (&ids, g_array_unref);
    }
  sqlite3_reset (stmt);
  return ids;
}
