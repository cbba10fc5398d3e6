//! Auto heights, stacks and copyfitting on the sample editions: an article that fits exactly,
//! given one, two and three lines more, is overset by exactly that without copyfit and fits
//! with it; three lines fewer are loosened within the limits; every auto block of the second
//! sample uses exactly its lines.

use std::path::PathBuf;

use paiban::build::{Prepared, prepare};
use paiban::fonts::FontFolder;
use paiban::layout::LayoutOptions;
use paiban::layout::report::ArticleReport;

use crate::common::copy_dir;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of a sample edition in a temporary folder, removed on drop.
struct Copy(PathBuf);

impl Copy {
    fn of(sample: &str, name: &str) -> Copy {
        let dir =
            std::env::temp_dir().join(format!("paiban-copyfit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&manifest().join("samples").join(sample), &dir);
        Copy(dir)
    }

    fn edit(&self, file: &str, f: impl FnOnce(String) -> String) {
        let path = self.0.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, f(text)).unwrap();
    }

    fn prepare(&self) -> Prepared {
        prepare(
            &self.0.join("edition.yaml"),
            &fonts(),
            LayoutOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn article<'a>(p: &'a Prepared, file: &str) -> &'a ArticleReport {
    p.layout
        .report
        .articles()
        .find(|a| a.file.ends_with(file))
        .unwrap_or_else(|| panic!("no report for {file}"))
}

/// Insert a paragraph before the last one: `lines` lines of 12 characters in one column (the
/// first line loses 2 em to the indent), unbreakable nowhere special.
fn with_lines(text: String, lines: usize) -> String {
    let source = "区委办公室区发改局区工信局负责同志陪同参加会见活动并就下一步对接事项作了具体安排今年以来我区已与多家企业达成合作意向";
    let chars = 10 + 12 * (lines - 1);
    let para: String = source.chars().take(chars).collect();
    let mut parts: Vec<String> = text.trim_end().split("\n\n").map(str::to_string).collect();
    let at = parts.len() - 1;
    parts.insert(at, para);
    parts.join("\n\n") + "\n"
}

fn copyfit_on(plan: String, article: &str) -> String {
    let block = format!("  - article: articles/{article}\n");
    assert!(plan.contains(&block));
    plan.replace(&block, &format!("{block}    copyfit: true\n"))
}

/// Page 1 as the sample had it before its 党建 block was made a line deeper (and the banner
/// under it a line shorter, the 调解 story beside it a line longer): the story then fills its
/// frames on pages 1 and 2 to the line, the exact fit these tests start from.
fn exactly_full(plan: String) -> String {
    let mut plan = plan;
    for (now, before) in [
        (
            "p1-dangjian.md\n    at: [1, 62]\n    size: [4, 8]\n",
            "p1-dangjian.md\n    at: [1, 62]\n    size: [4, 7]\n",
        ),
        (
            "p1-mediation.md\n    at: [5, 48]\n    size: [2, 22]\n",
            "p1-mediation.md\n    at: [5, 48]\n    size: [2, 21]\n",
        ),
        (
            "共建美好家园 }\n    at: [1, 70]\n    size: [6, 5]\n",
            "共建美好家园 }\n    at: [1, 69]\n    size: [6, 6]\n",
        ),
    ] {
        assert!(plan.contains(now), "page 1 changed: {plan}");
        plan = plan.replace(now, before);
    }
    plan
}

#[test]
fn an_exact_fit_with_one_to_three_more_lines_is_overset_by_that_or_copyfitted() {
    let base = Copy::of("dongchang-1461", "base");
    base.edit("page-1.yaml", exactly_full);
    let exact = article(&base.prepare(), "p1-dangjian.md").clone();
    assert_eq!(
        (exact.overset_lines, exact.lines_used),
        (0, exact.lines_available)
    );
    for extra in 1..=3 {
        let plain = Copy::of("dongchang-1461", &format!("plain{extra}"));
        plain.edit("page-1.yaml", exactly_full);
        plain.edit("articles/p1-dangjian.md", |t| with_lines(t, extra));
        let r = article(&plain.prepare(), "p1-dangjian.md").clone();
        assert_eq!(r.overset_lines, extra, "without copyfit: {r:?}");
        assert!(r.copyfit.is_empty());

        let fitted = Copy::of("dongchang-1461", &format!("fitted{extra}"));
        fitted.edit("articles/p1-dangjian.md", |t| with_lines(t, extra));
        fitted.edit("page-1.yaml", |p| {
            copyfit_on(exactly_full(p), "p1-dangjian.md")
        });
        let r = article(&fitted.prepare(), "p1-dangjian.md").clone();
        assert_eq!(r.overset_lines, 0, "with copyfit: {r:?}");
        let saved: i32 = r.copyfit.iter().map(|c| -c.lines).sum();
        assert!(saved as usize >= extra || r.copyfit_headline, "{r:?}");
        for c in &r.copyfit {
            assert!(c.tracking <= 0.0 && c.tracking >= -0.05 - 1e-9, "{c:?}");
        }
        assert!(r.copyfit_summary.is_some());
    }
}

#[test]
fn three_lines_fewer_are_loosened_within_the_limits() {
    let cut = |t: String| {
        let mut parts: Vec<String> = t.trim_end().split("\n\n").map(str::to_string).collect();
        let p = &mut parts[2];
        let keep = p.chars().count() - 37;
        *p = p.chars().take(keep).collect::<String>() + "。";
        parts.join("\n\n") + "\n"
    };
    let plain = Copy::of("dongchang-1461", "short");
    plain.edit("articles/p2-meeting-hua.md", cut);
    let r = article(&plain.prepare(), "p2-meeting-hua.md").clone();
    assert!(r.underset_lines >= 1, "{r:?}");
    let loose = Copy::of("dongchang-1461", "loose");
    loose.edit("articles/p2-meeting-hua.md", cut);
    loose.edit("page-2.yaml", |p| copyfit_on(p, "p2-meeting-hua.md"));
    let r = article(&loose.prepare(), "p2-meeting-hua.md").clone();
    assert_eq!((r.overset_lines, r.underset_lines), (0, 0), "{r:?}");
    assert!(!r.copyfit.is_empty());
    for c in &r.copyfit {
        assert!(c.tracking > 0.0 && c.tracking <= 0.05 + 1e-9, "{c:?}");
        assert!(!c.punctuation, "loosening never squeezes punctuation");
    }
}

#[test]
fn every_auto_block_of_the_second_sample_uses_exactly_its_lines() {
    let edition = manifest().join("samples/qinghe-732/edition.yaml");
    let p = prepare(
        &edition,
        &fonts(),
        LayoutOptions::default(),
        &mut Vec::new(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let mut seen = 0;
    for a in p.layout.report.articles() {
        assert_eq!(a.overset_lines, 0, "{a:?}");
        assert_eq!(a.underset_lines, 0, "{a:?}");
        seen += 1;
    }
    assert!(seen >= 10, "{seen} articles");
    assert!(p.layout.problems.0.is_empty(), "{:?}", p.layout.problems);
    let roots = paiban::model::RootOptions::default();
    let outcome = paiban::build::check(&edition, true, false, &fonts(), 2, &roots);
    assert_eq!(outcome.exit_code(), 0, "{:?}", outcome.diagnostics);
}

#[test]
fn a_stack_places_its_blocks_top_to_bottom_with_a_rule_line_between() {
    let edition = manifest().join("samples/qinghe-732/edition.yaml");
    let p = prepare(
        &edition,
        &fonts(),
        LayoutOptions::default(),
        &mut Vec::new(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    // Page 1's four-column stack: the lead (jumping to page 2 at its cap of 40 lines), the
    // bridge story right under it, then the picture down to the foot of the 版心.
    let lead = article(&p, "p1-lead-wheat.md");
    let bridge = article(&p, "p1-bridge.md");
    assert_eq!(lead.frames.len(), 2);
    assert!(bridge.lines_used > 0 && bridge.underset_lines == 0);
}

/// The repository's fonts/, as the command line finds them.
fn fonts() -> FontFolder {
    FontFolder::Default(super::common::fonts_dir())
}
