//! The contact sheet: every page small, side by side in rows of up to eight, each with its
//! number and section under it and, in red, what needs the editor's attention.

use super::{Raster, Renderer, label};
use crate::color::Cmyk;
use crate::diag::Diagnostic;
use crate::display::{DisplayPage, Item, RectItem};
use crate::fonts::{FontBook, FontId};

/// One page on the sheet.
pub struct SheetPage<'a> {
    /// The page.
    pub page: &'a DisplayPage,
    /// Under it: `第2版 综合新闻`.
    pub caption: String,
    /// Under that, in red: `溢出 3 行`; empty when all is well.
    pub alert: String,
}

/// Pages per row.
const PER_ROW: usize = 8;
/// Space around and between the pages, in pixels.
const GAP: u32 = 24;
/// Height of the captions under a page, in pixels.
const CAPTION: u32 = 52;

/// The sheet, with each page `height` pixels tall; captions in `font`.
pub fn contact_sheet(
    renderer: &mut Renderer,
    pages: &[SheetPage<'_>],
    book: &FontBook,
    font: FontId,
    height: u32,
) -> Result<Raster, Diagnostic> {
    let tallest = pages.iter().map(|p| p.page.height).fold(1.0, f32::max);
    let dpi = height as f32 * 72.0 / tallest;
    let mut thumbs = Vec::with_capacity(pages.len());
    for p in pages {
        thumbs.push(renderer.raster(p.page, book, dpi)?);
    }
    let widest = thumbs.iter().map(|t| t.width).max().unwrap_or(1);
    let columns = pages.len().clamp(1, PER_ROW) as u32;
    let rows = pages.len().div_ceil(PER_ROW).max(1) as u32;
    let cell = (widest + GAP, height + CAPTION + GAP);
    let mut sheet = DisplayPage {
        number: 0,
        width: (GAP + columns * cell.0) as f32,
        height: (GAP + rows * cell.1) as f32,
        items: Vec::new(),
    };
    let place = |i: usize| {
        let (col, row) = ((i % PER_ROW) as u32, (i / PER_ROW) as u32);
        (GAP + col * cell.0, GAP + row * cell.1)
    };
    let red = Cmyk {
        c: 0.0,
        m: 1.0,
        y: 1.0,
        k: 0.0,
    };
    for (i, (p, thumb)) in pages.iter().zip(&thumbs).enumerate() {
        let (x, y) = place(i);
        let (x, y) = (x as f32, y as f32);
        sheet.items.push(Item::Rect(RectItem {
            x: x - 0.5,
            y: y - 0.5,
            width: thumb.width as f32 + 1.0,
            height: thumb.height as f32 + 1.0,
            fill: None,
            stroke: Some((Cmyk::gray(0.45), 1.0)),
        }));
        let baseline = y + height as f32 + 20.0;
        let (run, _) = label(book, font, 15.0, Cmyk::BLACK, (x, baseline), &p.caption);
        sheet.items.push(Item::Text(run));
        if !p.alert.is_empty() {
            let (run, _) = label(book, font, 13.0, red, (x, baseline + 19.0), &p.alert);
            sheet.items.push(Item::Text(run));
        }
    }
    let mut out = renderer.raster(&sheet, book, 72.0)?;
    for (i, thumb) in thumbs.iter().enumerate() {
        let (x, y) = place(i);
        blit(&mut out, thumb, x, y);
    }
    Ok(out)
}

/// Copy `src` into `dst` with its top-left corner at (`x`, `y`), clipped to `dst`.
fn blit(dst: &mut Raster, src: &Raster, x: u32, y: u32) {
    let width = src.width.min(dst.width.saturating_sub(x)) as usize;
    for row in 0..src.height.min(dst.height.saturating_sub(y)) {
        let from = row as usize * src.width as usize * 3;
        let to = ((y + row) as usize * dst.width as usize + x as usize) * 3;
        dst.rgb[to..to + width * 3].copy_from_slice(&src.rgb[from..from + width * 3]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blit_clips_at_the_edges() {
        let mut dst = Raster {
            width: 4,
            height: 3,
            rgb: vec![0; 36],
        };
        let src = Raster {
            width: 2,
            height: 2,
            rgb: vec![9; 12],
        };
        blit(&mut dst, &src, 3, 2);
        assert_eq!(dst.rgb.iter().filter(|&&v| v == 9).count(), 3);
        assert_eq!(&dst.rgb[(2 * 4 + 3) * 3..], &[9, 9, 9]);
    }
}
