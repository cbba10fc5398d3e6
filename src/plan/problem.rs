//! The planning problem on the page grid, in whole cells (one base column by one body line),
//! 0-based from the top-left of the 版心: what is fixed, what is to be placed and in which
//! shapes. Pure data, shared by the packer, the rule checker and the score.

/// A rectangle of grid cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cells {
    /// First column, 0-based.
    pub x: u32,
    /// First line, 0-based.
    pub y: u32,
    /// Columns.
    pub w: u32,
    /// Lines.
    pub h: u32,
}

impl Cells {
    /// One past the last column.
    pub fn right(&self) -> u32 {
        self.x + self.w
    }

    /// One past the last line.
    pub fn bottom(&self) -> u32 {
        self.y + self.h
    }

    /// Whether the two share a cell.
    pub fn overlaps(&self, o: &Cells) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// Whether the two share a stretch of edge (touch without overlapping).
    pub fn touches(&self, o: &Cells) -> bool {
        let side = (self.right() == o.x || o.right() == self.x)
            && self.y < o.bottom()
            && o.y < self.bottom();
        let end = (self.bottom() == o.y || o.bottom() == self.y)
            && self.x < o.right()
            && o.x < self.right();
        side || end
    }

    /// Cells covered.
    pub fn area(&self) -> u32 {
        self.w * self.h
    }
}

/// What an item sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// An article with its headline group.
    Article,
    /// The rest of an article from an earlier page, under a 续题.
    Continues,
    /// A picture with its caption.
    Picture,
}

/// One way to set an item: `w` columns wide, between `h_min` and `h_max` lines tall. For text,
/// `h_min` is the height composing gave (less would be overset) and the range above it the
/// empty lines the hole rule allows; an article that jumps and a picture (cropped) take a
/// wide range. A text block with another block under it needs one line more than `h_min`:
/// layout keeps its last line for the rule between them (see [`Problem::needs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Base columns.
    pub w: u32,
    /// Fewest lines.
    pub h_min: u32,
    /// Most lines.
    pub h_max: u32,
    /// The lines composing gives at the story's own size and spacing: `h_min` is less when
    /// copyfit (紧排) can take a line or two off; a block shorter than this (plus the rule
    /// line) is written with `copyfit: true`.
    pub natural: u32,
    /// 破栏: the text set in this many columns across the `w` base columns (fewer and wider
    /// ones, the plan's `text_columns`); `None` for one text column a base column.
    pub text_columns: Option<u32>,
    /// An article that jumps: the most lines here that leave its continuation on the later
    /// page full (within two lines); more are allowed (`h_max`) but cost in the score, as
    /// each line more here is a line less there.
    pub jump_full: Option<u32>,
    /// Lines from the block's top to its first line of text: the headline group (and a
    /// box's frame), the band in which a neighbour's headline would bump it (碰题).
    pub head: u32,
}

/// An article set as an L (曲尺, a 破栏 of the page's modules): a top block `w` columns wide and
/// `h_top` lines tall holding its headline group and the start of its text, and flush left
/// under it a `continues:` block of the same article on the same page, `w_foot` columns wide
/// (fewer than `w`), between `h_min` and `h_max` lines tall. The notch right of the foot,
/// under the top, takes another block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ell {
    /// Base columns of the top.
    pub w: u32,
    /// Lines of the top.
    pub h_top: u32,
    /// Base columns of the foot.
    pub w_foot: u32,
    /// Fewest lines of the foot (composing with the top at `h_top`).
    pub h_min: u32,
    /// Most lines of the foot.
    pub h_max: u32,
}

/// A story or picture to place.
#[derive(Debug, Clone)]
pub struct Item {
    /// For messages: the file name.
    pub name: String,
    /// 1 = 头条; larger is less important.
    pub rank: u32,
    /// What it sets.
    pub kind: ItemKind,
    /// The shapes it may take, narrowest first.
    pub shapes: Vec<Shape>,
    /// The L shapes it may take as well (the 头条 only; empty for the rest).
    pub ells: Vec<Ell>,
    /// It must start in the upper half of the 版心.
    pub above_fold: bool,
    /// The item it must touch.
    pub keep_with: Option<usize>,
}

impl Item {
    /// Whether it carries a headline that can 碰题 (bump) a neighbour's.
    pub fn has_headline(&self) -> bool {
        self.kind == ItemKind::Article
    }

    /// The L with this top and foot width and top height, if it has one.
    pub fn ell(&self, w: u32, h_top: u32, w_foot: u32) -> Option<&Ell> {
        self.ells
            .iter()
            .find(|e| (e.w, e.h_top, e.w_foot) == (w, h_top, w_foot))
    }

    /// The shape `w` columns wide in `text_columns` (`None`: a text column a base column),
    /// if it has one.
    pub fn shape(&self, w: u32, text_columns: Option<u32>) -> Option<&Shape> {
        self.shapes
            .iter()
            .find(|s| s.w == w && s.text_columns == text_columns)
    }

    /// The shape a rectangle placement takes (`None` for an L or a shape it does not have).
    pub fn shape_of(&self, p: &Placement) -> Option<&Shape> {
        self.shape(p.at.w, p.text_columns)
            .filter(|_| p.foot.is_none())
    }

    /// The lines of the headline band of placement `p` (of an L, its top's: the rectangle of
    /// that width has the same headline group); at least [`HEAD_BAND`].
    pub fn head(&self, p: &Placement) -> u32 {
        let shape = match p.foot {
            Some(_) => self.shape(p.at.w, None),
            None => self.shape_of(p),
        };
        shape
            .map_or(HEAD_BAND, |s| s.head.max(HEAD_BAND))
            .min(p.at.h)
    }

    /// The fewest cells it can take.
    pub fn min_area(&self) -> Option<u32> {
        let ells = self.ells.iter().map(|e| e.w * e.h_top + e.w_foot * e.h_min);
        self.shapes.iter().map(|s| s.w * s.h_min).chain(ells).min()
    }

    /// The most cells it can take.
    pub fn max_area(&self) -> Option<u32> {
        let ells = self.ells.iter().map(|e| e.w * e.h_top + e.w_foot * e.h_max);
        self.shapes.iter().map(|s| s.w * s.h_max).chain(ells).max()
    }
}

/// The page to fill.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Base columns of the grid.
    pub columns: u32,
    /// Body lines of the 版心.
    pub rows: u32,
    /// Cells taken by the furniture.
    pub blocked: Vec<Cells>,
    /// What to place.
    pub items: Vec<Item>,
}

/// The tallest empty run of lines a column may keep (the brief's "no hole over 3 lines").
pub const MAX_HOLE: u32 = 3;
/// The least share of the 版心 the blocks must cover.
pub const MIN_COVER: f64 = 0.97;
/// The least headline band (碰题): two headlines side by side whose tops are closer than
/// this always read as one line, whatever their measured heights ([`Shape::head`]).
pub const HEAD_BAND: u32 = 3;

/// One item placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Placement {
    /// Index into [`Problem::items`].
    pub item: usize,
    /// Where (the top of an L).
    pub at: Cells,
    /// The foot of an L ([`Ell`]): flush left or flush right under `at`, narrower.
    pub foot: Option<Cells>,
    /// 破栏: the shape's text columns ([`Shape::text_columns`]).
    pub text_columns: Option<u32>,
}

impl Placement {
    /// A rectangle.
    pub fn rect(item: usize, at: Cells) -> Placement {
        Placement {
            item,
            at,
            foot: None,
            text_columns: None,
        }
    }

    /// The rectangles it covers: `at`, and the foot of an L.
    pub fn rects(&self) -> impl Iterator<Item = Cells> + '_ {
        std::iter::once(self.at).chain(self.foot)
    }

    /// Cells covered.
    pub fn area(&self) -> u32 {
        self.rects().map(|r| r.area()).sum()
    }

    /// The rectangle around it.
    pub fn bounds(&self) -> Cells {
        let bottom = self.foot.map_or(self.at.bottom(), |f| f.bottom());
        Cells {
            h: bottom - self.at.y,
            ..self.at
        }
    }

    /// Whether it shares a stretch of edge with `o` (touches without overlapping).
    pub fn touches(&self, o: &Placement) -> bool {
        self.rects().any(|a| o.rects().any(|b| a.touches(&b)))
    }
}

/// A proposal: every item placed, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    /// The placements, top-left to bottom-right.
    pub placements: Vec<Placement>,
}

impl Layout {
    /// Placements in reading order: by top line, then left column.
    pub fn sorted(mut placements: Vec<Placement>) -> Layout {
        placements.sort_by_key(|p| (p.at.y, p.at.x));
        Layout { placements }
    }
}

impl Problem {
    /// The fewest lines the rectangle placement `p` needs on a page where `others` are
    /// placed too: its shape's `h_min`, and for text a line more when a block or furniture
    /// starts right under it. `None` when the item has no such shape.
    pub fn needs(&self, p: &Placement, others: &[Cells]) -> Option<u32> {
        let it = self.items.get(p.item)?;
        Some(it.shape_of(p)?.h_min + self.rule_line(p.item, &p.at, others))
    }

    /// 1 when item `item` is text and a block or furniture starts right under `at` (layout
    /// keeps the block's last line for the rule between them), else 0.
    pub fn rule_line(&self, item: usize, at: &Cells, others: &[Cells]) -> u32 {
        let below = self
            .blocked
            .iter()
            .chain(others)
            .any(|o| o.y == at.bottom() && o.x < at.right() && at.x < o.right());
        let text = self
            .items
            .get(item)
            .is_some_and(|it| it.kind != ItemKind::Picture);
        u32::from(below && text)
    }

    /// The 头条: the one item of the highest rank, when only one has it.
    pub fn lead(&self) -> Option<usize> {
        let best = self.items.iter().map(|i| i.rank).min()?;
        let mut leads = (0..self.items.len()).filter(|&i| self.items[i].rank == best);
        let lead = leads.next()?;
        leads.next().is_none().then_some(lead)
    }

    /// Where the 头条 must start (区序: top-left): the first free cell in reading order, the
    /// top line under the furniture, and the free columns from there to the right. `None`
    /// when there is no 头条 or no shape of it fits that run of columns (then it only has to
    /// start on the top line).
    pub fn lead_corner(&self) -> Option<(Cells, usize)> {
        let lead = self.lead()?;
        let taken = self.occupancy();
        let first = taken.iter().position(|t| !*t)? as u32;
        let (x, y) = (first % self.columns, first / self.columns);
        let run = (x..self.columns)
            .take_while(|&c| !taken[(y * self.columns + c) as usize])
            .count() as u32;
        let fits = self.items[lead].shapes.iter().any(|s| s.w <= run);
        fits.then_some((Cells { x, y, w: run, h: 1 }, lead))
    }

    /// Cells of the 版心 not taken by furniture.
    pub fn free_area(&self) -> u32 {
        let mut grid = self.occupancy();
        let taken = grid.iter_mut().filter(|c| **c).count() as u32;
        self.columns * self.rows - taken
    }

    /// Which cells the furniture takes, row by row.
    pub fn occupancy(&self) -> Vec<bool> {
        let mut grid = vec![false; (self.columns * self.rows) as usize];
        for b in &self.blocked {
            for y in b.y..b.bottom().min(self.rows) {
                for x in b.x..b.right().min(self.columns) {
                    grid[(y * self.columns + x) as usize] = true;
                }
            }
        }
        grid
    }
}
