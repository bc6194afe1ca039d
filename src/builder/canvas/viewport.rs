//! The canvas viewport: where the drawing sits on screen and how large.
//!
//! Pure arithmetic, no DOM: a screen point (relative to the canvas's top-left
//! corner) is `world * zoom + offset`. The drawing is moved by one CSS
//! transform built from this, never by re-laying out nodes.

/// The smallest zoom (25 %).
pub const MIN_ZOOM: f64 = 0.25;
/// The largest zoom (200 %).
pub const MAX_ZOOM: f64 = 2.0;
/// Zoom levels the Zoom in / Zoom out buttons step through.
pub const ZOOM_STEPS: [f64; 12] = [
    0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0,
];
/// The smallest zoom the first view uses: below it step text is hard to read.
pub const READABLE_ZOOM: f64 = 0.75;
/// Room left around the drawing by Fit to view, in screen pixels.
pub const FIT_PADDING: f64 = 48.0;
/// Room kept between a focused node and the canvas edge when scrolling to it.
pub const VISIBLE_MARGIN: f64 = 32.0;

/// Pan and zoom of the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Screen x of the world origin.
    pub x: f64,
    /// Screen y of the world origin.
    pub y: f64,
    /// Scale: 1.0 is 100 %.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            x: FIT_PADDING,
            y: FIT_PADDING,
            zoom: 1.0,
        }
    }
}

/// A rectangle (world or screen units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Two touch points seen as one gesture: their midpoint and distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pinch {
    /// Midpoint x (screen).
    pub x: f64,
    /// Midpoint y (screen).
    pub y: f64,
    /// Distance between the fingers.
    pub distance: f64,
}

impl Pinch {
    /// The gesture of fingers at `a` and `b`.
    pub fn of(a: (f64, f64), b: (f64, f64)) -> Pinch {
        Pinch {
            x: (a.0 + b.0) / 2.0,
            y: (a.1 + b.1) / 2.0,
            distance: (a.0 - b.0).hypot(a.1 - b.1),
        }
    }
}

/// Keeps a zoom within [`MIN_ZOOM`], [`MAX_ZOOM`] (and a NaN at 100 %).
pub fn clamp_zoom(zoom: f64) -> f64 {
    if zoom.is_nan() {
        1.0
    } else {
        zoom.clamp(MIN_ZOOM, MAX_ZOOM)
    }
}

impl Viewport {
    /// The CSS transform of the world wrapper.
    pub fn transform(&self) -> String {
        format!(
            "translate({:.2}px, {:.2}px) scale({:.4})",
            self.x, self.y, self.zoom
        )
    }

    /// The zoom as people read it: "100%".
    pub fn zoom_label(&self) -> String {
        format!("{}%", (self.zoom * 100.0).round())
    }

    /// The world point under screen point (`sx`, `sy`).
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }

    /// This viewport zoomed to `zoom` (clamped), keeping the world point
    /// under screen point (`sx`, `sy`) where it is.
    pub fn zoomed_at(&self, zoom: f64, sx: f64, sy: f64) -> Viewport {
        let zoom = clamp_zoom(zoom);
        let (wx, wy) = self.to_world(sx, sy);
        Viewport {
            x: sx - wx * zoom,
            y: sy - wy * zoom,
            zoom,
        }
    }

    /// The next zoom step above (`dir > 0`) or below the current zoom.
    pub fn stepped_zoom(&self, dir: i32) -> f64 {
        let z = self.zoom;
        if dir > 0 {
            ZOOM_STEPS
                .iter()
                .copied()
                .find(|s| *s > z + 0.005)
                .unwrap_or(MAX_ZOOM)
        } else {
            ZOOM_STEPS
                .iter()
                .rev()
                .copied()
                .find(|s| *s < z - 0.005)
                .unwrap_or(MIN_ZOOM)
        }
    }

    /// The viewport a two-finger pinch leads to: `self` is the view when the
    /// second finger touched, `from` and `to` the fingers' midpoint and
    /// distance then and now (screen units). The world point under the first
    /// midpoint follows the fingers, and the zoom scales with their spread.
    pub fn pinched(&self, from: Pinch, to: Pinch) -> Viewport {
        let ratio = if from.distance > 0.0 {
            to.distance / from.distance
        } else {
            1.0
        };
        self.panned(to.x - from.x, to.y - from.y)
            .zoomed_at(self.zoom * ratio, to.x, to.y)
    }

    /// This viewport moved by a screen distance.
    pub fn panned(&self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            x: self.x + dx,
            y: self.y + dy,
            zoom: self.zoom,
        }
    }

    /// The viewport that shows a drawing of `width` × `height` whole in a
    /// canvas of `cw` × `ch`, centred horizontally, never above 100 %. A
    /// drawing too tall even at the smallest zoom starts at its top.
    pub fn fit(width: f64, height: f64, cw: f64, ch: f64) -> Viewport {
        if cw <= 0.0 || ch <= 0.0 {
            return Viewport::default();
        }
        let w = width.max(1.0);
        let h = height.max(1.0);
        let zx = (cw - 2.0 * FIT_PADDING).max(1.0) / w;
        let zy = (ch - 2.0 * FIT_PADDING).max(1.0) / h;
        let zoom = clamp_zoom(zx.min(zy).min(1.0));
        let x = (cw - w * zoom) / 2.0;
        let y = if h * zoom + 2.0 * FIT_PADDING <= ch {
            (ch - h * zoom) / 2.0
        } else {
            FIT_PADDING
        };
        Viewport { x, y, zoom }
    }

    /// The first view of a journey: Fit to view, unless that would shrink the
    /// text below [`READABLE_ZOOM`]; then the top of the journey at that zoom,
    /// centred horizontally (the marketer pans or fits to see the rest).
    pub fn opening(width: f64, height: f64, cw: f64, ch: f64) -> Viewport {
        let fitted = Viewport::fit(width, height, cw, ch);
        if fitted.zoom >= READABLE_ZOOM || cw <= 0.0 {
            return fitted;
        }
        let zoom = READABLE_ZOOM;
        Viewport {
            x: (cw - width.max(1.0) * zoom) / 2.0,
            y: FIT_PADDING,
            zoom,
        }
    }

    /// The viewport centred on world point (`wx`, `wy`) in a `cw` × `ch` canvas.
    pub fn centred_on(&self, wx: f64, wy: f64, cw: f64, ch: f64) -> Viewport {
        Viewport {
            x: cw / 2.0 - wx * self.zoom,
            y: ch / 2.0 - wy * self.zoom,
            zoom: self.zoom,
        }
    }

    /// The part of the world visible in a `cw` × `ch` canvas.
    pub fn visible_world(&self, cw: f64, ch: f64) -> Rect {
        let (x, y) = self.to_world(0.0, 0.0);
        Rect {
            x,
            y,
            width: cw / self.zoom,
            height: ch / self.zoom,
        }
    }
}

/// How far to pan so that `item` (screen rect relative to the canvas) is
/// inside a `cw` × `ch` canvas with [`VISIBLE_MARGIN`] around it; (0, 0)
/// when it already is. An item larger than the canvas shows its top-left.
pub fn pan_to_show(item: Rect, cw: f64, ch: f64) -> (f64, f64) {
    fn axis(start: f64, len: f64, room: f64) -> f64 {
        let lo = VISIBLE_MARGIN.min(room / 2.0);
        let hi = room - lo;
        if start < lo || len > hi - lo {
            lo - start
        } else if start + len > hi {
            hi - (start + len)
        } else {
            0.0
        }
    }
    (axis(item.x, item.width, cw), axis(item.y, item.height, ch))
}

/// The wheel's distance in pixels (`delta_mode`: 0 pixels, 1 lines, 2 pages).
pub fn wheel_pixels(delta: f64, delta_mode: u32, page: f64) -> f64 {
    match delta_mode {
        1 => delta * 16.0,
        2 => delta * page,
        _ => delta,
    }
}

/// The zoom factor for a ctrl+wheel (or trackpad pinch) of `delta_y` pixels:
/// small pinch steps zoom smoothly, a mouse wheel notch about 20 %.
pub fn wheel_zoom_factor(delta_y: f64) -> f64 {
    2f64.powf((-delta_y * 0.01).clamp(-0.3, 0.3))
}
