/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-image-view.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-image-view-private.h"
#include "sl-widgets-private.h"

/* One key press or wheel notch zooms by this factor. */
#define ZOOM_STEP G_SQRT2

G_DEFINE_FINAL_TYPE (SlImageView, sl_image_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXTURE,
  PROP_HEATMAP,
  PROP_HEATMAP_VISIBLE,
  PROP_HEATMAP_OPACITY,
  PROP_ZOOM,
  PROP_FIT,
  N_PROPS
};

enum {
  PIXEL_HOVERED,
  WINDOW_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static double
fit_zoom (SlImageView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->texture == NULL || w <= 0 || h <= 0)
    return 1.0;
  return CLAMP (MIN ((double) w / image_width (self), (double) h / image_height (self)),
                SL_IMAGE_VIEW_MIN_ZOOM, SL_IMAGE_VIEW_MAX_ZOOM);
}

/* Centres an axis the image does not fill, otherwise keeps the view inside the image. */
static double
clamp_centre (double centre,
              double image_size,
              double view_size,
              double zoom)
{
  double half = view_size / (2.0 * zoom);

  if (image_size * zoom <= view_size)
    return image_size / 2.0;
  return CLAMP (centre, half, image_size - half);
}

static void
update_hover (SlImageView *self)
{
  int x = -1, y = -1;

  if (self->pointer_inside && self->texture != NULL)
    {
      double ix, iy;

      sl_image_view_widget_to_image (self, self->pointer_x, self->pointer_y, &ix, &iy);
      if (ix >= 0 && iy >= 0 && ix < image_width (self) && iy < image_height (self))
        {
          x = (int) floor (ix);
          y = (int) floor (iy);
        }
    }
  if (x != self->hover_x || y != self->hover_y)
    {
      self->hover_x = x;
      self->hover_y = y;
      g_signal_emit (self, signals[PIXEL_HOVERED], 0, x, y);
    }
}

/* Enough digits to tell windows apart: whole numbers for HU-like ranges, three significant
 * digits for small (e.g. 0..1 float) ones. */
static char *
format_level (double value,
              double scale)
{
  if (fabs (scale) >= 10)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.3g", value);
}

static void
update_readout (SlImageView *self)
{
  g_autofree char *zoom = NULL;
  g_autofree char *text = NULL;

  if (self->texture == NULL)
    {
      g_clear_object (&self->readout);
      return;
    }
  /* TRANSLATORS: the image viewer's readout, e.g. "Zoom 250%" */
  zoom = g_strdup_printf (_("Zoom %.0f%%"), 100 * self->zoom);
  if (self->window_width > 0)
    {
      g_autofree char *center = format_level (self->window_center, self->window_width);
      g_autofree char *width = format_level (self->window_width, self->window_width);

      /* TRANSLATORS: the image viewer's readout: zoom, window center (C) and width (W), e.g.
       * "Zoom 250% · C 40 W 400" */
      text = g_strdup_printf (_("%s · C %s W %s"), zoom, center, width);
    }
  if (self->readout == NULL)
    self->readout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_text (self->readout, text != NULL ? text : zoom, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Applies a new zoom and centre (clamped), then notifies and redraws. */
static void
set_view (SlImageView *self,
          double       zoom,
          double       cx,
          double       cy)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double old_zoom = self->zoom;

  self->zoom = CLAMP (zoom, SL_IMAGE_VIEW_MIN_ZOOM, SL_IMAGE_VIEW_MAX_ZOOM);
  self->cx = clamp_centre (cx, image_width (self), w, self->zoom);
  self->cy = clamp_centre (cy, image_height (self), h, self->zoom);
  if (self->zoom != old_zoom)
    {
      update_readout (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
apply_fit (SlImageView *self)
{
  set_view (self, fit_zoom (self), image_width (self) / 2.0, image_height (self) / 2.0);
}

static void
set_fit_internal (SlImageView *self,
                  gboolean     fit)
{
  if (self->fit == fit)
    return;
  self->fit = fit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
}

void
sl_image_view_widget_to_image (SlImageView *self,
                               double       wx,
                               double       wy,
                               double      *ix,
                               double      *iy)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  if (ix != NULL)
    *ix = (wx - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / self->zoom + self->cx;
  if (iy != NULL)
    *iy = (wy - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / self->zoom + self->cy;
}

void
sl_image_view_image_to_widget (SlImageView *self,
                               double       ix,
                               double       iy,
                               double      *wx,
                               double      *wy)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  if (wx != NULL)
    *wx = (ix - self->cx) * self->zoom + gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  if (wy != NULL)
    *wy = (iy - self->cy) * self->zoom + gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}

/* Sets an absolute zoom keeping the image point under (wx, wy) fixed. */
static void
zoom_to (SlImageView *self,
         double       zoom,
         double       wx,
         double       wy)
{
  double ix, iy;

  sl_image_view_widget_to_image (self, wx, wy, &ix, &iy);
  zoom = CLAMP (zoom, SL_IMAGE_VIEW_MIN_ZOOM, SL_IMAGE_VIEW_MAX_ZOOM);
  set_fit_internal (self, FALSE);
  set_view (self, zoom,
            ix - (wx - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / zoom,
            iy - (wy - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / zoom);
}

void
sl_image_view_zoom_at (SlImageView *self,
                       double       factor,
                       double       wx,
                       double       wy)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));
  g_return_if_fail (factor > 0);

  zoom_to (self, self->zoom * factor, wx, wy);
}

void
sl_image_view_pan (SlImageView *self,
                   double       dx,
                   double       dy)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  set_view (self, self->zoom, self->cx - dx / self->zoom, self->cy - dy / self->zoom);
}

static void
zoom_at_centre (SlImageView *self,
                double       factor)
{
  sl_image_view_zoom_at (self, factor,
                         gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
set_cursor (SlImageView *self,
            const char  *name)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              SlImageView              *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  update_hover (self);
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             SlImageView              *self)
{
  self->pointer_inside = FALSE;
  update_hover (self);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *scroll,
              double                    dx,
              double                    dy,
              SlImageView              *self)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  /* A wheel notch is one key step; touchpads send about 10 surface units per event. */
  double per_unit = gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_WHEEL
                    ? 1.0 : 0.02;

  if (self->texture == NULL || dy == 0)
    return FALSE;
  if (self->pointer_inside)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  sl_image_view_zoom_at (self, pow (ZOOM_STEP, -dy * per_unit), x, y);
  return TRUE;
}

static void
on_pan_begin_cb (GtkGestureDrag *drag,
                 double          x,
                 double          y,
                 SlImageView    *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_cx = self->cx;
  self->drag_cy = self->cy;
  set_cursor (self, "grabbing");
}

static void
on_pan_update_cb (GtkGestureDrag *drag,
                  double          ox,
                  double          oy,
                  SlImageView    *self)
{
  set_view (self, self->zoom, self->drag_cx - ox / self->zoom, self->drag_cy - oy / self->zoom);
}

static void
on_pan_end_cb (GtkGestureDrag *drag,
               double          ox,
               double          oy,
               SlImageView    *self)
{
  set_cursor (self, NULL);
}

static void
on_level_begin_cb (GtkGestureDrag *drag,
                   double          x,
                   double          y,
                   SlImageView    *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->level_x = 0;
  self->level_y = 0;
  set_cursor (self, "all-scroll");
}

static void
on_level_update_cb (GtkGestureDrag *drag,
                    double          ox,
                    double          oy,
                    SlImageView    *self)
{
  double width_delta = ox - self->level_x;
  double center_delta = oy - self->level_y;

  self->level_x = ox;
  self->level_y = oy;
  if (width_delta != 0 || center_delta != 0)
    g_signal_emit (self, signals[WINDOW_CHANGED], 0, center_delta, width_delta);
}

static void
on_pinch_begin_cb (GtkGesture       *gesture,
                   GdkEventSequence *sequence,
                   SlImageView      *self)
{
  self->pinch_zoom = self->zoom;
}

static void
on_pinch_scale_changed_cb (GtkGestureZoom *gesture,
                           double          scale,
                           SlImageView    *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom_to (self, self->pinch_zoom * scale, x, y);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlImageView *self = SL_IMAGE_VIEW (widget);

  if (g_str_equal (action_name, "image-view.zoom-in"))
    zoom_at_centre (self, ZOOM_STEP);
  else if (g_str_equal (action_name, "image-view.zoom-out"))
    zoom_at_centre (self, 1.0 / ZOOM_STEP);
  else if (g_str_equal (action_name, "image-view.zoom-original"))
    sl_image_view_set_zoom (self, 1.0);
  else
    sl_image_view_set_fit (self, TRUE);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *key,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SlImageView           *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  gboolean wider = image_width (self) * self->zoom > w;
  gboolean taller = image_height (self) * self->zoom > h;

  if (self->texture == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom_at_centre (self, ZOOM_STEP);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      zoom_at_centre (self, 1.0 / ZOOM_STEP);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      sl_image_view_set_zoom (self, 1.0);
      return TRUE;
    case GDK_KEY_f:
    case GDK_KEY_F:
      sl_image_view_set_fit (self, TRUE);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
      if (!wider)
        return FALSE;
      sl_image_view_pan (self, (keyval == GDK_KEY_Left ? 0.1 : -0.1) * w, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      if (!taller)
        return FALSE;
      sl_image_view_pan (self, 0, (keyval == GDK_KEY_Up ? 0.1 : -0.1) * h);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
sl_image_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  SlImageView *self = SL_IMAGE_VIEW (widget);

  if (self->fit)
    apply_fit (self);
  else
    set_view (self, self->zoom, self->cx, self->cy);
}

static void
sl_image_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  SlImageView *self = SL_IMAGE_VIEW (widget);
  int size = orientation == GTK_ORIENTATION_HORIZONTAL ? image_width (self) : image_height (self);

  *minimum = 32;
  *natural = MAX (*minimum, MIN (size, 512));
}

static void
sl_image_view_dispose (GObject *object)
{
  SlImageView *self = SL_IMAGE_VIEW (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->preview);
  g_clear_object (&self->heatmap);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->readout);

  G_OBJECT_CLASS (sl_image_view_parent_class)->dispose (object);
}

static void
sl_image_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlImageView *self = SL_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_HEATMAP:
      g_value_set_object (value, self->heatmap);
      break;
    case PROP_HEATMAP_VISIBLE:
      g_value_set_boolean (value, self->heatmap_visible);
      break;
    case PROP_HEATMAP_OPACITY:
      g_value_set_double (value, self->heatmap_opacity);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_image_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlImageView *self = SL_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      sl_image_view_set_texture (self, g_value_get_object (value));
      break;
    case PROP_HEATMAP:
      sl_image_view_set_heatmap (self, g_value_get_object (value));
      break;
    case PROP_HEATMAP_VISIBLE:
      sl_image_view_set_heatmap_visible (self, g_value_get_boolean (value));
      break;
    case PROP_HEATMAP_OPACITY:
      sl_image_view_set_heatmap_opacity (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      sl_image_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_FIT:
      sl_image_view_set_fit (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_image_view_class_init (SlImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sl_image_view_dispose;
  object_class->get_property = sl_image_view_get_property;
  object_class->set_property = sl_image_view_set_property;

  widget_class->snapshot = _sl_image_view_snapshot;
  widget_class->size_allocate = sl_image_view_size_allocate;
  widget_class->measure = sl_image_view_measure;

  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE, flags);
  properties[PROP_HEATMAP] =
    g_param_spec_object ("heatmap", NULL, NULL, GDK_TYPE_TEXTURE, flags);
  properties[PROP_HEATMAP_VISIBLE] =
    g_param_spec_boolean ("heatmap-visible", NULL, NULL, TRUE, flags);
  properties[PROP_HEATMAP_OPACITY] =
    g_param_spec_double ("heatmap-opacity", NULL, NULL, 0.0, 1.0, 0.5, flags);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, SL_IMAGE_VIEW_MIN_ZOOM, SL_IMAGE_VIEW_MAX_ZOOM,
                         1.0, flags);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PIXEL_HOVERED] =
    g_signal_new ("pixel-hovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[WINDOW_CHANGED] =
    g_signal_new ("window-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "image-view.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "image-view.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "image-view.zoom-original", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "image-view.zoom-fit", NULL, zoom_action);

  gtk_widget_class_set_css_name (widget_class, "imageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  _sl_widgets_ensure_style ();
}

static void
sl_image_view_init (SlImageView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->fit = TRUE;
  self->zoom = 1.0;
  self->heatmap_visible = TRUE;
  self->heatmap_opacity = 0.5;
  self->hover_x = self->hover_y = -1;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  /* No tooltip: it would cover the pixels being looked at. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Image"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Scroll or +/− to zoom, F to fit, 0 for 1:1; drag to pan; "
                                    "right-drag to change window/level"),
                                  -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_pan_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_pan_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_pan_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_level_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_level_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_pan_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_pinch_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
sl_image_view_new (void)
{
  return g_object_new (SL_TYPE_IMAGE_VIEW, NULL);
}

GdkTexture *
sl_image_view_get_texture (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), NULL);
  return self->texture;
}

/* A texture of the same size keeps the zoom and pan (a new window/level of the same image);
 * another size goes back to fit. */
void
sl_image_view_set_texture (SlImageView *self,
                           GdkTexture  *texture)
{
  gboolean same_size;

  g_return_if_fail (SL_IS_IMAGE_VIEW (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (self->texture == texture)
    return;
  same_size = self->texture != NULL && texture != NULL
              && gdk_texture_get_width (texture) == image_width (self)
              && gdk_texture_get_height (texture) == image_height (self);
  g_set_object (&self->texture, texture);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  if (same_size)
    {
      update_hover (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    {
      set_fit_internal (self, TRUE);
      apply_fit (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  update_readout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

GdkTexture *
sl_image_view_get_preview (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), NULL);
  return self->preview;
}

void
sl_image_view_set_preview (SlImageView *self,
                           GdkTexture  *preview)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));
  g_return_if_fail (preview == NULL || GDK_IS_TEXTURE (preview));

  if (g_set_object (&self->preview, preview))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
sl_image_view_get_heatmap (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), NULL);
  return self->heatmap;
}

void
sl_image_view_set_heatmap (SlImageView *self,
                           GdkTexture  *heatmap)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));
  g_return_if_fail (heatmap == NULL || GDK_IS_TEXTURE (heatmap));

  if (g_set_object (&self->heatmap, heatmap))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP]);
    }
}

gboolean
sl_image_view_get_heatmap_visible (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), FALSE);
  return self->heatmap_visible;
}

void
sl_image_view_set_heatmap_visible (SlImageView *self,
                                   gboolean     visible)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  visible = !!visible;
  if (self->heatmap_visible == visible)
    return;
  self->heatmap_visible = visible;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_VISIBLE]);
}

double
sl_image_view_get_heatmap_opacity (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), 0.0);
  return self->heatmap_opacity;
}

void
sl_image_view_set_heatmap_opacity (SlImageView *self,
                                   double       opacity)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  opacity = CLAMP (opacity, 0.0, 1.0);
  if (self->heatmap_opacity == opacity)
    return;
  self->heatmap_opacity = opacity;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_OPACITY]);
}

double
sl_image_view_get_zoom (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), 1.0);
  return self->zoom;
}

void
sl_image_view_set_zoom (SlImageView *self,
                        double       zoom)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));
  g_return_if_fail (zoom > 0);

  zoom_to (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

gboolean
sl_image_view_get_fit (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), FALSE);
  return self->fit;
}

void
sl_image_view_set_fit (SlImageView *self,
                       gboolean     fit)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  set_fit_internal (self, !!fit);
  if (self->fit)
    apply_fit (self);
}

void
sl_image_view_set_window_level (SlImageView *self,
                                double       center,
                                double       width)
{
  g_return_if_fail (SL_IS_IMAGE_VIEW (self));

  self->window_center = center;
  self->window_width = MAX (width, 0);
  update_readout (self);
}

char *
sl_image_view_dup_readout (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), NULL);

  return self->readout != NULL ? g_strdup (pango_layout_get_text (self->readout)) : NULL;
}
