//! Advertisement blocks (广告) and placed PDFs: the art fitted whole into its block, centred,
//! never cropped (an ad is sold by its size and must show all of it); no rules or text inside;
//! a thin frame around it with `border: true`. An ad whose shape is not its block's is
//! reported with both sizes, since it then leaves blank strips.

use std::path::Path;

use super::grid::Rect;
use super::place::{Placed, file_name};
use super::report::AdReport;
use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{ArtItem, ImageItem, Item, RectItem};
use crate::model::Input;
use crate::units::to_mm;

/// How far an ad may differ in shape from its block (width/height ratio) before it is reported.
const ASPECT_TOLERANCE: f32 = 0.02;

/// Room between a bordered block's frame and the ad, in points (1 mm).
const BORDER_INSET: f32 = 2.835;

/// The size in points of what `path` names, seen upright: a placed PDF's trim box or a
/// picture's pixels (only the shape of a picture matters).
fn art_size(input: &Input, path: &Path) -> Option<(f32, f32)> {
    if let Some(art) = input.artwork.get(path) {
        return Some(art.size());
    }
    input
        .pictures
        .get(path)
        .map(|p| (p.pixels.0 as f32, p.pixels.1 as f32))
}

/// `size` scaled to fit inside `frame`, centred: (x, y, width, height) and the scale.
fn contain(size: (f32, f32), frame: Rect) -> ((f32, f32, f32, f32), f32) {
    let scale = (frame.w / size.0.max(1e-3)).min(frame.h / size.1.max(1e-3));
    let (w, h) = (size.0 * scale, size.1 * scale);
    let placed = (
        frame.x + (frame.w - w) / 2.0,
        frame.y + (frame.h - h) / 2.0,
        w,
        h,
    );
    (placed, scale)
}

/// The item that draws `path` (a placed PDF or a picture) whole inside `frame`.
pub(crate) fn placed_art(
    input: &Input,
    path: &Path,
    frame: Rect,
    b: &Placed,
) -> Option<(Item, f32)> {
    let size = art_size(input, path)?;
    let (placed, scale) = contain(size, frame);
    let item = if let Some(art) = input.artwork.get(path) {
        Item::Art(ArtItem {
            path: path.to_path_buf(),
            art: art.clone(),
            frame: (frame.x, frame.y, frame.w, frame.h),
            placed,
            block: Some(b.location.clone()),
        })
    } else {
        let pic = input.pictures.get(path)?;
        Item::Image(ImageItem {
            path: path.to_path_buf(),
            data: pic.data.clone(),
            format: pic.format,
            frame: placed,
            placed,
            orientation: pic.orientation,
            block: Some(b.location.clone()),
        })
    };
    Some((item, scale))
}

/// The space inside an ad block the ad is fitted into: the block, less the border's inset.
fn ad_frame(b: &Placed) -> Rect {
    if b.block.border {
        Rect {
            x: b.rect.x + BORDER_INSET,
            y: b.rect.y + BORDER_INSET,
            w: b.rect.w - 2.0 * BORDER_INSET,
            h: b.rect.h - 2.0 * BORDER_INSET,
        }
    } else {
        b.rect
    }
}

/// The items of an ad block: its border, if asked for, and the ad.
pub(crate) fn ad_items(input: &Input, b: &Placed, path: &Path, thin: f32) -> Vec<Item> {
    let mut items = Vec::new();
    if b.block.border {
        items.push(Item::Rect(RectItem {
            x: b.rect.x,
            y: b.rect.y,
            width: b.rect.w,
            height: b.rect.h,
            fill: None,
            stroke: Some((Cmyk::BLACK, thin)),
        }));
    }
    if let Some((art, _)) = placed_art(input, path, ad_frame(b), b) {
        items.push(art);
    }
    items
}

/// The report line of an ad block, with a warning when its shape is not the block's.
pub(crate) fn ad_report(
    input: &Input,
    b: &Placed,
    path: &Path,
    warnings: &mut Diagnostics,
) -> Option<AdReport> {
    let frame = ad_frame(b);
    let size = art_size(input, path)?;
    let (_, scale) = contain(size, frame);
    let ratio = (size.0 / size.1) / (frame.w / frame.h);
    let is_pdf = input.artwork.contains_key(path);
    if (ratio - 1.0).abs() > ASPECT_TOLERANCE {
        let what = if is_pdf {
            format!("{:.1}×{:.1} mm", to_mm(size.0), to_mm(size.1))
        } else {
            format!("{}×{} px", size.0, size.1)
        };
        warnings.push(
            Diagnostic::warning(format!(
                "ad {} is {what}, a different shape from its {:.1}×{:.1} mm block; it was fitted whole, leaving blank strips",
                file_name(path),
                to_mm(frame.w),
                to_mm(frame.h)
            ))
            .at(b.location.clone())
            .hint("size the block to the ad as sold, or ask for the ad at the block's size"),
        );
    }
    Some(AdReport {
        file: path.to_path_buf(),
        block: b.describe(),
        size_mm: (to_mm(frame.w), to_mm(frame.h)),
        scale: if is_pdf { scale } else { 1.0 },
    })
}
