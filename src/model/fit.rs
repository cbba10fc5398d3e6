//! What a page plan says about blocks that size themselves: `size: [COLUMNS, auto]` (with an
//! optional `max: N`), stacks of blocks placed top to bottom, and copyfit limits (紧排/松排).
//! docs/format.md has the keys with examples; docs/composition.md the limits and why.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::Block;

/// A block's height in body lines: a number, or `auto` (the lines its content needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Height {
    /// Exactly this many body lines.
    Lines(u32),
    /// As many lines as the content needs, at most `max` (and never past the 版心).
    Auto {
        /// The cap, in body lines; the rest is overset or jumps (`continues:`).
        max: Option<u32>,
    },
}

/// `size: [columns, lines]`, `size: [columns, auto]` or `size: [columns, auto, max: N]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockSize {
    /// Base columns wide.
    pub columns: u32,
    /// Body lines tall.
    pub height: Height,
}

impl BlockSize {
    /// `[columns, lines]` when the height is a number.
    pub fn fixed(&self) -> Option<[u32; 2]> {
        match self.height {
            Height::Lines(n) => Some([self.columns, n]),
            Height::Auto { .. } => None,
        }
    }
}

impl From<[u32; 2]> for BlockSize {
    fn from([columns, lines]: [u32; 2]) -> Self {
        BlockSize {
            columns,
            height: Height::Lines(lines),
        }
    }
}

impl fmt::Display for BlockSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.height {
            Height::Lines(n) => write!(f, "[{}, {n}]", self.columns),
            Height::Auto { max: None } => write!(f, "[{}, auto]", self.columns),
            Height::Auto { max: Some(m) } => write!(f, "[{}, auto, max: {m}]", self.columns),
        }
    }
}

/// The second element of `size`: a whole number or the word `auto`.
#[derive(Deserialize)]
#[serde(untagged)]
enum HeightWord {
    Lines(u32),
    Word(String),
}

/// The optional third element of `size`: `max: N`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MaxLines {
    max: u32,
}

impl<'de> Deserialize<'de> for BlockSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(SizeVisitor)
    }
}

struct SizeVisitor;

impl<'de> Visitor<'de> for SizeVisitor {
    type Value = BlockSize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[columns, lines], [columns, auto] or [columns, auto, max: lines]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<BlockSize, A::Error> {
        let columns: u32 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let height = match seq.next_element::<HeightWord>()? {
            Some(HeightWord::Lines(n)) => Height::Lines(n),
            Some(HeightWord::Word(w)) if w == "auto" => Height::Auto { max: None },
            Some(HeightWord::Word(w)) => {
                return Err(de::Error::custom(format!(
                    "a block's height is a number of lines or `auto`, not \"{w}\""
                )));
            }
            None => return Err(de::Error::invalid_length(1, &self)),
        };
        let max = seq.next_element::<MaxLines>()?;
        let height = match (height, max) {
            (Height::Auto { .. }, Some(m)) => Height::Auto { max: Some(m.max) },
            (Height::Lines(_), Some(_)) => {
                return Err(de::Error::custom(
                    "`max:` goes with an `auto` height: [columns, auto, max: lines]",
                ));
            }
            (h, None) => h,
        };
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(4, &self));
        }
        Ok(BlockSize { columns, height })
    }
}

/// A stack: a column range whose blocks are placed top to bottom in the order listed, each as
/// tall as it needs (or as its `size` says), the last taking what is left; a rule between them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    /// Grid cell of the top-left corner: [column, line], 1-based.
    pub at: [u32; 2],
    /// Base columns wide.
    pub columns: u32,
    /// Body lines tall; default down to the foot of the 版心.
    #[serde(default)]
    pub lines: Option<u32>,
    /// The blocks, top to bottom. Their `size`, when given, is `[columns, lines]` or
    /// `[columns, auto, max: N]` with the stack's columns; without one a block is `auto`.
    pub blocks: Vec<Spanned<Block>>,
}

/// Where a block of a stack sits in it (filled in when the plan is read; not written by users).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InStack {
    /// Which stack of the plan (0-based, in plan order).
    pub stack: usize,
    /// The stack's top-left grid cell.
    pub at: [u32; 2],
    /// The stack's width in base columns.
    pub columns: u32,
    /// The stack's height in lines, when given.
    pub lines: Option<u32>,
    /// The last block of its stack: it takes what is left.
    pub last: bool,
    /// Where the stack is written in the plan.
    pub location: crate::diag::Location,
}

/// `copyfit:` in a layout or on a block: `true`, `false`, or limits (which switch it on).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum CopyfitSpec {
    /// On with the default (or the layout's) limits, or off.
    Switch(bool),
    /// On, with these limits.
    Limits(CopyfitLimits),
}

/// How far copyfitting may go. In a layout these are the edition's limits; on a block they are
/// clamped to the layout's.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CopyfitLimits {
    /// In a layout: copyfit every article, not only blocks that say `copyfit: true`.
    pub all: bool,
    /// Squeeze punctuation (紧排: 。？！ set half width too) before anything else.
    pub punctuation: bool,
    /// The most tracking may tighten or loosen a paragraph, in em (default 0.05).
    pub tracking: f32,
    /// The tracking step, in em (default 0.02).
    pub step: f32,
    /// The most extra space between two characters a copyfitted line may show, tracking and
    /// justification together, in em (default 0.15); a paragraph that was wider already is
    /// never made wider.
    pub max_space: f32,
    /// Loosen an underset article (positive tracking) as well as tighten an overset one.
    pub loosen: bool,
    /// Last resort: take one line of leading out of the headline group.
    pub headline: bool,
}

impl Default for CopyfitLimits {
    fn default() -> Self {
        CopyfitLimits {
            all: true,
            punctuation: true,
            tracking: 0.05,
            step: 0.02,
            max_space: 0.15,
            loosen: true,
            headline: true,
        }
    }
}

/// Replace every `stack:` entry of a plan by its blocks, each told where its stack is; check
/// what a stack and its blocks may say. `path` is the plan file, for the messages.
pub(crate) fn flatten_stacks(
    path: &std::path::Path,
    blocks: Vec<Spanned<Block>>,
) -> Result<Vec<Spanned<Block>>, crate::diag::Diagnostics> {
    use crate::diag::{Diagnostic, Diagnostics};
    let mut errors = Diagnostics::new();
    let mut out = Vec::with_capacity(blocks.len());
    let mut stacks = 0;
    for entry in blocks {
        let Some(stack) = entry.value.stack.clone() else {
            out.push(entry);
            continue;
        };
        let location = super::yaml::location(path, &entry.referenced);
        if let Some(problem) = stack_problem(&entry.value, &stack) {
            errors.push(problem.at(location.clone()));
            continue;
        }
        let count = stack.blocks.len();
        for (i, mut member) in stack.blocks.into_iter().enumerate() {
            let here = super::yaml::location(path, &member.referenced);
            let b = &mut member.value;
            if let Some(problem) = member_problem(b, stack.columns) {
                errors.push(
                    Diagnostic::input(problem)
                        .at(here)
                        .hint(format!("the stack at {location} is {} columns wide; give a block `size: [{}, auto]` or `size: [{}, LINES]`, or no size", stack.columns, stack.columns, stack.columns)),
                );
                continue;
            }
            b.size.get_or_insert(BlockSize {
                columns: stack.columns,
                height: Height::Auto { max: None },
            });
            b.in_stack = Some(InStack {
                stack: stacks,
                at: stack.at,
                columns: stack.columns,
                lines: stack.lines,
                last: i + 1 == count,
                location: location.clone(),
            });
            out.push(member);
        }
        stacks += 1;
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}

/// What is wrong with a `stack:` entry itself: keys beside the stack, or no blocks in it.
fn stack_problem(entry: &Block, stack: &Stack) -> Option<crate::diag::Diagnostic> {
    use crate::diag::Diagnostic;
    if !holds_only_a_stack(entry) {
        return Some(Diagnostic::input("a `stack:` entry holds only the stack").hint(
            "put `at`, `columns` and `blocks` inside `stack:`, and the articles in its `blocks:` list",
        ));
    }
    if stack.blocks.is_empty() {
        return Some(
            Diagnostic::input("a stack needs at least one block")
                .hint("list its articles, top to bottom, under `blocks:`"),
        );
    }
    None
}

/// What a block may not say inside a stack: a stack of its own, a place, or another width.
fn member_problem(b: &Block, columns: u32) -> Option<&'static str> {
    if b.stack.is_some() {
        Some("a stack cannot hold another stack")
    } else if b.at.is_some() || b.at_mm.is_some() || b.size_mm.is_some() {
        Some("a block in a stack is placed by the stack: leave out `at`, `at_mm` and `size_mm`")
    } else if b.size.is_some_and(|s| s.columns != columns) {
        Some("a block in a stack is as wide as the stack: its `size` must have the stack's columns")
    } else {
        None
    }
}

/// Whether a plan entry says nothing but `stack:`.
fn holds_only_a_stack(b: &Block) -> bool {
    b.article.is_none()
        && b.continues.is_none()
        && b.banner.is_none()
        && b.picture.is_none()
        && !b.masthead
        && b.at.is_none()
        && b.size.is_none()
        && b.at_mm.is_none()
        && b.size_mm.is_none()
        && b.text_columns.is_none()
        && !b.boxed
        && b.label.is_none()
        && b.caption.is_none()
        && b.credit.is_none()
        && b.wrap.is_none()
        && b.title_style.is_none()
        && b.tint.is_none()
        && b.copyfit.is_none()
}
