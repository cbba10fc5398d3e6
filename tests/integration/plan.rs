//! `paiban plan`: the sample's page-1, 2 and 3 briefs and the demo briefs plan to pages that build
//! strict-clean, cover the 版心 and leave no hole; a brief with too much copy is reported with
//! cuts; every layout the packer makes keeps the structural rules (proptest, checked by
//! `plan::rules`, which recounts the cells itself).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use paiban::plan::pack::{self, Search};
use paiban::plan::problem::{Cells, Ell, Item, ItemKind, MAX_HOLE, Problem, Shape};
use paiban::plan::rules;
use proptest::prelude::*;
use serde::Deserialize;

use super::common::copy_dir;

fn paiban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run paiban")
}

/// A copy of the sample folder to plan into.
fn sample_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-plan-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461"),
        &dir,
    );
    dir
}

#[derive(Deserialize)]
struct Plan {
    blocks: Vec<PlanBlock>,
}

#[derive(Deserialize)]
struct PlanBlock {
    at: [u32; 2],
    size: [u32; 2],
}

/// Cover and the tallest empty run of lines, counted from the written plan's numbers on a
/// grid of `columns` × `rows`.
fn cover_and_hole(plan: &Path, columns: u32, rows: u32) -> (f64, u32) {
    let text = std::fs::read_to_string(plan).unwrap();
    let plan: Plan = serde_saphyr::from_str(&text).unwrap();
    let mut taken = vec![false; (columns * rows) as usize];
    for b in &plan.blocks {
        for y in b.at[1] - 1..b.at[1] - 1 + b.size[1] {
            for x in b.at[0] - 1..b.at[0] - 1 + b.size[0] {
                let cell = &mut taken[(y * columns + x) as usize];
                assert!(!*cell, "cell {x},{y} taken twice in {}", plan_name(&text));
                *cell = true;
            }
        }
    }
    let mut hole = 0;
    for x in 0..columns {
        let mut run = 0;
        for y in 0..rows {
            run = if taken[(y * columns + x) as usize] {
                0
            } else {
                run + 1
            };
            hole = hole.max(run);
        }
    }
    let cover = taken.iter().filter(|t| **t).count() as f64 / taken.len() as f64;
    (cover, hole)
}

fn plan_name(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Where the 头条's block of a written plan starts (`at`, 1-based), found by its priority
/// comment; of an L, its top (the block written first).
fn lead_at(plan: &Path) -> Option<[u32; 2]> {
    let text = std::fs::read_to_string(plan).unwrap();
    let mut lines = text.lines().skip_while(|l| !l.ends_with("# 头条"));
    lines.next()?;
    let at = lines.find(|l| l.trim_start().starts_with("at: ["))?;
    let inner = at.trim().trim_start_matches("at: [").trim_end_matches(']');
    let (c, l) = inner.split_once(", ")?;
    Some([c.parse().ok()?, l.parse().ok()?])
}

/// Plan `brief` (relative to the copy) into `target`, then check the edition strictly, and
/// that the 头条 of both proposals starts at `corner` (the top-left of the free area).
fn plans_clean(name: &str, brief: &str, target: &str, edition: &str, corner: [u32; 2]) {
    let dir = sample_copy(name);
    let out = paiban(&[
        "plan",
        dir.join(brief).to_str().unwrap(),
        "-o",
        dir.join(target).to_str().unwrap(),
        "--proposals",
        "2",
        "--time",
        "60s",
        // The search stops on patience long before either bound (the best plans of these
        // briefs are found within 1,600 attempts), so the result does not depend on the
        // machine's speed; a patience of 500 keeps the debug build's run short.
        "--attempts",
        "3000",
        "--patience",
        "500",
        "--dpi",
        "20",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "plan {brief} failed:\n{err}");
    assert!(
        dir.join(target).with_extension("png").exists(),
        "no proof PNG:\n{err}"
    );
    let check = paiban(&["check", dir.join(edition).to_str().unwrap(), "--strict"]);
    assert!(
        check.status.success(),
        "the edition with the planned {target} is not strict-clean:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let (cover, hole) = cover_and_hole(&dir.join(target), 6, 74);
    assert!(
        cover >= 0.97,
        "{target} covers {:.1}% of the 版心",
        cover * 100.0
    );
    assert!(hole <= MAX_HOLE, "{target} leaves a hole of {hole} lines");
    let second = dir.join(target).with_extension("p2.yaml");
    for plan in [dir.join(target), second] {
        if plan.exists() {
            assert_eq!(
                lead_at(&plan),
                Some(corner),
                "the 头条 of {}",
                plan.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_sample_page_1_brief_plans_a_clean_page() {
    // Masthead, 报眼 and foot slogan fixed; three of the five stories jump to page 2.
    plans_clean(
        "p1",
        "briefs/page-1.yaml",
        "page-1.yaml",
        "edition.yaml",
        [1, 12],
    );
}

#[test]
fn the_sample_page_2_brief_plans_a_clean_page() {
    // Four stories of its own and the rest of three from page 1; two slogans fixed.
    plans_clean(
        "p2",
        "briefs/page-2.yaml",
        "page-2.yaml",
        "edition.yaml",
        [1, 1],
    );
}

#[test]
fn the_sample_page_3_brief_plans_a_clean_page() {
    plans_clean(
        "p3",
        "briefs/page-3.yaml",
        "page-3.yaml",
        "edition.yaml",
        [1, 1],
    );
}

#[test]
fn the_brief_with_an_ad_plans_a_clean_page() {
    plans_clean(
        "d1",
        "briefs/demo-1.yaml",
        "planned/demo-1.yaml",
        "planner-demo.yaml",
        [1, 12],
    );
}

#[test]
fn the_brief_of_eight_stories_and_a_picture_plans_a_clean_page() {
    plans_clean(
        "d2",
        "briefs/demo-2.yaml",
        "planned/demo-2.yaml",
        "planner-demo.yaml",
        [1, 1],
    );
}

#[test]
fn too_much_copy_is_reported_with_cuts() {
    let dir = sample_copy("full");
    let brief = dir.join("briefs/full.yaml");
    // The demo edition's page 2 with two long stories more (neither is placed elsewhere there).
    let text = std::fs::read_to_string(dir.join("briefs/demo-2.yaml")).unwrap()
        + "  - article: ../articles/p4-essay-lake.md\n    priority: 一般\n  - article: ../articles/p1-letter.md\n    priority: 一般\n";
    std::fs::write(&brief, text).unwrap();
    let out = paiban(&[
        "plan",
        brief.to_str().unwrap(),
        "-o",
        dir.join("planned/demo-2.yaml").to_str().unwrap(),
        "--time",
        "30s",
        "--attempts",
        "1500",
        "--no-proof",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("do not fit"), "{err}");
    assert!(err.contains("cut"), "{err}");
    // Nothing half-written: the sample's own page 3 is still there, unchanged.
    let kept = std::fs::read_to_string(dir.join("planned/demo-2.yaml")).unwrap();
    assert!(kept.starts_with("# 第2版 综合新闻"), "{kept}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_priority_is_an_input_error_with_its_line() {
    let dir = sample_copy("bad");
    let brief = dir.join("briefs/bad.yaml");
    let text = std::fs::read_to_string(dir.join("briefs/page-3.yaml"))
        .unwrap()
        .replace("priority: 二条", "priority: 次条");
    std::fs::write(&brief, text).unwrap();
    let out = paiban(&[
        "plan",
        brief.to_str().unwrap(),
        "-o",
        dir.join("x.yaml").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("次条") && err.contains("bad.yaml:"), "{err}");
    assert!(!dir.join("x.yaml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A random page: 4–8 columns, furniture along the top or foot, 3–9 items of random sizes.
fn problems() -> impl Strategy<Value = Problem> {
    (
        4u32..=8,
        40u32..=80,
        0u32..=12,
        proptest::collection::vec((1u32..=6, 20u32..=160, any::<bool>()), 3..=9),
        proptest::option::of((6u32..=20, 1u32..=3)),
        3u32..=9,
    )
        .prop_map(|(columns, rows, furniture, stories, ell, head)| {
            let blocked = if furniture > 0 {
                vec![Cells {
                    x: 0,
                    y: 0,
                    w: columns.min(4),
                    h: furniture,
                }]
            } else {
                vec![]
            };
            let items = stories
                .iter()
                .enumerate()
                .map(|(i, &(rank, area, picture))| Item {
                    name: format!("s{i}"),
                    rank: if i == 0 { 1 } else { rank.max(2) },
                    kind: if picture && i > 0 {
                        ItemKind::Picture
                    } else {
                        ItemKind::Article
                    },
                    // Every width, and from three columns a 破栏 of one text column fewer
                    // (a line shorter: fewer gutters); headline bands of 3 to 9 lines.
                    shapes: (1..=columns)
                        .flat_map(|w| {
                            let broken = (w >= 3 && !picture).then_some(Some(w - 1));
                            std::iter::once(None).chain(broken).map(move |tc| {
                                let h = area.div_ceil(w) + 3 - u32::from(tc.is_some());
                                Shape {
                                    w,
                                    h_min: h,
                                    h_max: if picture { h * 2 } else { h + MAX_HOLE },
                                    natural: h,
                                    text_columns: tc,
                                    jump_full: None,
                                    head: if picture { 0 } else { head.min(h) },
                                }
                            })
                        })
                        .filter(|s| s.h_min < rows)
                        .collect(),
                    // The lead may be an L: a top across the page, a foot 1 to 3 columns
                    // narrower holding the rest of its area (flush left or right).
                    ells: match ell {
                        Some((h_top, narrower)) if i == 0 && narrower < columns => {
                            let w_foot = columns - narrower;
                            let h = (area + 3 * columns)
                                .saturating_sub(h_top * columns)
                                .div_ceil(w_foot);
                            vec![Ell {
                                w: columns,
                                h_top,
                                w_foot,
                                h_min: h.max(6),
                                h_max: h.max(6) + MAX_HOLE,
                            }]
                        }
                        _ => vec![],
                    },
                    above_fold: false,
                    // `then_some(i - 1)` would compute i - 1 for story 0 too.
                    keep_with: if picture && i > 1 { Some(i - 1) } else { None },
                })
                .collect();
            Problem {
                columns,
                rows,
                blocked,
                items,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the page, every layout the packer completes keeps the structural rules, and
    /// every proposal the search returns keeps them all.
    #[test]
    fn every_packed_layout_keeps_the_rules(problem in problems(), seed in 0u64..1000) {
        if let Some(layout) = pack::attempt_once(&problem, seed) {
            let v = rules::structural(&problem, &layout);
            prop_assert!(v.is_empty(), "{v:?} in {layout:?}");
        }
        let found = pack::search(&problem, &Search {
            seed,
            time: std::time::Duration::from_secs(20),
            max_attempts: 60,
            patience: u64::MAX,
            keep: 2,
        });
        for (layout, _) in &found.proposals {
            let v = rules::violations(&problem, layout);
            prop_assert!(v.is_empty(), "{v:?} in {layout:?}");
        }
    }
}
