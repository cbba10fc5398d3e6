//! Ink as printed: total area coverage on the composite, where [`super::ink`] checks each colour
//! alone.
//!
//! Two things put more ink on the paper than any one colour says (`cjk-typesetting.md` §4.2):
//!
//! - 100% K text, rules and frame strokes overprint (`/OP true /OPM 1`, [`super::content`]):
//!   over a tint the plate keeps the tint's C, M and Y and adds solid black, so black text on a
//!   0/100/100/10 tint prints 0 + 100 + 100 + 100 = 300%.
//! - CMYK and YCCK JPEGs are passed through as they are: their pixels are whatever the
//!   photographer's separation made them, up to 400%.
//!
//! Both are checked on the display list, before any PDF is written, so `check` reports them as
//! `build` does. Each finding is a content error naming the page and the block; the build
//! makes it a warning unless `--strict`, like overset text.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::display::{DisplayPage, ImageItem, Item};
use crate::model::{ImageFormat, Picture};
use crate::render::picture::{InkPixels, Rgb};
use crate::render::{DecodedPictures, overprints};

pub use measuring::MeasuringInks;

/// Rounding slack in percent (as [`super::ink`]'s).
const SLACK: f32 = 0.01;

/// A rectangle on the page: x, y from the top-left corner, width, height, in points.
pub type Area = (f32, f32, f32, f32);

/// Finds the plan block at a place on a page (page number, area), for the message.
pub type Locate<'a> = dyn Fn(u32, Area) -> Option<Location> + 'a;

/// One CMYK picture's inks: its totals against the limit, its decoded samples once black is
/// found over it, and when a renderer will draw the same pages ([`PictureInks::decoded`]) its
/// screen colours.
#[derive(Debug, Clone)]
pub(crate) struct PictureInk {
    pixels: OnceLock<Option<Arc<InkPixels>>>,
    /// The photo in screen colours, made from the samples while they were at hand.
    screen: Option<Arc<Rgb>>,
    /// The limit `most` and `over` were measured against, in percent.
    limit: f32,
    /// The most total ink of a pixel, in percent.
    most: f32,
    /// How many pixels pass `limit`.
    over: usize,
    /// How many pixels it has.
    count: usize,
}

/// The highest total ink a pixel can have, in 255ths (four solid inks).
const MOST_INK: u16 = 4 * 255;

impl PictureInk {
    /// Decode a JPEG's inks into `scratch` (reused from photo to photo; with `keep` taken, to
    /// become the photo's screen colours) and sum them against `limit` percent, making its
    /// screen colours too when `keep`; `None` for one that is not
    /// CMYK or YCCK (nothing of a gray or RGB picture is passed through as CMYK) or that does
    /// not decode (the build reports that itself).
    ///
    /// The samples themselves are not kept: four bytes a pixel of fresh memory for each photo
    /// cost more in page faults than decoding one again the few times black is found over it.
    fn measure(data: &[u8], limit: f32, keep: bool, scratch: &mut Vec<u8>) -> Option<PictureInk> {
        let over = over_level(limit);
        let ((most, over, count), screen) = if keep {
            let (totals, rgb) = InkPixels::total_ink_and_rgb_of(data, over, scratch)
                .ok()
                .flatten()?;
            (totals, Some(Arc::new(rgb)))
        } else {
            let totals = InkPixels::total_ink_of(data, over, scratch)
                .ok()
                .flatten()?;
            (totals, None)
        };
        Some(PictureInk {
            pixels: OnceLock::new(),
            screen,
            limit,
            most: in_percent(most),
            over,
            count,
        })
    }

    /// The decoded samples, decoding `data` (the picture's bytes) the first time they are
    /// asked for when they were not kept.
    fn pixels(&self, data: &[u8]) -> Option<&Arc<InkPixels>> {
        self.pixels
            .get_or_init(|| InkPixels::decode(data).ok().flatten().map(Arc::new))
            .as_ref()
    }

    /// The most total ink, in percent, and how many pixels pass `limit` percent.
    fn against(&self, limit: f32, data: &[u8]) -> (f32, usize) {
        if limit == self.limit {
            return (self.most, self.over);
        }
        match self.pixels(data) {
            Some(pixels) => {
                let (most, count) = pixels.total_ink(over_level(limit));
                (in_percent(most), count)
            }
            None => (self.most, self.over),
        }
    }
}

/// `limit` percent as the level in 255ths a pixel's total passes it above.
fn over_level(limit: f32) -> u16 {
    (((limit + SLACK) * 255.0 / 100.0).floor().max(0.0) as u16).min(MOST_INK)
}

/// A total in 255ths as percent.
fn in_percent(total: u16) -> f32 {
    f32::from(total) * 100.0 / 255.0
}

/// The measured inks of an edition's CMYK pictures, by the path they were read from.
///
/// Measuring means decoding every photo, most of the ink check's cost, and it depends only on
/// the pictures' bytes: the build measures while the pages are laid out, on the threads the
/// layout leaves.
#[derive(Debug, Default)]
pub struct PictureInks(HashMap<PathBuf, PictureInk>);

impl PictureInks {
    /// Measure every CMYK or YCCK JPEG of `pictures` against `limit` percent, one after the
    /// other (the build runs this beside the layout), keeping the decoded samples for a
    /// renderer when `keep`.
    pub fn measure(pictures: &BTreeMap<PathBuf, Picture>, limit: f32, keep: bool) -> PictureInks {
        MeasuringInks::new(pictures, limit, keep).inks()
    }

    /// The decoded photos, for a renderer drawing the same pages: those kept when measured.
    pub fn decoded(&self) -> DecodedPictures {
        let mut decoded = DecodedPictures::default();
        for (path, ink) in &self.0 {
            if let Some(rgb) = &ink.screen {
                decoded.insert(path.clone(), Arc::clone(rgb));
            }
        }
        decoded
    }
}

/// Every place on `pages` where the ink as printed passes `limit` percent: black overprinting
/// a tint or a CMYK picture, and CMYK pictures whose own pixels pass it. One content error per
/// tint or picture, placed at the block `locate` finds (a picture's own block first).
///
/// Pictures are looked up in `measured`; one drawn that is not there is measured here.
pub fn printed_ink(
    pages: &[DisplayPage],
    measured: &PictureInks,
    limit: f32,
    locate: &Locate<'_>,
) -> Diagnostics {
    let mut found = Diagnostics::new();
    let extra = measure_unmeasured(pages, measured, limit);
    let ink_of = |image: &ImageItem| {
        measured
            .0
            .get(&image.path)
            .or_else(|| extra.0.get(&image.path))
    };
    for page in pages {
        page_ink(page, &ink_of, limit, locate, &mut found);
    }
    found
}

/// The JPEGs drawn on `pages` that `measured` lacks, measured.
fn measure_unmeasured(pages: &[DisplayPage], measured: &PictureInks, limit: f32) -> PictureInks {
    let mut extra = PictureInks::default();
    let mut scratch = Vec::new();
    for page in pages {
        for item in &page.items {
            if let Item::Image(image) = item
                && image.format == ImageFormat::Jpeg
                && !measured.0.contains_key(&image.path)
                && !extra.0.contains_key(&image.path)
                && let Some(ink) = PictureInk::measure(&image.data, limit, false, &mut scratch)
            {
                extra.0.insert(image.path.clone(), ink);
            }
        }
    }
    extra
}

/// One page's findings, in painting order: black over what was painted before it, and the
/// CMYK pictures' own pixels.
fn page_ink<'a>(
    page: &'a DisplayPage,
    ink_of: &dyn Fn(&ImageItem) -> Option<&'a PictureInk>,
    limit: f32,
    locate: &Locate<'_>,
    found: &mut Diagnostics,
) {
    let mut under: Vec<Under<'_>> = Vec::new();
    for item in &page.items {
        if let Some(area) = black_overprint(item) {
            for u in under.iter_mut().filter(|u| !u.reported) {
                let Some(cmy) = u.cmy_under(area) else {
                    continue;
                };
                let total = cmy + 100.0;
                if total > limit + SLACK {
                    u.reported = true;
                    found.push(overprint_error(page.number, u, total, limit, locate));
                }
            }
        }
        match item {
            Item::Rect(rect) => {
                if let Some(fill) = rect.fill.filter(|c| c.c + c.m + c.y > 0.0) {
                    under.push(Under {
                        area: (rect.x, rect.y, rect.width, rect.height),
                        paint: Paint::Tint(fill),
                        reported: false,
                    });
                }
            }
            Item::Image(image) if image.format == ImageFormat::Jpeg && image.is_drawable() => {
                if let Some(ink) = ink_of(image) {
                    if let Some(d) = picture_error(page.number, image, ink, limit, locate) {
                        found.push(d);
                    }
                    under.push(Under {
                        area: clip(image.placed, image.frame),
                        paint: Paint::Picture(image, ink),
                        reported: false,
                    });
                }
            }
            _ => {}
        }
    }
}

/// Something painted that black may overprint.
struct Under<'a> {
    area: Area,
    paint: Paint<'a>,
    /// One message per tint or picture, however many lines of black cross it.
    reported: bool,
}

enum Paint<'a> {
    Tint(Cmyk),
    Picture(&'a ImageItem, &'a PictureInk),
}

impl Under<'_> {
    /// The most C + M + Y, in percent, under `area` where it crosses this paint; `None` where
    /// it does not cross it.
    fn cmy_under(&self, area: Area) -> Option<f32> {
        let overlap = intersect(self.area, area)?;
        match self.paint {
            Paint::Tint(c) => Some((c.c + c.m + c.y) * 100.0),
            Paint::Picture(image, ink) => {
                let pixels = ink.pixels(&image.data)?;
                Some(max_cmy(pixels, pixel_window(image, pixels, overlap)))
            }
        }
    }
}

/// The area a 100% K item paints with overprint on (text, rules, frame strokes), if it does.
fn black_overprint(item: &Item) -> Option<Area> {
    match item {
        Item::Text(run) if overprints(run.color) => Some(run.em_box()),
        Item::Rule(rule) if overprints(rule.color) => {
            let half = rule.width / 2.0;
            let (x0, x1) = (rule.from.0.min(rule.to.0), rule.from.0.max(rule.to.0));
            let (y0, y1) = (rule.from.1.min(rule.to.1), rule.from.1.max(rule.to.1));
            Some((
                x0 - half,
                y0 - half,
                x1 - x0 + rule.width,
                y1 - y0 + rule.width,
            ))
        }
        Item::Rect(rect) => {
            rect.stroke
                .filter(|(c, w)| *w > 0.0 && overprints(*c))
                .map(|(_, w)| {
                    let half = w / 2.0;
                    (
                        rect.x - half,
                        rect.y - half,
                        rect.width + w,
                        rect.height + w,
                    )
                })
        }
        _ => None,
    }
}

fn intersect(a: Area, b: Area) -> Option<Area> {
    let x0 = a.0.max(b.0);
    let y0 = a.1.max(b.1);
    let x1 = (a.0 + a.2).min(b.0 + b.2);
    let y1 = (a.1 + a.3).min(b.1 + b.3);
    (x1 > x0 && y1 > y0).then_some((x0, y0, x1 - x0, y1 - y0))
}

/// The part of a placed picture its frame shows.
fn clip(placed: Area, frame: Area) -> Area {
    intersect(placed, frame).unwrap_or((frame.0, frame.1, 0.0, 0.0))
}

/// The pixels (x0, y0, x1, y1, end exclusive) of `inks` under `area` of the page. A picture
/// turned by its EXIF orientation is taken whole: which stored pixel lies where is not worth
/// working out for a warning.
fn pixel_window(image: &ImageItem, inks: &InkPixels, area: Area) -> (u32, u32, u32, u32) {
    let whole = (0, 0, inks.width, inks.height);
    let (px, py, pw, ph) = image.placed;
    if image.orientation != crate::model::Orientation::UPRIGHT || !(pw > 0.0 && ph > 0.0) {
        return whole;
    }
    let to_px = |v: f32, origin: f32, size: f32, pixels: u32| {
        (((v - origin) / size * pixels as f32).clamp(0.0, pixels as f32)) as u32
    };
    let x0 = to_px(area.0, px, pw, inks.width);
    let y0 = to_px(area.1, py, ph, inks.height);
    let x1 = to_px(area.0 + area.2, px, pw, inks.width)
        .max(x0 + 1)
        .min(inks.width);
    let y1 = to_px(area.1 + area.3, py, ph, inks.height)
        .max(y0 + 1)
        .min(inks.height);
    (x0.min(x1), y0.min(y1), x1, y1)
}

/// The most C + M + Y of the pixels in `window`, in percent.
fn max_cmy(inks: &InkPixels, window: (u32, u32, u32, u32)) -> f32 {
    let (x0, y0, x1, y1) = window;
    let most = (y0..y1)
        .flat_map(|y| (x0..x1).filter_map(move |x| inks.at(x, y)))
        .map(|[c, m, y, _]| u16::from(c) + u16::from(m) + u16::from(y))
        .max()
        .unwrap_or(0);
    in_percent(most)
}

fn picture_error(
    page: u32,
    image: &ImageItem,
    inks: &PictureInk,
    limit: f32,
    locate: &Locate<'_>,
) -> Option<Diagnostic> {
    let (most, count) = inks.against(limit, &image.data);
    if count == 0 {
        return None;
    }
    let pixels = inks.count.max(1);
    let share = count as f32 * 100.0 / pixels as f32;
    let d = Diagnostic::content(format!(
        "page {page}: the CMYK picture {} prints up to {most:.0}% total ink; {count} of its {pixels} pixels ({share:.1}%) are over the {limit}% limit",
        file_name(image)
    ))
    .hint(format!(
        "separate it again for the plant's profile (total area coverage at most {limit}%), or give paiban the RGB original to separate"
    ));
    let block = image.block.clone().or_else(|| locate(page, image.frame));
    Some(match block {
        Some(at) => d.at(at),
        None => d.in_file(&image.path),
    })
}

fn overprint_error(
    page: u32,
    under: &Under<'_>,
    total: f32,
    limit: f32,
    locate: &Locate<'_>,
) -> Diagnostic {
    let what = match under.paint {
        Paint::Tint(c) => format!(
            "the tint C{} M{} Y{} K{}",
            percent(c.c),
            percent(c.m),
            percent(c.y),
            percent(c.k)
        ),
        Paint::Picture(image, _) => format!("the picture {}", file_name(image)),
    };
    let d = Diagnostic::content(format!(
        "page {page}: black overprints {what}: {total:.0}% total ink as printed, over the {limit}% limit"
    ))
    .hint(format!(
        "100% K text and rules overprint, keeping the C, M and Y under them: keep C + M + Y under black at most {:.0}%",
        (limit - 100.0).max(0.0)
    ))
    .hint("lighten the tint, or move the text off it");
    let block = match under.paint {
        Paint::Picture(image, _) => image.block.clone(),
        Paint::Tint(_) => None,
    }
    .or_else(|| locate(page, under.area));
    match block {
        Some(at) => d.at(at),
        None => d,
    }
}

fn percent(v: f32) -> String {
    let tenths = (v.clamp(0.0, 1.0) * 1000.0).round() as u32;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

fn file_name(item: &ImageItem) -> String {
    item.path.file_name().map_or_else(
        || item.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

mod measuring;
#[cfg(test)]
mod tests;
