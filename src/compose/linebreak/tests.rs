use super::*;

/// `keep_best` keeps what the stable sort by total, truncate and sort by index kept.
#[test]
fn keep_best_is_the_stable_sort_truncated() {
    let mut seed = 12_345u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        seed >> 33
    };
    for round in 0..200 {
        let len = 1 + (next() % 300) as usize;
        // Few distinct totals, so ties are common.
        let arena: Vec<Node> = (0..len)
            .map(|i| Node {
                pos: i,
                line: 0,
                total: (next() % 7) as f64 * 1e10,
                prev: 0,
                avail: 0.0,
            })
            .collect();
        let mut active: Vec<usize> = (0..len).filter(|_| next() % 4 != 0).collect();
        let keep = (next() % 140) as usize;
        let mut expected = active.clone();
        expected.sort_by(|&a, &b| arena[a].total.total_cmp(&arena[b].total));
        expected.truncate(keep);
        expected.sort_unstable();
        keep_best(&mut active, &arena, keep);
        assert_eq!(active, expected, "round {round}");
    }
}
