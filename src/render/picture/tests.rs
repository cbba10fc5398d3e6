use super::*;

/// The float JFIF conversion the fixed-point one stands for.
fn ycck_inks_float(y: u8, cb: u8, cr: u8, k: u8) -> [u8; 4] {
    let (y, cb, cr) = (f32::from(y), f32::from(cb) - 128.0, f32::from(cr) - 128.0);
    let byte = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    [
        byte(y + 1.402 * cr),
        byte(y - 0.344_136 * cb - 0.714_136 * cr),
        byte(y + 1.772 * cb),
        255 - k,
    ]
}

#[test]
fn fixed_point_ycck_is_within_one_level_of_the_float_formula() {
    let mut worst = 0;
    for y in (0..=255).step_by(3) {
        for cb in (0..=255).step_by(5) {
            for cr in (0..=255).step_by(5) {
                let fixed = ycck_inks(y, cb, cr, 40);
                let float = ycck_inks_float(y, cb, cr, 40);
                for (a, b) in fixed.iter().zip(&float) {
                    worst = worst.max(a.abs_diff(*b));
                }
            }
        }
    }
    assert!(worst <= 1, "fixed point differs by {worst} levels");
    assert_eq!(ycck_inks(255, 128, 128, 255), [255, 255, 255, 0]);
    assert_eq!(ycck_inks(0, 128, 128, 0), [0, 0, 0, 255]);
}

#[test]
fn exif_orientations_turn_the_pixels_as_seen() {
    // Stored 3 × 2: a b c / d e f (one gray level per pixel).
    let stored = Rgb {
        width: 3,
        height: 2,
        data: [1_u8, 2, 3, 4, 5, 6].iter().flat_map(|&v| [v; 3]).collect(),
    };
    let seen = |exif: u16| {
        let rgb = stored.clone().oriented(Orientation::from_exif(exif));
        let levels: Vec<u8> = rgb.data.chunks_exact(3).map(|p| p[0]).collect();
        (rgb.width, rgb.height, levels)
    };
    assert_eq!(seen(1), (3, 2, vec![1, 2, 3, 4, 5, 6]));
    assert_eq!(seen(2), (3, 2, vec![3, 2, 1, 6, 5, 4]));
    assert_eq!(seen(3), (3, 2, vec![6, 5, 4, 3, 2, 1]));
    // 6: the stored top row is the seen right side (a camera held upright): turned a
    // quarter clockwise.
    assert_eq!(seen(6), (2, 3, vec![4, 1, 5, 2, 6, 3]));
    // 8: the stored top row is the seen left side.
    assert_eq!(seen(8), (2, 3, vec![3, 6, 2, 5, 1, 4]));
}

#[test]
fn halving_averages_each_two_by_two_block() {
    let img = Rgb {
        width: 2,
        height: 2,
        data: vec![0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0],
    };
    let small = img.resized(1, 1);
    assert_eq!(small.data, vec![128, 128, 128]);
    let big = img.resized(4, 4);
    assert_eq!((big.width, big.height, big.data.len()), (4, 4, 48));
    assert_eq!(&big.data[..3], &[0, 0, 0]);
}

mod sample_tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_sample_cmyk_photo_decodes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/dongchang-1461/pictures/puffan.jpg");
        let data = std::fs::read(&path).unwrap();
        let item = ImageItem {
            path,
            data: Arc::new(data),
            format: ImageFormat::Jpeg,
            frame: (0.0, 0.0, 1.0, 1.0),
            placed: (0.0, 0.0, 1.0, 1.0),
            orientation: crate::model::Orientation::default(),
            block: None,
        };
        let rgb = decode(&item).unwrap();
        assert_eq!((rgb.width, rgb.height), (800, 800));
        // A photo, not a blank or a negative of paper: the mean is neither white nor black.
        let mean = rgb.data.iter().map(|&v| u64::from(v)).sum::<u64>() / rgb.data.len() as u64;
        assert!((40..230).contains(&mean), "mean {mean}");
    }

    #[test]
    fn the_kept_colours_give_every_pixel_its_own_blend() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/dongchang-1461/pictures");
        let table = crate::render::color::InkTable::new();
        for name in ["puffan.jpg", "lotus-night.jpg"] {
            let data = std::fs::read(dir.join(name)).unwrap();
            let mut direct = Vec::new();
            let pixels = InkPixels::decode(&data).unwrap().unwrap();
            pixels
                .inks()
                .for_each(|p| direct.extend_from_slice(&table.rgb(p)));
            assert_eq!(decode_jpeg(&data).unwrap().data, direct, "{name}");
        }
    }

    #[test]
    fn the_summed_totals_agree_with_the_inks_pixel_by_pixel() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/dongchang-1461/pictures");
        for name in ["puffan.jpg", "lotus-night.jpg", "dongchang-lake-canal.jpg"] {
            let data = std::fs::read(dir.join(name)).unwrap();
            let pixels = InkPixels::decode(&data).unwrap().unwrap();
            // Odd lengths too: drop a few pixels so the last block is partial.
            for keep in [pixels.samples.len(), pixels.samples.len() - 4 * 5] {
                let cut = InkPixels {
                    samples: pixels.samples[..keep].to_vec(),
                    ..pixels
                };
                let totals: Vec<u16> = cut
                    .inks()
                    .map(|p| p.iter().map(|&v| u16::from(v)).sum())
                    .collect();
                let most = totals.iter().copied().max().unwrap();
                for over in [0, most / 2, most - 1, most, 1020] {
                    let count = totals.iter().filter(|&&t| t > over).count();
                    assert_eq!(cut.total_ink(over), (most, count), "{name} over {over}");
                }
            }
        }
    }
}
