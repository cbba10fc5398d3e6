//! The outline of an article on a page: the union of its frames there as polygons, so that a
//! hotspot covers an L-shaped article exactly instead of its bounding box.
//!
//! The frames are axis-aligned rectangles. Their edges cut the page into a grid of cells; a
//! cell is inside when its centre lies in a frame. Every side of an inside cell that borders an
//! outside cell is an edge of the outline, directed clockwise (y grows downwards), and the
//! edges are chained into closed loops, collinear corners dropped.

use std::collections::BTreeMap;

use crate::layout::Rect;

/// Edges closer than this (points) are one edge: frames that touch along a line computed twice
/// in floating point must not leave a hairline gap between them.
const SNAP: f32 = 0.05;

/// The union of `rects` as closed polygons (each a list of corners, clockwise on screen, the
/// first corner not repeated at the end). Rectangles with no area are left out.
pub fn union(rects: &[Rect]) -> Vec<Vec<(f32, f32)>> {
    let rects: Vec<Rect> = rects
        .iter()
        .copied()
        .filter(|r| r.w > SNAP && r.h > SNAP && [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()))
        .collect();
    if rects.is_empty() {
        return Vec::new();
    }
    let xs = cuts(rects.iter().flat_map(|r| [r.x, r.right()]));
    let ys = cuts(rects.iter().flat_map(|r| [r.y, r.bottom()]));
    let (nx, ny) = (xs.len() - 1, ys.len() - 1);
    let inside = |i: usize, j: usize| {
        let (cx, cy) = ((xs[i] + xs[i + 1]) / 2.0, (ys[j] + ys[j + 1]) / 2.0);
        rects
            .iter()
            .any(|r| r.x <= cx && cx <= r.right() && r.y <= cy && cy <= r.bottom())
    };
    let cells: Vec<Vec<bool>> = (0..nx)
        .map(|i| (0..ny).map(|j| inside(i, j)).collect())
        .collect();
    let filled = |i: isize, j: isize| {
        i >= 0 && j >= 0 && (i as usize) < nx && (j as usize) < ny && cells[i as usize][j as usize]
    };
    // Directed edges between grid corners, keyed by their start.
    let mut edges: BTreeMap<(usize, usize), Vec<(usize, usize)>> = BTreeMap::new();
    let mut add =
        |from: (usize, usize), to: (usize, usize)| edges.entry(from).or_default().push(to);
    for (i, column) in cells.iter().enumerate() {
        for (j, _) in column.iter().enumerate().filter(|(_, inside)| **inside) {
            let (ii, jj) = (i as isize, j as isize);
            if !filled(ii, jj - 1) {
                add((i, j), (i + 1, j));
            }
            if !filled(ii + 1, jj) {
                add((i + 1, j), (i + 1, j + 1));
            }
            if !filled(ii, jj + 1) {
                add((i + 1, j + 1), (i, j + 1));
            }
            if !filled(ii - 1, jj) {
                add((i, j + 1), (i, j));
            }
        }
    }
    loops(edges)
        .into_iter()
        .map(|corners| corners.into_iter().map(|(i, j)| (xs[i], ys[j])).collect())
        .collect()
}

/// The distinct coordinates, sorted, values within [`SNAP`] of the previous one merged.
fn cuts(values: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = values.collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::with_capacity(v.len());
    for x in v {
        if out.last().is_none_or(|last| x - last > SNAP) {
            out.push(x);
        }
    }
    out
}

/// Chain directed edges into closed loops of corners, dropping the corners where the outline
/// runs straight on.
fn loops(mut edges: BTreeMap<(usize, usize), Vec<(usize, usize)>>) -> Vec<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    while let Some((&start, _)) = edges.iter().next() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(next) = take_edge(&mut edges, at) {
            if next == start {
                break;
            }
            path.push(next);
            at = next;
        }
        out.push(corners_only(path));
    }
    out
}

fn take_edge(
    edges: &mut BTreeMap<(usize, usize), Vec<(usize, usize)>>,
    from: (usize, usize),
) -> Option<(usize, usize)> {
    let list = edges.get_mut(&from)?;
    let next = list.pop();
    if list.is_empty() {
        edges.remove(&from);
    }
    next
}

/// The points of a closed path where it turns.
fn corners_only(path: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let n = path.len();
    (0..n)
        .filter(|&k| {
            let (a, b, c) = (path[(k + n - 1) % n], path[k], path[(k + 1) % n]);
            let straight = (a.0 == b.0 && b.0 == c.0) || (a.1 == b.1 && b.1 == c.1);
            !straight
        })
        .map(|k| path[k])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn one_rectangle_is_its_four_corners() {
        let p = union(&[rect(10.0, 20.0, 30.0, 40.0)]);
        assert_eq!(
            p,
            vec![vec![(10.0, 20.0), (40.0, 20.0), (40.0, 60.0), (10.0, 60.0)]]
        );
    }

    #[test]
    fn a_wide_frame_over_a_narrow_one_is_an_l_of_six_corners() {
        // The page-3 feature: six columns, then four under them.
        let p = union(&[rect(0.0, 0.0, 60.0, 30.0), rect(0.0, 30.0, 40.0, 20.0)]);
        assert_eq!(p.len(), 1, "{p:?}");
        let mut corners = p[0].clone();
        corners.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(
            corners,
            vec![
                (0.0, 0.0),
                (0.0, 50.0),
                (40.0, 30.0),
                (40.0, 50.0),
                (60.0, 0.0),
                (60.0, 30.0)
            ]
        );
    }

    #[test]
    fn frames_apart_are_two_polygons_and_a_hairline_gap_is_closed() {
        assert_eq!(
            union(&[rect(0.0, 0.0, 10.0, 10.0), rect(20.0, 0.0, 10.0, 10.0)]).len(),
            2
        );
        let p = union(&[rect(0.0, 0.0, 10.0, 10.0), rect(0.0, 10.01, 10.0, 10.0)]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].len(), 4);
    }

    #[test]
    fn empty_and_broken_frames_give_nothing() {
        assert!(union(&[]).is_empty());
        assert!(union(&[rect(0.0, 0.0, 0.0, 5.0), rect(f32::NAN, 0.0, 5.0, 5.0)]).is_empty());
    }
}
