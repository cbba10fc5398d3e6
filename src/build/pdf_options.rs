//! What the PDF stage is told: the standard, the output profile and its condition, the title,
//! the date and the print settings, from the layout and the command line.

use std::path::PathBuf;

use super::BuildOptions;
use crate::diag::Diagnostics;
use crate::model::{Input, InputKind, PdfStandard, ReadPolicy};
use crate::pdf::{self, PdfOptions};
use crate::resolve::{self, Resolved};

/// The PDF stage's options for this edition and command line.
pub(super) fn pdf_options(
    input: &Input,
    resolved: &Resolved,
    options: &BuildOptions,
) -> Result<PdfOptions, Diagnostics> {
    let info = &resolved.info;
    let print = &resolved.print;
    // `--icc` is the operator's choice; a profile the layout names is read like the edition's
    // other files, inside the root.
    let policy = if options.icc.is_some() {
        ReadPolicy::anywhere()
    } else {
        ReadPolicy::for_edition(&input.edition_path, &options.roots)?
    };
    let icc_profile = match options.icc.as_ref().or(print.icc_profile.as_ref()) {
        Some(path) => {
            let bytes = policy.read(path, InputKind::Profile).map_err(|e| {
                let named_by = if options.icc.is_some() {
                    "--icc".to_string()
                } else {
                    input.layout_path.display().to_string()
                };
                let mut d = e.hint(format!("named by {named_by}"));
                if d.message.starts_with("failed to read") {
                    d.message = d
                        .message
                        .replace("failed to read file", "failed to read the ICC profile");
                }
                d
            })?;
            Some((path.clone(), bytes))
        }
        None => None,
    };
    Ok(PdfOptions {
        standard: if options.x4 || print.x4 {
            PdfStandard::X4
        } else {
            PdfStandard::X1a
        },
        output_condition: output_condition(options, print, icc_profile.as_ref()),
        icc_profile,
        bleed: print.bleed,
        marks: options.marks,
        title: format!(
            "{} {} 总第{}期",
            info.paper,
            info.date.chinese(),
            info.issue_total
        ),
        creation_date: creation_date(info.date, options.source_date_epoch),
        ink_limit: print.ink_limit,
        rendering_intent: print.rendering_intent,
        black_point_compensation: print.black_point_compensation,
        jpeg_quality: print.jpeg_quality.get(),
        min_ppi: print.min_ppi,
        threads: options.threads,
        ..PdfOptions::default()
    })
}

/// The output intent's condition: a profile given with `--icc` names it by its own
/// description (or, without a readable one, its file name), since the layout's
/// `output_condition` describes the layout's profile, not the operator's; otherwise the
/// layout's.
fn output_condition(
    options: &BuildOptions,
    print: &resolve::PrintSettings,
    profile: Option<&(PathBuf, Vec<u8>)>,
) -> String {
    match (&options.icc, profile) {
        (Some(_), Some((path, bytes))) => pdf::profile_description(bytes).unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(|| "custom".into(), |s| s.to_string_lossy().into_owned())
        }),
        _ => print.output_condition.clone(),
    }
}

/// The timestamp written into the PDF: `SOURCE_DATE_EPOCH` when given (reproducible builds),
/// else midnight UTC of the edition date. Never the clock: the same input gives the same bytes.
fn creation_date(date: resolve::Date, source_date_epoch: Option<i64>) -> (i32, u8, u8, u8, u8, u8) {
    if let Some(secs) = source_date_epoch {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        return (
            y,
            m,
            d,
            (rem / 3600) as u8,
            (rem % 3600 / 60) as u8,
            (rem % 60) as u8,
        );
    }
    (date.year, date.month, date.day, 0, 0, 0)
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    ((if m <= 2 { y + 1 } else { y }) as i32, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_to_civil_date() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_220), (2022, 8, 16));
    }
}
