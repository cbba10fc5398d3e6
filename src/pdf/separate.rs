//! RGB pictures → the output intent's CMYK, colour-managed with littlecms.
//!
//! The source profile is the picture's own (an embedded RGB ICC profile) or sRGB, which is what
//! an untagged camera or web picture means. The destination is the CMYK profile of the output
//! intent. The rendering intent is the layout's (perceptual by default: photos have colours
//! outside newsprint's small gamut, and perceptual keeps their relations); black point
//! compensation maps the source's black onto the press's richest black instead of clipping the
//! shadows. Afterwards every pixel is brought under the total-ink limit, since a profile made
//! for another press may separate deeper than this plant can print.

use lcms2::{ColorSpaceSignature, Flags, Intent, PixelFormat, Profile, Transform};

use crate::model::RenderingIntent;

/// How RGB is separated.
pub(crate) struct Separation<'a> {
    /// The destination CMYK ICC profile.
    pub profile: &'a [u8],
    /// The rendering intent.
    pub intent: RenderingIntent,
    /// Black point compensation.
    pub black_point_compensation: bool,
    /// Total ink limit in percent (240 for ISOnewspaper26v4).
    pub ink_limit: f32,
}

/// Whether littlecms reads `icc` as an RGB profile (else the picture is taken as sRGB).
pub(crate) fn is_rgb_profile(icc: &[u8]) -> bool {
    Profile::new_icc(icc).is_ok_and(|p| p.color_space() == ColorSpaceSignature::RgbData)
}

/// Separate 8-bit RGB pixels into 8-bit CMYK (0 = no ink, 255 = solid), each pixel under the
/// ink limit. The source is the embedded profile when [`is_rgb_profile`], else sRGB. Errors
/// name what littlecms could not do (a damaged destination profile).
pub(crate) fn separate(
    rgb: &[u8],
    embedded: Option<&[u8]>,
    how: &Separation<'_>,
) -> Result<Vec<u8>, String> {
    let source = match embedded.map(Profile::new_icc) {
        Some(Ok(p)) if p.color_space() == ColorSpaceSignature::RgbData => p,
        _ => Profile::new_srgb(),
    };
    let dest = Profile::new_icc(how.profile)
        .map_err(|e| format!("the output profile could not be read ({e})"))?;
    if dest.color_space() != ColorSpaceSignature::CmykData {
        return Err("the output profile is not a CMYK profile".into());
    }
    let intent = match how.intent {
        RenderingIntent::Perceptual => Intent::Perceptual,
        RenderingIntent::Relative => Intent::RelativeColorimetric,
        RenderingIntent::Saturation => Intent::Saturation,
        RenderingIntent::Absolute => Intent::AbsoluteColorimetric,
    };
    let flags = if how.black_point_compensation {
        Flags::BLACKPOINT_COMPENSATION
    } else {
        Flags::default()
    };
    let transform: Transform<u8, u8> = Transform::new_flags(
        &source,
        PixelFormat::RGB_8,
        &dest,
        PixelFormat::CMYK_8,
        intent,
        flags,
    )
    .map_err(|e| format!("no colour transform to the output profile ({e})"))?;
    let pixels = rgb.len() / 3;
    let mut cmyk = vec![0_u8; pixels * 4];
    // Whole pixels only: littlecms is handed slices of exactly `pixels` pixels.
    transform.transform_pixels(&rgb[..pixels * 3], &mut cmyk);
    let limit = ink_limit_units(how.ink_limit);
    for px in cmyk.chunks_exact_mut(4) {
        limit_ink(px, limit);
    }
    Ok(cmyk)
}

/// The ink limit in 8-bit units summed over four inks (240% → 612).
pub(crate) fn ink_limit_units(percent: f32) -> u32 {
    (percent.clamp(100.0, 400.0) / 100.0 * 255.0).floor() as u32
}

/// Bring one CMYK pixel under `limit` (sum of the four 8-bit values). First gray component
/// replacement: an equal part of C, M and Y is taken out and put into K, which looks nearly the
/// same and saves two parts of ink for each; then, if K is full, C, M and Y are scaled down
/// together, which keeps the hue.
pub(crate) fn limit_ink(px: &mut [u8], limit: u32) {
    let [c, m, y, k] = [px[0], px[1], px[2], px[3]].map(u32::from);
    let total = c + m + y + k;
    if total <= limit {
        return;
    }
    let gray = c.min(m).min(y).min(255 - k);
    let moved = gray.min((total - limit).div_ceil(2));
    let (c, m, y, k) = (c - moved, m - moved, y - moved, k + moved);
    let cmy = c + m + y;
    let room = limit.saturating_sub(k);
    let (c, m, y) = if cmy > room {
        // Rounded down so the sum never ends above the limit.
        let scale = |v: u32| v * room / cmy;
        (scale(c), scale(m), scale(y))
    } else {
        (c, m, y)
    };
    for (slot, v) in px.iter_mut().zip([c, m, y, k]) {
        *slot = v.min(255) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_over_the_limit_is_replaced_by_black_then_scaled() {
        let limit = ink_limit_units(240.0);
        let mut px = [230, 210, 200, 240];
        limit_ink(&mut px, limit);
        let sum: u32 = px.iter().map(|&v| u32::from(v)).sum();
        assert!(sum <= limit, "{px:?} sums to {sum}");
        assert_eq!(px[3], 255, "black takes the gray component first");
        // Hue kept: cyan still the largest of the three.
        assert!(px[0] >= px[1] && px[1] >= px[2], "{px:?}");
        let mut light = [50, 40, 30, 20];
        limit_ink(&mut light, limit);
        assert_eq!(light, [50, 40, 30, 20]);
    }

    #[test]
    fn a_damaged_output_profile_is_an_error() {
        let how = Separation {
            profile: b"not a profile",
            intent: RenderingIntent::Perceptual,
            black_point_compensation: true,
            ink_limit: 240.0,
        };
        assert!(separate(&[0, 0, 0], None, &how).is_err());
    }
}
