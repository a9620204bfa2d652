/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-confusion-matrix.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-plot-private.h"
#include "sl-widgets-private.h"

#define PAD      12.0
#define GAP      3.0
#define MAX_CELL 120.0

/* Correct predictions in blue, errors in red (GNOME palette). */
static const GdkRGBA diagonal_color = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1 };
static const GdkRGBA error_color = { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0, 1 };

struct _SlConfusionMatrix
{
  GtkWidget  parent_instance;

  guint      n;
  GStrv      names;
  int       *counts;
  int        cursor_true;
  int        cursor_predicted;
  int        hover_true;
  int        hover_predicted;
};

G_DEFINE_FINAL_TYPE (SlConfusionMatrix, sl_confusion_matrix, GTK_TYPE_WIDGET)

enum {
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  double grid_x;
  double grid_y;
  double cell;
  double header_w;
  int    text_h;
} Geometry;

static int
row_total (SlConfusionMatrix *self,
           guint              t)
{
  int total = 0;

  for (guint p = 0; p < self->n; p++)
    total += self->counts[t * self->n + p];
  return total;
}

static gboolean
compute_geometry (SlConfusionMatrix *self,
                  Geometry          *g)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double top, left;
  int w, h;

  if (self->n == 0)
    return FALSE;

  /* The "True" title sits level with "Predicted", above the row names: never rotated, so
   * it reads the same in every script. */
  sl_plot_text_size (layout, _("True"), &w, &g->text_h);
  g->header_w = w;
  for (guint i = 0; i < self->n; i++)
    {
      sl_plot_text_size (layout, self->names[i], &w, &h);
      g->header_w = MAX (g->header_w, w);
    }
  g->header_w = MIN (g->header_w, 160);

  /* Axis title, class names, grid. */
  left = PAD + g->header_w + 8;
  top = PAD + g->text_h + 6 + g->text_h + 6;
  g->cell = MIN ((width - left - PAD) / self->n, (height - top - PAD) / self->n);
  g->cell = MIN (g->cell, MAX_CELL);
  if (g->cell < 8)
    return FALSE;
  /* Centre the whole block. */
  g->grid_x = left + MAX (0, (width - left - PAD - g->cell * self->n) / 2);
  g->grid_y = top + MAX (0, (height - top - PAD - g->cell * self->n) / 2);
  return TRUE;
}

gboolean
sl_confusion_matrix_get_cell_rect (SlConfusionMatrix *self,
                                   guint              true_class,
                                   guint              predicted_class,
                                   graphene_rect_t   *rect)
{
  Geometry g;

  g_return_val_if_fail (SL_IS_CONFUSION_MATRIX (self), FALSE);

  if (true_class >= self->n || predicted_class >= self->n || !compute_geometry (self, &g))
    return FALSE;
  graphene_rect_init (rect, g.grid_x + predicted_class * g.cell, g.grid_y + true_class * g.cell,
                      g.cell, g.cell);
  return TRUE;
}

gboolean
sl_confusion_matrix_cell_at (SlConfusionMatrix *self,
                             double             wx,
                             double             wy,
                             int               *true_class,
                             int               *predicted_class)
{
  Geometry g;
  int t, p;

  g_return_val_if_fail (SL_IS_CONFUSION_MATRIX (self), FALSE);

  if (!compute_geometry (self, &g) || wx < g.grid_x || wy < g.grid_y)
    return FALSE;
  p = (int) floor ((wx - g.grid_x) / g.cell);
  t = (int) floor ((wy - g.grid_y) / g.cell);
  if (t >= (int) self->n || p >= (int) self->n)
    return FALSE;
  if (true_class != NULL)
    *true_class = t;
  if (predicted_class != NULL)
    *predicted_class = p;
  return TRUE;
}

static void
draw_cell (SlConfusionMatrix *self,
           cairo_t           *cr,
           PangoLayout       *layout,
           const GdkRGBA     *fg,
           const Geometry    *g,
           guint              t,
           guint              p)
{
  int count = self->counts[t * self->n + p];
  int total = row_total (self, t);
  double share = total > 0 ? (double) count / total : 0;
  const GdkRGBA *base = t == p ? &diagonal_color : &error_color;
  double alpha = count > 0 ? 0.12 + 0.88 * share : 0.04;
  double x = g->grid_x + p * g->cell + GAP / 2, y = g->grid_y + t * g->cell + GAP / 2;
  double size = g->cell - GAP, r = MIN (6, size / 4);
  char text[32];
  int w, h;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + size - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + size - r, y + size - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + size - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  if (count > 0)
    cairo_set_source_rgba (cr, base->red, base->green, base->blue, alpha);
  else
    cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, alpha);
  cairo_fill_preserve (cr);

  if ((int) t == self->cursor_true && (int) p == self->cursor_predicted
      && gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    {
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }
  else if ((int) t == self->hover_true && (int) p == self->hover_predicted)
    {
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.45);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    cairo_new_path (cr);

  if (alpha > 0.55)
    cairo_set_source_rgb (cr, 1, 1, 1);
  else
    gdk_cairo_set_source_rgba (cr, fg);

  g_snprintf (text, sizeof text, "%d", count);
  if (size >= 2.6 * g->text_h)
    {
      PangoAttrList *bold = pango_attr_list_new ();

      pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, bold);
      sl_plot_text (cr, layout, text, x + size / 2, y + size / 2, 0.5, 1, FALSE);
      pango_layout_set_attributes (layout, NULL);
      pango_attr_list_unref (bold);
      g_snprintf (text, sizeof text, "%.0f%%", 100 * share);
      cairo_save (cr);
      cairo_set_source_rgba (cr, alpha > 0.55 ? 1 : fg->red, alpha > 0.55 ? 1 : fg->green,
                             alpha > 0.55 ? 1 : fg->blue, 0.75);
      sl_plot_text (cr, layout, text, x + size / 2, y + size / 2 + 1, 0.5, 0, FALSE);
      cairo_restore (cr);
    }
  else
    {
      sl_plot_text_size (layout, text, &w, &h);
      if (w < size - 2)
        sl_plot_text (cr, layout, text, x + size / 2, y + size / 2, 0.5, 0.5, FALSE);
    }
}

static void
sl_confusion_matrix_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SlConfusionMatrix *self = SL_CONFUSION_MATRIX (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoAttrList *bold = pango_attr_list_new ();
  double grid_size;
  GdkRGBA fg;
  Geometry g;
  cairo_t *cr;

  if (!compute_geometry (self, &g))
    {
      pango_attr_list_unref (bold);
      return;
    }
  grid_size = g.cell * self->n;
  _sl_widget_get_color (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget)));

  /* Axis titles. */
  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, bold);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
  sl_plot_text (cr, layout, _("Predicted"), g.grid_x + grid_size / 2,
                 g.grid_y - g.text_h - 12, 0.5, 1, FALSE);
  sl_plot_text (cr, layout, _("True"), g.grid_x - 8, g.grid_y - g.text_h - 12, 1, 1, FALSE);
  pango_layout_set_attributes (layout, NULL);
  pango_attr_list_unref (bold);

  /* Class names, ellipsized to their room. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.85);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < self->n; i++)
    {
      pango_layout_set_width (layout, (int) (g.header_w * PANGO_SCALE));
      sl_plot_text (cr, layout, self->names[i], g.grid_x - 8,
                     g.grid_y + (i + 0.5) * g.cell, 1, 0.5, FALSE);
      pango_layout_set_width (layout, (int) ((g.cell - 4) * PANGO_SCALE));
      sl_plot_text (cr, layout, self->names[i], g.grid_x + (i + 0.5) * g.cell,
                     g.grid_y - 6, 0.5, 1, FALSE);
    }
  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);

  for (guint t = 0; t < self->n; t++)
    for (guint p = 0; p < self->n; p++)
      draw_cell (self, cr, layout, &fg, &g, t, p);
  cairo_destroy (cr);
}

static void
activate_cell (SlConfusionMatrix *self,
               int                t,
               int                p)
{
  self->cursor_true = t;
  self->cursor_predicted = p;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CELL_ACTIVATED], 0, t, p);
}

static void
on_click_released_cb (GtkGestureClick   *click,
                      int                n_press,
                      double             x,
                      double             y,
                      SlConfusionMatrix *self)
{
  int t, p;

  if (sl_confusion_matrix_cell_at (self, x, y, &t, &p))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      activate_cell (self, t, p);
    }
}

static void
set_hover (SlConfusionMatrix *self,
           int                t,
           int                p)
{
  if (t == self->hover_true && p == self->hover_predicted)
    return;
  self->hover_true = t;
  self->hover_predicted = p;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), t >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              SlConfusionMatrix        *self)
{
  int t = -1, p = -1;

  sl_confusion_matrix_cell_at (self, x, y, &t, &p);
  set_hover (self, t, p);
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             SlConfusionMatrix        *self)
{
  set_hover (self, -1, -1);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *key,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SlConfusionMatrix     *self)
{
  int t = self->cursor_true, p = self->cursor_predicted, last = (int) self->n - 1;

  if (self->n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      p = MAX (p - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      p = MIN (p + 1, last);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      t = MAX (t - 1, 0);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      t = MIN (t + 1, last);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      activate_cell (self, t, p);
      return TRUE;
    default:
      return FALSE;
    }
  self->cursor_true = t;
  self->cursor_predicted = p;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static gboolean
sl_confusion_matrix_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard,
                                   GtkTooltip *tooltip)
{
  SlConfusionMatrix *self = SL_CONFUSION_MATRIX (widget);
  g_autofree char *text = NULL;
  int t, p, count, total;

  if (keyboard && self->n > 0)
    t = self->cursor_true, p = self->cursor_predicted;
  else if (!sl_confusion_matrix_cell_at (self, x, y, &t, &p))
    return FALSE;

  count = self->counts[t * self->n + p];
  total = row_total (self, t);
  text = g_strdup_printf (_("True “%s”, predicted “%s”\n%d of %d (%.1f%%)\nClick to browse "
                            "these images"),
                          self->names[t], self->names[p], count, total,
                          total > 0 ? 100.0 * count / total : 0.0);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
sl_confusion_matrix_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  SlConfusionMatrix *self = SL_CONFUSION_MATRIX (widget);

  *minimum = 160;
  *natural = MAX (*minimum, 140 + 72 * (int) self->n);
}

static void
sl_confusion_matrix_finalize (GObject *object)
{
  SlConfusionMatrix *self = SL_CONFUSION_MATRIX (object);

  g_strfreev (self->names);
  g_free (self->counts);

  G_OBJECT_CLASS (sl_confusion_matrix_parent_class)->finalize (object);
}

static void
sl_confusion_matrix_class_init (SlConfusionMatrixClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_confusion_matrix_finalize;

  widget_class->snapshot = sl_confusion_matrix_snapshot;
  widget_class->measure = sl_confusion_matrix_measure;
  widget_class->query_tooltip = sl_confusion_matrix_query_tooltip;

  signals[CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "confusionmatrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  _sl_widgets_ensure_style ();
}

static void
sl_confusion_matrix_init (SlConfusionMatrix *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *click;

  self->names = g_new0 (char *, 1);
  self->hover_true = self->hover_predicted = -1;
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Confusion matrix"), -1);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (widget, controller);
}

GtkWidget *
sl_confusion_matrix_new (void)
{
  return g_object_new (SL_TYPE_CONFUSION_MATRIX, NULL);
}

void
sl_confusion_matrix_set_data (SlConfusionMatrix *self,
                              guint              n_classes,
                              const char *const *class_names,
                              const int         *counts)
{
  g_return_if_fail (SL_IS_CONFUSION_MATRIX (self));
  g_return_if_fail (n_classes == 0 || (class_names != NULL && counts != NULL));

  g_strfreev (self->names);
  self->names = g_new0 (char *, n_classes + 1);
  for (guint i = 0; i < n_classes; i++)
    self->names[i] = g_strdup (class_names[i]);
  g_free (self->counts);
  self->counts = g_memdup2 (counts, sizeof (int) * n_classes * n_classes);
  self->n = n_classes;
  self->cursor_true = self->cursor_predicted = 0;
  self->hover_true = self->hover_predicted = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
sl_confusion_matrix_get_n_classes (SlConfusionMatrix *self)
{
  g_return_val_if_fail (SL_IS_CONFUSION_MATRIX (self), 0);
  return self->n;
}

int
sl_confusion_matrix_get_count (SlConfusionMatrix *self,
                               guint              true_class,
                               guint              predicted_class)
{
  g_return_val_if_fail (SL_IS_CONFUSION_MATRIX (self), 0);
  g_return_val_if_fail (true_class < self->n && predicted_class < self->n, 0);

  return self->counts[true_class * self->n + predicted_class];
}
