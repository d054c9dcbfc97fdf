//! Average-link agglomerative clustering over a symmetric pair score.

/// Groups `count` items: starting from one cluster per item, it merges two clusters whose mean
/// pair score is highest, again and again, while that mean is at least `threshold`. Returns the
/// clusters, each a sorted list of item indices, ordered by their first item.
///
/// It runs the nearest-neighbour chain algorithm (Murtagh 1983): average link is reducible, so
/// merging reciprocal nearest neighbours as the chain finds them builds the same tree as always
/// merging the best pair overall, in quadratic time. The tree is then cut at `threshold`: a
/// merge's mean is never above the means of the merges below it. Ties go to the lowest index,
/// so the result depends only on the scores. Memory is quadratic in `count`.
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
    let mut sizes = vec![1usize; count];
    let mut alive = vec![true; count];
    let mut remaining = count;
    // Merges in the order made: (kept cluster, absorbed cluster, mean score).
    let mut merges: Vec<(usize, usize, f64)> = Vec::with_capacity(count.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    let mean = |sums: &[f64], sizes: &[usize], a: usize, b: usize| {
        sums[a * count + b] / (sizes[a] * sizes[b]) as f64
    };
    while remaining > 1 {
        if chain.is_empty()
            && let Some(first) = alive.iter().position(|&a| a)
        {
            chain.push(first);
        }
        let Some(&current) = chain.last() else { break };
        let previous = chain.len().checked_sub(2).map(|i| chain[i]);
        // The nearest neighbour; the previous link of the chain wins a tie, then the lowest index.
        let mut best: Option<(f64, usize)> = previous.map(|p| (mean(&sums, &sizes, current, p), p));
        for (other, _) in alive.iter().enumerate().filter(|(_, a)| **a) {
            if other == current || Some(other) == previous {
                continue;
            }
            let value = mean(&sums, &sizes, current, other);
            if best.is_none_or(|(top, _)| value > top) {
                best = Some((value, other));
            }
        }
        let Some((value, nearest)) = best else { break };
        if Some(nearest) == previous {
            chain.truncate(chain.len() - 2);
            let (kept, absorbed) = (current.min(nearest), current.max(nearest));
            for other in 0..count {
                if alive[other] && other != kept && other != absorbed {
                    let merged = sums[kept * count + other] + sums[absorbed * count + other];
                    sums[kept * count + other] = merged;
                    sums[other * count + kept] = merged;
                }
            }
            sizes[kept] += sizes[absorbed];
            alive[absorbed] = false;
            remaining -= 1;
            merges.push((kept, absorbed, value));
        } else {
            chain.push(nearest);
        }
    }
    // Cut the tree: keep the merges at or above the threshold.
    let mut parent: Vec<usize> = (0..count).collect();
    fn root(parent: &mut [usize], mut item: usize) -> usize {
        while parent[item] != item {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }
        item
    }
    for (kept, absorbed, value) in merges {
        if value >= threshold {
            let (a, b) = (root(&mut parent, kept), root(&mut parent, absorbed));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut slot = vec![usize::MAX; count];
    for item in 0..count {
        let top = root(&mut parent, item);
        if slot[top] == usize::MAX {
            slot[top] = clusters.len();
            clusters.push(Vec::new());
        }
        clusters[slot[top]].push(item);
    }
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
        assert_eq!(average_link(1, score, 0.5), vec![vec![0]]);
    }

    #[test]
    fn ties_go_to_the_lowest_indices() {
        let clusters = average_link(3, |_, _| 1.0, 1.0);
        assert_eq!(clusters, vec![vec![0, 1, 2]]);
        let pairs = average_link(4, |a, b| if a / 2 == b / 2 { 1.0 } else { 0.0 }, 0.5);
        assert_eq!(pairs, vec![vec![0, 1], vec![2, 3]]);
    }

    /// The greedy definition, merging the best pair overall each time.
    fn greedy(
        count: usize,
        score: impl Fn(usize, usize) -> f64,
        threshold: f64,
    ) -> Vec<Vec<usize>> {
        let mut clusters: Vec<Vec<usize>> = (0..count).map(|i| vec![i]).collect();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let sum: f64 = clusters[a]
                        .iter()
                        .flat_map(|&x| clusters[b].iter().map(move |&y| (x, y)))
                        .map(|(x, y)| score(x.min(y), x.max(y)))
                        .sum();
                    let mean = sum / (clusters[a].len() * clusters[b].len()) as f64;
                    if mean >= threshold && best.is_none_or(|(top, _, _)| mean > top) {
                        best = Some((mean, a, b));
                    }
                }
            }
            let Some((_, a, b)) = best else { break };
            let moved = clusters.remove(b);
            clusters[a].extend(moved);
            clusters[a].sort_unstable();
        }
        clusters.sort_by_key(|c| c[0]);
        clusters
    }

    #[test]
    fn the_chain_builds_what_the_greedy_definition_does() {
        // Scores from a small deterministic generator, distinct so that no tie decides.
        let count = 30;
        let mut state = 12345u64;
        let mut table = vec![0.0; count * count];
        for a in 0..count {
            for b in a + 1..count {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let value = (state >> 11) as f64 / (1u64 << 53) as f64;
                table[a * count + b] = value;
                table[b * count + a] = value;
            }
        }
        let score = |a: usize, b: usize| table[a * count + b];
        for threshold in [0.3, 0.5, 0.55, 0.6, 0.7] {
            assert_eq!(
                average_link(count, score, threshold),
                greedy(count, score, threshold),
                "threshold {threshold}"
            );
        }
    }
}
