//! Plain-text tables aligned by display width: a hanzi takes two terminal cells, so padding by
//! `char` count misaligns every row with Chinese in it.

use unicode_width::UnicodeWidthStr;

/// A table of text cells with a header row, and heading lines between groups of rows.
pub struct Table {
    rows: Vec<Row>,
    indent: usize,
}

enum Row {
    Cells(Vec<String>),
    /// A line printed as it is, outside the columns (e.g. 第1版 要闻).
    Heading(String),
}

impl Table {
    /// A table with these column headings.
    pub fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![Row::Cells(
                header.iter().map(|s| (*s).to_string()).collect(),
            )],
            indent: 0,
        }
    }

    /// Indent the rows (not the headings) by this many spaces.
    pub fn indent(mut self, spaces: usize) -> Table {
        self.indent = spaces;
        self
    }

    /// Add a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Row::Cells(cells));
    }

    /// Add a heading line between rows.
    pub fn heading(&mut self, text: String) {
        self.rows.push(Row::Heading(text));
    }

    fn cells(&self) -> impl Iterator<Item = &Vec<String>> {
        self.rows.iter().filter_map(|r| match r {
            Row::Cells(c) => Some(c),
            Row::Heading(_) => None,
        })
    }

    /// The table, each column padded to its widest cell plus two spaces; no trailing spaces.
    pub fn render(&self) -> String {
        let columns = self.cells().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.cells()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let row = match row {
                Row::Cells(cells) => cells,
                Row::Heading(text) => {
                    out.push_str(text);
                    out.push('\n');
                    continue;
                }
            };
            let mut line = " ".repeat(self.indent);
            for (cell, width) in row.iter().zip(&widths) {
                line.push_str(&pad(cell, *width));
                line.push_str("  ");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// `text` padded with spaces to `width` terminal cells.
pub fn pad(text: &str, width: usize) -> String {
    let mut s = text.to_string();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    s
}

/// `text` cut to at most `width` terminal cells, with "…" when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let mut t = Table::new(&["title", "n"]);
        t.row(vec!["强化使命担当".into(), "1".into()]);
        t.row(vec!["Latin".into(), "22".into()]);
        let out = t.render();
        let cols: Vec<usize> = out
            .lines()
            .map(|l| {
                let n = l.rfind(' ').unwrap() + 1;
                l[..n].width()
            })
            .collect();
        assert_eq!(cols, vec![14, 14, 14], "{out}");
    }

    #[test]
    fn truncate_counts_cells() {
        assert_eq!(truncate("强化使命担当", 7), "强化使…");
        assert_eq!(truncate("abc", 7), "abc");
    }
}
