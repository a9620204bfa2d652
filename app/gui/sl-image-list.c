/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "sl-image-list.h"

#include "sl-catalog-readers.h"
#include "sl-catalog-search.h"

#define MAX_PAGES 128

struct _SlImageList
{
  GObject parent_instance;

  SlCatalog *catalog;
  SlImageFilter filter;
  gint64 model_id;
  int n_classes;
  char *reader;             /* blind reading: whose labels items carry; NULL = training */
  char *search;             /* the search text, NULL = none */
  guint search_serial;      /* of the newest search */
  guint applied_serial;     /* of the newest search applied */
  GArray *ids;              /* gint64, the current query result */
  GHashTable *pages;        /* page index -> GPtrArray of SlImageItem */
  GQueue lru;               /* page indices, most recently used first */
  GHashTable *by_id;        /* image id -> SlImageItem (borrowed from pages) */
  gulong labels_changed_id;
  gulong images_changed_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlImageList, sl_image_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
drop_pages (SlImageList *self)
{
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static gint64
label_of (SlImageList *self,
          gint64       image_id)
{
  return self->reader != NULL ? sl_catalog_get_reader_label (self->catalog, image_id, self->reader)
                              : sl_catalog_get_label (self->catalog, image_id);
}

static void
load_prediction (SlImageList *self,
                 SlImageItem *item)
{
  g_autofree float *probs = NULL;
  int best = 0;

  if (self->model_id == 0 || self->n_classes <= 0)
    {
      sl_image_item_set_prediction (item, -1, 0);
      return;
    }
  probs = g_new0 (float, self->n_classes);
  if (!sl_catalog_get_prediction (self->catalog, self->model_id, sl_image_item_get_id (item),
                                  probs, self->n_classes))
    {
      sl_image_item_set_prediction (item, -1, 0);
      return;
    }
  for (int k = 1; k < self->n_classes; k++)
    if (probs[k] > probs[best])
      best = k;
  sl_image_item_set_prediction (item, best, probs[best]);
}

static GPtrArray *
load_page (SlImageList *self,
           guint        page)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint start = page * SL_IMAGE_LIST_PAGE_SIZE;
  guint end = MIN (start + SL_IMAGE_LIST_PAGE_SIZE, self->ids->len);
  /* one read transaction for the page's few hundred lookups instead of one each */
  gboolean in_transaction = sl_catalog_begin_read (self->catalog, NULL);

  for (guint i = start; i < end; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);
      SlImageItem *item = sl_image_item_new (id);

      sl_image_item_set_class_id (item, label_of (self, id));
      load_prediction (self, item);
      g_ptr_array_add (items, item);
      g_hash_table_insert (self->by_id, g_memdup2 (&id, sizeof id), item);
    }
  if (in_transaction && !sl_catalog_commit (self->catalog, NULL))
    sl_catalog_rollback (self->catalog);
  return items;
}

static void
evict_oldest_page (SlImageList *self)
{
  guint page = GPOINTER_TO_UINT (g_queue_pop_tail (&self->lru));
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      SlImageItem *item = g_ptr_array_index (items, i);
      gint64 id = sl_image_item_get_id (item);

      if (g_hash_table_lookup (self->by_id, &id) == item)
        g_hash_table_remove (self->by_id, &id);
    }
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
}

static GType
sl_image_list_get_item_type (GListModel *model)
{
  return SL_TYPE_IMAGE_ITEM;
}

static guint
sl_image_list_get_n_items (GListModel *model)
{
  return SL_IMAGE_LIST (model)->ids->len;
}

static gpointer
sl_image_list_get_item (GListModel *model,
                        guint       position)
{
  SlImageList *self = SL_IMAGE_LIST (model);
  guint page = position / SL_IMAGE_LIST_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->ids->len)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_PAGES)
        evict_oldest_page (self);
      items = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }
  else if (self->lru.head->data != GUINT_TO_POINTER (page))
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }
  return g_object_ref (g_ptr_array_index (items, position % SL_IMAGE_LIST_PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_image_list_get_item_type;
  iface->get_n_items = sl_image_list_get_n_items;
  iface->get_item = sl_image_list_get_item;
}

static void
load_label (SlImageList *self,
            SlImageItem *item)
{
  sl_image_item_set_class_id (item, label_of (self, sl_image_item_get_id (item)));
}

/* Reloads with load the pages whose items are in use (bound to a grid cell: someone else holds
 * a reference); drops the other pages, they reload on demand. */
static void
reload_pages_in_use (SlImageList *self,
                     void       (*load) (SlImageList *self,
                                         SlImageItem *item))
{
  g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key, value;
  gboolean in_transaction;

  in_transaction = sl_catalog_begin_read (self->catalog, NULL);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *items = value;
      gboolean in_use = FALSE;

      for (guint i = 0; i < items->len && !in_use; i++)
        in_use = G_OBJECT (g_ptr_array_index (items, i))->ref_count > 1;
      if (!in_use)
        {
          guint page = GPOINTER_TO_UINT (key);

          g_array_append_val (stale, page);
          continue;
        }
      for (guint i = 0; i < items->len; i++)
        load (self, g_ptr_array_index (items, i));
    }
  if (in_transaction && !sl_catalog_commit (self->catalog, NULL))
    sl_catalog_rollback (self->catalog);
  for (guint i = 0; i < stale->len; i++)
    {
      guint page = g_array_index (stale, guint, i);

      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_tail (&self->lru, GUINT_TO_POINTER (page));
      evict_oldest_page (self);
    }
}

/* image_id 0: many labels changed */
static void
on_labels_changed_cb (SlCatalog   *catalog,
                      gint64       image_id,
                      SlImageList *self)
{
  SlImageItem *item;

  if (image_id == 0)
    {
      reload_pages_in_use (self, load_label);
      return;
    }
  item = g_hash_table_lookup (self->by_id, &image_id);
  if (item != NULL)
    load_label (self, item);
}

static void
on_images_changed_cb (SlCatalog   *catalog,
                      SlImageList *self)
{
  g_autoptr(GError) error = NULL;

  if (!sl_image_list_refresh (self, &error))
    g_warning ("Could not list images: %s", error->message);
}

static void
sl_image_list_dispose (GObject *object)
{
  SlImageList *self = SL_IMAGE_LIST (object);

  if (self->catalog != NULL)
    {
      g_clear_signal_handler (&self->labels_changed_id, self->catalog);
      g_clear_signal_handler (&self->images_changed_id, self->catalog);
      g_clear_object (&self->catalog);
    }
  drop_pages (self);
  G_OBJECT_CLASS (sl_image_list_parent_class)->dispose (object);
}

static void
sl_image_list_finalize (GObject *object)
{
  SlImageList *self = SL_IMAGE_LIST (object);

  g_free (self->reader);
  g_free (self->search);
  g_array_unref (self->ids);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->by_id);
  G_OBJECT_CLASS (sl_image_list_parent_class)->finalize (object);
}

static void
sl_image_list_class_init (SlImageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_image_list_dispose;
  object_class->finalize = sl_image_list_finalize;
}

static void
sl_image_list_init (SlImageList *self)
{
  sl_image_filter_init (&self->filter);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

SlImageList *
sl_image_list_new (SlCatalog           *catalog,
                   const SlImageFilter *filter)
{
  SlImageList *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self = g_object_new (SL_TYPE_IMAGE_LIST, NULL);
  self->catalog = g_object_ref (catalog);
  if (filter != NULL)
    self->filter = *filter;
  self->labels_changed_id = g_signal_connect (catalog, "labels-changed",
                                              G_CALLBACK (on_labels_changed_cb), self);
  self->images_changed_id = g_signal_connect (catalog, "images-changed",
                                              G_CALLBACK (on_images_changed_cb), self);
  if (!sl_image_list_refresh (self, &error))
    g_warning ("Could not list images: %s", error->message);
  return self;
}

SlCatalog *
sl_image_list_get_catalog (SlImageList *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), NULL);
  return self->catalog;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The images the filter lets through that also match the search (NULL: none). */
static GArray *
query_ids (SlCatalog            *catalog,
           const SlImageFilter  *filter,
           const char           *search,
           const char           *reader,
           GError              **error)
{
  g_autoptr(GArray) ids = sl_catalog_query_images (catalog, filter, error);
  g_autoptr(GArray) matches = NULL;
  guint kept = 0;

  if (ids == NULL || search == NULL)
    return g_steal_pointer (&ids);
  matches = sl_catalog_search_images (catalog, search, reader, error);
  if (matches == NULL)
    return NULL;
  /* the filter's order may be by confidence: look each id up in the ascending matches */
  for (guint i = 0; i < ids->len; i++)
    if (bsearch (&g_array_index (ids, gint64, i), matches->data, matches->len, sizeof (gint64),
                 compare_ids) != NULL)
      g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, kept);
  return g_steal_pointer (&ids);
}

static GArray *
query (SlImageList  *self,
       GError      **error)
{
  return query_ids (self->catalog, &self->filter, self->search, self->reader, error);
}

/* New contents (takes ids), announced as all removed, then all added: in one items-changed,
 * GTK 4.8's single and multi selections look up every added item for the ones they had
 * selected, a page load each (seconds for 100,000 images). */
static void
replace_ids (SlImageList *self,
             GArray      *ids)
{
  guint old_len = self->ids->len;

  g_array_unref (self->ids);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  drop_pages (self);
  if (old_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);
  g_array_unref (self->ids);
  self->ids = ids;
  if (ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, ids->len);
}

gboolean
sl_image_list_refresh (SlImageList  *self,
                       GError      **error)
{
  GArray *ids;
  guint old_len;

  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), FALSE);

  ids = query (self, error);
  if (ids == NULL)
    return FALSE;
  old_len = self->ids->len;
  if (ids->len >= old_len &&
      (old_len == 0 || memcmp (ids->data, self->ids->data, old_len * sizeof (gint64)) == 0))
    {
      /* appended: the cached pages stay valid except the last, which may have grown */
      g_array_unref (self->ids);
      self->ids = ids;
      if (old_len % SL_IMAGE_LIST_PAGE_SIZE != 0)
        {
          guint last = old_len / SL_IMAGE_LIST_PAGE_SIZE;

          if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (last)))
            {
              g_queue_remove (&self->lru, GUINT_TO_POINTER (last));
              g_queue_push_tail (&self->lru, GUINT_TO_POINTER (last));
              evict_oldest_page (self);
            }
        }
      if (ids->len > old_len)
        g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, ids->len - old_len);
      return TRUE;
    }
  replace_ids (self, ids);
  return TRUE;
}

gboolean
sl_image_list_set_filter (SlImageList          *self,
                          const SlImageFilter  *filter,
                          GError              **error)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  self->filter = *filter;
  return sl_image_list_refresh (self, error);
}

typedef struct
{
  char *catalog_path;
  SlImageFilter filter;
  char *search;
  char *reader;
  guint serial;
} SearchTask;

static void
search_task_free (gpointer data)
{
  SearchTask *search = data;

  g_free (search->catalog_path);
  g_free (search->search);
  g_free (search->reader);
  g_free (search);
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  SearchTask *search = data;
  g_autoptr(SlCatalog) catalog = NULL;
  GError *error = NULL;
  GArray *ids;

  catalog = sl_catalog_open (search->catalog_path, &error);
  ids = catalog != NULL ? query_ids (catalog, &search->filter, search->search, search->reader,
                                     &error)
                        : NULL;
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

void
sl_image_list_set_search_async (SlImageList         *self,
                                const char          *text,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = NULL;
  SearchTask *search;

  g_return_if_fail (SL_IS_IMAGE_LIST (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, sl_image_list_set_search_async);
  stripped = text != NULL ? g_strstrip (g_strdup (text)) : NULL;
  if (stripped != NULL && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (stripped, self->search) == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_free (self->search);
  self->search = g_steal_pointer (&stripped);
  search = g_new0 (SearchTask, 1);
  search->catalog_path = g_strdup (sl_catalog_get_path (self->catalog));
  search->filter = self->filter;
  search->search = g_strdup (self->search);
  search->reader = g_strdup (self->reader);
  search->serial = ++self->search_serial;
  g_task_set_task_data (task, search, search_task_free);
  g_task_run_in_thread (task, search_thread);
}

gboolean
sl_image_list_set_search_finish (SlImageList   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  SearchTask *search;
  GError *local = NULL;
  GArray *ids;

  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ids = g_task_propagate_pointer (G_TASK (result), &local);
  search = g_task_get_task_data (G_TASK (result));
  /* the text did not change, or a newer search is under way */
  if (search == NULL || search->serial != self->search_serial)
    {
      g_clear_pointer (&ids, g_array_unref);
      g_clear_error (&local);
      return TRUE;
    }
  self->applied_serial = search->serial;
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  replace_ids (self, ids);
  return TRUE;
}

gboolean
sl_image_list_get_searching (SlImageList *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), FALSE);
  return self->applied_serial != self->search_serial;
}

const char *
sl_image_list_get_search (SlImageList *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), NULL);
  return self->search;
}

const SlImageFilter *
sl_image_list_get_filter (SlImageList *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), NULL);
  return &self->filter;
}

void
sl_image_list_set_reader (SlImageList *self,
                          const char  *reader)
{
  GArray *ids = NULL;

  g_return_if_fail (SL_IS_IMAGE_LIST (self));

  if (g_strcmp0 (reader, self->reader) == 0)
    return;
  g_free (self->reader);
  self->reader = g_strdup (reader);
  /* a search matches the reader's own labels */
  if (self->search != NULL)
    {
      g_autoptr(GError) error = NULL;

      ids = query (self, &error);
      if (ids == NULL)
        g_warning ("Could not list images: %s", error->message);
    }
  if (ids == NULL)
    {
      ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len);
      g_array_append_vals (ids, self->ids->data, self->ids->len);
    }
  replace_ids (self, ids);
}

void
sl_image_list_set_model (SlImageList *self,
                         gint64       model_id,
                         int          n_classes)
{
  g_return_if_fail (SL_IS_IMAGE_LIST (self));

  self->model_id = model_id;
  self->n_classes = n_classes;
  reload_pages_in_use (self, load_prediction);
}

gint64
sl_image_list_get_id (SlImageList *self,
                      guint        position)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

guint
sl_image_list_find (SlImageList *self,
                    gint64       image_id)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == image_id)
      return i;
  return G_MAXUINT;
}

guint
sl_image_list_get_n_loaded_pages (SlImageList *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_LIST (self), 0);
  return g_hash_table_size (self->pages);
}
