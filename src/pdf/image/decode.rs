//! Reading pictures: a JPEG's header, and the pixels of an RGB JPEG or a PNG.

use std::io::Cursor;

use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

/// Decoded 8-bit pixels before colour conversion.
pub(super) struct Decoded {
    /// Gray (1 byte), gray+alpha (2), RGB (3) or RGBA (4) bytes per pixel.
    pub(super) channels: usize,
    pub(super) data: Vec<u8>,
    pub(super) size: (u32, u32),
    /// The embedded ICC profile.
    pub(super) icc: Option<Vec<u8>>,
    /// Whether the source was lossy (JPEG): a conversion may be stored lossy too.
    pub(super) lossy: bool,
}

/// The stored pixel size from a JPEG header already read once (it decoded, so it has one).
pub(super) fn header_size(data: &[u8]) -> (u32, u32) {
    jpeg_header(data).map_or((0, 0), |h| h.size)
}

/// What a JPEG's header says.
pub(super) struct JpegHeader {
    pub(super) space: ColorSpace,
    pub(super) size: (u32, u32),
    pub(super) icc: Option<Vec<u8>>,
}

pub(super) fn jpeg_header(data: &[u8]) -> Result<JpegHeader, String> {
    let mut decoder = JpegDecoder::new(Cursor::new(data));
    decoder
        .decode_headers()
        .map_err(|e| e.to_string().to_lowercase())?;
    let space = decoder
        .input_colorspace()
        .ok_or_else(|| "no colour space in the JPEG header".to_string())?;
    let (w, h) = decoder
        .dimensions()
        .ok_or("no dimensions in the JPEG header")?;
    let size = (
        u32::try_from(w).map_err(|_| "the picture is too large")?,
        u32::try_from(h).map_err(|_| "the picture is too large")?,
    );
    if size.0 == 0 || size.1 == 0 {
        return Err("the JPEG has no pixels".into());
    }
    Ok(JpegHeader {
        space,
        size,
        icc: decoder.icc_profile(),
    })
}

/// The number of colour components an ICC profile's data colour space has.
pub(super) fn icc_components(profile: &[u8]) -> Option<u8> {
    match profile.get(16..20)? {
        b"GRAY" => Some(1),
        b"RGB " => Some(3),
        b"CMYK" => Some(4),
        _ => None,
    }
}

pub(super) fn decode_jpeg_rgb(data: &[u8], icc: Option<Vec<u8>>) -> Result<Decoded, String> {
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(Cursor::new(data), options);
    let pixels = decoder.decode().map_err(|e| e.to_string().to_lowercase())?;
    let (w, h) = decoder
        .dimensions()
        .ok_or("no dimensions in the JPEG header")?;
    let size = (w as u32, h as u32);
    if pixels.len() != w * h * 3 {
        return Err("the JPEG decoded to an unexpected number of pixels".into());
    }
    Ok(Decoded {
        channels: 3,
        data: pixels,
        size,
        icc,
        lossy: true,
    })
}

pub(super) fn decode_png(data: &[u8]) -> Result<Decoded, String> {
    let mut decoder = png::Decoder::new(Cursor::new(data));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| e.to_string().to_lowercase())?;
    let len = reader
        .output_buffer_size()
        .ok_or("the picture is too large")?;
    let mut buf = vec![0; len];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| e.to_string().to_lowercase())?;
    buf.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("indexed colour was not expanded".into()),
    };
    let size = (info.width, info.height);
    if info.bit_depth != png::BitDepth::Eight || buf.len() != pixel_count(size) * channels {
        return Err("unsupported PNG bit depth or layout".into());
    }
    let icc = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
    Ok(Decoded {
        channels,
        data: buf,
        size,
        icc,
        lossy: false,
    })
}

pub(super) fn pixel_count(size: (u32, u32)) -> usize {
    size.0 as usize * size.1 as usize
}
