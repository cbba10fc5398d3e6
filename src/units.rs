//! Units. Everything in the middle of the pipeline is measured in PostScript points (1/72 in),
//! held in `f32`; millimetres and the Chinese 号 type sizes are converted at the YAML boundary.

use serde::Deserialize;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
pub fn mm(value: f32) -> f32 {
    value * PT_PER_MM
}

/// Points to millimetres.
pub fn to_mm(pt: f32) -> f32 {
    pt / PT_PER_MM
}

/// The traditional Chinese type sizes (字号), in points, as used by 方正 and by ctex's `\zihao`.
pub const HAO_SIZES: &[(&str, f32)] = &[
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
    ("六号", 7.5),
    ("小六", 6.5),
    ("七号", 5.5),
    ("八号", 5.0),
];

/// A length or type size as written in YAML: a bare number (points), a string with a unit
/// (`9pt`, `3.5mm`), or a 号 name (`小五`, `二号`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "SizeRepr")]
pub struct Size(pub f32);

#[derive(Deserialize)]
#[serde(untagged)]
enum SizeRepr {
    Number(f64),
    Text(String),
}

impl TryFrom<SizeRepr> for Size {
    type Error = String;

    fn try_from(repr: SizeRepr) -> Result<Self, String> {
        match repr {
            SizeRepr::Number(n) => Ok(Size(n as f32)),
            SizeRepr::Text(s) => parse_size(&s).map(Size),
        }
    }
}

/// Parse a size string: `9`, `9pt`, `3.5mm`, `1.2cm`, or a 号 name such as `小五` or `五号`.
pub fn parse_size(text: &str) -> Result<f32, String> {
    let t = text.trim();
    if let Some(&(_, pt)) = HAO_SIZES.iter().find(|(name, _)| *name == t) {
        return Ok(pt);
    }
    // "五" alone is a common shorthand for 五号.
    if let Some(&(_, pt)) = HAO_SIZES.iter().find(|(name, _)| name.trim_end_matches('号') == t) {
        return Ok(pt);
    }
    let (number, factor) = if let Some(n) = t.strip_suffix("pt") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix("mm") {
        (n, PT_PER_MM)
    } else if let Some(n) = t.strip_suffix("cm") {
        (n, PT_PER_MM * 10.0)
    } else {
        (t, 1.0)
    };
    number.trim().parse::<f32>().map(|n| n * factor).map_err(|_| {
        let names: Vec<&str> = HAO_SIZES.iter().map(|(n, _)| *n).collect();
        format!(
            "expected a size such as 9pt, 3.5mm or a 号 name ({}), found \"{text}\"",
            names.join(" ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hao_names_and_units_parse() {
        assert_eq!(parse_size("小五"), Ok(9.0));
        assert_eq!(parse_size("五号"), Ok(10.5));
        assert_eq!(parse_size("二号"), Ok(22.0));
        assert_eq!(parse_size("初号"), Ok(42.0));
        assert_eq!(parse_size("12pt"), Ok(12.0));
        assert!((parse_size("25.4mm").unwrap() - 72.0).abs() < 1e-3);
        assert!(parse_size("big").is_err());
    }
}
