//! Average-link agglomerative clustering over a symmetric pair score.

/// Groups `count` items: starting from one cluster per item, it merges, again and again, the
/// two clusters whose mean pair score is highest, while that mean is at least `threshold`.
/// Ties go to the pair with the lowest indices, so the result depends only on the scores.
/// Returns the clusters, each a sorted list of item indices, ordered by their first item.
///
/// Time is cubic in `count` at worst and memory quadratic: callers cluster one sub-topic's
/// mentions of one kind at a time.
pub fn average_link(
    count: usize,
    mut score: impl FnMut(usize, usize) -> f64,
    threshold: f64,
) -> Vec<Vec<usize>> {
    // sums[a * count + b]: the sum of the pair scores between clusters a and b.
    let mut sums = vec![0.0f64; count * count];
    for a in 0..count {
        for b in a + 1..count {
            let value = score(a, b);
            sums[a * count + b] = value;
            sums[b * count + a] = value;
        }
    }
    let mut members: Vec<Vec<usize>> = (0..count).map(|i| vec![i]).collect();
    let mut alive: Vec<usize> = (0..count).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for (position, &a) in alive.iter().enumerate() {
            for &b in &alive[position + 1..] {
                let mean = sums[a * count + b] / (members[a].len() * members[b].len()) as f64;
                if mean >= threshold && best.is_none_or(|(top, _, _)| mean > top) {
                    best = Some((mean, a, b));
                }
            }
        }
        let Some((_, a, b)) = best else { break };
        for &c in &alive {
            if c != a && c != b {
                let merged = sums[a * count + c] + sums[b * count + c];
                sums[a * count + c] = merged;
                sums[c * count + a] = merged;
            }
        }
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        members[a].sort_unstable();
        alive.retain(|&c| c != b);
    }
    let mut clusters: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    clusters.sort_by_key(|m| m[0]);
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_by_mean_score_down_to_the_threshold() {
        // 0-1 close, 2 near 1 but far from 0, 3 alone.
        let table = [
            [0.0, 0.9, 0.1, 0.0],
            [0.9, 0.0, 0.8, 0.0],
            [0.1, 0.8, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0],
        ];
        let score = |a: usize, b: usize| table[a][b];
        // {0,1} first; then {0,1}-2 has mean 0.45.
        assert_eq!(
            average_link(4, score, 0.5),
            vec![vec![0, 1], vec![2], vec![3]]
        );
        assert_eq!(average_link(4, score, 0.4), vec![vec![0, 1, 2], vec![3]]);
        assert_eq!(
            average_link(4, score, 0.95),
            vec![vec![0], vec![1], vec![2], vec![3]]
        );
        assert!(average_link(0, score, 0.5).is_empty());
    }

    #[test]
    fn ties_go_to_the_lowest_indices() {
        let clusters = average_link(3, |_, _| 1.0, 1.0);
        assert_eq!(clusters, vec![vec![0, 1, 2]]);
        let pairs = average_link(4, |a, b| if a / 2 == b / 2 { 1.0 } else { 0.0 }, 0.5);
        assert_eq!(pairs, vec![vec![0, 1], vec![2, 3]]);
    }
}
