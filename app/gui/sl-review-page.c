/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-colormap.h"
#include "sl-heatmap-legend.h"
#include "sl-heatmap-texture.h"
#include "sl-image-view.h"
#include "sl-model.h"
#include "sl-review-page.h"
#include "sl-thumbnail-cache.h"
#include "sl-window-choice.h"

#define COLORMAP SL_HEATMAP_COLORMAP

struct _SlReviewPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkLabel *prediction_label;
  GtkLevelBar *confidence_bar;
  GtkLabel *position_label;
  GtkDropDown *scope_dropdown;
  GtkLabel *empty_detail;
  GtkButton *widen_button;
  SlImageView *image_view;
  GtkToggleButton *heatmap_toggle;
  GtkScale *opacity_scale;
  SlHeatmapLegend *legend;

  SlCatalog *catalog;
  SlClassTable *classes;
  SlModel *model;
  GArray *queue;        /* image ids, least confident first */
  guint position;
  gint64 suggestion;
  gint64 model_id;
  gboolean stale;       /* the context changed while hidden: rebuild when needed */
  GHashTable *window_choices; /* image id → SlWindowChoice, shared with the window */
  SlWindowChoice choice;       /* the shown image's */
  SlImage *image;              /* the one shown, for right-drag window/level */
  double window_center;
  double window_width;
};

G_DEFINE_FINAL_TYPE (SlReviewPage, sl_review_page, GTK_TYPE_WIDGET)

static void sl_review_page_map (GtkWidget *widget);

enum {
  CURRENT_CHANGED,
  WINDOW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_window_level (SlReviewPage *self)
{
  sl_image_view_set_window_level (self->image_view, self->window_center,
                                  sl_window_choice_applies (self->image) ? self->window_width : 0);
}

static void
render_image (SlReviewPage *self)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (self->image == NULL)
    return;
  sl_window_choice_resolve (&self->choice, self->image, &self->window_center, &self->window_width);
  texture = sl_texture_from_image (self->image, 0, self->window_center, self->window_width);
  sl_image_view_set_texture (self->image_view, texture);
  show_window_level (self);
}

static void
show_current (SlReviewPage *self)
{
  gint64 id = sl_review_page_get_current (self);
  SlImage *image;
  g_autoptr(GdkTexture) heat_texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *probs = NULL;
  g_autofree float *heat = NULL;
  g_autofree char *position = NULL;
  g_autofree char *prediction = NULL;
  int n, w = 0, h = 0, best = 0;

  self->suggestion = 0;
  g_clear_pointer (&self->image, sl_image_free);
  if (id == 0 || self->model == NULL)
    {
      gboolean only_unlabeled = sl_review_page_get_scope (self) == SL_REVIEW_SCOPE_UNLABELED;

      gtk_label_set_label (self->empty_detail,
                           self->model == NULL
                           ? _("Train a model, or pick one in the sidebar, to review its predictions.")
                           : only_unlabeled ? _("Every image has a label or was reviewed.")
                                            : _("Every image was reviewed."));
      gtk_widget_set_visible (GTK_WIDGET (self->widen_button), self->model != NULL && only_unlabeled);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      g_signal_emit (self, signals[CURRENT_CHANGED], 0);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "review");
  /* the display copy: a 20,000² image's own pixels would stall the window for seconds */
  image = self->image = sl_catalog_load_display_image (self->catalog, id, &error);
  n = sl_model_get_n_classes (self->model);
  sl_model_get_input_size (self->model, &w, &h);
  probs = g_new0 (float, n);
  heat = g_new0 (float, (gsize) w * h);
  if (image == NULL || !sl_model_predict (self->model, image, probs, heat, &error))
    {
      gtk_label_set_label (self->prediction_label, error->message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->prediction_label), error->message);
      sl_image_view_set_texture (self->image_view, NULL);
      g_signal_emit (self, signals[CURRENT_CHANGED], 0);
      return;
    }
  for (int k = 1; k < n; k++)
    if (probs[k] > probs[best])
      best = k;
  self->suggestion = sl_class_table_model_class_id (self->classes, best);

  self->choice = self->window_choices != NULL ? sl_window_choices_lookup (self->window_choices, id)
                                               : (SlWindowChoice) { SL_WINDOW_FROM_FILE, 0, 0 };
  render_image (self);
  heat_texture = sl_heatmap_texture_new (heat, w, h, image->width, image->height);
  sl_image_view_set_heatmap (self->image_view, heat_texture);

  prediction = g_strdup_printf (_("Image %lld: %s, %.0f%% confident"), (long long) id,
                                sl_model_get_class_name (self->model, best), 100 * probs[best]);
  gtk_label_set_label (self->prediction_label, prediction);
  /* one line, ellipsized: the header keeps its height from image to image */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->prediction_label), prediction);
  gtk_level_bar_set_value (self->confidence_bar, probs[best]);
  position = g_strdup_printf (_("%u of %u"), self->position + 1, self->queue->len);
  gtk_label_set_label (self->position_label, position);
  g_signal_emit (self, signals[CURRENT_CHANGED], 0);
}

static void
on_image_view_window_changed_cb (SlReviewPage *self,
                                 double        center_delta,
                                 double        width_delta)
{
  SlWindowChoice choice = self->choice;

  if (self->image == NULL || !sl_window_choice_applies (self->image))
    return;
  sl_window_choice_drag (&choice, self->image, center_delta, width_delta);
  sl_review_page_set_window (self, &choice);
  g_signal_emit (self, signals[WINDOW_CHANGED], 0);
}

void
sl_review_page_set_window (SlReviewPage         *self,
                           const SlWindowChoice *choice)
{
  g_return_if_fail (SL_IS_REVIEW_PAGE (self));
  g_return_if_fail (choice != NULL);

  if (self->image == NULL)
    return;
  self->choice = *choice;
  if (self->window_choices != NULL)
    sl_window_choices_set (self->window_choices, sl_review_page_get_current (self), choice);
  render_image (self);
}

void
sl_review_page_set_window_choices (SlReviewPage *self,
                                   GHashTable   *choices)
{
  g_return_if_fail (SL_IS_REVIEW_PAGE (self));

  if (choices != NULL)
    g_hash_table_ref (choices);
  g_clear_pointer (&self->window_choices, g_hash_table_unref);
  self->window_choices = choices;
}

const SlImage *
sl_review_page_get_image (SlReviewPage *self)
{
  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), NULL);
  return self->image;
}

void
sl_review_page_get_window (SlReviewPage *self,
                           double       *center,
                           double       *width)
{
  g_return_if_fail (SL_IS_REVIEW_PAGE (self));
  *center = self->window_center;
  *width = self->window_width;
}

static void
on_heatmap_toggle_toggled_cb (SlReviewPage *self)
{
  sl_image_view_set_heatmap_visible (self->image_view,
                                     gtk_toggle_button_get_active (self->heatmap_toggle));
}

static void
on_opacity_changed_cb (SlReviewPage *self)
{
  sl_image_view_set_heatmap_opacity (self->image_view,
                                     gtk_range_get_value (GTK_RANGE (self->opacity_scale)));
}

static void rebuild (SlReviewPage *self);

static void
on_scope_changed_cb (SlReviewPage *self)
{
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
}

static void
on_widen_clicked_cb (SlReviewPage *self)
{
  sl_review_page_set_scope (self, SL_REVIEW_SCOPE_ALL);
}

static void
sl_review_page_dispose (GObject *object)
{
  SlReviewPage *self = SL_REVIEW_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_REVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->model, sl_model_free);
  g_clear_pointer (&self->image, sl_image_free);
  g_clear_pointer (&self->window_choices, g_hash_table_unref);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sl_review_page_parent_class)->dispose (object);
}

static void
sl_review_page_finalize (GObject *object)
{
  g_array_unref (SL_REVIEW_PAGE (object)->queue);
  G_OBJECT_CLASS (sl_review_page_parent_class)->finalize (object);
}

static void
sl_review_page_class_init (SlReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_review_page_dispose;
  object_class->finalize = sl_review_page_finalize;
  widget_class->map = sl_review_page_map;

  /**
   * SlReviewPage::current-changed:
   * The reviewed image changed (moved in the queue, or a new model).
   */
  signals[CURRENT_CHANGED] =
    g_signal_new ("current-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SlReviewPage::window-changed:
   * A right-drag changed the shown image's window/level (now SL_WINDOW_CUSTOM).
   */
  signals[WINDOW_CHANGED] =
    g_signal_new ("window-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_IMAGE_VIEW);
  g_type_ensure (SL_TYPE_HEATMAP_LEGEND);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, prediction_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, confidence_bar);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, empty_detail);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, widen_button);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, image_view);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, heatmap_toggle);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, opacity_scale);
  gtk_widget_class_bind_template_child (widget_class, SlReviewPage, legend);
}

static void
sl_review_page_init (SlReviewPage *self)
{
  guint8 stops[16 * 3];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < 16; i++)
    sl_colormap_rgb (COLORMAP, i / 15.f, stops + 3 * i);
  sl_heatmap_legend_set_stops (self->legend, stops, 16);
  g_signal_connect_swapped (self->heatmap_toggle, "toggled",
                            G_CALLBACK (on_heatmap_toggle_toggled_cb), self);
  g_signal_connect_swapped (self->opacity_scale, "value-changed",
                            G_CALLBACK (on_opacity_changed_cb), self);
  g_signal_connect_swapped (self->image_view, "window-changed",
                            G_CALLBACK (on_image_view_window_changed_cb), self);
  g_signal_connect_swapped (self->scope_dropdown, "notify::selected",
                            G_CALLBACK (on_scope_changed_cb), self);
  g_signal_connect_swapped (self->widen_button, "clicked", G_CALLBACK (on_widen_clicked_cb), self);
}

/* When the model was stored (unix µs), 0 when unknown. */
static gint64
model_created_at (SlReviewPage *self)
{
  g_autoptr(GPtrArray) models = sl_catalog_list_models (self->catalog);

  for (guint i = 0; i < models->len; i++)
    {
      SlModelInfo *info = g_ptr_array_index (models, i);

      if (info->id == self->model_id)
        return info->created_at;
    }
  return 0;
}

/* Drops from queue the images a person labelled after the model was made: already reviewed.
 * Both arrays are small enough for a hash set (one query, not one per image). */
static void
drop_reviewed (SlReviewPage *self,
               GArray       *queue)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) reviewed = sl_catalog_labeled_since (self->catalog, model_created_at (self),
                                                          SL_IMPORT_ANNOTATOR, &error);
  g_autoptr(GHashTable) set = NULL;
  guint kept = 0;

  if (reviewed == NULL)
    {
      g_warning ("Could not find the reviewed images: %s", error->message);
      return;
    }
  if (reviewed->len == 0)
    return;
  set = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < reviewed->len; i++)
    g_hash_table_add (set, &g_array_index (reviewed, gint64, i));
  for (guint i = 0; i < queue->len; i++)
    if (!g_hash_table_contains (set, &g_array_index (queue, gint64, i)))
      g_array_index (queue, gint64, kept++) = g_array_index (queue, gint64, i);
  g_array_set_size (queue, kept);
}

/* The queue: the model's predictions, least confident first, without the images already
 * reviewed (and by default without the labeled ones). Images labelled while reviewing stay in it until the queue is rebuilt, so moving
 * back and forth keeps its places. */
static void
rebuild (SlReviewPage *self)
{
  SlImageFilter filter;
  g_autoptr(GError) error = NULL;
  GArray *queue = NULL;

  self->stale = FALSE;
  g_clear_pointer (&self->model, sl_model_free);
  g_array_set_size (self->queue, 0);
  self->position = 0;
  if (self->catalog != NULL && self->model_id > 0)
    self->model = sl_model_load_from_catalog (self->catalog, self->model_id, &error);
  if (self->model != NULL)
    {
      sl_image_filter_init (&filter);
      filter.model_id = self->model_id;
      filter.most_uncertain = TRUE;
      if (sl_review_page_get_scope (self) == SL_REVIEW_SCOPE_UNLABELED)
        filter.class_id = 0;
      queue = sl_catalog_query_images (self->catalog, &filter, &error);
    }
  if (queue != NULL)
    {
      drop_reviewed (self, queue);
      g_array_unref (self->queue);
      self->queue = queue;
    }
  if (error != NULL)
    g_warning ("Could not build the review queue: %s", error->message);
  show_current (self);
}

static void
ensure_fresh (SlReviewPage *self)
{
  if (self->stale)
    rebuild (self);
}

static void
sl_review_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_review_page_parent_class)->map (widget);
  ensure_fresh (SL_REVIEW_PAGE (widget));
}

/* Loading the model and ordering the queue take tens of milliseconds: done when the page is
 * shown or asked for its queue, not at every model change. */
void
sl_review_page_set_context (SlReviewPage *self,
                            SlCatalog    *catalog,
                            gint64        model_id,
                            SlClassTable *classes)
{
  g_return_if_fail (SL_IS_REVIEW_PAGE (self));

  g_set_object (&self->catalog, catalog);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  self->classes = sl_class_table_ref (classes);
  self->model_id = model_id;
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
}

gint64
sl_review_page_get_current (SlReviewPage *self)
{
  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), 0);

  ensure_fresh (self);
  if (self->position >= self->queue->len)
    return 0;
  return g_array_index (self->queue, gint64, self->position);
}

gint64
sl_review_page_get_suggestion (SlReviewPage *self)
{
  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), 0);

  ensure_fresh (self);
  return self->suggestion;
}

guint
sl_review_page_get_n_queued (SlReviewPage *self)
{
  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), 0);

  ensure_fresh (self);
  return self->queue->len;
}

gboolean
sl_review_page_move (SlReviewPage *self,
                     int           delta)
{
  gint64 target;

  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), FALSE);

  ensure_fresh (self);
  target = (gint64) self->position + delta;
  if (target < 0 || target >= self->queue->len)
    return FALSE;
  self->position = (guint) target;
  show_current (self);
  return TRUE;
}

void
sl_review_page_toggle_heatmap (SlReviewPage *self)
{
  g_return_if_fail (SL_IS_REVIEW_PAGE (self));
  gtk_toggle_button_set_active (self->heatmap_toggle,
                                !gtk_toggle_button_get_active (self->heatmap_toggle));
}

gboolean
sl_review_page_get_heatmap_shown (SlReviewPage *self)
{
  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), FALSE);
  return sl_image_view_get_heatmap_visible (self->image_view);
}

SlReviewScope
sl_review_page_get_scope (SlReviewPage *self)
{
  g_return_val_if_fail (SL_IS_REVIEW_PAGE (self), SL_REVIEW_SCOPE_UNLABELED);
  return gtk_drop_down_get_selected (self->scope_dropdown) == 1 ? SL_REVIEW_SCOPE_ALL
                                                                 : SL_REVIEW_SCOPE_UNLABELED;
}

void
sl_review_page_set_scope (SlReviewPage  *self,
                          SlReviewScope  scope)
{
  g_return_if_fail (SL_IS_REVIEW_PAGE (self));
  gtk_drop_down_set_selected (self->scope_dropdown, scope == SL_REVIEW_SCOPE_ALL ? 1 : 0);
}
