//! The photos' inks measured by whichever thread needs one first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::{PictureInk, PictureInks};
use crate::model::{ImageFormat, Picture};
use crate::render::PendingPictures;
use crate::render::picture::Rgb;

/// An edition's CMYK and YCCK photos, each measured once, by whichever thread asks first. A
/// background thread works through them in order ([`MeasuringInks::measure_all`]); a thread
/// that needs a photo the background thread has not begun (the e-paper, drawing it) measures
/// it there and then instead of waiting its turn, and one that needs a photo being measured
/// waits for it. The background thread yields to the build's other threads, so a photo left
/// to it alone at the end would keep a core idle while everything else waits.
pub struct MeasuringInks {
    /// Sorted by path (as read from the edition's map), for lookups by path.
    photos: Vec<Photo>,
    limit: f32,
    keep: bool,
}

struct Photo {
    path: PathBuf,
    data: Arc<Vec<u8>>,
    /// Set by the thread that takes the photo in turn, so that the background thread moves
    /// on past one another thread has taken.
    taken: AtomicBool,
    ink: OnceLock<Option<PictureInk>>,
}

impl MeasuringInks {
    /// The JPEGs of `pictures` with four components, none measured yet; measured against
    /// `limit` percent, keeping their screen colours when `keep`.
    pub fn new(pictures: &BTreeMap<PathBuf, Picture>, limit: f32, keep: bool) -> MeasuringInks {
        let photos = pictures
            .iter()
            .filter(|(_, p)| p.format == ImageFormat::Jpeg && p.components == 4)
            .map(|(path, p)| Photo {
                path: path.clone(),
                data: Arc::clone(&p.data),
                taken: AtomicBool::new(false),
                ink: OnceLock::new(),
            })
            .collect();
        MeasuringInks {
            photos,
            limit,
            keep,
        }
    }

    /// Measure every photo no thread has taken yet, in order: in one scratch buffer for all,
    /// or, where the screen colours are kept, each photo in a buffer that becomes them.
    pub fn measure_all(&self) {
        let mut scratch = Vec::new();
        for photo in &self.photos {
            if !photo.taken.swap(true, Ordering::AcqRel) {
                self.ink(photo, &mut scratch);
            }
        }
    }

    /// Every photo's inks, measuring here those not measured yet and waiting for those being
    /// measured.
    pub fn inks(&self) -> PictureInks {
        let mut scratch = Vec::new();
        let measured = self.photos.iter().filter_map(|photo| {
            let ink = self.ink(photo, &mut scratch)?;
            Some((photo.path.clone(), ink.clone()))
        });
        PictureInks(measured.collect())
    }

    fn ink<'a>(&self, photo: &'a Photo, scratch: &mut Vec<u8>) -> Option<&'a PictureInk> {
        photo
            .ink
            .get_or_init(|| PictureInk::measure(&photo.data, self.limit, self.keep, scratch))
            .as_ref()
    }
}

impl PendingPictures for MeasuringInks {
    fn screen_colours(&self, path: &Path) -> Option<Arc<Rgb>> {
        let i = self
            .photos
            .binary_search_by(|p| p.path.as_path().cmp(path))
            .ok()?;
        let photo = &self.photos[i];
        photo.taken.store(true, Ordering::Release);
        self.ink(photo, &mut Vec::new())?.screen.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Orientation;

    fn photos() -> BTreeMap<PathBuf, Picture> {
        let data =
            std::fs::read("samples/dongchang-1461/pictures/lotus-night.jpg").unwrap_or_default();
        let picture = |data: &Vec<u8>| Picture {
            data: Arc::new(data.clone()),
            format: ImageFormat::Jpeg,
            pixels: (1200, 900),
            components: 4,
            orientation: Orientation::UPRIGHT,
        };
        ["a.jpg", "b.jpg", "c.jpg"]
            .into_iter()
            .map(|name| (PathBuf::from(name), picture(&data)))
            .collect()
    }

    #[test]
    fn each_photo_is_measured_once_whoever_asks_first() {
        let pictures = photos();
        assert!(
            pictures.values().all(|p| !p.data.is_empty()),
            "the sample photo reads"
        );
        let measuring = Arc::new(MeasuringInks::new(&pictures, 240.0, true));
        // The drawing thread asks for the last photo before the background thread begins.
        let first = measuring.screen_colours(Path::new("c.jpg"));
        let background = {
            let measuring = Arc::clone(&measuring);
            std::thread::spawn(move || measuring.measure_all())
        };
        let second = measuring.screen_colours(Path::new("c.jpg"));
        assert!(background.join().is_ok());
        let (Some(first), Some(second)) = (first, second) else {
            panic!("the photo has screen colours");
        };
        assert!(Arc::ptr_eq(&first, &second), "measured once, then shared");
        assert_eq!((first.width, first.height), (1200, 900));
        let inks = measuring.inks();
        assert_eq!(inks.0.len(), 3);
        assert!(
            measuring
                .screen_colours(Path::new("elsewhere.jpg"))
                .is_none()
        );
    }
}
