//! The report of a page too full: what could not be placed, and what to cut.

use crate::diag::{Diagnostic, Location};

use super::problem::Problem;
use super::read::Read;

/// The message for a page too full: what could not be placed, and what to cut.
pub(super) fn too_full(problem: &Problem, read: &Read, left_over: &[usize]) -> Diagnostic {
    let free = problem.free_area();
    let need: u32 = problem.items.iter().filter_map(|i| i.min_area()).sum();
    let mut cuts: Vec<String> = Vec::new();
    if need > free {
        // Cut from the least important first, at most a third of each.
        let mut excess = need - free;
        let mut by_rank: Vec<usize> = (0..problem.items.len()).collect();
        by_rank.sort_by_key(|&i| std::cmp::Reverse(problem.items[i].rank));
        for i in by_rank {
            if excess == 0 {
                break;
            }
            let item = &problem.items[i];
            let Some(shape) = item.shapes.iter().min_by_key(|s| s.w * s.h_min) else {
                continue;
            };
            let can = shape.w * shape.h_min / 3;
            let cut = excess.min(can);
            if cut > 0 {
                cuts.push(format!(
                    "{} ({}): cut {} lines at {} columns ({} column-lines)",
                    item.name,
                    read.wanted[i].story.priority.word(),
                    cut.div_ceil(shape.w),
                    shape.w,
                    cut
                ));
                excess -= cut;
            }
        }
    }
    let names: Vec<&str> = left_over
        .iter()
        .map(|&i| problem.items[i].name.as_str())
        .collect();
    let mut d = Diagnostic::content(format!(
        "the stories do not fit the page: they need at least {need} column-lines and the page has {free}{}",
        if names.is_empty() {
            String::new()
        } else {
            format!("; the closest attempt could not place {}", names.join(", "))
        }
    ))
    .at(Location::file(&read.brief_path));
    if cuts.is_empty() {
        d = d.hint("the copy would fit in area, but no packing closed the page: give the search more --time, allow more widths, or cut the least important story by a few lines");
    } else {
        d = d.hint(format!("cut: {}", cuts.join("; ")));
    }
    d.hint("or let a story jump (转版) to another page: `jumps: true` here, a `continues:` block there")
}
