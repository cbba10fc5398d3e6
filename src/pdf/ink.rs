//! Total area coverage (TAC) check on the colours painted on a page.
//!
//! `cjk-typesetting.md` §4.2: coldset newsprint takes 220–240% of ink at most; more smears and
//! sets off on the next sheet. Every text, rule and box colour is checked against the limit; a
//! colour over it is a content error naming the page and the colour, so the style can be fixed.
//! This is each colour alone; what prints where colours meet (black overprinting a tint, the
//! pixels of a CMYK JPEG passed through) is [`super::coverage`]'s, which warns (errors under
//! `--strict`). RGB pictures converted by paiban are clamped to the limit in [`super::image`].

use std::collections::BTreeSet;

use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{DisplayPage, Item};

/// Rounding slack in percent, so that 60/40/40/100 against a 240% limit passes even after the
/// f32 sums.
const SLACK: f32 = 0.01;

/// Step 2 of [`super::write_pdf`]: one error per page and offending colour.
pub(crate) fn check_pages(pages: &[DisplayPage], limit: f32) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    for page in pages {
        // Colours as integer tenths of a percent, so they can be sorted and deduplicated.
        let mut over = BTreeSet::new();
        for colour in page.items.iter().flat_map(colours) {
            if colour.total_ink() > limit + SLACK {
                over.insert(key(colour));
            }
        }
        for (c, m, y, k) in over {
            let total = (c + m + y + k) as f32 / 10.0;
            errors.push(
                Diagnostic::content(format!(
                    "page {}: colour C{} M{} Y{} K{} has {total}% total ink, over the {limit}% limit",
                    page.number,
                    tenths(c),
                    tenths(m),
                    tenths(y),
                    tenths(k)
                ))
                .hint("lower C, M or Y in the style (rich black for news: C40 M30 Y30 K100 = 200%)")
                .hint("or raise the ink limit to the printing plant's figure"),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The colours an item paints.
fn colours(item: &Item) -> Vec<Cmyk> {
    match item {
        Item::Text(run) => vec![run.color],
        Item::Rule(rule) => vec![rule.color],
        Item::Rect(rect) => rect
            .fill
            .into_iter()
            .chain(rect.stroke.map(|(c, _)| c))
            .collect(),
        // Pictures are separated under the limit; placed art is checked by its preflight.
        Item::Image(_) | Item::Art(_) => Vec::new(),
    }
}

fn key(c: Cmyk) -> (u32, u32, u32, u32) {
    let t = |v: f32| (v.clamp(0.0, 1.0) * 1000.0).round() as u32;
    (t(c.c), t(c.m), t(c.y), t(c.k))
}

fn tenths(v: u32) -> String {
    if v % 10 == 0 {
        format!("{}", v / 10)
    } else {
        format!("{}.{}", v / 10, v % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::RectItem;

    fn page(fill: Cmyk) -> DisplayPage {
        let rect = RectItem {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
            fill: Some(fill),
            stroke: None,
        };
        DisplayPage {
            number: 3,
            width: 100.0,
            height: 100.0,
            items: vec![Item::Rect(rect)],
        }
    }

    #[test]
    fn rich_black_at_the_limit_passes() {
        let c = Cmyk {
            c: 0.6,
            m: 0.4,
            y: 0.4,
            k: 1.0,
        };
        assert!(check_pages(&[page(c)], 240.0).is_ok());
    }

    #[test]
    fn four_colour_black_is_a_content_error_naming_page_and_colour() {
        let c = Cmyk {
            c: 1.0,
            m: 1.0,
            y: 1.0,
            k: 1.0,
        };
        let err = check_pages(&[page(c)], 240.0).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        let msg = &err.0[0].message;
        assert!(
            msg.contains("page 3: colour C100 M100 Y100 K100 has 400% total ink"),
            "{msg}"
        );
    }
}
