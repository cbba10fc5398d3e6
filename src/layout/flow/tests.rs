use super::slots::usable;
use super::*;

#[test]
fn lines_beside_a_picture_are_shortened_or_skipped() {
    let line = Rect {
        x: 0.0,
        y: 0.0,
        w: 100.0,
        h: 13.0,
    };
    let pic = Rect {
        x: 60.0,
        y: -5.0,
        w: 50.0,
        h: 30.0,
    };
    assert_eq!(usable(line, &[pic], 18.0), Some((0.0, 60.0)));
    let wide = Rect {
        x: 10.0,
        y: 0.0,
        w: 85.0,
        h: 13.0,
    };
    assert_eq!(usable(line, &[wide], 18.0), None);
    let below = Rect {
        x: 0.0,
        y: 13.0,
        w: 100.0,
        h: 10.0,
    };
    assert_eq!(usable(line, &[below], 18.0), Some((0.0, 100.0)));
}

fn last_line(content_width: f32) -> compose::Line {
    compose::Line {
        x: 0.0,
        width: 117.0,
        content_width,
        glyphs: Vec::new(),
        text: 0..0,
        size: 9.0,
        max_stretch: 0.0,
    }
}

#[test]
fn widows_are_short_by_count_or_by_share_of_the_measure_never_full() {
    let by_count = Widow {
        chars: 4,
        share: 0.0,
        moves: usize::MAX,
    };
    assert!(by_count.rejects(&last_line(36.0), 4));
    assert!(
        !by_count.rejects(&last_line(63.0), 7),
        "7 of 13 passes by count"
    );
    let by_share = Widow {
        share: 1.0,
        ..by_count
    };
    assert!(by_share.rejects(&last_line(63.0), 7), "7 of 13 is a tail");
    assert!(by_share.rejects(&last_line(108.0), 12), "12 of 13 too");
    assert!(
        !by_share.rejects(&last_line(117.0), 13),
        "a full line is not"
    );
    assert!(
        !by_share.rejects(&last_line(113.0), 13),
        "nor one within half an em"
    );
    let third = Widow {
        share: 1.0 / 3.0,
        chars: 0,
        ..by_count
    };
    assert!(third.rejects(&last_line(36.0), 4));
    assert!(!third.rejects(&last_line(45.0), 5));
    assert!(!Widow::OFF.is_on() && by_share.is_on());
}
